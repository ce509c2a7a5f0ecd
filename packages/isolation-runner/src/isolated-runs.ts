import { classifyRun, type Classified } from './classify';
import { invokeJest, type JestContext } from './jest-invoker';
import { mapPool } from './pool';
import { testKey } from './test-case';
import type { TestCase, TestRunResult } from './types';
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
): Promise<Map<string, IsolatedOutcome>> {
  const { options } = context;
  const jobs = tests.flatMap((test) =>
    Array.from({ length: options.repeat }, (_, attempt) => ({ test, attempt: attempt + 1 })),
  );
  const results = await mapPool(jobs, options.workers, async ({ test, attempt }) => {
    const run = await invokeJest(context, {
      stage: 'isolated',
      files: [test.file],
      names: [test.fullName],
      inBand: true,
      idleMs: options.timeoutMs,
      limitMs: options.suiteTimeoutMs,
    });
    const result = classifyRun(run, [test], 'isolated').results.get(testKey(test)) as Classified;
    if (result !== 'skipped')
      options.onProgress?.({
        type: 'result',
        stage: 'isolated',
        name: test.fullName,
        file: relative(options.cwd, test.file),
        result,
        attempt,
      });
    return { test, result };
  });
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
