/**
 * The timeline schema, version 1: what a test environment records of each
 * tracked instance's life when the isolation runner asks, one JSON object per
 * line. The environment writes it, the runner reads it back; both bundle this
 * file, so they agree on it by construction. A change that an older reader
 * would misread is a new version (`ws-isolation.timeline/v2`).
 *
 * Every event has `type` and `t` (`Date.now()` in the writing process).
 * Events of one process are written in order to one file; a file holds one
 * `session` line per test file the process ran, followed by that file's events.
 */

/** The environment variable the runner sets: a directory the environment writes `<pid>.jsonl` into. */
export const TIMELINE_DIR_ENV = 'WSI_TIMELINE_DIR';
/** Optional: the most bytes one process's file may hold (a positive integer). */
export const TIMELINE_MAX_BYTES_ENV = 'WSI_TIMELINE_MAX_BYTES';
/** What the bound is when the runner does not set one: enough for thousands of events per process. */
export const DEFAULT_TIMELINE_MAX_BYTES = 2 * 1024 * 1024;
/** The `schema` of every `session` line of this version. */
export const TIMELINE_SCHEMA = 'ws-isolation.timeline/v1';

/** A test file's environment started: the events after it, up to the next `session`, are that file's. */
interface SessionEvent {
  type: 'session';
  t: number;
  schema: typeof TIMELINE_SCHEMA;
  /** The process that wrote the line, and its parent (a Jest worker's parent is the Jest the runner started). */
  pid: number;
  ppid: number;
  /** The test file's absolute path. */
  file: string;
}

/** A test started (its `beforeEach` hooks run after this), or ended (its `afterEach` hooks ran); cleanup follows the end. */
interface TestBoundaryEvent {
  type: 'test-start' | 'test-end';
  t: number;
  /** The full name: describe titles and the title, joined by spaces. */
  test: string;
  /** Only on `test-end`: the test's own result before cleanup judged its leaks. */
  status?: 'pass' | 'fail';
}

/** An instance (a tracked connection, a raw socket, a listening server) appeared. */
interface CreatedEvent {
  type: 'created';
  t: number;
  id: string;
  /** What it is, e.g. `connection`, `socket`, `server-socket`, `server`. */
  kind: string;
  /** One line describing it when it was created. */
  label: string;
  /** The state it was created in (`''` when it has none). */
  state: string;
  /** The scope it belongs to (`test`, `file`, …). */
  scope: string;
  /** Where it was created: the first `at …` frames, the creating line first. */
  stack: string;
}

/** An instance moved to another state. */
interface StateEvent {
  type: 'state';
  t: number;
  id: string;
  to: string;
}

/** Cleanup of a scope (or of every scope, `scope` absent) started with this many instances open. */
interface CleanupStartEvent {
  type: 'cleanup-start';
  t: number;
  scope?: string;
  count: number;
  timeoutMs: number;
}

/**
 * How an instance ended: `closed` gracefully (by the test, or by cleanup
 * within its deadline), `forced` (terminated at the deadline), `failed`
 * (close or terminate threw). `byCleanup` is false when the test itself closed it.
 */
interface EndEvent {
  type: 'closed' | 'forced' | 'failed';
  t: number;
  id: string;
  byCleanup: boolean;
}

/** The environment reported an instance as a leak of a test or of the file. */
interface LeakEvent {
  type: 'leak';
  t: number;
  id: string;
  /** Who leaked it, as the leak error names them (`test "…"`, `the file …`). */
  owner: string;
  outcome: 'closed' | 'forced' | 'failed';
}

/** The first event the bound kept out; every later event of that process is dropped. */
interface TruncatedEvent {
  type: 'truncated';
  t: number;
  maxBytes: number;
}

/** Written past the bound at the end of a test file whose events were dropped: how many, of which types. */
interface DroppedEvent {
  type: 'dropped';
  t: number;
  /** The test file, since its own `session` line may be among the dropped. */
  file: string;
  count: number;
  types: Record<string, number>;
}

/** One line of a timeline file. */
export type TimelineEvent =
  | SessionEvent
  | TestBoundaryEvent
  | CreatedEvent
  | StateEvent
  | CleanupStartEvent
  | EndEvent
  | LeakEvent
  | TruncatedEvent
  | DroppedEvent;

const TYPES = new Set<TimelineEvent['type']>([
  'session',
  'test-start',
  'test-end',
  'created',
  'state',
  'cleanup-start',
  'closed',
  'forced',
  'failed',
  'leak',
  'truncated',
  'dropped',
]);

/**
 * Reads one line; `undefined` for a line that is not an event (a torn last
 * line of a killed process, or a type this version does not know), which a
 * reader skips: the file is a record of what happened, not an input to trust.
 * A `session` of another `schema` is returned as it is: its reader skips the
 * events up to the next session.
 */
export function parseTimelineLine(line: string): TimelineEvent | undefined {
  if (line.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const event = value as { type?: unknown; t?: unknown; schema?: unknown };
  if (!TYPES.has(event.type as TimelineEvent['type']) || typeof event.t !== 'number') return undefined;
  return value as TimelineEvent;
}
