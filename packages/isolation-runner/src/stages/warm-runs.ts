import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isNotRunStatus } from '../classification/run-reading';
import type { JestEvent, WarmPlan, WarmTests } from '../jest/events';
import { assetPath, invokeJest, type JestContext } from '../jest/jest-invoker';
import { filesInOrder, testKey } from './test-case';
import type { TestCase, TestRunResult } from '../types';

/** What the warm stage found: the passes, and what a fresh process must confirm. */
interface WarmOutcome {
  /** Every warm run of each test that passed all of them, keyed by `testKey`. */
  passes: Map<string, TestRunResult[]>;
  /** Tests Jest skipped alone (`test.skip`). */
  skipped: Set<string>;
  /** Tests with a run that did not pass (failed, hung, left handles open) or never ran: each is confirmed in a process of its own. */
  toConfirm: TestCase[];
}

/** How long the warm Jest may go without an event: a call is bounded by `timeoutMs`, and replacing its worker takes a moment. */
const WORKER_RESTART_MS = 10_000;

/** A warm Jest started ahead of its tests: `run` gives them to it, `cancel` ends it without any. */
export interface WarmStart {
  run(tests: readonly TestCase[]): Promise<WarmOutcome>;
  cancel(): Promise<void>;
}

/**
 * Starts the Jest process that runs every test alone in warm workers (see
 * `WarmRunner`), before the tests are known: Jest's start-up and the workers'
 * overlap the suite run, and no test runs until `run` names them.
 */
export function startWarm(context: JestContext, files?: readonly string[]): WarmStart {
  const { options } = context;
  const testsFile = join(context.workDir, `warm-tests-${process.pid}.json`);
  const plan: WarmPlan = {
    testsFile,
    workers: options.workers,
    repeat: options.repeat,
    timeoutMs: options.timeoutMs,
    jestRunner: context.jest.jestRunner,
    workerModule: assetPath('warm-worker'),
  };
  const planFile = join(context.workDir, `warm-plan-${process.pid}.json`);
  writeFileSync(planFile, JSON.stringify(plan));
  const running = invokeJest(context, {
    stage: 'isolated',
    files: files === undefined ? undefined : [...files],
    inBand: false,
    idleMs: options.timeoutMs + WORKER_RESTART_MS,
    limitMs: Number.MAX_SAFE_INTEGER,
    warmPlanFile: planFile,
    onEvent: (event) => {
      if (event.type === 'warm-result' && passed(event)) {
        options.onProgress?.({
          type: 'result',
          stage: 'isolated',
          name: event.fullName,
          file: relative(options.cwd, event.file),
          result: { status: 'pass', durationMs: event.durationMs },
          attempt: event.attempt,
        });
      }
    },
  });
  const give = (tests: readonly TestCase[]): void => {
    if (existsSync(testsFile)) return;
    const list: WarmTests = filesInOrder(tests).map((file) => ({
      file,
      names: [...new Set(tests.filter((test) => test.file === file).map((test) => test.fullName))],
    }));
    // Written whole and then renamed: the runner polls for the file and must never read half of it.
    writeFileSync(`${testsFile}.tmp`, JSON.stringify(list));
    renameSync(`${testsFile}.tmp`, testsFile);
  };
  return {
    run: async (tests) => {
      give(tests);
      return readWarm((await running).events, tests);
    },
    cancel: async () => {
      give([]);
      await running;
    },
  };
}

type WarmResult = Extract<JestEvent, { type: 'warm-result' }>;

function passed(event: WarmResult): boolean {
  return event.status === 'passed' && event.leaked.length === 0;
}

function readWarm(events: readonly JestEvent[], tests: readonly TestCase[]): WarmOutcome {
  const outcome: WarmOutcome = { passes: new Map(), skipped: new Set(), toConfirm: [] };
  const results = new Map<string, WarmResult[]>();
  for (const event of events) {
    if (event.type !== 'warm-result') continue;
    const key = testKey(event);
    results.set(key, [...(results.get(key) ?? []), event]);
  }
  for (const test of tests) {
    const key = testKey(test);
    const runs = results.get(key) ?? [];
    if (runs.length > 0 && runs.every((run) => isNotRunStatus(run.status))) outcome.skipped.add(key);
    else if (runs.length > 0 && runs.every(passed))
      outcome.passes.set(
        key,
        runs.map((run) => ({ status: 'pass', durationMs: run.durationMs })),
      );
    else outcome.toConfirm.push(test);
  }
  return outcome;
}
