import { classifyRun } from '../classification/classify-run';
import { minimizeFailingSet } from './delta-debug';
import { invokeJest, type JestContext } from '../jest/jest-invoker';
import { filesInOrder, testKey } from './test-case';
import type { TestCase, TestReport } from '../types';

/** Jest runs per victim (the confirming run included), so a large suite cannot make it run forever. */
const MAX_RUNS = 32;

export type Bisection = NonNullable<TestReport['bisection']> & { found: TestCase[] };

/**
 * What a bisection looks for: `polluter` (the test passed alone and failed in
 * the suite: which earlier tests make it fail) or `dependency` (it failed alone
 * and passed in the suite: which earlier tests make it pass).
 */
export type BisectionGoal = 'polluter' | 'dependency';

/**
 * Finds the smallest set of tests that ran before `victim` in the suite and
 * flip its result when run before it in one process. Alone (the empty set) is
 * known; first the whole set is tried, to confirm the suite's result reproduces at all.
 */
export async function bisectOrder(
  context: JestContext,
  victim: TestCase,
  before: readonly TestCase[],
  goal: BisectionGoal,
): Promise<Bisection> {
  let runs = 0;
  const flips = async (subset: TestCase[]): Promise<boolean> => {
    runs += 1;
    context.options.onProgress?.({ type: 'bisect-run', name: victim.fullName, run: runs, candidates: subset.length });
    const status = await victimStatus(context, victim, subset);
    return goal === 'polluter' ? status === 'fail' || status === 'hang' : status === 'pass';
  };
  const verb = goal === 'polluter' ? 'fail' : 'pass';
  if (before.length === 0) return { runs, reproduced: false, note: 'no test ran before it in the suite', found: [] };
  if (!(await flips([...before]))) {
    return {
      runs,
      reproduced: false,
      note: `did not ${verb} again with the ${before.length} tests that ran before it; the result may be flaky or caused by something outside the tests`,
      found: [],
    };
  }
  const { minimal } = await minimizeFailingSet(before, flips, MAX_RUNS - 1);
  const names = minimal.map((test) => JSON.stringify(test.fullName)).join(', ');
  const note =
    goal === 'polluter'
      ? `fails after ${names}, passes alone (${runs} bisection runs)`
      : `passes only after ${names}, fails alone (${runs} bisection runs)`;
  return { runs, reproduced: true, note, found: minimal };
}

async function victimStatus(context: JestContext, victim: TestCase, subset: readonly TestCase[]): Promise<string> {
  const { options } = context;
  const tests = [...subset, victim];
  const run = await invokeJest(context, {
    stage: 'bisect',
    files: filesInOrder(tests),
    names: tests.map((test) => test.fullName),
    inBand: true,
    idleMs: options.timeoutMs,
    limitMs: options.suiteTimeoutMs,
  });
  const result = classifyRun(run, tests, 'suite').results.get(testKey(victim));
  return result === undefined || result === 'skipped' ? 'not-run' : result.status;
}
