import { TimelineWriter, trimStack } from '@ws-isolation/internal';
import type { Registry, RegistryEntry, RegistryEvent, TrackedInstance } from '@ws-isolation/registry';

/** How many frames of a creation stack a timeline keeps: the creating line and a little context. */
const STACK_FRAMES = 4;

type EndType = 'closed' | 'forced' | 'failed';

/**
 * Records one test file's timeline (see the isolation runner's README,
 * "Timelines") when the runner asks through `WSI_TIMELINE_DIR`: each tracked
 * instance's creation, state changes and end from the registry, the test's
 * start and end, cleanup and leaks from the environment, raw sockets and
 * servers from their watchers. Recording never throws into the test run.
 */
export class TimelineRecorder {
  readonly #writer: TimelineWriter;
  readonly #now: () => number;
  /** The last state written per instance, so a state is written once per change. */
  readonly #states = new Map<string, string>();
  /** Set while the environment cleans up: an end then is cleanup's, not the test's. */
  #cleaning = 0;
  /** Set while a registry cleanup runs (the environment's, or one the test called): its outcome events give the end. */
  #registryCleanups = 0;

  /** A recorder when the runner asked for one, else `undefined`: then nothing is recorded or written. */
  static fromEnv(testFile: string, now: () => number): TimelineRecorder | undefined {
    const writer = TimelineWriter.fromEnv(testFile, now);
    return writer === undefined ? undefined : new TimelineRecorder(writer, now);
  }

  private constructor(writer: TimelineWriter, now: () => number) {
    this.#writer = writer;
    this.#now = now;
  }

  /**
   * Follows a registry: its events give creation, cleanup and ends; each
   * tracked instance that emits `state` events (a core `Connection` does)
   * gives its state changes. Returns the function that stops following.
   */
  watchRegistry(registry: Registry): () => void {
    const unsubscribe = registry.subscribe((event) => this.#onRegistryEvent(event));
    const track = registry.track;
    const follow = (instance: TrackedInstance): void => this.#followState(instance);
    // An own property of this registry, above any earlier wrapper, so the registry still cuts the creation stack above it.
    registry.track = function trackRecorded(this: unknown, instance, options) {
      const untrack = track.call(registry, instance, options);
      follow(instance);
      return untrack;
    };
    return () => {
      unsubscribe();
      if (registry.track !== track) registry.track = track;
    };
  }

  testStart(test: string): void {
    this.#writer.write({ type: 'test-start', t: this.#now(), test });
  }

  testEnd(test: string, status: 'pass' | 'fail' | undefined): void {
    this.#writer.write({ type: 'test-end', t: this.#now(), test, ...(status === undefined ? {} : { status }) });
  }

  /** An instance no registry tracks appeared: a raw socket or a listening server. */
  created(entry: RegistryEntry): void {
    this.#states.set(entry.id, entry.state);
    this.#writer.write({
      type: 'created',
      t: this.#now(),
      id: entry.id,
      kind: entry.kind,
      label: entry.label,
      state: entry.state,
      scope: entry.scope,
      stack: trimStack(entry.stack).split('\n').slice(0, STACK_FRAMES).join('\n'),
    });
  }

  state(id: string, to: string): void {
    if (this.#states.get(id) === to) return;
    this.#states.set(id, to);
    this.#writer.write({ type: 'state', t: this.#now(), id, to });
  }

  ended(type: EndType, id: string): void {
    if (!this.#states.has(id)) return;
    this.#states.delete(id);
    this.#writer.write({ type, t: this.#now(), id, byCleanup: this.#cleaning > 0 });
  }

  /** Cleanup of a scope (all when undefined) starts; the returned function says it is over. */
  cleanupStart(scope: string | undefined, count: number, timeoutMs: number): () => void {
    this.#cleaning += 1;
    this.#writer.write({
      type: 'cleanup-start',
      t: this.#now(),
      count,
      timeoutMs,
      ...(scope === undefined ? {} : { scope }),
    });
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#cleaning -= 1;
    };
  }

  leak(id: string, owner: string, outcome: EndType): void {
    this.#writer.write({ type: 'leak', t: this.#now(), id, owner, outcome });
  }

  /** Writes what the bound dropped, if anything, and closes the file. */
  close(): void {
    this.#writer.close();
  }

  #onRegistryEvent(event: RegistryEvent): void {
    switch (event.type) {
      case 'track':
        this.created(event.entry);
        return;
      case 'untrack':
        // Closed by the test; during a cleanup the outcome event that follows says how it ended.
        this.state(event.entry.id, event.entry.state);
        if (this.#registryCleanups === 0) this.ended('closed', event.entry.id);
        return;
      case 'cleanup-start':
        this.#registryCleanups += 1;
        return;
      case 'cleanup-end':
        this.#registryCleanups = Math.max(0, this.#registryCleanups - 1);
        return;
      case 'closed':
      case 'forced':
      case 'failed':
        this.state(event.entry.id, event.entry.state);
        this.ended(event.type, event.entry.id);
        return;
    }
  }

  #followState(instance: TrackedInstance): void {
    const on = (instance as { on?: unknown }).on;
    if (typeof on !== 'function') return;
    try {
      on.call(instance, 'state', (change: { to?: unknown }) => {
        if (typeof change?.to === 'string') this.state(instance.id, change.to);
      });
    } catch {
      // An `on` that refuses the event name: the registry's entries still give the state at the end.
    }
  }
}
