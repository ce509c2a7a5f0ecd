import { relative } from 'node:path';
import { classifyRun } from './classify';
import { invokeJest, type JestContext } from './jest-invoker';
import { seededShuffle } from './seeded-order';
import { filesInOrder, testKey } from './test-case';
import type { SuiteSummary, TestCase, TestRunResult } from './types';

export interface SuiteOutcome {
  results: Map<string, TestRunResult>;
  /** Tests in the order they ran. */
  order: TestCase[];
  summary: SuiteSummary;
}

/**
 * Runs the tests together in one Jest process, in band, so the order is one
 * order. When a test hangs, the process is killed and the suite goes on with
 * the tests that had not run yet in a new process, until the suite time is used.
 */
export async function runSuite(
  context: JestContext,
  tests: readonly TestCase[],
  allTests: boolean,
): Promise<SuiteOutcome> {
  const { options } = context;
  const { clock } = options;
  const startedAt = clock.now();
  const files = options.seed === undefined ? filesInOrder(tests) : seededShuffle(filesInOrder(tests), options.seed);
  const byKey = new Map(tests.map((test) => [testKey(test), test]));
  const results = new Map<string, TestRunResult>();
  const order: TestCase[] = [];
  let remaining = [...tests];
  const summary: SuiteSummary = { processes: 0, timedOut: false, exitHang: false, durationMs: 0, order: [] };
  while (remaining.length > 0) {
    const left = options.suiteTimeoutMs - (clock.now() - startedAt);
    if (left <= 0) {
      summary.timedOut = true;
      break;
    }
    const resumed = remaining.length !== tests.length;
    const segmentFiles = files.filter((file) => remaining.some((test) => test.file === file));
    const run = await invokeJest(context, {
      stage: 'suite',
      files: segmentFiles,
      names: allTests && !resumed ? undefined : remaining.map((test) => test.fullName),
      inBand: true,
      idleMs: options.timeoutMs,
      limitMs: left,
    });
    summary.processes += 1;
    const classified = classifyRun(run, remaining, 'suite');
    summary.exitHang ||= classified.exitHang;
    if (run.killed === 'limit') summary.timedOut = true;
    for (const key of classified.order) order.push(byKey.get(key)!);
    const notRun: TestCase[] = [];
    for (const test of remaining) {
      const result = classified.results.get(testKey(test));
      if (result === undefined || result === 'skipped' || result.status === 'not-run') notRun.push(test);
      if (result !== undefined && result !== 'skipped') {
        results.set(testKey(test), result);
        if (result.status !== 'not-run')
          options.onProgress?.({
            type: 'result',
            stage: 'suite',
            name: test.fullName,
            file: relative(options.cwd, test.file),
            result,
            attempt: 1,
          });
      }
    }
    // Only a killed run leaves tests worth another process; anything else Jest chose not to run.
    if (run.killed === null || run.killed === 'limit' || notRun.length === remaining.length) break;
    remaining = notRun;
  }
  summary.durationMs = clock.now() - startedAt;
  summary.order = order.map((test) => test.fullName);
  return { results, order, summary };
}
