import path from 'node:path';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import {
  EnvironmentError,
  EnvironmentErrorCode,
  IsolationSession,
  type IsolationScope,
  type SocketWatcher,
} from '@ws-isolation/isolation-core';
import type { Registry } from '@ws-isolation/registry';
import { OPTIONS_KEY, resolveOptions, type ResolvedOptions } from './options';
import { fullTestName, scopeAfterEvent } from './scopes';
import { tearDownQuietly } from './teardown-quietly';

/**
 * The Jest adapter of the shared isolation: turns Jest's test events into the
 * session's test and file boundaries and puts the errors it returns where Jest
 * reads them (a test's `errors`, the run's `unhandledErrors`). The node and the
 * jsdom environments each hold one and pass Jest's calls on to it, with their
 * base class's own hook where there is one (only the class can call `super`).
 */
export class JestSession {
  readonly options: ResolvedOptions;
  readonly #session: IsolationSession<Circus.TestEntry>;
  /** Set at `run_finish`: Jest has read every test's errors, so late work can only be printed. */
  #finished = false;
  /** The running test and its full name, named once at `test_start` for `test_done` too. */
  #test: Circus.TestEntry | undefined;
  #testName = '';

  constructor(testGlobal: object, config: JestEnvironmentConfig, context: EnvironmentContext) {
    this.options = resolveOptions(config.projectConfig.testEnvironmentOptions[OPTIONS_KEY]);
    this.#session = new IsolationSession<Circus.TestEntry>({
      testGlobal,
      options: this.options,
      tag: path.basename(context.testPath),
      testPath: context.testPath,
      failTest: (test, errors) => {
        // Jest reads each test's errors when the file's run finishes; until then this one can still fail.
        if (this.#finished) return false;
        test.errors.push(...errors);
        return true;
      },
    });
  }

  /** The registry installed on this file's global; the test's `getRegistry()` returns it. */
  get registry(): Registry {
    return this.#session.registry;
  }

  get sockets(): SocketWatcher | undefined {
    return this.#session.sockets;
  }

  /** The environment's own setup (`baseSetup`), then the watchers start. */
  async setup(baseSetup: () => Promise<void>): Promise<void> {
    await baseSetup();
    this.#session.start();
  }

  /**
   * Jest awaits this for every event with no timeout, and a throw here loses
   * every result of the file: so it never throws, and every await is bounded.
   */
  handleTestEvent(event: Circus.Event, state: Circus.State): Promise<void> | void {
    const session = this.#session;
    try {
      const next = scopeAfterEvent(event);
      switch (event.name) {
        case 'setup':
          session.activate();
          return;
        case 'test_start':
          this.#test = event.test;
          this.#testName = fullTestName(event.test);
          if (session.startTest(event.test, this.#testName)) session.runAsTest(event.test);
          break;
        case 'hook_start':
          // beforeEach and afterEach run as the test, so what they schedule is the test's too.
          if (event.hook.type === 'beforeEach' || event.hook.type === 'afterEach') session.runAsTest(event.hook);
          break;
        case 'test_done': {
          const test = event.test;
          const name = test === this.#test ? this.#testName : fullTestName(test);
          this.#test = undefined;
          const ended = session.endTest(name, test.errors.length > 0 ? 'fail' : 'pass');
          // A test that left nothing was finished at once: no promise for Jest to await.
          if (ended === undefined) break;
          return this.#guard(
            ended.then((errors) => void test.errors.push(...errors)),
            state,
            next,
          );
        }
        case 'concurrent_tests_start':
          session.startConcurrent();
          break;
        case 'concurrent_tests_end':
          return this.#guard(this.#failFile(session.finishConcurrent(), state), state, next);
        case 'run_finish':
          return this.#guard(
            this.#failFile(session.finishFile(), state).then(() => void (this.#finished = true)),
            state,
            next,
          );
      }
      if (next !== undefined) session.enter(next);
    } catch (error) {
      this.#reportInternal(error, state);
    }
  }

  /**
   * The last safety net: cleans up whatever is left in every scope, bounded,
   * then runs the base environment's teardown (`base` names it in the warning
   * if it throws), which clears the global.
   */
  async teardown(baseTeardown: () => Promise<void>, base: string): Promise<void> {
    await this.#session.teardown();
    await tearDownQuietly(baseTeardown, base);
  }

  async #failFile(errors: Promise<Error[]>, state: Circus.State): Promise<void> {
    state.unhandledErrors.push(...(await errors));
  }

  /** Runs a handler's work; whatever it throws is reported, never thrown to Jest. Then moves to the next scope. */
  async #guard(work: Promise<void>, state: Circus.State, next: IsolationScope | undefined): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.#reportInternal(error, state);
    }
    if (next !== undefined) this.#session.enter(next);
  }

  #reportInternal(error: unknown, state: Circus.State): void {
    const wrapped = new EnvironmentError(
      EnvironmentErrorCode.INTERNAL,
      `ws-isolation: the environment failed while handling a Jest event: ${String(error)}`,
      { cause: error },
    );
    this.#session.logger.warn(wrapped.message);
    try {
      state.unhandledErrors.push(wrapped);
    } catch {
      // A state without its error list: the warning above is all that can be said.
    }
  }
}
