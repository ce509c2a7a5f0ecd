import { unfakeableClock } from '@ws-isolation/internal';
import { createRegistry, installRegistry, type Registry, type RegistryEntry } from '@ws-isolation/registry';
import { FileIsolation } from './file-isolation';
import type { LeakOwner } from './leak';
import { describeRegistryEvent, Logger } from './logger';
import type { ResolvedIsolationOptions } from './options';
import { FILE_SCOPE, TEST_SCOPE, type IsolationScope } from './scopes';
import { ServerWatcher } from './server-watcher';
import { SocketWatcher } from './socket-watcher';
import { TimelineRecorder } from './timeline-recorder';
import { watchTlsClients } from './tls-clients';
import { schedulingSite, WorkOwners, type WorkOwner } from './work-owners';

/** Where instances tracked by late work of an ended test go (one scope per test): reported at once, closed when the running test ends. */
const LATE_SCOPE_PREFIX = 'late-work:';
const FILE_OWNER: LeakOwner = { name: 'the file (module scope, beforeAll or afterAll)', ended: 'the file finished' };
const LATE_OWNER: LeakOwner = { name: 'the file (found at teardown)', ended: 'the environment was torn down' };

export interface IsolationSessionInit<Test> {
  /** The global the registry is installed on: the test file's own. */
  testGlobal: object;
  options: ResolvedIsolationOptions;
  /** Tags the log lines: the test file's name. */
  tag: string;
  /** The test file's absolute path, which names it in a timeline; without it no timeline is recorded. */
  testPath?: string;
  /**
   * Fails `test` with `errors` while its runner can still report them (late
   * work of an ended test opened something); returns false once it cannot, and
   * the session prints them instead.
   */
  failTest(test: Test, errors: Error[]): boolean;
}

/**
 * Everything that isolates one test file, apart from the test runner: the
 * registry on the file's global, the socket and server watchers, which test
 * owns the code running now, and each scope's bounded cleanup turned into
 * errors. An adapter (the Jest environment, the Vitest setup file) tells it
 * when tests start and end and puts the errors it returns on the right test.
 *
 * The seams, for whoever needs to follow instances: they are created in the
 * registry (`registry.subscribe`) or seen by `SocketWatcher` / `ServerWatcher`;
 * `FileIsolation.finishScope` cleans up and forces; `FileIsolation.judge` is
 * where every leak is reported.
 */
export class IsolationSession<Test = unknown> {
  /** The registry installed on this file's global; the test's `getRegistry()` returns it. */
  readonly registry: Registry;
  readonly options: ResolvedIsolationOptions;
  readonly sockets: SocketWatcher | undefined;
  readonly logger: Logger;
  readonly #isolation: FileIsolation;
  readonly #servers: ServerWatcher | undefined;
  readonly #owners = new WorkOwners<Test>();
  readonly #failTest: (test: Test, errors: Error[]) => boolean;
  readonly #unsubscribeLog: () => void;
  /** Set when the isolation runner asked for a timeline (`WSI_TIMELINE_DIR`). */
  readonly #timeline: TimelineRecorder | undefined;
  readonly #unwatchTimeline: (() => void) | undefined;
  #unwatchTls: (() => void) | undefined;
  /** Whether sockets and servers made now are this file's: from `activate()` to `teardown()`. */
  #active = false;
  #scope: IsolationScope = FILE_SCOPE;
  #owner: WorkOwner<Test> | undefined;
  /** The scope of each ended test whose late work tracked instances. */
  readonly #lateScopes = new Map<WorkOwner<Test>, string>();
  /** Tests of the running concurrent group: their objects share one scope, cleaned up when the group ends. */
  #concurrent: string[] | undefined;
  #tornDown = false;

  constructor(init: IsolationSessionInit<Test>) {
    this.options = init.options;
    this.#failTest = init.failTest;
    const clock = unfakeableClock;
    const stderr = process.stderr;
    this.logger = new Logger(this.options.log, { write: (line) => stderr.write(line), now: clock.now }, init.tag);
    this.registry = installRegistry(init.testGlobal, createRegistry({ clock }));
    this.registry.setDefaultScope(FILE_SCOPE);
    this.#watchLateTracking();
    this.#timeline = init.testPath === undefined ? undefined : TimelineRecorder.fromEnv(init.testPath, clock.now);
    this.#unwatchTimeline = this.#timeline?.watchRegistry(this.registry);
    this.#unsubscribeLog = this.logger.debugEnabled
      ? this.registry.subscribe((event) => this.logger.debug(() => describeRegistryEvent(event)))
      : () => undefined;
    const scopeNow = (): IsolationScope | undefined => (this.#active ? this.#scope : undefined);
    const debug = (message: () => string): void => this.logger.debug(message);
    this.sockets = this.options.watchSockets
      ? new SocketWatcher({ scopeNow, clock, debug, lateOwner: () => this.#lateOwner(), timeline: this.#timeline })
      : undefined;
    this.#servers = this.options.watchServers
      ? new ServerWatcher({ scopeNow, clock, debug, timeline: this.#timeline })
      : undefined;
    this.#isolation = new FileIsolation({
      registry: this.registry,
      options: this.options,
      logger: this.logger,
      clock,
      ...(this.#timeline ? { timeline: this.#timeline } : {}),
      ...(this.sockets ? { sockets: this.sockets } : {}),
      ...(this.#servers ? { servers: this.#servers } : {}),
    });
  }

  /** The watchers start (after the runner's own setup of the file). */
  start(): void {
    this.#owners.enable();
    this.sockets?.start();
    this.#servers?.start();
    if (this.sockets !== undefined) this.#unwatchTls = watchTlsClients(this.sockets);
  }

  /** From now on, sockets and servers made are this file's (Jest's `setup` event; the Vitest setup file's load). */
  activate(): void {
    this.#active = true;
  }

  /** New objects belong to `scope` from now on. */
  enter(scope: IsolationScope): void {
    // While a concurrent group runs, one test ending does not end the others' scope.
    if (this.#concurrent !== undefined && scope === FILE_SCOPE) return;
    this.#scope = scope;
    // Compared with the registry, not with #scope: test code may have set another default scope.
    if (this.registry.defaultScope !== scope) this.registry.setDefaultScope(scope);
  }

  /**
   * A test starts: what its code schedules is its own (see `runAsTest`).
   * Returns false inside a concurrent group, whose tests share one scope and have no owner each.
   */
  startTest(test: Test, name: string): boolean {
    if (this.logger.debugEnabled) this.logger.debug(() => `Test started: ${name}`);
    this.#timeline?.testStart(name);
    if (this.#concurrent !== undefined) return false;
    this.#owner = this.#owners.ownerFor(test, name);
    return true;
  }

  /** Makes a test's (or its beforeEach/afterEach hook's) function run as the running test, so its timers are that test's. */
  runAsTest<F extends (...args: never[]) => unknown>(entry: { fn: F }): void {
    this.#owners.runAs(entry, () => this.#owner);
  }

  /** Runs `work` as the running test, when there is one: what it schedules is that test's. */
  runInsideTest<T>(work: () => T): T {
    const owner = this.#owner;
    return owner === undefined ? work() : this.#owners.runInside(owner, work);
  }

  /**
   * A test ended (`status`: its own result, before its leaks are judged): cleans
   * up its scope, bounded, and returns what fails it. Afterwards new objects belong to the file.
   */
  async finishTest(name: string, status?: 'pass' | 'fail'): Promise<Error[]> {
    return (await this.endTest(name, status)) ?? [];
  }

  /**
   * As `finishTest`, but a test that left nothing (nothing tracked in its
   * scope, no raw socket or listening server of it, nothing of late work left
   * to close) is finished here and now: this returns undefined, with no timer
   * and no promise made. Otherwise it returns the promise of what fails the test.
   */
  endTest(name: string, status?: 'pass' | 'fail'): Promise<Error[]> | undefined {
    this.#timeline?.testEnd(name, status);
    const owner = this.#owner;
    if (owner !== undefined) owner.ended = true;
    this.#owner = undefined;
    if (this.#concurrent !== undefined) {
      this.#concurrent.push(name);
      return undefined;
    }
    if (this.logger.debugEnabled) this.logger.debug(() => `Test done: ${name}`);
    if (!this.#lateOpen() && this.#isolation.finishQuietScope(TEST_SCOPE)) return undefined;
    return this.#cleanUpTest(owner, name);
  }

  async #cleanUpTest(owner: WorkOwner<Test> | undefined, name: string): Promise<Error[]> {
    await this.#closeLate();
    const finish = (): Promise<Error[]> =>
      this.#isolation.finishScope(TEST_SCOPE, { name: `test "${name}"`, ended: 'the test ended' });
    // As the test: what closing its leaks makes a library schedule (a reconnect) is that test's late work.
    return owner === undefined ? finish() : this.#owners.runInside(owner, finish);
  }

  /** A group of concurrent tests starts: they share one scope until `finishConcurrent()`. */
  startConcurrent(): void {
    this.#concurrent = [];
  }

  /** The concurrent group ended: a leak cannot be pinned on one of its tests, so what this returns fails the file. */
  async finishConcurrent(): Promise<Error[]> {
    const names = this.#concurrent ?? [];
    this.#concurrent = undefined;
    await this.#closeLate();
    const owner = {
      name: `one of the concurrent tests ${names.map((name) => `"${name}"`).join(', ')}`,
      ended: 'the group ended',
    };
    return this.#isolation.finishScope(TEST_SCOPE, owner);
  }

  /** The file's tests are over: cleans up every scope, bounded; what this returns fails the file. */
  async finishFile(): Promise<Error[]> {
    await this.#closeLate();
    // Every scope, not only 'file': by now whatever is left (a custom scope too) belongs to the file.
    const errors = await this.#isolation.finishScope(undefined, FILE_OWNER);
    // Nothing a test scheduled may run after its file: a reconnect loop would keep the run alive forever.
    this.#stopTimers();
    return errors;
  }

  /** The last safety net: cleans up whatever is left in every scope, bounded, and stops watching. Prints, never throws. */
  async teardown(): Promise<void> {
    if (this.#tornDown) return;
    this.#tornDown = true;
    try {
      if (this.#isolation.listOpen().length > 0) {
        // Results are already reported: anything found now can only be printed.
        const errors = await this.#isolation.finishScope(undefined, LATE_OWNER);
        for (const error of errors) this.logger.warn(error.stack ?? error.message);
      }
    } catch (error) {
      this.logger.warn(`ws-isolation: teardown cleanup failed: ${String(error)}`);
    }
    this.#active = false;
    this.#stopTimers();
    this.#unwatchTls?.();
    this.sockets?.stop();
    this.#servers?.stop();
    this.#owners.disable();
    this.#unsubscribeLog();
    this.#unwatchTimeline?.();
    this.#timeline?.close();
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
    const lateOwner = (): WorkOwner<Test> | undefined => {
      const owner = this.#owners.current();
      return owner?.ended === true ? owner : undefined;
    };
    const report = (owner: WorkOwner<Test>, entry: RegistryEntry): void => this.#reportLate(owner, entry);
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

  /** Whether late work of an ended test left something tracked that `#closeLate()` has to close. */
  #lateOpen(): boolean {
    if (this.#lateScopes.size === 0 || this.registry.size === 0) return false;
    for (const scope of this.#lateScopes.values()) if (this.registry.list({ scope }).length > 0) return true;
    return false;
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

  #reportLate(owner: WorkOwner<Test>, entry: RegistryEntry): void {
    const stopped = this.#owners.stop(owner);
    const leak = {
      entry,
      outcome: 'forced' as const,
      situation:
        'it was opened after the test ended, by work the test left scheduled (a timer or callback; the stack is ' +
        'where that work was scheduled, when async context tells)',
      detail: `the test's timers were stopped (${stopped} pending) and cleanup closes it when the running test ends`,
    };
    const errors = this.#isolation.judge(leak, { name: `test "${owner.name}"`, ended: 'the test ended' });
    if (errors.length === 0 || this.#failTest(owner.test, errors)) return;
    for (const error of errors) this.logger.warn(error.stack ?? error.message);
  }

  #stopTimers(): void {
    const cleared = this.#owners.stopAll();
    if (cleared > 0) this.logger.debug(() => `Stopped ${cleared} timer(s) that tests left pending`);
  }
}
