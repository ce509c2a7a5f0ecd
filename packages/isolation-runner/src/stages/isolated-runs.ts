import { classifyRun, type Classified } from '../classification/classify-run';
import { invokeJest, type JestContext } from '../jest/jest-invoker';
import { mapPool } from './pool';
import { testKey } from './test-case';
import type { TestCase, TestRunResult } from '../types';
import { relative } from 'node:path';

/** Every isolated run of one test (several when `repeat` > 1). */
export type IsolatedOutcome = { skipped: true } | { skipped: false; runs: TestRunResult[] };

/**
 * Runs each test alone: its own Jest process, its file only, and a name
 * pattern that matches only it. `workers` processes go at once.
 */
export async function runIsolated(
  context: JestContext,
  tests: readonly TestCase[],
  stage: 'isolated' | 'confirm' = 'isolated',
): Promise<Map<string, IsolatedOutcome>> {
  const { options } = context;
  // The runs of one test go one after another, so `repeat` sees them in order; different tests go side by side.
  const perTest = await mapPool(tests, options.workers, async (test) => {
    const runs: { test: TestCase; result: Classified }[] = [];
    for (let attempt = 1; attempt <= options.repeat; attempt++)
      runs.push({ test, result: await runAlone(context, test, stage, attempt) });
    return runs;
  });
  const results = perTest.flat();
  const outcomes = new Map<string, IsolatedOutcome>();
  for (const { test, result } of results) {
    const key = testKey(test);
    const known = outcomes.get(key);
    if (result === 'skipped') outcomes.set(key, { skipped: true });
    else if (known === undefined || known.skipped) outcomes.set(key, { skipped: false, runs: [result] });
    else known.runs.push(result);
  }
  return outcomes;
}

async function runAlone(
  context: JestContext,
  test: TestCase,
  stage: 'isolated' | 'confirm',
  attempt: number,
): Promise<Classified> {
  const { options } = context;
  const run = await invokeJest(context, {
    stage,
    files: [test.file],
    names: [test.fullName],
    inBand: true,
    idleMs: options.timeoutMs,
    limitMs: options.suiteTimeoutMs,
  });
  const result = classifyRun(run, [test], 'isolated').results.get(testKey(test)) as Classified;
  if (result !== 'skipped') {
    const file = relative(options.cwd, test.file);
    options.onProgress?.({ type: 'result', stage, name: test.fullName, file, result, attempt });
  }
  return result;
}
