import type { TestClass, TestRunResult } from '../types';

const bad = (result: TestRunResult): boolean => result.status === 'fail' || result.status === 'hang';

/**
 * The class of a test from its runs alone and its result in the suite. The one
 * place that decides what a pair of results means; the reports only word it.
 */
export function classOf(runsAlone: readonly TestRunResult[], suite: TestRunResult): TestClass {
  if (new Set(runsAlone.map((run) => run.status)).size > 1) return 'flaky';
  const alone = runsAlone[0]!;
  if (alone.status === 'pass') {
    if (bad(suite)) return 'polluted';
    return suite.status === 'not-run' ? 'not-reached' : 'pass';
  }
  // A hang after results never shows as a test result in the suite: there it is the suite's exit hang.
  if (alone.status === 'hang' && alone.phase === 'after-results') return 'hang';
  if (suite.status === 'pass') return 'needs-earlier';
  return alone.status === 'hang' ? 'hang' : 'fail';
}

/** Whether a class depends on the tests that ran before it. */
export function isOrderDependent(testClass: TestClass): boolean {
  return testClass === 'polluted' || testClass === 'needs-earlier';
}

/** Each class in words, for the Markdown notes, JUnit messages and the implications. */
export const CLASS_TEXT: Record<TestClass, string> = {
  pass: 'passes alone and in the suite',
  fail: 'fails alone, so with or without the other tests',
  hang: 'hangs alone, so with or without the other tests',
  flaky: 'flaky: its runs alone disagree',
  polluted: 'order-dependent: passes alone, fails after an earlier test (polluted)',
  'needs-earlier': 'order-dependent: fails alone, passes only after an earlier test (depends on it)',
  'not-reached': 'passes alone; the suite never reached it',
};
