import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { classOf, isOrderDependent } from './classification/test-class';
import { IsolationError, IsolationErrorCode } from './errors';
import { findJest } from './jest/jest-installation';
import type { JestContext } from './jest/jest-invoker';
import { assertProjectPaths, resolveOptions, type ResolvedOptions, type RunIsolationOptions } from './options';
import { recordTimelines } from './report/attach-timelines';
import { summarize } from './report/summarize';
import { bisectOrder } from './stages/bisect';
import { runIsolated } from './stages/isolated-runs';
import { listFiles, listTests, type LoadError } from './stages/list-tests';
import { pickShard } from './stages/shard';
import { runSuite, type SuiteOutcome } from './stages/suite-run';
import { filesInOrder, testKey } from './stages/test-case';
import { startWarm, type WarmStart } from './stages/warm-runs';
import type { IsolationReport, TestCase, TestReport, TestRunResult } from './types';
import { VERSION } from './version';

/** The tests and the suite's results: the suite run is the listing too, unless a filter or a shard needs one first. */
interface FoundTests {
  tests: TestCase[];
  loadErrors: LoadError[];
  environments: string[];
  suite: SuiteOutcome;
}

/**
 * Runs a Jest project's tests each alone and all together, bisects the
 * order-dependent ones, and resolves to the report (write it with
 * `writeReports`). Rejects only for bad options or a project Jest cannot list.
 *
 * @example
 * const report = await runIsolation({ cwd: 'apps/isolation-suite', timeoutMs: 10_000 });
 * console.log(report.summary.reason);
 */
export async function runIsolation(options: RunIsolationOptions = {}): Promise<IsolationReport> {
  const resolved = resolveOptions(options);
  assertProjectPaths(resolved);
  const jest = findJest(resolved.cwd);
  const startedAt = new Date();
  const clockStart = resolved.clock.now();
  const workDir = mkdtempSync(join(tmpdir(), 'ws-isolation-'));
  const timelines = recordTimelines(resolved, workDir);
  const context: JestContext = { options: timelines.options, jest, workDir };
  let warm: WarmStart | undefined;
  try {
    const found = await findTests(context, {
      beforeSuite: (files) => {
        if (resolved.isolation === 'warm') warm = startWarm(context, files);
      },
      onTests: (tests) => warm?.give(tests),
    });
    const { suite } = found;
    const alone =
      warm !== undefined ? await aloneWarm(context, warm, found.tests) : await aloneInProcesses(context, found.tests);
    const tests = found.tests.filter((test) => alone.has(testKey(test)));
    if (tests.length === 0 && found.loadErrors.length === 0) {
      const filter = resolved.filter === undefined ? '' : ` matching filter ${JSON.stringify(resolved.filter)}`;
      throw new IsolationError(
        IsolationErrorCode.NO_TESTS,
        `No tests found in ${JSON.stringify(resolved.cwd)}${filter}`,
      );
    }
    const reports = tests.map((test) => buildTestReport(test, alone.get(testKey(test))!, suite, resolved));
    timelines.attach(tests, reports);
    if (suite.summary.exitHang) {
      suite.summary.exitHangTests = reports
        .filter((test) => test.isolated.phase === 'after-results' || test.isolated.phase === 'teardown')
        .map((test) => test.name);
    }
    if (resolved.bisect) await bisectAll(context, tests, reports, suite);
    return {
      version: VERSION,
      startedAt: startedAt.toISOString(),
      durationMs: resolved.clock.now() - clockStart,
      cwd: resolved.cwd,
      jestVersion: jest.version,
      options: optionsOf(resolved),
      tests: reports,
      environments: found.environments,
      loadErrors: found.loadErrors.map((error) => ({
        file: relative(resolved.cwd, error.file),
        message: error.message,
      })),
      suite: suite.summary,
      summary: summarize(reports, suite.summary, found.loadErrors.length),
    };
  } finally {
    // Ends a warm Jest that never got its tests (the suite failed to list them): nothing may outlive the run.
    await warm?.cancel();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** What `findTests` tells its caller as it goes. */
interface FindHooks {
  /** The files the suite runs (all when undefined), just before it starts. */
  beforeSuite(files?: readonly string[]): void;
  /** Tests the suite has run so far, file by file: a test's runs alone start after the suite has run it. */
  onTests(tests: readonly TestCase[]): void;
}

/** Finds the tests and runs the suite. */
async function findTests(context: JestContext, hooks: FindHooks): Promise<FoundTests> {
  const { options } = context;
  const shard = options.shard === undefined ? undefined : await pickShard(context, await listFiles(context));
  let listing = shard?.listing;
  if (listing === undefined && options.filter !== undefined)
    listing = await listTests(context, shard?.files ?? (await listFiles(context)));
  if (listing !== undefined) {
    options.onProgress?.({ type: 'listed', tests: listing.tests.length, files: filesInOrder(listing.tests).length });
    options.onProgress?.({ type: 'stage', stage: 'suite', tests: listing.tests.length });
    hooks.beforeSuite(filesInOrder(listing.tests));
    const suite = await runSuite(context, { tests: listing.tests, allTests: options.filter === undefined }, (tests) =>
      hooks.onTests(tests),
    );
    return { tests: listing.tests, loadErrors: listing.loadErrors, environments: listing.environments, suite };
  }
  options.onProgress?.({ type: 'stage', stage: 'suite', files: shard?.files.length });
  hooks.beforeSuite(shard?.files);
  const suite = await runSuite(context, { files: shard?.files }, (tests) => hooks.onTests(tests));
  const tests = [...suite.tests];
  const loadErrors = [...suite.loadErrors];
  const environments = new Set(suite.environments);
  if (suite.unreached.length > 0) {
    // The suite ran out of time before these files: a listing names their tests, which the suite never reached.
    const unreached = await listTests(context, suite.unreached);
    tests.push(...unreached.tests);
    loadErrors.push(...unreached.loadErrors);
    for (const environment of unreached.environments) environments.add(environment);
  }
  options.onProgress?.({ type: 'listed', tests: tests.length, files: filesInOrder(tests).length + loadErrors.length });
  return { tests, loadErrors, environments: [...environments], suite };
}

/** The strict mode: a Jest process per test and run. */
async function aloneInProcesses(
  context: JestContext,
  tests: readonly TestCase[],
): Promise<Map<string, TestRunResult[]>> {
  context.options.onProgress?.({ type: 'stage', stage: 'isolated', mode: 'process', tests: tests.length });
  const runs = new Map<string, TestRunResult[]>();
  for (const [key, outcome] of await runIsolated(context, tests)) if (!outcome.skipped) runs.set(key, outcome.runs);
  return runs;
}

/**
 * The default mode: every test alone in warm Jest workers, then every test
 * that did not pass there (or never got a result) in Jest processes of its
 * own, `repeat` times, so what is reported is what a process of its own shows.
 */
async function aloneWarm(
  context: JestContext,
  start: WarmStart,
  tests: readonly TestCase[],
): Promise<Map<string, TestRunResult[]>> {
  const { options } = context;
  options.onProgress?.({ type: 'stage', stage: 'isolated', mode: 'warm', tests: tests.length });
  const warm = await start.run(tests);
  const runs = new Map(warm.passes);
  if (warm.toConfirm.length > 0) {
    options.onProgress?.({ type: 'stage', stage: 'confirm', tests: warm.toConfirm.length });
    for (const [key, outcome] of await runIsolated(context, warm.toConfirm, 'confirm'))
      if (!outcome.skipped) runs.set(key, outcome.runs);
  }
  return runs;
}

function buildTestReport(
  test: TestCase,
  runs: TestRunResult[],
  suite: SuiteOutcome,
  options: ResolvedOptions,
): TestReport {
  const isolated = runs.find((run) => run.status !== 'pass') ?? runs[0]!;
  const suiteResult: TestRunResult = suite.results.get(testKey(test)) ?? {
    status: 'not-run',
    durationMs: 0,
    note: 'not reached by the suite run',
  };
  const testClass = classOf(runs, suiteResult);
  const report: TestReport = {
    name: test.fullName,
    file: relative(options.cwd, test.file),
    isolated,
    suite: suiteResult,
    class: testClass,
    orderDependent: isOrderDependent(testClass),
  };
  if (options.repeat > 1) {
    report.repeats = runs;
    report.flaky = testClass === 'flaky';
    report.flakyRate = { nonPass: runs.filter((run) => run.status !== 'pass').length, runs: runs.length };
  }
  return report;
}

async function bisectAll(
  context: JestContext,
  tests: readonly TestCase[],
  reports: TestReport[],
  suite: SuiteOutcome,
): Promise<void> {
  const victims = reports.filter((report) => report.orderDependent);
  if (victims.length === 0) return;
  context.options.onProgress?.({ type: 'stage', stage: 'bisect', tests: victims.length });
  for (const report of victims) {
    const victim = tests.find(
      (test) => test.fullName === report.name && relative(context.options.cwd, test.file) === report.file,
    )!;
    const position = suite.order.indexOf(victim);
    // A test that hung in the suite never finished there, and would only make each probe wait for the timeout.
    const before = suite.order.slice(0, Math.max(0, position)).filter((test) => {
      const status = suite.results.get(testKey(test))?.status;
      return status === 'pass' || status === 'fail';
    });
    const goal = report.class === 'polluted' ? 'polluter' : 'dependency';
    const bisection = await bisectOrder(context, victim, before, goal);
    const names = bisection.found.map((test) => test.fullName);
    if (goal === 'polluter') report.pollutedBy = names;
    else report.dependsOn = names;
    report.bisection = { runs: bisection.runs, reproduced: bisection.reproduced, note: bisection.note };
    context.options.onProgress?.({
      type: 'bisected',
      name: report.name,
      pollutedBy: report.pollutedBy ?? [],
      dependsOn: report.dependsOn ?? [],
      runs: bisection.runs,
    });
  }
}

function optionsOf(resolved: ResolvedOptions): IsolationReport['options'] {
  const options: IsolationReport['options'] = {
    isolation: resolved.isolation,
    coverage: resolved.coverage,
    timeoutMs: resolved.timeoutMs,
    suiteTimeoutMs: resolved.suiteTimeoutMs,
    workers: resolved.workers,
    repeat: resolved.repeat,
    bisect: resolved.bisect,
  };
  if (resolved.shard !== undefined) options.shard = resolved.shard;
  if (resolved.seed !== undefined) options.seed = resolved.seed;
  if (resolved.filter !== undefined) options.filter = resolved.filter;
  if (resolved.config !== undefined) options.config = resolved.config;
  return options;
}
