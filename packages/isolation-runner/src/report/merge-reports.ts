import { readFileSync } from 'node:fs';
import { IsolationError, IsolationErrorCode } from '../errors';
import type { IsolationReport } from '../types';
import { summarize } from './summarize';

/** Reads a shard's isolation-results.json. */
export function readReport(path: string): IsolationReport {
  let report: IsolationReport;
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as IsolationReport;
  } catch (error) {
    throw new IsolationError(
      IsolationErrorCode.BAD_REPORT,
      `cannot read ${JSON.stringify(path)} as JSON: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (
    typeof report !== 'object' ||
    report === null ||
    !Array.isArray(report.tests) ||
    typeof report.suite !== 'object'
  ) {
    throw new IsolationError(IsolationErrorCode.BAD_REPORT, `${JSON.stringify(path)} is not an isolation-results.json`);
  }
  return report;
}

/**
 * Combines the reports of the shards of one run (`--shard 1/N` … `N/N`) into
 * the report one machine would have written: tests and the suite order in the
 * files' path order, the counts and the reason computed again. Each shard must
 * be there once, from the same project and options.
 */
export function mergeReports(reports: readonly IsolationReport[]): IsolationReport {
  const first = reports[0];
  if (first === undefined) throw new IsolationError(IsolationErrorCode.BAD_REPORT, 'merge needs at least one report');
  const count = first.options.shard?.count ?? 1;
  const indexes = reports.map((report) => report.options.shard?.index ?? 1).sort((a, b) => a - b);
  const whole = indexes.length === count && indexes.every((index, position) => index === position + 1);
  const sameRun = reports.every((report) => report.cwd === first.cwd && (report.options.shard?.count ?? 1) === count);
  if (!whole || !sameRun) {
    throw new IsolationError(
      IsolationErrorCode.BAD_REPORT,
      `merge needs every shard of one run once: shards ${indexes.join(', ')} of ${count} for ${[...new Set(reports.map((report) => report.cwd))].join(', ')}`,
    );
  }
  const byFile = (a: { file: string }, b: { file: string }): number => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0);
  const tests = reports.flatMap((report) => report.tests).sort(byFile);
  // A shard's order names tests; its own tests say which file each is in.
  const ordered = reports
    .flatMap((report) =>
      report.suite.order.map((name) => ({ name, file: report.tests.find((test) => test.name === name)?.file ?? '' })),
    )
    .sort(byFile);
  const suite: IsolationReport['suite'] = {
    processes: reports.reduce((sum, report) => sum + report.suite.processes, 0),
    timedOut: reports.some((report) => report.suite.timedOut),
    exitHang: reports.some((report) => report.suite.exitHang),
    durationMs: Math.max(...reports.map((report) => report.suite.durationMs)),
    order: ordered.map((entry) => entry.name),
  };
  const hangs = reports.flatMap((report) => report.suite.exitHangTests ?? []);
  if (suite.exitHang) suite.exitHangTests = hangs;
  const hangMs = reports.flatMap((report) => (report.suite.exitHangMs === undefined ? [] : [report.suite.exitHangMs]));
  if (hangMs.length > 0) suite.exitHangMs = Math.max(...hangMs);
  const { shard: _shard, ...options } = first.options;
  const loadErrors = reports.flatMap((report) => report.loadErrors).sort(byFile);
  return {
    ...first,
    startedAt: reports.map((report) => report.startedAt).sort()[0]!,
    // The shards ran side by side: the run took as long as the longest.
    durationMs: Math.max(...reports.map((report) => report.durationMs)),
    options,
    tests,
    environments: [...new Set(reports.flatMap((report) => report.environments ?? []))],
    loadErrors,
    suite,
    summary: summarize(tests, suite, loadErrors.length),
  };
}
