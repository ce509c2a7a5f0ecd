/** Where the streaming reporter writes its events; set in the Jest child's environment. */
export const EVENTS_FILE_ENV = 'WS_ISOLATION_EVENTS_FILE';
/** A JSON file with the absolute test paths in the order the sequencer must run them. */
export const ORDER_FILE_ENV = 'WS_ISOLATION_ORDER_FILE';
/** A JSON file with the warm runner's `WarmPlan`. */
export const WARM_PLAN_ENV = 'WS_ISOLATION_WARM_PLAN';
/** The path of jest-runner's test worker, which each warm worker wraps. */
export const WARM_TEST_WORKER_ENV = 'WS_ISOLATION_TEST_WORKER';

/** How the warm runner works, written when it starts (while the suite runs). */
export interface WarmPlan {
  /**
   * Where the tests to run alone are appended (`WarmFeedLine`, a JSON line each) as the suite names
   * them, file by file, so the workers start on a file's tests while the suite runs the next one.
   */
  testsFile: string;
  workers: number;
  repeat: number;
  /** A call that takes longer is a hang; its worker is killed and replaced. */
  timeoutMs: number;
  /** The path of the project's jest-runner, to find jest-worker from. */
  jestRunner: string;
  /** The path of the warm worker module. */
  workerModule: string;
}

/** One line of the warm runner's feed: tests of a file to run alone, or the end of the feed. */
export type WarmFeedLine = { file: string; names: string[] } | { end: true };

/** A test's result as the reporter writes it (Jest's status names). */
export interface CaseOutcome {
  file: string;
  ancestorTitles: string[];
  title: string;
  fullName: string;
  /** Jest's status: `passed`, `failed`, `pending`, `skipped`, `todo`, `disabled`, `focused`. */
  status: string;
  durationMs: number | null;
  failureMessages: string[];
}

/**
 * One line of the reporter's stream. Written synchronously as each happens,
 * so a run that is killed later still leaves everything up to its hang.
 */
export type JestEvent =
  | { type: 'run-start'; time: number }
  /** From the in-band sequencer: every file of the run, in the order they will run. */
  | { type: 'run-files'; time: number; files: string[] }
  | { type: 'file-start'; time: number; file: string; environment?: string }
  | { type: 'case-start'; time: number; file: string; ancestorTitles: string[]; title: string; fullName: string }
  | ({ type: 'case-result'; time: number } & CaseOutcome)
  | { type: 'file-result'; time: number; file: string; execError: string | null; cases: CaseOutcome[] }
  | { type: 'run-complete'; time: number }
  /** The warm runner waits for more tests; written every second, so a long suite is not a hang. */
  | { type: 'warm-waiting'; time: number }
  | {
      type: 'warm-result';
      time: number;
      file: string;
      fullName: string;
      attempt: number;
      /** Jest's status, or `timeout` (the call hung) or `missing` (Jest did not run it). */
      status: string;
      durationMs: number;
      failureMessages: string[];
      leaked: string[];
    };

/** Parses the complete lines of a stream; a torn last line (killed mid-write) is left out. */
export function parseEvents(text: string): JestEvent[] {
  const events: JestEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      events.push(JSON.parse(line) as JestEvent);
    } catch {
      // Only the last line can be torn, by a kill in the middle of a write.
    }
  }
  return events;
}
