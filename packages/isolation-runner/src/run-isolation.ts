import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { bisectPolluter } from './bisect';
import { IsolationError, IsolationErrorCode } from './errors';
import { runIsolated, type IsolatedOutcome } from './isolated-runs';
import { findJest } from './jest-installation';
import type { JestContext } from './jest-invoker';
import { listTests } from './list-tests';
import { resolveOptions, type ResolvedOptions, type RunIsolationOptions } from './options';
import { assertProjectPaths } from './project-paths';
import { runSuite, type SuiteOutcome } from './suite-run';
import { summarize } from './summarize';
import { testKey } from './test-case';
import type { IsolationReport, TestCase, TestReport, TestRunResult } from './types';
import { VERSION } from './version';

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
  const context: JestContext = { options: resolved, jest, workDir };
  try {
    const listing = await listTests(context);
    resolved.onProgress?.({
      type: 'listed',
      tests: listing.tests.length,
      files: new Set(listing.tests.map((test) => test.file)).size,
    });
    if (listing.tests.length === 0 && listing.loadErrors.length === 0) {
      throw new IsolationError(
        IsolationErrorCode.NO_TESTS,
        `No tests found in ${JSON.stringify(resolved.cwd)}${resolved.filter === undefined ? '' : ` matching filter ${JSON.stringify(resolved.filter)}`}`,
      );
    }
    resolved.onProgress?.({ type: 'stage', stage: 'isolated' });
    const isolated = await runIsolated(context, listing.tests);
    const tests = listing.tests.filter((test) => isolated.get(testKey(test))?.skipped === false);
    resolved.onProgress?.({ type: 'stage', stage: 'suite' });
    const suite = await runSuite(
      context,
      tests,
      resolved.filter === undefined && tests.length === listing.tests.length,
    );
    const reports = tests.map((test) => buildTestReport(test, isolated.get(testKey(test))!, suite, resolved));
    if (resolved.bisect) await bisectAll(context, tests, reports, suite);
    const summary = summarize(reports, suite.summary, listing.loadErrors.length);
    return {
      version: VERSION,
      startedAt: startedAt.toISOString(),
      durationMs: resolved.clock.now() - clockStart,
      cwd: resolved.cwd,
      jestVersion: jest.version,
      options: optionsOf(resolved),
      tests: reports,
      loadErrors: listing.loadErrors.map((error) => ({
        file: relative(resolved.cwd, error.file),
        message: error.message,
      })),
      suite: suite.summary,
      summary,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

function buildTestReport(
  test: TestCase,
  outcome: IsolatedOutcome,
  suite: SuiteOutcome,
  options: ResolvedOptions,
): TestReport {
  const runs = outcome.skipped ? [] : outcome.runs;
  const isolated = runs.find((run) => run.status !== 'pass') ?? runs[0]!;
  const suiteResult: TestRunResult = suite.results.get(testKey(test)) ?? {
    status: 'not-run',
    durationMs: 0,
    note: 'not reached by the suite run',
  };
  const report: TestReport = {
    name: test.fullName,
    file: relative(options.cwd, test.file),
    isolated,
    suite: suiteResult,
    orderDependent:
      runs.every((run) => run.status === 'pass') && (suiteResult.status === 'fail' || suiteResult.status === 'hang'),
  };
  if (options.repeat > 1) {
    report.repeats = runs;
    report.flaky = new Set(runs.map((run) => run.status)).size > 1;
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
  context.options.onProgress?.({ type: 'stage', stage: 'bisect' });
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
    const bisection = await bisectPolluter(context, victim, before);
    report.pollutedBy = bisection.pollutedBy.map((test) => test.fullName);
    report.bisection = { runs: bisection.runs, reproduced: bisection.reproduced, note: bisection.note };
    context.options.onProgress?.({
      type: 'bisected',
      name: report.name,
      pollutedBy: report.pollutedBy,
      runs: bisection.runs,
    });
  }
}

function optionsOf(resolved: ResolvedOptions): IsolationReport['options'] {
  const options: IsolationReport['options'] = {
    timeoutMs: resolved.timeoutMs,
    suiteTimeoutMs: resolved.suiteTimeoutMs,
    workers: resolved.workers,
    repeat: resolved.repeat,
    bisect: resolved.bisect,
  };
  if (resolved.seed !== undefined) options.seed = resolved.seed;
  if (resolved.filter !== undefined) options.filter = resolved.filter;
  if (resolved.config !== undefined) options.config = resolved.config;
  return options;
}
