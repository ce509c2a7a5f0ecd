import type { RegistryEntry, TrackedInstance } from './types';

/** How settling one instance ended. */
export type Outcome = { kind: 'closed' | 'forced' | 'failed'; error?: unknown };

/** The registry's own bookkeeping for one tracked instance. */
export interface TrackedRecord {
  readonly instance: TrackedInstance;
  readonly scope: string;
  /** The creation stack, formatted on first read. */
  readonly stack: () => string;
  readonly createdAt: number;
  /** Set while a cleanup is settling this instance, so a second cleanup joins it. */
  settling?: Promise<Outcome>;
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
