import path from 'node:path';
import {
  EnvironmentError,
  EnvironmentErrorCode,
  FILE_SCOPE,
  IsolationSession,
  TEST_SCOPE,
} from '@ws-isolation/isolation-core';
import type { Registry } from '@ws-isolation/registry';
import type { RunnerTestCase as Test } from 'vitest';
import type { ResolvedVitestIsolationOptions } from './options';

/** The hooks of Vitest's runner this adapter registers on the test file's root suite. */
export interface VitestHooks {
  aroundEach(fn: (runTest: () => Promise<void>, context: { task: Test }) => Promise<void>, timeout?: number): void;
  afterAll(fn: () => Promise<void>, timeout?: number): void;
}

/**
 * The Vitest adapter of the shared isolation, for one test file: its setup
 * file makes one when Vitest loads it before the file. Each test runs inside
 * an outermost `aroundEach` (before every `beforeEach`, after every
 * `afterEach` and `onTestFinished`), so what the test and its hooks create
 * and schedule is that test's; when it returns, the test's scope is cleaned
 * up and each leak is thrown from the hook, which fails that test. The file's
 * own scope is checked in the last `afterAll`.
 */
export class VitestSession {
  readonly #session: IsolationSession<Test>;
  /** Errors that belong to the file: leaks of concurrent tests, late work. Thrown by the last `afterAll`. */
  readonly #fileErrors: Error[] = [];
  /** Concurrent tests running now: they share one scope, cleaned up when the last one ends. */
  #concurrentRunning = 0;
  #fileFinished = false;

  constructor(options: ResolvedVitestIsolationOptions, testPath: string) {
    this.#session = new IsolationSession<Test>({
      testGlobal: globalThis,
      options,
      tag: path.basename(testPath),
      // Vitest has sent the test's result by the time its late work runs: the file's last hook reports it instead.
      failTest: (_test, errors) => {
        if (this.#fileFinished) return false;
        this.#fileErrors.push(...errors);
        return true;
      },
    });
  }

  /** The registry installed on the worker's global for this file; `getRegistry()` returns it. */
  get registry(): Registry {
    return this.#session.registry;
  }

  /** Starts watching and registers the hooks; what is created from now on is the file's until a test starts. */
  install(hooks: VitestHooks): void {
    const session = this.#session;
    session.start();
    session.activate();
    const { teardownTimeoutMs, cleanupTimeoutMs } = session.options;
    // Vitest's own hook timeout must not cut a bounded cleanup short: it gets the watchdog's time and then some.
    const timeout = teardownTimeoutMs + cleanupTimeoutMs + 1000;
    hooks.aroundEach((runTest, context) => this.#runTest(runTest, context.task), timeout);
    hooks.afterAll(() => this.#finishFile(), timeout);
  }

  async #runTest(runTest: () => Promise<void>, test: Test): Promise<void> {
    const session = this.#session;
    const name = test.fullTestName ?? test.name;
    if (test.concurrent === true) return this.#runConcurrent(runTest, name);
    session.startTest(test, name);
    session.enter(TEST_SCOPE);
    try {
      await session.runInsideTest(runTest);
    } finally {
      const errors = await this.#guard(session.finishTest(name));
      session.enter(FILE_SCOPE);
      throwAll(errors, `test "${name}" leaked`);
    }
  }

  /** Concurrent tests overlap, so a leak cannot be pinned on one of them: it fails the file, as under Jest. */
  async #runConcurrent(runTest: () => Promise<void>, name: string): Promise<void> {
    const session = this.#session;
    if (this.#concurrentRunning === 0) session.startConcurrent();
    this.#concurrentRunning += 1;
    session.enter(TEST_SCOPE);
    try {
      await runTest();
    } finally {
      // Only names the test for the group's report: the group's scope is cleaned up when its last test ends.
      await this.#guard(session.finishTest(name));
      this.#concurrentRunning -= 1;
      if (this.#concurrentRunning === 0) {
        this.#fileErrors.push(...(await this.#guard(session.finishConcurrent())));
        session.enter(FILE_SCOPE);
      }
    }
  }

  async #finishFile(): Promise<void> {
    const session = this.#session;
    const errors = await this.#guard(session.finishFile());
    this.#fileFinished = true;
    await session.teardown();
    throwAll([...this.#fileErrors, ...errors], 'the file leaked');
  }

  /** The session's work never rejects by design; should it, the failure is reported, not lost. */
  async #guard(work: Promise<Error[]>): Promise<Error[]> {
    try {
      return await work;
    } catch (error) {
      return [
        new EnvironmentError(
          EnvironmentErrorCode.INTERNAL,
          `ws-isolation: the Vitest setup failed while cleaning up: ${String(error)}`,
          { cause: error },
        ),
      ];
    }
  }
}

/** Vitest reports each error of an AggregateError thrown by a hook on its own, each with its own code frame. */
function throwAll(errors: Error[], summary: string): void {
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new AggregateError(errors, `${summary} ${errors.length} times`);
}
