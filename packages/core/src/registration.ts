import type { Registry, TrackedInstance } from '@ws-isolation/registry';
import { captureStack } from '@ws-isolation/internal';

/**
 * A connection's place in its registry: tracked from construction until it
 * is closed for good, tracked again by a later `connect()`. Also keeps the
 * line that created the connection, for reports that are not the registry's
 * (an `error` nobody listens to).
 */
export class Registration {
  readonly #registry: Registry;
  readonly #instance: TrackedInstance;
  readonly #creationStack: () => string;
  #tracked = false;

  /** `createdBy`: frames above it are cut from the creation stack (a constructor passes `new.target`). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  constructor(registry: Registry, instance: TrackedInstance, createdBy: Function) {
    this.#registry = registry;
    this.#instance = instance;
    this.#creationStack = captureStack(createdBy);
  }

  /** The `at …` lines of where the instance was created, formatted on first call. */
  creationStack(): string {
    return this.#creationStack();
  }

  /** Tracks the instance, unless it is tracked already. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  track(createdBy: Function): void {
    if (this.#tracked) return;
    this.#tracked = true;
    this.#registry.track(this.#instance, { createdBy });
  }

  untrack(): void {
    if (!this.#tracked) return;
    this.#tracked = false;
    this.#registry.untrack(this.#instance);
  }
}
