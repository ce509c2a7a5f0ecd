import type { TimelineEvent } from '@ws-isolation/internal';

/** How a test ended in one run. `not-run`: the run ended (killed at a hang) before it started. */
export type TestStatus = 'pass' | 'fail' | 'hang' | 'not-run';

/**
 * Where a hang happened: `body` (the test function, or an afterEach hook
 * running with it), `hook` (beforeAll/afterAll, or module code before the
 * test started), `teardown` (the environment's teardown never finished) or
 * `after-results` (every result was in, and something the file left open, a
 * timer, socket or server, kept Jest alive).
 */
export type HangPhase = 'body' | 'hook' | 'teardown' | 'after-results';

/**
 * What a test's results add up to; `describeClass` words each one.
 * - `pass`: passes alone and in the suite.
 * - `fail`, `hang`: fails (hangs) alone, so also without any other test.
 * - `flaky`: its repeated runs alone disagree.
 * - `polluted`: passes alone, fails or hangs in the suite: an earlier test breaks it.
 * - `needs-earlier`: fails or hangs alone, passes in the suite: it depends on an earlier test.
 * - `not-reached`: passes alone; the suite never got to it.
 */
export type TestClass = 'pass' | 'fail' | 'hang' | 'flaky' | 'polluted' | 'needs-earlier' | 'not-reached';

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
  /** For a hang: the TCP connections and servers its Jest process held open when it was killed (Linux). */
  openSockets?: string[];
}

/**
 * What the test environment recorded of one test in one run (see the
 * README's "Timelines"): the events of its window, in order.
 */
export interface TestTimeline {
  events: TimelineEvent[];
  /** The process's file reached its bound in or before this window: events after the cut are missing. */
  truncated?: boolean;
  /** With `truncated`: how many events the test file lost. */
  dropped?: number;
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
  /** With `repeat` > 1: how many runs alone did not pass, of how many. */
  flakyRate?: { nonPass: number; runs: number };
  suite: TestRunResult;
  /** What the results add up to. */
  class: TestClass;
  /** Its result depends on the tests before it: `polluted` or `needs-earlier`. */
  orderDependent: boolean;
  /** The smallest set of earlier tests (full names) that makes this one fail; empty if not reproduced. */
  pollutedBy?: string[];
  /** The smallest set of earlier tests (full names) this one needs to pass; empty if not reproduced. */
  dependsOn?: string[];
  /** What the bisection found, when one ran. */
  bisection?: { runs: number; reproduced: boolean; note: string };
  /** Each run's timeline, when the project's test environment recorded one (`@ws-isolation/jest-environment` does). */
  timeline?: { isolated?: TestTimeline; suite?: TestTimeline };
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
    /** How tests ran alone: warm Jest workers (non-passes confirmed in a process each) or a process each. */
    isolation: 'warm' | 'process';
    /** This report covers one share of the files; `ws-isolation merge` combines the shares. */
    shard?: { index: number; count: number };
    coverage: boolean;
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
  /** Test environments the project's files ran in, as its Jest config names them. */
  environments: string[];
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
  /** With `exitHang`: how long Jest stayed alive after its last result before it was killed. */
  exitHangMs?: number;
  /** With `exitHang`: the tests whose own Jest process also stayed alive after its results (or hung in teardown) alone. */
  exitHangTests?: string[];
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
