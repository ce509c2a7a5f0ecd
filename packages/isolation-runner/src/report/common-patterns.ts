import type { IsolationReport, TestReport } from '../types';

/** A pattern seen across the run, for the report's "Common Patterns" section. */
export interface CommonPattern {
  title: string;
  detail: string;
  tests: string[];
}

const LEAK_LINE = /leak|forcing cleanup|forced|did not exit|open handle/i;

function logOf(test: TestReport): string[] {
  return [...(test.isolated.log ?? []), ...(test.suite.log ?? [])];
}

/** Finds what several results have in common: hangs in one phase, leak warnings, order dependence. */
export function findCommonPatterns(report: IsolationReport): CommonPattern[] {
  const patterns: CommonPattern[] = [];
  for (const phase of ['body', 'hook', 'teardown'] as const) {
    const hung = report.tests.filter(
      (test) =>
        (test.isolated.status === 'hang' && test.isolated.phase === phase) ||
        (test.suite.status === 'hang' && test.suite.phase === phase),
    );
    if (hung.length > 0)
      patterns.push({ title: `Hangs in ${phase}`, detail: phaseDetail(phase), tests: hung.map((test) => test.name) });
  }
  const leaky = report.tests.filter((test) => logOf(test).some((line) => LEAK_LINE.test(line)));
  if (leaky.length > 0) {
    const example = leaky.flatMap(logOf).find((line) => LEAK_LINE.test(line)) ?? '';
    patterns.push({
      title: 'Leak and forced-cleanup warnings',
      detail: `Log lines about leaks, forced cleanup or open handles, e.g. \`${example.trim().slice(0, 160)}\`.`,
      tests: leaky.map((test) => test.name),
    });
  }
  const dependent = report.tests.filter((test) => test.orderDependent);
  if (dependent.length > 0)
    patterns.push({
      title: 'Order dependence',
      detail: 'Pass alone, fail or hang in the suite: state shared between tests.',
      tests: dependent.map((test) => test.name),
    });
  const notRun = report.tests.filter((test) => test.suite.status === 'not-run');
  if (notRun.length > 0)
    patterns.push({
      title: 'Never reached in the suite',
      detail: 'The suite run was killed or ran out of time before these tests.',
      tests: notRun.map((test) => test.name),
    });
  return patterns;
}

function phaseDetail(phase: 'body' | 'hook' | 'teardown'): string {
  if (phase === 'body') return 'The test function never settled: an await on an event that never comes.';
  if (phase === 'hook') return 'A beforeAll/afterAll hook (or module code) never settled.';
  return 'The test finished but its teardown never did: a close the peer never acknowledges, or handles that keep Jest alive.';
}
