import type { CleanupReport, RegistryClock, RegistryEntry } from './types';
import { readEntry, type Outcome, type TrackedRecord } from './record';

/**
 * Settles one instance: waits for its close until `deadline` fires, then
 * terminates it. Never rejects, and resolves no later than the deadline.
 * The promise is the record's `settling` before `close()` runs, so a close
 * that re-enters a cleanup finds it.
 */
export function settleRecord(record: TrackedRecord, deadline: Deadline): Promise<Outcome> {
  let resolve: (outcome: Outcome) => void = () => undefined;
  const settling = new Promise<Outcome>((settle) => (resolve = settle));
  record.settling = settling;
  closeRecord(record, deadline, resolve);
  return settling;
}

// Shared: an outcome without an error is the same for every instance, and nobody changes it.
const CLOSED: Outcome = Object.freeze({ kind: 'closed' });
const FORCED: Outcome = Object.freeze({ kind: 'forced' });

function closeRecord(record: TrackedRecord, deadline: Deadline, resolve: (outcome: Outcome) => void): void {
  let done = false;
  const onExpiry = (): void => {
    if (!done) finish(forceRecord(record));
  };
  const finish = (outcome: Outcome): void => {
    if (done) return;
    done = true;
    deadline.forget(onExpiry);
    resolve(outcome);
  };
  const terminateAfter = (error: unknown): void => {
    const terminateError = safeTerminate(record);
    finish({ kind: 'failed', error: terminateError ?? error });
  };
  let closing: unknown;
  try {
    closing = record.instance.close();
  } catch (error) {
    terminateAfter(error);
    return;
  }
  Promise.resolve(closing).then(
    (value) => finish(forcedByItself(value) ? FORCED : CLOSED),
    (error: unknown) => terminateAfter(error),
  );
  if (!done) deadline.onExpiry(onExpiry);
}

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
