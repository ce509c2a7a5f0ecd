import path from 'node:path';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { createRegistry, installRegistry, unfakeableClock, type Registry } from '@ws-isolation/registry';
import { TestEnvironment as NodeEnvironment } from 'jest-environment-node';
import { EnvironmentError, EnvironmentErrorCode } from './errors';
import { FileIsolation } from './file-isolation';
import { describeRegistryEvent, Logger } from './logger';
import { OPTIONS_KEY, resolveOptions, type ResolvedOptions } from './options';
import { FILE_SCOPE, fullTestName, scopeAfterEvent, TEST_SCOPE, type IsolationScope } from './scopes';
import { SocketWatcher } from './socket-watcher';

const FILE_OWNER = { name: 'the file (module scope, beforeAll or afterAll)', ended: 'the file finished' };

/**
 * A Jest environment (extends jest-environment-node) that isolates every
 * test: what a test leaves open is cleaned up after it, in bounded time, and
 * reported as a failure of that test; nothing it does can hang the run.
 *
 * @example
 * // jest.config.js
 * module.exports = { testEnvironment: '@ws-isolation/jest-environment' };
 */
export class WsIsolationEnvironment extends NodeEnvironment {
  /** The registry installed on this file's global; the test's `getRegistry()` returns it. */
  readonly registry: Registry;
  /** The options in force, defaults filled in. */
  readonly options: ResolvedOptions;
  readonly #logger: Logger;
  readonly #isolation: FileIsolation;
  readonly #sockets: SocketWatcher | undefined;
  readonly #unsubscribeLog: () => void;
  /** Whether sockets created now are this file's: from Jest's `setup` event to `run_finish`. */
  #active = false;
  #scope: IsolationScope = FILE_SCOPE;
  /** Tests of the running `test.concurrent` group: their objects share one scope, cleaned up when the group ends. */
  #concurrent: string[] | undefined;
  #tornDown = false;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    super(config, context);
    this.options = resolveOptions(config.projectConfig.testEnvironmentOptions[OPTIONS_KEY]);
    const clock = unfakeableClock;
    const stderr = process.stderr;
    this.#logger = new Logger(
      this.options.log,
      { write: (line) => stderr.write(line), now: clock.now },
      path.basename(context.testPath),
    );
    this.registry = installRegistry(this.global, createRegistry({ clock }));
    this.registry.setDefaultScope(FILE_SCOPE);
    this.#unsubscribeLog = this.#logger.debugEnabled
      ? this.registry.subscribe((event) => this.#logger.debug(() => describeRegistryEvent(event)))
      : () => undefined;
    this.#sockets = this.options.watchSockets
      ? new SocketWatcher({
          scopeNow: () => (this.#active ? this.#scope : undefined),
          clock,
          debug: (message) => this.#logger.debug(message),
        })
      : undefined;
    this.#isolation = new FileIsolation({
      registry: this.registry,
      options: this.options,
      logger: this.#logger,
      clock,
      ...(this.#sockets ? { sockets: this.#sockets } : {}),
    });
  }

  override async setup(): Promise<void> {
    await super.setup();
    this.#sockets?.start();
  }

  /**
   * Jest awaits this for every event with no timeout, and a throw here loses
   * every result of the file: so it never throws, and every await is bounded.
   */
  handleTestEvent(event: Circus.Event, state: Circus.State): Promise<void> | void {
    try {
      const next = scopeAfterEvent(event);
      switch (event.name) {
        case 'setup':
          this.#active = true;
          return;
        case 'test_start':
          this.#logger.debug(() => `Test started: ${fullTestName(event.test)}`);
          break;
        case 'test_done':
          return this.#guard(this.#finishTest(event.test), state, next);
        case 'concurrent_tests_start':
          this.#concurrent = [];
          break;
        case 'concurrent_tests_end':
          return this.#guard(this.#finishConcurrent(state), state, next);
        case 'run_finish':
          return this.#guard(this.#finishFile(state), state, next);
      }
      if (next !== undefined) this.#enter(next);
    } catch (error) {
      this.#reportInternal(error, state);
    }
  }

  /** The last safety net: cleans up whatever is left in every scope, bounded, before Jest clears the global. */
  override async teardown(): Promise<void> {
    if (!this.#tornDown) {
      this.#tornDown = true;
      this.#active = false;
      try {
        const leftovers = this.#isolation.listOpen();
        if (leftovers.length > 0) {
          // Results are already reported: anything found now can only be printed.
          const errors = await this.#isolation.finishScope(undefined, {
            name: 'the file (found at teardown)',
            ended: 'the environment was torn down',
          });
          for (const error of errors) this.#logger.warn(error.stack ?? error.message);
        }
      } catch (error) {
        this.#logger.warn(`ws-isolation: teardown cleanup failed: ${String(error)}`);
      }
      this.#sockets?.stop();
      this.#unsubscribeLog();
    }
    try {
      await super.teardown();
    } catch (error) {
      // A throw from teardown() loses every result of the file; say it instead.
      this.#logger.warn(`ws-isolation: jest-environment-node's teardown failed: ${String(error)}`);
    }
  }

  async #finishTest(test: Circus.TestEntry): Promise<void> {
    const name = fullTestName(test);
    if (this.#concurrent !== undefined) {
      this.#concurrent.push(name);
      return;
    }
    this.#logger.debug(() => `Test done: ${name}`);
    const errors = await this.#isolation.finishScope(TEST_SCOPE, { name: `test "${name}"`, ended: 'the test ended' });
    test.errors.push(...errors);
  }

  async #finishConcurrent(state: Circus.State): Promise<void> {
    const names = this.#concurrent ?? [];
    this.#concurrent = undefined;
    // Concurrent tests share one scope, so a leak cannot be pinned on one of them: it fails the file instead.
    const owner = {
      name: `one of the concurrent tests ${names.map((name) => `"${name}"`).join(', ')}`,
      ended: 'the group ended',
    };
    state.unhandledErrors.push(...(await this.#isolation.finishScope(TEST_SCOPE, owner)));
  }

  async #finishFile(state: Circus.State): Promise<void> {
    // Every scope, not only 'file': by now whatever is left (a custom scope too) belongs to the file.
    const errors = await this.#isolation.finishScope(undefined, FILE_OWNER);
    this.#active = false;
    state.unhandledErrors.push(...errors);
  }

  /** Runs a handler's work; whatever it throws is reported, never thrown to Jest. Then moves to the next scope. */
  async #guard(work: Promise<void>, state: Circus.State, next: IsolationScope | undefined): Promise<void> {
    try {
      await work;
    } catch (error) {
      this.#reportInternal(error, state);
    }
    if (next !== undefined) this.#enter(next);
  }

  #enter(scope: IsolationScope): void {
    // While a concurrent group runs, one test ending does not end the others' scope.
    if (this.#concurrent !== undefined && scope === FILE_SCOPE) return;
    this.#scope = scope;
    // Compared with the registry, not with #scope: test code may have set another default scope.
    if (this.registry.defaultScope !== scope) this.registry.setDefaultScope(scope);
  }

  #reportInternal(error: unknown, state: Circus.State): void {
    const wrapped = new EnvironmentError(
      EnvironmentErrorCode.INTERNAL,
      `ws-isolation: the environment failed while handling a Jest event: ${String(error)}`,
      { cause: error },
    );
    this.#logger.warn(wrapped.message);
    try {
      state.unhandledErrors.push(wrapped);
    } catch {
      // A state without its error list: the warning above is all that can be said.
    }
  }
}
