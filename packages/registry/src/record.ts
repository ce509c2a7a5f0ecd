import type { Settlement } from './cleanup';
import type { RegistryEntry, TrackedInstance } from './types';

/** How settling one instance ended. */
export type Outcome = { kind: 'closed' | 'forced' | 'failed'; error?: unknown };

/**
 * The registry's own bookkeeping for one tracked instance. A class, not an
 * object literal: V8 watches how long a literal's objects live and, once most
 * survive (a record lives as long as its instance), allocates them elsewhere
 * and throws away the code that made them, in the middle of a run of tests.
 */
export class TrackedRecord {
  /**
   * One record kept for the module's life, never tracked: once a full
   * collection between two tests finds no record alive, V8 drops the class's
   * hidden class and the code optimized for it; with one alive, both survive.
   */
  static readonly kept: TrackedRecord = new TrackedRecord(
    { id: '', kind: '', state: '', describe: () => '', close: () => Promise.resolve(), terminate: () => undefined },
    '',
    () => '',
    Date.now(),
  );

  readonly instance: TrackedInstance;
  readonly scope: string;
  /** The creation stack, formatted on first read. */
  readonly stack: () => string;
  readonly createdAt: number;
  /** Set while a cleanup is settling this instance, so a second cleanup joins it. */
  settling: Settlement | undefined = undefined;

  constructor(instance: TrackedInstance, scope: string, stack: () => string, createdAt: number) {
    this.instance = instance;
    this.scope = scope;
    this.stack = stack;
    this.createdAt = createdAt;
  }
}

/**
 * Reads an entry from a record; `describe()` or `state` that throw do not
 * escape. `stack` is a getter: a cleanup of thousands of instances does not
 * format thousands of stacks that no report shows.
 */
export function readEntry(record: TrackedRecord, error?: unknown): RegistryEntry {
  const { instance, stack } = record;
  // An accessor in the literal: as cheap to make as plain data, where defineProperty on each entry is not.
  const entry: { -readonly [K in keyof RegistryEntry]: RegistryEntry[K] } = {
    id: instance.id,
    kind: instance.kind,
    label: safeLabel(instance),
    state: safeState(instance),
    scope: record.scope,
    createdAt: record.createdAt,
    get stack() {
      return stack();
    },
  };
  if (error !== undefined) entry.error = error;
  return entry;
}

function safeLabel(instance: TrackedInstance): string {
  try {
    return String(instance.describe());
  } catch {
    return `${instance.kind} ${instance.id}`;
  }
}

function safeState(instance: TrackedInstance): string {
  try {
    const state = instance.state;
    return state === undefined ? 'unknown' : String(state);
  } catch {
    return 'unknown';
  }
}
