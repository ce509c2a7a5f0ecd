import type { ReportSummary, SuiteSummary, TestReport, TestStatus } from '../types';

function count(results: TestStatus[]): Record<TestStatus, number> {
  const counts: Record<TestStatus, number> = { pass: 0, fail: 0, hang: 0, 'not-run': 0 };
  for (const status of results) counts[status] += 1;
  return counts;
}

/** The totals, whether the run is ok, and the one-line reason the CLI ends with. */
export function summarize(tests: readonly TestReport[], suite: SuiteSummary, loadErrors: number): ReportSummary {
  const isolated = count(tests.map((test) => test.isolated.status));
  const suiteCounts = count(tests.map((test) => test.suite.status));
  const orderDependent = tests.filter((test) => test.orderDependent).length;
  const flaky = tests.filter((test) => test.flaky === true).length;
  const reasons: string[] = [];
  const alone = isolated.fail + isolated.hang;
  if (alone > 0)
    reasons.push(`${alone} of ${tests.length} tests fail or hang alone (${isolated.fail} fail, ${isolated.hang} hang)`);
  const together = suiteCounts.fail + suiteCounts.hang;
  if (together > 0) reasons.push(`${together} fail or hang in the suite`);
  if (suiteCounts['not-run'] > 0) reasons.push(`${suiteCounts['not-run']} never ran in the suite`);
  if (orderDependent > 0) reasons.push(`${orderDependent} order-dependent`);
  if (flaky > 0) reasons.push(`${flaky} flaky`);
  if (suite.exitHang) reasons.push('Jest did not exit after the suite (open handles)');
  if (suite.timedOut) reasons.push('the suite run hit --suite-timeout');
  if (loadErrors > 0) reasons.push(`${loadErrors} test files could not be loaded`);
  const ok = reasons.length === 0;
  const reason = ok ? `all ${tests.length} tests pass alone and in the suite` : `not isolated: ${reasons.join('; ')}`;
  return { total: tests.length, isolated, suite: suiteCounts, orderDependent, flaky, ok, reason };
}
