import type { IsolationReport, TestReport } from '../src';

/** A report as runIsolation would make it, for the formatters' tests. */
export function sampleReport(tests: TestReport[]): IsolationReport {
  const count = (pick: (test: TestReport) => string): IsolationReport['summary']['isolated'] => {
    const counts = { pass: 0, fail: 0, hang: 0, 'not-run': 0 };
    for (const test of tests) counts[pick(test) as keyof typeof counts] += 1;
    return counts;
  };
  return {
    version: '0.0.0',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1234,
    cwd: '/project',
    jestVersion: '30.5.2',
    options: {
      isolation: 'warm',
      coverage: false,
      timeoutMs: 1000,
      suiteTimeoutMs: 10000,
      workers: 1,
      repeat: 1,
      bisect: true,
    },
    tests,
    environments: ['node'],
    loadErrors: [],
    suite: { processes: 1, timedOut: false, exitHang: false, durationMs: 100, order: tests.map((test) => test.name) },
    summary: {
      total: tests.length,
      isolated: count((test) => test.isolated.status),
      suite: count((test) => test.suite.status),
      orderDependent: tests.filter((test) => test.orderDependent).length,
      flaky: 0,
      ok: false,
      reason: 'not isolated',
    },
  };
}
