import type { CleanupReport, RegistryClock, RegistryEntry } from './types';
import { readEntry, type Outcome, type TrackedRecord } from './record';

/** Where a settlement's outcome goes: the cleanup pass that started it. */
export interface OutcomeSink {
  settled(record: TrackedRecord, outcome: Outcome): void;
}

/**
 * One instance being settled: its close is awaited until the deadline, then
 * it is terminated. The first cleanup to reach a record makes its settlement
 * and puts it on the record before `close()` runs, so a close that re-enters
 * a cleanup finds it and joins instead of closing twice. One object per
 * instance, reporting straight to its pass: a cleanup of 10,000 makes no
 * promise per instance of its own, so little garbage meets the records.
 */
export class Settlement {
  #outcome: Outcome | undefined;
  readonly #record: TrackedRecord;
  readonly #sink: OutcomeSink;
  #joiners: ((outcome: Outcome) => void)[] | undefined;

  constructor(record: TrackedRecord, sink: OutcomeSink) {
    this.#record = record;
    this.#sink = sink;
    record.settling = this;
  }

  /** Calls the instance's close(); a close that throws or rejects terminates it. */
  start(): void {
    let closing: unknown;
    try {
      closing = this.#record.instance.close();
    } catch (error) {
      this.#terminateAfter(error);
      return;
    }
    Promise.resolve(closing).then(
      (value) => this.#finish(forcedByItself(value) ? FORCED : CLOSED),
      (error: unknown) => this.#terminateAfter(error),
    );
  }

  /** The deadline passed: terminates the instance unless it has settled. */
  expire(): void {
    if (this.#outcome === undefined) this.#finish(forceRecord(this.#record));
  }

  /** A second cleanup learns the outcome too, now or when it comes. */
  join(onOutcome: (outcome: Outcome) => void): void {
    if (this.#outcome !== undefined) onOutcome(this.#outcome);
    else (this.#joiners ??= []).push(onOutcome);
  }

  #terminateAfter(error: unknown): void {
    const terminateError = safeTerminate(this.#record);
    this.#finish({ kind: 'failed', error: terminateError ?? error });
  }

  #finish(outcome: Outcome): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    this.#sink.settled(this.#record, outcome);
    for (const joiner of this.#joiners ?? []) joiner(outcome);
    this.#joiners = undefined;
  }
}

// Shared: an outcome without an error is the same for every instance, and nobody changes it.
const CLOSED: Outcome = Object.freeze({ kind: 'closed' });
const FORCED: Outcome = Object.freeze({ kind: 'forced' });

/** Terminates an instance whose close did not settle in time. */
export function forceRecord(record: TrackedRecord): Outcome {
  const terminateError = safeTerminate(record);
  return terminateError === undefined ? FORCED : { kind: 'failed', error: terminateError };
}

function safeTerminate(record: TrackedRecord): unknown {
  try {
    record.instance.terminate();
    return undefined;
  } catch (error) {
    return error ?? new Error('terminate() threw');
  }
}

/** A cleanup's deadline on its clock. */
export interface Deadline {
  /** Resolves when the deadline passes. */
  readonly promise: Promise<void>;
  /**
   * Calls `fn` when the deadline passes (in one promise reaction for every
   * `fn`: a cleanup of 10,000 instances does not hang 10,000 on the promise).
   */
  onExpiry(fn: () => void): void;
  /** Drops a `fn` that has nothing left to do. */
  forget(fn: () => void): void;
  cancel(): void;
}

/** A deadline `ms` from now on the given clock. */
export function createDeadline(clock: RegistryClock, ms: number): Deadline {
  let handle: unknown;
  let fire: () => void = () => undefined;
  const promise = new Promise<void>((resolve) => {
    fire = resolve;
  });
  handle = clock.setTimeout(fire, ms);
  const waiting = new Set<() => void>();
  let expired = false;
  void promise.then(() => {
    expired = true;
    for (const fn of waiting) fn();
    waiting.clear();
  });
  return {
    promise,
    onExpiry(fn) {
      if (expired) void promise.then(fn);
      else waiting.add(fn);
    },
    forget(fn) {
      waiting.delete(fn);
    },
    cancel() {
      if (handle !== undefined) clock.clearTimeout(handle);
      handle = undefined;
    },
  };
}

export function emptyReport(): { closed: RegistryEntry[]; forced: RegistryEntry[]; failed: RegistryEntry[] } {
  return { closed: [], forced: [], failed: [] };
}

export function finishReport(
  parts: ReturnType<typeof emptyReport>,
  startedAt: number,
  clock: RegistryClock,
): CleanupReport {
  return { ...parts, durationMs: Math.max(0, clock.now() - startedAt) };
}

export function entryWithOutcome(record: TrackedRecord, outcome: Outcome): RegistryEntry {
  return readEntry(record, outcome.kind === 'failed' ? (outcome.error ?? new Error('close failed')) : undefined);
}

/** An instance with its own close deadline says it had to terminate by resolving to `{ forced: true }`. */
function forcedByItself(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { forced?: unknown }).forced === true;
}
