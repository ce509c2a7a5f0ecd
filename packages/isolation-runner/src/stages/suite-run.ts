import { relative } from 'node:path';
import { classifyRun } from '../classification/classify-run';
import { IsolationError, IsolationErrorCode } from '../errors';
import { isNotRunStatus, readRun } from '../classification/run-reading';
import type { JestEvent } from '../jest/events';
import { invokeJest, type JestContext } from '../jest/jest-invoker';
import type { JestProcessResult } from '../jest/jest-process';
import type { LoadError } from './list-tests';
import { seededShuffle } from '../jest/sequencer';
import { escapeRegExp, filesInOrder, testKey } from './test-case';
import type { SuiteSummary, TestCase, TestRunResult } from '../types';

export interface SuiteOutcome {
  /** Every test the suite ran or should have run, in path order and definition order. */
  tests: TestCase[];
  results: Map<string, TestRunResult>;
  /** Tests in the order they ran. */
  order: TestCase[];
  summary: SuiteSummary;
  /** Files that failed before any of their tests ran. */
  loadErrors: LoadError[];
  environments: string[];
  /** Tests Jest skipped (`test.skip`, or not `.only` next to one). */
  skippedAny: boolean;
  /** Files whose tests the suite never got to (it ran out of time): their tests are unknown. */
  unreached: string[];
}

/** What the suite runs: known tests (after a listing), or every test of these files (or of the project), found as it runs. */
export type SuiteInput = { tests: readonly TestCase[]; allTests: boolean } | { files?: readonly string[] };

/**
 * Runs the tests together in one Jest process, in band, so the order is one
 * order. When a test hangs, the process is killed and the suite goes on with
 * what had not run yet in a new process, until the suite time is used. Without
 * known tests the suite is also the listing: its events name every test, and
 * `onFileTests` gets each file's tests as soon as the file is done.
 */
export async function runSuite(
  context: JestContext,
  input: SuiteInput,
  onFileTests?: (tests: TestCase[]) => void,
): Promise<SuiteOutcome> {
  const { options } = context;
  const { clock } = options;
  const startedAt = clock.now();
  const state = new SuiteState(context);
  const known = 'tests' in input ? input.tests : undefined;
  const files = known === undefined ? (input as { files?: readonly string[] }).files : filesInOrder(known);
  let segment: Segment = {
    files:
      files === undefined || options.seed === undefined || known === undefined
        ? files
        : seededShuffle(files, options.seed),
    tests: known,
    names:
      known !== undefined && !(input as { allTests: boolean }).allTests
        ? known.map((test) => test.fullName)
        : undefined,
  };
  for (;;) {
    const left = options.suiteTimeoutMs - (clock.now() - startedAt);
    if (left <= 0) {
      state.summary.timedOut = true;
      break;
    }
    const run = await invokeJest(context, {
      stage: 'suite',
      files: segment.files === undefined ? undefined : [...segment.files],
      names: segment.names ?? (segment.exclude === undefined ? undefined : { pattern: excluding(segment.exclude) }),
      inBand: true,
      idleMs: options.timeoutMs,
      limitMs: left,
      onEvent: (event) => {
        // The tests a file ran are known as soon as it is done: the warm workers can take them while the suite goes on.
        if (event.type === 'file-result' && onFileTests !== undefined)
          onFileTests(event.cases.filter((outcome) => !isNotRunStatus(outcome.status)).map(caseOf));
      },
    });
    const next = state.record(run, segment);
    if (next === undefined) break;
    segment = next;
  }
  return state.finish(clock.now() - startedAt);
}

/** One Jest process of the suite: its files, and its tests when known. */
interface Segment {
  files?: readonly string[];
  tests?: readonly TestCase[];
  /** Exact names to run. */
  names?: string[];
  /** Names that already ran in the first file: a resumed run skips them. */
  exclude?: string[];
}

/** A name pattern that matches every test but these. Names are matched in every file, which a same-named test elsewhere shares. */
function excluding(names: readonly string[]): string {
  return `^(?!(?:${[...new Set(names)].map(escapeRegExp).join('|')})$)`;
}

class SuiteState {
  readonly #context: JestContext;
  readonly summary: SuiteSummary = { processes: 0, timedOut: false, exitHang: false, durationMs: 0, order: [] };
  readonly #tests = new Map<string, TestCase>();
  readonly #results = new Map<string, TestRunResult>();
  readonly #order: TestCase[] = [];
  readonly #loadErrors: LoadError[] = [];
  readonly #environments = new Set<string>();
  #skippedAny = false;
  #unreached: string[] = [];

  constructor(context: JestContext) {
    this.#context = context;
  }

  /** Takes one process's results; returns the segment to run next, or nothing when the suite is over. */
  record(run: JestProcessResult, segment: Segment): Segment | undefined {
    this.summary.processes += 1;
    if (segment.tests === undefined && run.events.length === 0) {
      // The suite doubles as the listing: a Jest that reported nothing could not list the project.
      if (run.log.some((line) => /No tests found/.test(line.text))) return undefined;
      const output = run.log
        .slice(-20)
        .map((line) => line.text)
        .join('\n');
      const why = `exit code ${String(run.exitCode)}${run.killed ? `, killed (${run.killed})` : ''}`;
      throw new IsolationError(
        IsolationErrorCode.LIST_FAILED,
        `Jest could not run the tests in ${JSON.stringify(this.#context.options.cwd)} (${why}):\n${output}`,
      );
    }
    const reading = readRun(run.events);
    const expected = segment.tests ?? this.#discover(run.events);
    for (const test of expected) this.#tests.set(testKey(test), test);
    const classified = classifyRun(run, expected, 'suite');
    if (classified.exitHang) {
      this.summary.exitHang = true;
      if (run.resultsAt !== undefined) this.summary.exitHangMs = run.endedAt - run.resultsAt;
    }
    if (run.killed === 'limit') this.summary.timedOut = true;
    for (const key of classified.order) this.#order.push(this.#tests.get(key)!);
    for (const event of run.events)
      if (event.type === 'file-start' && event.environment) this.#environments.add(event.environment);
    for (const test of expected) {
      const result = classified.results.get(testKey(test));
      if (result === 'skipped') this.#skippedAny = true;
      if (result === undefined || result === 'skipped' || (result.status === 'not-run' && segment.tests === undefined))
        continue;
      this.#results.set(testKey(test), result);
      if (result.status !== 'not-run') this.#progress(test, result);
    }
    const runFiles = (run.events.find((event) => event.type === 'run-files') as { files: string[] } | undefined)?.files;
    const files = segment.files ?? runFiles ?? [];
    for (const file of files) {
      const error = reading.fileErrors.get(file);
      const ran = expected.some((test) => test.file === file);
      if (error !== undefined && !ran) this.#loadErrors.push({ file, message: error });
    }
    const pending = files.filter(
      (file) => !reading.filesDone.has(file) && !this.#loadErrors.some((error) => error.file === file),
    );
    // Only a process killed at a hang leaves tests worth another one; anything else Jest chose not to run.
    if (run.killed !== 'idle' || pending.length === 0) {
      if (run.killed === 'limit' || this.summary.timedOut) this.#unreached = segment.tests === undefined ? pending : [];
      return undefined;
    }
    if (segment.tests !== undefined) {
      const left = segment.tests.filter(
        (test) => !this.#results.has(testKey(test)) || this.#results.get(testKey(test))!.status === 'not-run',
      );
      if (left.length === 0 || left.length === expected.length) return undefined;
      return { files: filesInOrder(left), tests: left, names: left.map((test) => test.fullName) };
    }
    const partial = pending[0]!;
    const exclude = [...this.#results.keys()].flatMap((key) => {
      const test = this.#tests.get(key)!;
      return test.file === partial ? [test.fullName] : [];
    });
    return { files: pending, exclude: exclude.length > 0 ? exclude : undefined };
  }

  /** The tests a run's events name that had no result yet: started, or reported as anything but skipped. */
  #discover(events: readonly JestEvent[]): TestCase[] {
    const found = new Map<string, TestCase>();
    const add = (test: TestCase): void => {
      const key = testKey(test);
      if (!this.#results.has(key) && !found.has(key)) found.set(key, test);
    };
    for (const event of events) {
      if (event.type === 'case-start') add(caseOf(event));
      else if (event.type === 'case-result' && !isNotRunStatus(event.status)) add(caseOf(event));
      else if (event.type === 'file-result') {
        for (const outcome of event.cases) {
          if (!isNotRunStatus(outcome.status)) add(caseOf(outcome));
          else if (outcome.status !== 'todo' && !this.#results.has(testKey(outcome))) this.#skippedAny = true;
        }
      }
    }
    return [...found.values()];
  }

  #progress(test: TestCase, result: TestRunResult): void {
    const { options } = this.#context;
    options.onProgress?.({
      type: 'result',
      stage: 'suite',
      name: test.fullName,
      file: relative(options.cwd, test.file),
      result,
      attempt: 1,
    });
  }

  finish(durationMs: number): SuiteOutcome {
    this.summary.durationMs = durationMs;
    this.summary.order = this.#order.map((test) => test.fullName);
    const byPath = (a: TestCase, b: TestCase): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
    return {
      tests: [...this.#tests.values()].sort(byPath),
      results: this.#results,
      order: this.#order,
      summary: this.summary,
      loadErrors: this.#loadErrors,
      environments: [...this.#environments],
      skippedAny: this.#skippedAny,
      unreached: this.#unreached,
    };
  }
}

function caseOf(event: { file: string; ancestorTitles: string[]; title: string; fullName: string }): TestCase {
  return { file: event.file, ancestorTitles: event.ancestorTitles, title: event.title, fullName: event.fullName };
}
