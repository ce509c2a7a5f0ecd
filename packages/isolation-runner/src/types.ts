/** How a test ended in one run. `not-run`: the run ended (killed at a hang) before it started. */
export type TestStatus = 'pass' | 'fail' | 'hang' | 'not-run';

/**
 * Where a hang happened: `body` (the test function, or an afterEach hook
 * running with it), `hook` (beforeAll/afterAll, or module code before the
 * test started) or `teardown` (environment teardown, or open handles that
 * keep Jest from exiting after the test finished).
 */
export type HangPhase = 'body' | 'hook' | 'teardown';

/** The result of one test in one run (isolated or in the suite). */
export interface TestRunResult {
  status: TestStatus;
  /** Only for `hang`. */
  phase?: HangPhase;
  /** Wall time of the test, or of the whole run for an isolated hang. */
  durationMs: number;
  /** Failure messages and, for a fail or hang, the last lines Jest wrote. */
  log?: string[];
  /** One line saying why, for the report's notes column. */
  note?: string;
}

/** A test as Jest names it. */
export interface TestCase {
  /** Absolute path of the test file. */
  file: string;
  /** Describe titles, outermost first. */
  ancestorTitles: string[];
  title: string;
  /** `ancestorTitles` and `title` joined by spaces: what `-t` matches. */
  fullName: string;
}

/** One test in the report. */
export interface TestReport {
  /** The full name (describe titles and title). */
  name: string;
  /** The test file, relative to the project directory. */
  file: string;
  isolated: TestRunResult;
  /** Every isolated run when `repeat` > 1, in order. */
  repeats?: TestRunResult[];
  /** True when repeated isolated runs disagreed. */
  flaky?: boolean;
  suite: TestRunResult;
  /** Passes alone but not in the suite. */
  orderDependent: boolean;
  /** The smallest set of earlier tests (full names) that makes this one fail; empty if not reproduced. */
  pollutedBy?: string[];
  /** What the bisection found, when one ran. */
  bisection?: { runs: number; reproduced: boolean; note: string };
}

/** The whole isolation report, as written to isolation-results.json. */
export interface IsolationReport {
  /** The version of @ws-isolation/isolation-runner that made it. */
  version: string;
  /** ISO 8601 time the run started. */
  startedAt: string;
  durationMs: number;
  /** The project directory. */
  cwd: string;
  /** The Jest version that ran the tests. */
  jestVersion: string;
  options: {
    timeoutMs: number;
    suiteTimeoutMs: number;
    workers: number;
    repeat: number;
    bisect: boolean;
    seed?: number;
    filter?: string;
    config?: string;
  };
  tests: TestReport[];
  /** Test files Jest could not collect tests from (syntax errors, a listing that timed out). */
  loadErrors: { file: string; message: string }[];
  /** How the suite run as a whole went. */
  suite: SuiteSummary;
  summary: ReportSummary;
}

export interface SuiteSummary {
  /** How many Jest processes the suite needed (more than one when it was resumed after a hang). */
  processes: number;
  /** Did the whole suite finish within `suiteTimeoutMs`? */
  timedOut: boolean;
  /** The suite's tests all finished but Jest did not exit (open handles). */
  exitHang: boolean;
  durationMs: number;
  /** Full names in the order they ran. */
  order: string[];
}

export interface ReportSummary {
  total: number;
  isolated: Record<TestStatus, number>;
  suite: Record<TestStatus, number>;
  orderDependent: number;
  flaky: number;
  /** True when every test passed alone and in the suite, and the suite exited. */
  ok: boolean;
  /** One line: why the run is not ok (or that it is). */
  reason: string;
}
