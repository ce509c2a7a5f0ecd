import path from 'node:path';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { unfakeableClock } from '@ws-isolation/internal';
import { createRegistry, installRegistry, type Registry, type RegistryEntry } from '@ws-isolation/registry';
import { EnvironmentError, EnvironmentErrorCode } from './errors';
import { FileIsolation } from './file-isolation';
import { describeRegistryEvent, Logger } from './logger';
import { OPTIONS_KEY, resolveOptions, type ResolvedOptions } from './options';
import { FILE_SCOPE, fullTestName, scopeAfterEvent, TEST_SCOPE, type IsolationScope } from './scopes';
import { ServerWatcher } from './server-watcher';
import { SocketWatcher } from './socket-watcher';
import { watchTlsClients } from './tls-clients';
import { schedulingSite, WorkOwners, type WorkOwner } from './work-owners';

/** Where instances tracked by late work of an ended test go (one scope per test): reported at once, closed when the running test ends. */
const LATE_SCOPE_PREFIX = 'late-work:';
const FILE_OWNER = { name: 'the file (module scope, beforeAll or afterAll)', ended: 'the file finished' };
const LATE_OWNER = { name: 'the file (found at teardown)', ended: 'the environment was torn down' };

/**
 * Everything the environment does for one test file, apart from which Jest
 * environment it extends: the node and the jsdom environments each hold one
 * and pass Jest's calls on to it.
 */
export class IsolationSession {
  /** The registry installed on this file's global; the test's `getRegistry()` returns it. */
  readonly registry: Registry;
  readonly options: ResolvedOptions;
  readonly sockets: SocketWatcher | undefined;
  readonly #logger: Logger;
  readonly #isolation: FileIsolation;
  readonly #servers: ServerWatcher | undefined;
  readonly #owners = new WorkOwners();
  readonly #unsubscribeLog: () => void;
  #unwatchTls: (() => void) | undefined;
  /** Whether sockets and servers made now are this file's: from Jest's `setup` event to `teardown()`. */
  #active = false;
  /** Set at `run_finish`: Jest has read every test's errors, so late work can only be printed. */
  #finished = false;
  #scope: IsolationScope = FILE_SCOPE;
  #owner: WorkOwner | undefined;
  /** The scope of each ended test whose late work tracked instances. */
  readonly #lateScopes = new Map<WorkOwner, string>();
  /** Tests of the running `test.concurrent` group: their objects share one scope, cleaned up when the group ends. */
  #concurrent: string[] | undefined;
  #tornDown = false;

  constructor(testGlobal: object, config: JestEnvironmentConfig, context: EnvironmentContext) {
    this.options = resolveOptions(config.projectConfig.testEnvironmentOptions[OPTIONS_KEY]);
    const clock = unfakeableClock;
    const stderr = process.stderr;
    this.#logger = new Logger(
      this.options.log,
      { write: (line) => stderr.write(line), now: clock.now },
      path.basename(context.testPath),
    );
    this.registry = installRegistry(testGlobal, createRegistry({ clock }));
    this.registry.setDefaultScope(FILE_SCOPE);
    this.#watchLateTracking();
    this.#unsubscribeLog = this.#logger.debugEnabled
      ? this.registry.subscribe((event) => this.#logger.debug(() => describeRegistryEvent(event)))
      : () => undefined;
    const scopeNow = (): IsolationScope | undefined => (this.#active ? this.#scope : undefined);
    const debug = (message: () => string): void => this.#logger.debug(message);
    this.sockets = this.options.watchSockets
      ? new SocketWatcher({ scopeNow, clock, debug, lateOwner: () => this.#lateOwner() })
      : undefined;
    this.#servers = this.options.watchServers ? new ServerWatcher({ scopeNow, clock, debug }) : undefined;
    this.#isolation = new FileIsolation({
      registry: this.registry,
      options: this.options,
      logger: this.#logger,
      clock,
      ...(this.sockets ? { sockets: this.sockets } : {}),
      ...(this.#servers ? { servers: this.#servers } : {}),
    });
  }

  /** After the environment's own setup: the watchers start. */
  start(): void {
    this.#owners.enable();
    this.sockets?.start();
    this.#servers?.start();
    if (this.sockets !== undefined) this.#unwatchTls = watchTlsClients(this.sockets);
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
          this.#startTest(event.test);
          break;
        case 'hook_start':
          // beforeEach and afterEach run as the test, so what they schedule is the test's too.
          if (event.hook.type === 'beforeEach' || event.hook.type === 'afterEach') {
            this.#owners.runAs(event.hook, () => this.#owner);
          }
          break;
        case 'test_done': {
          const owner = this.#owner;
          if (owner !== undefined) owner.ended = true;
          this.#owner = undefined;
          return this.#guard(this.#finishTest(event.test, owner), state, next);
        }
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
  async teardown(): Promise<void> {
    if (this.#tornDown) return;
    this.#tornDown = true;
    try {
      const leftovers = this.#isolation.listOpen();
      if (leftovers.length > 0) {
        // Results are already reported: anything found now can only be printed.
        const errors = await this.#isolation.finishScope(undefined, LATE_OWNER);
        for (const error of errors) this.#logger.warn(error.stack ?? error.message);
      }
    } catch (error) {
      this.#logger.warn(`ws-isolation: teardown cleanup failed: ${String(error)}`);
    }
    this.#active = false;
    this.#stopTimers();
    this.#unwatchTls?.();
    this.sockets?.stop();
    this.#servers?.stop();
    this.#owners.disable();
    this.#unsubscribeLog();
  }

  #startTest(test: Circus.TestEntry): void {
    if (this.#concurrent !== undefined) return;
    const owner = this.#owners.ownerFor(test, fullTestName(test));
    this.#owner = owner;
    this.#owners.runAs(test as { fn: Circus.TestFn }, () => owner);
  }

  async #finishTest(test: Circus.TestEntry, owner: WorkOwner | undefined): Promise<void> {
    const name = fullTestName(test);
    if (this.#concurrent !== undefined) {
      this.#concurrent.push(name);
      return;
    }
    this.#logger.debug(() => `Test done: ${name}`);
    await this.#closeLate();
    const finish = (): Promise<Error[]> =>
      this.#isolation.finishScope(TEST_SCOPE, { name: `test "${name}"`, ended: 'the test ended' });
    // As the test: what closing its leaks makes a library schedule (a reconnect) is that test's late work.
    const errors = await (owner === undefined ? finish() : this.#owners.runInside(owner, finish));
    test.errors.push(...errors);
  }

  async #finishConcurrent(state: Circus.State): Promise<void> {
    const names = this.#concurrent ?? [];
    this.#concurrent = undefined;
    await this.#closeLate();
    // Concurrent tests share one scope, so a leak cannot be pinned on one of them: it fails the file instead.
    const owner = {
      name: `one of the concurrent tests ${names.map((name) => `"${name}"`).join(', ')}`,
      ended: 'the group ended',
    };
    state.unhandledErrors.push(...(await this.#isolation.finishScope(TEST_SCOPE, owner)));
  }

  async #finishFile(state: Circus.State): Promise<void> {
    await this.#closeLate();
    // Every scope, not only 'file': by now whatever is left (a custom scope too) belongs to the file.
    const errors = await this.#isolation.finishScope(undefined, FILE_OWNER);
    this.#finished = true;
    state.unhandledErrors.push(...errors);
    // Nothing a test scheduled may run after its file: a reconnect loop would keep the run alive forever.
    this.#stopTimers();
  }

  /** When the code running now is work of a test that already ended (a timer it left), how to report what it opens. */
  #lateOwner(): ((entry: RegistryEntry) => void) | undefined {
    const owner = this.#owners.current();
    if (owner === undefined || !owner.ended) return undefined;
    const site = schedulingSite();
    return (entry) => this.#reportLate(owner, site === undefined ? entry : { ...entry, stack: site });
  }

  /**
   * Instances that late work of an ended test tracks (a mock socket of a
   * reconnect loop) go to their own scope and are reported against that test
   * at once, not against the test running when they appear.
   */
  #watchLateTracking(): void {
    const registry = this.registry;
    const track = registry.track;
    const lateOwner = (): WorkOwner | undefined => {
      const owner = this.#owners.current();
      return owner?.ended === true ? owner : undefined;
    };
    const report = (owner: WorkOwner, entry: RegistryEntry): void => this.#reportLate(owner, entry);
    const lateScopes = this.#lateScopes;
    // An own property of our own registry: the registry reads creation stacks from above `this.track`, so from above this one.
    registry.track = function trackLate(this: unknown, instance, options) {
      const owner = options?.scope === undefined ? lateOwner() : undefined;
      if (owner === undefined) return track.call(registry, instance, options);
      const scope = lateScopes.get(owner) ?? `${LATE_SCOPE_PREFIX}${lateScopes.size + 1}`;
      lateScopes.set(owner, scope);
      const untrack = track.call(registry, instance, { ...options, scope });
      const entry = registry.list({ scope }).at(-1);
      const site = schedulingSite();
      if (entry !== undefined) report(owner, site === undefined ? entry : { ...entry, stack: site });
      return untrack;
    };
  }

  /**
   * Closes what late work tracked, already reported, bounded by the registry's
   * own deadline. Each test's as that test: a close event a mock socket
   * delivers by microtask then runs as the (stopped) test, so a reconnect it
   * schedules is cleared instead of starting the loop again.
   */
  async #closeLate(): Promise<void> {
    const timeoutMs = this.options.cleanupTimeoutMs;
    for (const [owner, scope] of this.#lateScopes) {
      if (this.registry.list({ scope }).length === 0) continue;
      await this.#owners.runInside(owner, () => this.registry.cleanupAll({ scope, timeoutMs }));
    }
  }

  #reportLate(owner: WorkOwner, entry: RegistryEntry): void {
    const stopped = this.#owners.stop(owner);
    const leak = {
      entry,
      outcome: 'forced' as const,
      situation:
        'it was opened after the test ended, by work the test left scheduled (a timer or callback; the stack is ' +
        'where that work was scheduled, when async context tells)',
      detail: `the test's timers were stopped (${stopped} pending) and cleanup closes it when the running test ends`,
    };
    const who = { name: `test "${owner.name}"`, ended: 'the test ended' };
    // Jest reads each test's errors when the file's run finishes; until then this one can still fail.
    if (!this.#finished) owner.test.errors.push(...this.#isolation.judge(leak, who));
    else for (const error of this.#isolation.judge(leak, who)) this.#logger.warn(error.stack ?? error.message);
  }

  #stopTimers(): void {
    const cleared = this.#owners.stopAll();
    if (cleared > 0) this.#logger.debug(() => `Stopped ${cleared} timer(s) that tests left pending`);
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
