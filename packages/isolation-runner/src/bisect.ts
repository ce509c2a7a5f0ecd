import { classifyRun } from './classify';
import { minimizeFailingSet } from './delta-debug';
import { invokeJest, type JestContext } from './jest-invoker';
import { filesInOrder, testKey } from './test-case';
import type { TestCase, TestReport } from './types';

/** Jest runs per victim (the confirming run included), so a large suite cannot make it run forever. */
const MAX_RUNS = 32;

export type Bisection = NonNullable<TestReport['bisection']> & { pollutedBy: TestCase[] };

/**
 * Finds the smallest set of tests that ran before `victim` in the suite and
 * make it fail when run before it in one process. The victim passed alone, so
 * the empty set is known to pass; first the whole set is tried, to confirm the
 * failure reproduces at all.
 */
export async function bisectPolluter(
  context: JestContext,
  victim: TestCase,
  before: readonly TestCase[],
): Promise<Bisection> {
  let runs = 0;
  const fails = async (subset: TestCase[]): Promise<boolean> => {
    runs += 1;
    return victimFails(context, victim, subset);
  };
  if (before.length === 0)
    return { runs, reproduced: false, note: 'no test ran before it in the suite', pollutedBy: [] };
  if (!(await fails([...before]))) {
    return {
      runs,
      reproduced: false,
      note: `did not fail again with the ${before.length} tests that ran before it; the failure may be flaky or caused by something outside the tests`,
      pollutedBy: [],
    };
  }
  const { minimal } = await minimizeFailingSet(before, fails, MAX_RUNS - 1);
  const note = `fails after ${minimal.map((test) => JSON.stringify(test.fullName)).join(', ')}, passes alone (${runs} bisection runs)`;
  return { runs, reproduced: true, note, pollutedBy: minimal };
}

async function victimFails(context: JestContext, victim: TestCase, subset: readonly TestCase[]): Promise<boolean> {
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
  return result !== undefined && result !== 'skipped' && (result.status === 'fail' || result.status === 'hang');
}
