import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { EVENTS_FILE_ENV, WARM_PLAN_ENV, type JestEvent, type WarmPlan } from './events';
import { SlotPool, type Job, type JestRunnerContext, type JestTest, type SlotPoolParts } from './slot-pool';
import { WarmFeed } from './warm-feed';

/**
 * A Jest test runner that runs every test alone in warm workers: Jest's own
 * worker pool (jest-worker with jest-runner's test worker) takes one test file
 * per call with the global config of that call, so a call with an exact
 * `testNamePattern` runs one test in a fresh environment and module registry,
 * without a new process. A worker whose test failed, hung or left handles open
 * is replaced, so the next test starts clean. Results go straight to the events
 * file; Jest's own reporters see no file results.
 */
class WarmRunner {
  readonly supportsEventEmitters = true;
  readonly isSerial = false;
  readonly #globalConfig: Record<string, unknown>;
  readonly #context: JestRunnerContext;
  readonly #parts: SlotPoolParts;

  /** Jest passes the first two; `parts` lets a test give the slot pool a fake worker farm. */
  constructor(globalConfig: Record<string, unknown>, context: JestRunnerContext, parts: SlotPoolParts = {}) {
    this.#globalConfig = globalConfig;
    this.#context = context;
    this.#parts = parts;
  }

  on(): () => void {
    return () => undefined;
  }

  async runTests(tests: JestTest[]): Promise<void> {
    const plan = JSON.parse(readFileSync(process.env[WARM_PLAN_ENV] ?? '', 'utf8')) as WarmPlan;
    const fd = openSync(process.env[EVENTS_FILE_ENV] ?? '', 'a');
    const write = (event: JestEvent): void => void writeSync(fd, JSON.stringify(event) + '\n');
    const pool = new SlotPool(plan, tests, this.#globalConfig, this.#context, this.#parts);
    // Each file's tests come as soon as the suite has run that file.
    const feed = new WarmFeed(plan.testsFile, () => write({ type: 'warm-waiting', time: Date.now() }));
    try {
      // The workers start while the suite runs.
      await Promise.all(Array.from({ length: plan.workers }, (_, slot) => pool.warmUp(slot)));
      const byFile = new Map(tests.map((test) => [test.path, test]));
      const runJob = async (job: Job, slot: number): Promise<void> => {
        const outcome = await pool.call(slot, job, `^${escapeRegExp(job.name)}$`);
        const found = outcome.cases.find((entry) => entry.fullName === job.name);
        write({
          type: 'warm-result',
          time: Date.now(),
          file: job.test.path,
          fullName: job.name,
          attempt: job.attempt,
          status: outcome.timedOut ? 'timeout' : (found?.status ?? (outcome.execError === null ? 'missing' : 'failed')),
          durationMs: outcome.durationMs,
          failureMessages: found?.failureMessages ?? (outcome.execError === null ? [] : [outcome.execError]),
          leaked: outcome.leaked,
        });
      };
      // A failed lane stops the others before their next run, and wakes those waiting for tests (the runner
      // confirms what got no result).
      let failed = false;
      // The runs of one test go one after another in one lane, so `repeat` sees them in order.
      const lane = async (slot: number): Promise<void> => {
        for (let next = await feed.next(); next !== undefined && !failed; next = await feed.next()) {
          const test = byFile.get(next.file);
          // A file this Jest did not find gets no result: the runner confirms its tests in processes of their own.
          if (test === undefined) continue;
          for (let attempt = 1; attempt <= plan.repeat && !failed; attempt++)
            await runJob({ test, name: next.name, attempt }, slot);
        }
      };
      const lanes = Array.from({ length: Math.max(1, plan.workers) }, (_, slot) =>
        lane(slot).catch((error: unknown) => {
          failed = true;
          feed.close();
          throw error;
        }),
      );
      // The end below waits for every lane: a lane still in a call would write to a closed file, and its next call
      // would start a worker after the pool has ended, which nobody would end.
      const settled = await Promise.allSettled(lanes);
      for (const outcome of settled) if (outcome.status === 'rejected') throw outcome.reason;
    } finally {
      feed.close();
      closeSync(fd);
      await pool.endAll();
    }
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

// Jest loads a runner module by path and wants the class as its default export.
// eslint-disable-next-line no-restricted-syntax
export default WarmRunner;
