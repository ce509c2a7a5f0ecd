import { createRequire } from 'node:module';
import { systemClock, type Clock } from '../clock';
import type { WarmPlan } from './events';
import { warmCallOutcome, type WarmCallResult } from './warm-worker';

// Structural slices of Jest's runner and jest-worker types: the runner must not
// depend on the user's Jest version for types, only for behaviour.
interface JestTestContext {
  config: { id: string };
  moduleMap: { toJSON(): unknown };
}
export interface JestTest {
  path: string;
  context: JestTestContext;
}
export interface JestRunnerContext {
  changedFiles?: Set<string>;
  sourcesRelatedToTestsInChangedFiles?: Set<string>;
}
/** One call of a jest-worker farm: settles with the call's result; custom messages come while it runs. */
type JestWorkerCall = Promise<WarmCallResult> & {
  UNSTABLE_onCustomMessage?: (listener: () => void) => () => void;
};
export interface JestWorkerPool {
  worker(request: unknown): JestWorkerCall;
  ready(): Promise<boolean>;
  getStdout(): NodeJS.ReadableStream | null;
  getStderr(): NodeJS.ReadableStream | null;
  end(): Promise<unknown>;
}
export type JestWorkerConstructor = new (path: string, options: Record<string, unknown>) => JestWorkerPool;

/** One run of one test, as the warm runner hands it to a slot. */
export interface Job {
  test: JestTest;
  name: string;
  attempt: number;
}

/** What `SlotPool` takes from its surroundings; tests pass a fake farm and a manual clock. */
export interface SlotPoolParts {
  /** jest-worker's `Worker`; by default the one next to the project's jest-runner. */
  Worker?: JestWorkerConstructor;
  /** @default systemClock */
  clock?: Clock;
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
export class SlotPool {
  readonly #plan: WarmPlan;
  readonly #globalConfig: Record<string, unknown>;
  readonly #context: JestRunnerContext;
  readonly #resolvers: unknown[];
  readonly #Worker: JestWorkerConstructor;
  readonly #clock: Clock;
  readonly #slots = new Map<number, JestWorkerPool>();

  constructor(
    plan: WarmPlan,
    tests: JestTest[],
    globalConfig: Record<string, unknown>,
    context: JestRunnerContext,
    parts: SlotPoolParts = {},
  ) {
    this.#plan = plan;
    this.#globalConfig = globalConfig;
    this.#context = context;
    const seen = new Map<string, unknown>();
    for (const test of tests) {
      const config = test.context.config;
      if (!seen.has(config.id)) seen.set(config.id, { config, serializableModuleMap: test.context.moduleMap.toJSON() });
    }
    this.#resolvers = [...seen.values()];
    this.#Worker =
      parts.Worker ?? (createRequire(plan.jestRunner)('jest-worker') as { Worker: JestWorkerConstructor }).Worker;
    this.#clock = parts.clock ?? systemClock;
  }

  /**
   * Runs one call in the slot's worker; a call that fails, hangs or leaks
   * replaces the worker. As with a Jest process, the time limit counts from
   * the last sign of progress (the call itself, each test's start and result),
   * not from the worker's start-up.
   */
  async call(slot: number, job: Job, pattern: string): Promise<WarmCallResult & { timedOut: boolean }> {
    const worker = await this.#worker(slot);
    const clock = this.#clock;
    const started = clock.now();
    let timer: unknown;
    let expire: (value: 'timeout') => void = () => undefined;
    const timeout = new Promise<'timeout'>((resolve) => (expire = resolve));
    // Once the call is over, a message (a timed-out test reporting while its worker is ended) must not arm a
    // timer: nobody would clear it, and it would keep the Jest process alive for another timeoutMs.
    let over = false;
    const progress = (): void => {
      if (over) return;
      clock.clearTimeout(timer);
      timer = clock.setTimeout(() => expire('timeout'), this.#plan.timeoutMs);
    };
    let stopListening: (() => void) | undefined;
    let settled: WarmCallResult | 'timeout';
    let request: ReturnType<JestWorkerPool['worker']> | undefined;
    try {
      progress();
      request = worker.worker({
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
      stopListening = request.UNSTABLE_onCustomMessage?.(progress);
      settled = await Promise.race([request.then(warmCallOutcome, warmCallOutcome), timeout]);
    } finally {
      over = true;
      stopListening?.();
      clock.clearTimeout(timer);
    }
    if (settled === 'timeout') {
      void request.catch(() => undefined);
      await this.#recycle(slot);
      return { cases: [], execError: null, leaked: [], durationMs: clock.now() - started, heapUsed: 0, timedOut: true };
    }
    const clean = settled.execError === null && settled.leaked.length === 0;
    const failed = settled.cases.some((entry) => entry.status === 'failed');
    if (!clean || failed || settled.heapUsed > RECYCLE_HEAP_BYTES) await this.#recycle(slot);
    return { ...settled, durationMs: settled.durationMs || clock.now() - started, timedOut: false };
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
