import type { Clock } from '@ws-isolation/internal';
import type { Registry, RegistryEntry } from '@ws-isolation/registry';
import { raceDeadline } from './deadline';
import { EnvironmentError, EnvironmentErrorCode } from './errors';
import { describeLeak, isAllowed, leaksFromReport, type Leak, type LeakOwner } from './leak';
import { LeakError } from './leak-error';
import type { Logger } from './logger';
import type { ResolvedIsolationOptions } from './options';
import type { ServerWatcher } from './server-watcher';
import type { SocketWatcher } from './socket-watcher';
import type { TimelineRecorder } from './timeline-recorder';
import { userFrames } from './user-frames';
import { TeardownTimeoutError } from './teardown-timeout-error';

export interface FileIsolationOptions {
  /** The environment-side registry (the one installed on the test's global). */
  registry: Registry;
  options: ResolvedIsolationOptions;
  logger: Logger;
  /** Timers for the watchdog; the outer realm's, so a test's fake timers cannot stop it. */
  clock: Clock;
  /** Raw-socket watcher, when `watchSockets` is on. */
  sockets?: SocketWatcher;
  /** Listening-server watcher, when `watchServers` is on. */
  servers?: ServerWatcher;
  /** Records cleanups and leaks, when the isolation runner asked for a timeline. */
  timeline?: TimelineRecorder;
}

/**
 * The per-file isolation logic, apart from Jest: cleans up a scope in bounded
 * time and turns what was left open into errors, warnings or nothing, as
 * `onLeak` says. Never rejects.
 */
export class FileIsolation {
  readonly #registry: Registry;
  readonly #options: ResolvedIsolationOptions;
  readonly #logger: Logger;
  readonly #clock: Clock;
  readonly #sockets: SocketWatcher | undefined;
  readonly #servers: ServerWatcher | undefined;
  readonly #timeline: TimelineRecorder | undefined;

  constructor(init: FileIsolationOptions) {
    this.#registry = init.registry;
    this.#options = init.options;
    this.#logger = init.logger;
    this.#clock = init.clock;
    this.#sockets = init.sockets;
    this.#servers = init.servers;
    this.#timeline = init.timeline;
  }

  /**
   * Cleans up one scope (or every scope) and returns the errors to report
   * under `onLeak: 'fail'` (leaks, or the watchdog's report); under `'warn'`
   * leaks are printed instead and only a watchdog report is returned.
   */
  async finishScope(scope: string | undefined, owner: LeakOwner): Promise<Error[]> {
    this.#logger.debug(() => `Cleaning up scope ${scope ?? '*'} of ${owner.name}`);
    const open = this.#timeline === undefined ? 0 : this.listOpen(scope).length;
    const cleaned = this.#timeline?.cleanupStart(scope, open, this.#options.cleanupTimeoutMs);
    const raced = await raceDeadline(
      this.#collectLeaks(scope),
      this.#options.teardownTimeoutMs,
      this.#clock,
      (error) => [internalError(`cleanup of ${owner.name}`, error)],
    );
    cleaned?.();
    if (!raced.done) return [this.#watchdog(scope, owner)];
    const errors: Error[] = [];
    for (const item of raced.value) {
      if (item instanceof Error) errors.push(item);
      else errors.push(...this.judge(item, owner));
    }
    return errors;
  }

  /**
   * When nothing is open in `scope` (no tracked instance, raw socket or
   * listening server), finishes it here and now as `finishScope` would, with
   * nothing to clean up and nothing to report, and returns true: no timer, no
   * promise. Otherwise returns false and does nothing, for `finishScope` to do.
   */
  finishQuietScope(scope: string): boolean {
    if (this.#registry.size > 0 && this.#registry.list({ scope }).length > 0) return false;
    if (this.#sockets?.hasOpen(scope) === true || this.#servers?.hasListening(scope) === true) return false;
    if (this.#logger.debugEnabled) this.#logger.debug(() => `Nothing to clean up in scope ${scope}`);
    // The timeline shows the (empty) cleanup as finishScope would.
    this.#timeline?.cleanupStart(scope, 0, this.#options.cleanupTimeoutMs)();
    return true;
  }

  /** Lists what is open in a scope (or all): tracked instances, raw sockets and listening servers. */
  listOpen(scope?: string): RegistryEntry[] {
    return [
      ...this.#registry.list(scope === undefined ? {} : { scope }),
      ...(this.#sockets?.list(scope) ?? []),
      ...(this.#servers?.list(scope) ?? []),
    ];
  }

  async #collectLeaks(scope: string | undefined): Promise<Array<Leak | Error>> {
    const timeoutMs = this.#options.cleanupTimeoutMs;
    const before = this.#registry.list(scope === undefined ? {} : { scope });
    const leaks: Array<Leak | Error> = [];
    // Most tests leave nothing: skip the registry's cleanup (and its timer) then.
    if (before.length > 0) {
      const report = await this.#registry.cleanupAll(scope === undefined ? { timeoutMs } : { timeoutMs, scope });
      leaks.push(...leaksFromReport(report, timeoutMs, before));
    }
    if (this.#sockets !== undefined) {
      const graceMs = this.#options.socketGraceMs;
      const connectMs = this.#options.connectTimeoutMs;
      // Connections a leaking server accepted are part of that server's report.
      const quiet = this.#servers?.accepted(scope);
      for (const entry of await this.#sockets.settle(scope, { graceMs, connectMs, ...(quiet ? { quiet } : {}) })) {
        leaks.push({ entry, outcome: 'forced', detail: socketDetail(entry, graceMs, connectMs) });
      }
    }
    for (const entry of (await this.#servers?.settle(scope, timeoutMs)) ?? []) {
      leaks.push({
        entry,
        outcome: 'forced',
        detail: 'it was still listening, so cleanup closed it and destroyed its connections',
      });
    }
    return leaks;
  }

  /** What a leak becomes under `onLeak`: errors to report under 'fail', a printed line under 'warn'. */
  judge(leak: Leak, owner: LeakOwner): Error[] {
    if (isAllowed(leak, this.#options.allowLeaks)) {
      this.#logger.debug(() => `Allowed leak of ${describeLeak(leak)} by ${owner.name}`);
      return [];
    }
    this.#timeline?.leak(leak.entry.id, owner.name, leak.outcome);
    const line = `${owner.name} leaked ${describeLeak(leak)}; ${leak.detail}`;
    switch (this.#options.onLeak) {
      case 'fail':
        this.#logger.info(() => line);
        return [new LeakError(leak, owner)];
      case 'warn':
        this.#logger.warn(`${line}. Created at:\n${userFrames(leak.entry.stack)}`);
        return [];
      case 'ignore':
        this.#logger.info(() => line);
        return [];
    }
  }

  #watchdog(scope: string | undefined, owner: LeakOwner): Error {
    const open = this.listOpen(scope);
    const error = new TeardownTimeoutError(`cleanup of ${owner.name}`, this.#options.teardownTimeoutMs, open);
    this.#logger.warn(error.message);
    // Whatever is still open is terminated now: the run must go on.
    void this.#registry.cleanupAll({ timeoutMs: 0, ...(scope === undefined ? {} : { scope }) }).catch(() => undefined);
    void this.#sockets?.settle(scope, { graceMs: 0, connectMs: 0 }).catch(() => undefined);
    void this.#servers?.settle(scope, 0).catch(() => undefined);
    return error;
  }
}

function socketDetail(entry: RegistryEntry, graceMs: number, connectMs: number): string {
  if (entry.state === 'opening') {
    return `it was still connecting after connectTimeoutMs (${connectMs} ms), so cleanup destroyed it`;
  }
  // An accepted connection has no line of its own; say why it is reported without its client.
  const unseen = entry.kind === 'server-socket' ? ' (its client side was not seen: a client outside this process)' : '';
  return `it did not close within socketGraceMs (${graceMs} ms)${unseen}, so cleanup destroyed it`;
}

function internalError(what: string, cause: unknown): Error {
  return new EnvironmentError(EnvironmentErrorCode.INTERNAL, `ws-isolation: ${what} failed: ${String(cause)}`, {
    cause,
  });
}
