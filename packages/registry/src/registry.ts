import { captureStack, unfakeableClock } from '@ws-isolation/internal';
import {
  createDeadline,
  emptyReport,
  entryWithOutcome,
  finishReport,
  forceRecord,
  Settlement,
  type Deadline,
} from './cleanup';
import { readEntry, TrackedRecord, type Outcome } from './record';
import type {
  CleanupOptions,
  CleanupReport,
  ListOptions,
  Registry,
  RegistryClock,
  RegistryEvent,
  TrackedInstance,
  TrackOptions,
} from './types';
import { show } from '@ws-isolation/internal';
import { assertTrackedInstance, optionReader } from './validate';
import { RegistryError, RegistryErrorCode } from './errors';

/** The default timeout of `cleanupAll()`. */
export const DEFAULT_CLEANUP_TIMEOUT_MS = 1000;
/** The scope used when nobody set one. */
export const DEFAULT_SCOPE = 'default';

export interface CreateRegistryOptions {
  /**
   * Timers for the cleanup deadline.
   * @default unfakeableClock: Node's own timers, bound when the package loads, which `jest.useFakeTimers()` does not replace
   */
  clock?: RegistryClock;
}

const CREATE_KEYS = ['clock'];
const TRACK_KEYS = ['scope', 'createdBy'];
const LIST_KEYS = ['scope'];
const CLEANUP_KEYS = ['timeoutMs', 'scope'];
const readCreate = optionReader('createRegistry()');
const readTrack = optionReader('track()');
const readList = optionReader('list()');
const readCleanup = optionReader('cleanupAll()');

/** Makes a new, private registry. Most code wants the ambient one: `getRegistry()`. */
export function createRegistry(options?: CreateRegistryOptions): Registry {
  const given = readCreate.object(options, CREATE_KEYS) ?? {};
  return new InstanceRegistry(readCreate.clock('clock', given.clock) ?? unfakeableClock);
}

class InstanceRegistry implements Registry {
  readonly version = 1 as const;
  #records = new Map<TrackedInstance, TrackedRecord>();
  #listeners = new Set<(event: RegistryEvent) => void>();
  #defaultScope = DEFAULT_SCOPE;
  readonly #clock: RegistryClock;

  constructor(clock: RegistryClock) {
    this.#clock = clock;
  }

  get size(): number {
    return this.#records.size;
  }

  get defaultScope(): string {
    return this.#defaultScope;
  }

  setDefaultScope(scope: string): string {
    if (typeof scope !== 'string' || scope === '') {
      throw new RegistryError(
        RegistryErrorCode.INVALID_OPTION,
        `setDefaultScope(scope) must be a non-empty string; received ${show(scope)}`,
      );
    }
    const previous = this.#defaultScope;
    this.#defaultScope = scope;
    return previous;
  }

  track(instance: TrackedInstance, options?: TrackOptions): () => void {
    assertTrackedInstance(instance);
    const given: TrackOptions = readTrack.object(options, TRACK_KEYS) ?? {};
    const named = readTrack.string('scope', given.scope);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
    const createdBy = readTrack.function<never>('createdBy', given.createdBy) as Function | undefined;
    const existing = this.#records.get(instance);
    if (existing !== undefined && named !== undefined && named !== existing.scope) {
      throw new RegistryError(
        RegistryErrorCode.ALREADY_TRACKED,
        `track() option scope: ${instance.kind} ${instance.id} is already tracked in scope ${show(existing.scope)}; ` +
          `received ${show(named)} (untrack it first to move it)`,
      );
    }
    if (existing === undefined) {
      const record = new TrackedRecord(
        instance,
        named ?? this.#defaultScope,
        captureStack(createdBy ?? this.track),
        Date.now(),
      );
      this.#records.set(instance, record);
      // Reading an entry formats its stack: only do it for someone listening.
      if (this.#listeners.size > 0) this.#emit({ type: 'track', entry: readEntry(record) });
    }
    return () => {
      this.untrack(instance);
    };
  }

  untrack(instance: TrackedInstance): boolean {
    const record = this.#records.get(instance);
    if (record === undefined) return false;
    this.#records.delete(instance);
    if (this.#listeners.size > 0) this.#emit({ type: 'untrack', entry: readEntry(record) });
    return true;
  }

  has(instance: TrackedInstance): boolean {
    return this.#records.has(instance);
  }

  list(options?: ListOptions): ReturnType<Registry['list']> {
    const given: ListOptions = readList.object(options, LIST_KEYS) ?? {};
    const scope = readList.string('scope', given.scope);
    return this.#select(scope).map(readEntry);
  }

  subscribe(listener: (event: RegistryEvent) => void): () => void {
    if (typeof listener !== 'function') {
      throw new RegistryError(
        RegistryErrorCode.INVALID_OPTION,
        `subscribe(listener) must be a function; received ${show(listener)}`,
      );
    }
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  async cleanupAll(options?: CleanupOptions): Promise<CleanupReport> {
    const given: CleanupOptions = readCleanup.object(options, CLEANUP_KEYS) ?? {};
    const timeoutMs = readCleanup.ms('timeoutMs', given.timeoutMs) ?? DEFAULT_CLEANUP_TIMEOUT_MS;
    const scope = readCleanup.string('scope', given.scope);
    const startedAt = this.#clock.now();
    const deadline = createDeadline(this.#clock, timeoutMs);
    let expired = false;
    void deadline.promise.then(() => {
      expired = true;
    });
    const parts = emptyReport();
    const handled = new Set<TrackedRecord>();
    this.#emit({ type: 'cleanup-start', count: this.#select(scope).length, timeoutMs, scope });
    try {
      // Instances tracked while cleanup runs (a close that opens something new)
      // are picked up by the next pass, until nothing is left or time is up.
      for (;;) {
        const batch = this.#select(scope).filter((record) => !handled.has(record));
        if (batch.length === 0 || expired) break;
        for (const record of batch) handled.add(record);
        await this.#settle(batch, deadline, (record, outcome) => this.#report(record, outcome, startedAt, parts));
      }
      // Whatever is still tracked at the deadline is terminated, not left behind.
      if (expired) {
        const late = this.#select(scope).filter((record) => !handled.has(record));
        for (const record of late) this.#report(record, forceRecord(record), startedAt, parts);
      }
    } finally {
      deadline.cancel();
    }
    const report = finishReport(parts, startedAt, this.#clock);
    this.#emit({ type: 'cleanup-end', report });
    return report;
  }

  /**
   * Settles one pass's records, concurrently: the first cleanup to reach a
   * record closes it; a record another cleanup is settling is joined, and
   * still bounded by this cleanup's own deadline (terminated at it). Resolves
   * once each record has been reported, once.
   */
  #settle(
    batch: readonly TrackedRecord[],
    deadline: Deadline,
    report: (record: TrackedRecord, outcome: Outcome) => void,
  ): Promise<void> {
    return new Promise<void>((resolve) => {
      let remaining = batch.length;
      const own: Settlement[] = [];
      const joined: { record: TrackedRecord; done: boolean }[] = [];
      // A settlement reports once; a joined record once too, whichever of its outcome and the deadline comes first.
      const pass = {
        settled: (record: TrackedRecord, outcome: Outcome): void => {
          report(record, outcome);
          remaining -= 1;
          if (remaining === 0) {
            deadline.forget(expire);
            resolve();
          }
        },
      };
      const settleJoined = (entry: { record: TrackedRecord; done: boolean }, outcome: () => Outcome): void => {
        if (entry.done) return;
        entry.done = true;
        pass.settled(entry.record, outcome());
      };
      const expire = (): void => {
        for (const settlement of own) settlement.expire();
        for (const entry of joined) settleJoined(entry, () => forceRecord(entry.record));
      };
      deadline.onExpiry(expire);
      for (const record of batch) {
        if (record.settling === undefined) {
          const settlement = new Settlement(record, pass);
          own.push(settlement);
          settlement.start();
        } else {
          const entry = { record, done: false };
          joined.push(entry);
          record.settling.join((outcome) => settleJoined(entry, () => outcome));
        }
      }
    });
  }

  #report(record: TrackedRecord, outcome: Outcome, startedAt: number, parts: ReturnType<typeof emptyReport>): void {
    const entry = entryWithOutcome(record, outcome);
    parts[outcome.kind].push(entry);
    if (this.#records.get(record.instance) === record) {
      this.#records.delete(record.instance);
      if (this.#listeners.size > 0) this.#emit({ type: 'untrack', entry });
    }
    if (this.#listeners.size > 0) {
      this.#emit({ type: outcome.kind, entry, elapsedMs: Math.max(0, this.#clock.now() - startedAt) });
    }
  }

  #select(scope: string | undefined): TrackedRecord[] {
    const all = [...this.#records.values()];
    return scope === undefined ? all : all.filter((record) => record.scope === scope);
  }

  #emit(event: RegistryEvent): void {
    for (const listener of this.#listeners) {
      try {
        listener(event);
      } catch {
        // A broken listener must not break tracking or cleanup.
      }
    }
  }
}
