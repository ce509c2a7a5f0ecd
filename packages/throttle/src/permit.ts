/** The right to proceed, granted by `acquire()`. Release it when the guarded work ends. */
export interface Permit {
  /** Gives the permit's concurrency slot back. Idempotent: only the first call counts. */
  release(): void;
  /** Whether `release()` has been called. */
  readonly released: boolean;
  /** The key the permit was acquired with, if any. */
  readonly key: string | undefined;
}

/** A permit that calls `onRelease` once, however often it is released. */
export class ThrottlePermit implements Permit {
  readonly key: string | undefined;
  #onRelease: (() => void) | undefined;

  constructor(key: string | undefined, onRelease: () => void) {
    this.key = key;
    this.#onRelease = onRelease;
  }

  get released(): boolean {
    return this.#onRelease === undefined;
  }

  release(): void {
    const onRelease = this.#onRelease;
    if (onRelease === undefined) return;
    this.#onRelease = undefined;
    onRelease();
  }
}
