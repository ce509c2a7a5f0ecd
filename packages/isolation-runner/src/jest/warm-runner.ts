import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { EVENTS_FILE_ENV, WARM_PLAN_ENV, type JestEvent, type WarmPlan } from './events';
import { WarmFeed } from './warm-feed';
import { warmCallOutcome, type WarmCallResult } from './warm-worker';

// Structural slices of Jest's runner types: the runner must not depend on the
// user's Jest version for types, only for behaviour.
interface JestTestContext {
  config: { id: string };
  moduleMap: { toJSON(): unknown };
}
interface JestTest {
  path: string;
  context: JestTestContext;
}
interface JestRunnerContext {
  changedFiles?: Set<string>;
  sourcesRelatedToTestsInChangedFiles?: Set<string>;
}
interface JestWorkerPool {
  worker(request: unknown): Promise<WarmCallResult> & { UNSTABLE_onCustomMessage?: (listener: () => void) => void };
  ready(): Promise<boolean>;
  getStdout(): NodeJS.ReadableStream | null;
  getStderr(): NodeJS.ReadableStream | null;
  end(): Promise<unknown>;
}
type JestWorkerConstructor = new (path: string, options: Record<string, unknown>) => JestWorkerPool;

interface Job {
  test: JestTest;
  name: string;
  attempt: number;
}

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

  constructor(globalConfig: Record<string, unknown>, context: JestRunnerContext) {
    this.#globalConfig = globalConfig;
    this.#context = context;
  }

  on(): () => void {
    return () => undefined;
  }

  async runTests(tests: JestTest[]): Promise<void> {
    const plan = JSON.parse(readFileSync(process.env[WARM_PLAN_ENV] ?? '', 'utf8')) as WarmPlan;
    const fd = openSync(process.env[EVENTS_FILE_ENV] ?? '', 'a');
    const write = (event: JestEvent): void => void writeSync(fd, JSON.stringify(event) + '\n');
    const pool = new SlotPool(plan, tests, this.#globalConfig, this.#context);
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
      // The runs of one test go one after another in one lane, so `repeat` sees them in order.
      const lane = async (slot: number): Promise<void> => {
        for (let next = await feed.next(); next !== undefined; next = await feed.next()) {
          const test = byFile.get(next.file);
          // A file this Jest did not find gets no result: the runner confirms its tests in processes of their own.
          if (test === undefined) continue;
          for (let attempt = 1; attempt <= plan.repeat; attempt++)
            await runJob({ test, name: next.name, attempt }, slot);
        }
      };
      await Promise.all(Array.from({ length: Math.max(1, plan.workers) }, (_, slot) => lane(slot)));
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

/**
 * A worker whose heap has grown past this is replaced after its call. Every
 * call leaves a test context behind for the collector, and a worker's heap
 * grows by hundreds of megabytes over a few hundred calls: each call then
 * costs more (a third more after 400, on 1,000 trivial tests), far more than
 * starting a fresh worker does.
 */
const RECYCLE_HEAP_BYTES = 256 * 1024 * 1024;

/** One jest-worker pool of a single process per slot, so one slot can be replaced without touching the others. */
class SlotPool {
  readonly #plan: WarmPlan;
  readonly #globalConfig: Record<string, unknown>;
  readonly #context: JestRunnerContext;
  readonly #resolvers: unknown[];
  readonly #Worker: JestWorkerConstructor;
  readonly #slots = new Map<number, JestWorkerPool>();

  constructor(plan: WarmPlan, tests: JestTest[], globalConfig: Record<string, unknown>, context: JestRunnerContext) {
    this.#plan = plan;
    this.#globalConfig = globalConfig;
    this.#context = context;
    const seen = new Map<string, unknown>();
    for (const test of tests) {
      const config = test.context.config;
      if (!seen.has(config.id)) seen.set(config.id, { config, serializableModuleMap: test.context.moduleMap.toJSON() });
    }
    this.#resolvers = [...seen.values()];
    this.#Worker = (createRequire(plan.jestRunner)('jest-worker') as { Worker: JestWorkerConstructor }).Worker;
  }

  /**
   * Runs one call in the slot's worker; a call that fails, hangs or leaks
   * replaces the worker. As with a Jest process, the time limit counts from
   * the last sign of progress (the call itself, each test's start and result),
   * not from the worker's start-up.
   */
  async call(slot: number, job: Job, pattern: string): Promise<WarmCallResult & { timedOut: boolean }> {
    const worker = await this.#worker(slot);
    const started = Date.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let expire: (value: 'timeout') => void = () => undefined;
    const timeout = new Promise<'timeout'>((resolve) => (expire = resolve));
    const progress = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => expire('timeout'), this.#plan.timeoutMs);
    };
    progress();
    const request = worker.worker({
      config: job.test.context.config,
      globalConfig: { ...this.#globalConfig, testNamePattern: pattern },
      path: job.test.path,
      context: {
        ...this.#context,
        changedFiles: this.#context.changedFiles && [...this.#context.changedFiles],
        sourcesRelatedToTestsInChangedFiles: this.#context.sourcesRelatedToTestsInChangedFiles && [
          ...this.#context.sourcesRelatedToTestsInChangedFiles,
        ],
      },
    });
    request.UNSTABLE_onCustomMessage?.(progress);
    const settled = await Promise.race([request.then(warmCallOutcome, warmCallOutcome), timeout]);
    clearTimeout(timer);
    if (settled === 'timeout') {
      void request.catch(() => undefined);
      await this.#recycle(slot);
      return { cases: [], execError: null, leaked: [], durationMs: Date.now() - started, heapUsed: 0, timedOut: true };
    }
    const clean = settled.execError === null && settled.leaked.length === 0;
    const failed = settled.cases.some((entry) => entry.status === 'failed');
    if (!clean || failed || settled.heapUsed > RECYCLE_HEAP_BYTES) await this.#recycle(slot);
    return { ...settled, durationMs: settled.durationMs || Date.now() - started, timedOut: false };
  }

  /** Starts the slot's worker now, so its start-up overlaps the suite. */
  async warmUp(slot: number): Promise<void> {
    await this.#worker(slot);
  }

  async endAll(): Promise<void> {
    await Promise.all([...this.#slots.keys()].map((slot) => this.#recycle(slot)));
  }

  async #worker(slot: number): Promise<JestWorkerPool> {
    let worker = this.#slots.get(slot);
    if (worker === undefined) {
      worker = new this.#Worker(this.#plan.workerModule, {
        exposedMethods: ['worker', 'ready'],
        forkOptions: { serialization: 'json', stdio: 'pipe' },
        maxRetries: 0,
        numWorkers: 1,
        setupArgs: [{ serializableResolvers: this.#resolvers }],
      });
      // Nobody reads a warm worker's output (a non-pass is confirmed in a process of its own), but a full pipe would block it.
      worker.getStdout()?.resume();
      worker.getStderr()?.resume();
      this.#slots.set(slot, worker);
      // Start-up is not the test's time: on a loaded machine a fresh worker takes seconds to load Jest's modules.
      await worker.ready();
    }
    return worker;
  }

  async #recycle(slot: number): Promise<void> {
    const worker = this.#slots.get(slot);
    this.#slots.delete(slot);
    // jest-worker asks the child to exit and force-kills it after a short grace.
    await worker?.end().catch(() => undefined);
  }
}

// Jest loads a runner module by path and wants the class as its default export.
// eslint-disable-next-line no-restricted-syntax
export default WarmRunner;
