import { appendFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isNotRunStatus } from '../classification/run-reading';
import type { JestEvent, WarmFeedLine, WarmPlan } from '../jest/events';
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

/** A warm Jest started ahead of its tests: `give` hands it tests as they become known, `run` the rest, `cancel` ends it. */
export interface WarmStart {
  /** Hands these tests to the warm workers now (those already given are not given twice). */
  give(tests: readonly TestCase[]): void;
  /** Gives the rest of `tests`, and resolves when every one of them has all its runs, or the warm Jest is gone. */
  run(tests: readonly TestCase[]): Promise<WarmOutcome>;
  /** Ends the warm Jest (the feed first, so it stops cleanly) and waits until it is gone. */
  cancel(): Promise<void>;
}

/**
 * Starts the Jest process that runs every test alone in warm workers (see
 * `WarmRunner`), before the tests are known: Jest's start-up and the workers'
 * overlap the suite run, and each file's tests can start as soon as the suite
 * has named them. The process is stopped as soon as every result is in.
 */
export function startWarm(context: JestContext, files?: readonly string[]): WarmStart {
  const { options } = context;
  const testsFile = join(context.workDir, `warm-tests-${process.pid}.jsonl`);
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
  const stop = new AbortController();
  const events: WarmResult[] = [];
  const runs = new Map<string, number>();
  let awaited: { tests: readonly TestCase[]; done: () => void } | undefined;
  const allIn = (tests: readonly TestCase[]): boolean =>
    tests.every((test) => (runs.get(testKey(test)) ?? 0) >= options.repeat);
  const running = invokeJest(context, {
    stage: 'isolated',
    files: files === undefined ? undefined : [...files],
    inBand: false,
    idleMs: options.timeoutMs + WORKER_RESTART_MS,
    limitMs: Number.MAX_SAFE_INTEGER,
    warmPlanFile: planFile,
    stop: stop.signal,
    onEvent: (event) => {
      if (event.type !== 'warm-result') return;
      events.push(event);
      runs.set(testKey(event), (runs.get(testKey(event)) ?? 0) + 1);
      if (passed(event)) {
        options.onProgress?.({
          type: 'result',
          stage: 'isolated',
          name: event.fullName,
          file: relative(options.cwd, event.file),
          result: { status: 'pass', durationMs: event.durationMs },
          attempt: event.attempt,
        });
      }
      if (awaited !== undefined && allIn(awaited.tests)) awaited.done();
    },
  });
  const given = new Set<string>();
  let ended = false;
  const append = (line: WarmFeedLine): void => appendFileSync(testsFile, `${JSON.stringify(line)}\n`);
  const give = (tests: readonly TestCase[]): void => {
    if (ended) return;
    const fresh = tests.filter((test) => !given.has(testKey(test)));
    for (const test of fresh) given.add(testKey(test));
    // One line per file, each written whole: the runner reads complete lines only.
    for (const file of filesInOrder(fresh))
      append({ file, names: fresh.filter((test) => test.file === file).map((test) => test.fullName) });
  };
  const end = (): void => {
    if (!ended) append({ end: true });
    ended = true;
  };
  return {
    give,
    run: async (tests) => {
      give(tests);
      end();
      // Every result in: the warm Jest has nothing more to say, and its shutdown is no reason to wait.
      const complete = new Promise<void>((done) => {
        awaited = { tests, done };
        if (allIn(tests)) done();
      });
      await Promise.race([complete, running]);
      stop.abort();
      await running;
      return readWarm(events, tests);
    },
    cancel: async () => {
      end();
      await running;
    },
  };
}

type WarmResult = Extract<JestEvent, { type: 'warm-result' }>;

function passed(event: WarmResult): boolean {
  return event.status === 'passed' && event.leaked.length === 0;
}

function readWarm(events: readonly WarmResult[], tests: readonly TestCase[]): WarmOutcome {
  const outcome: WarmOutcome = { passes: new Map(), skipped: new Set(), toConfirm: [] };
  const results = new Map<string, WarmResult[]>();
  for (const event of events) {
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
