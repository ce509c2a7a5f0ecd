import { EnvironmentError, EnvironmentErrorCode } from './errors';
import { show } from '@ws-isolation/internal';

/** What happens when a test leaves something open. */
export type LeakPolicy = 'fail' | 'warn' | 'ignore';

/** How much the environment writes to stderr. */
export type LogLevel = false | 'info' | 'debug';

/**
 * A leak the user accepts: it is still cleaned up, but not reported. Every
 * field given must match; an entry must give at least one.
 *
 * @example { kind: 'mock-server', label: 'ws://shared.test' }
 */
export interface AllowedLeak {
  /** Matches the instance's `kind` exactly, e.g. `'socket'` or `'mock-server'`. */
  kind?: string;
  /** Matches when the instance's label contains this text. */
  label?: string;
}

/**
 * What a test runner's adapter (the Jest environment, the Vitest setup) reads
 * from its users: plain JSON, so the options survive a trip to worker processes.
 * Each adapter says where they are given and names them so in its messages.
 */
export interface IsolationOptions {
  /**
   * What a leak does: `'fail'` fails the test that leaked (an error on that
   * test), `'warn'` prints it to stderr and the test passes, `'ignore'` only
   * cleans up. Leaks are cleaned up in every mode.
   * @default 'fail'
   */
  onLeak?: LeakPolicy;
  /**
   * How long one cleanup (after each test, and for the file at the end) waits
   * for graceful closes before it terminates what is left.
   * @default 1000
   */
  cleanupTimeoutMs?: number;
  /**
   * The watchdog: the most any one cleanup or event handler of this
   * environment may take. Past it, the environment reports what was still
   * open and lets Jest go on. Must leave room for a whole cleanup, so it is
   * more than `2 × cleanupTimeoutMs + connectTimeoutMs + socketGraceMs`.
   * @default 5000, or twice that whole cleanup when that is more (6100 with the other defaults)
   */
  teardownTimeoutMs?: number;
  /**
   * `'info'` prints each leak and watchdog report; `'debug'` also prints every
   * registry event and cleanup step with instance ids and elapsed times.
   * Everything goes to stderr.
   * @default false
   */
  log?: LogLevel;
  /**
   * Leaks to accept (cleaned up, not reported).
   * @default []
   * @example [{ kind: 'socket', label: '127.0.0.1:5432' }]
   */
  allowLeaks?: AllowedLeak[];
  /**
   * Whether to watch raw TCP sockets (`net.client.socket` and
   * `net.server.socket` on `node:diagnostics_channel`) that tests open
   * without ws-isolation, and report the ones left open.
   * @default true
   */
  watchSockets?: boolean;
  /**
   * How long a raw socket still open when its test ends may take to close on
   * its own (a close handshake in flight) before it counts as a leak.
   * @default 50
   */
  socketGraceMs?: number;
  /**
   * How long a raw socket still connecting when its scope ends (a DNS lookup
   * or a TCP connect in flight) is followed before it is judged: a connection
   * that fails within it (refused, unknown host) is no leak, one that opens is
   * judged like any open socket, one still connecting after it is a leak.
   * @default 1000, or less when a given `teardownTimeoutMs` leaves less room
   * (a configuration written before this option existed keeps working)
   */
  connectTimeoutMs?: number;
  /**
   * Whether to watch servers (`net.Server`, so `http`, `https` and `ws`
   * servers) that start listening while a test or the file runs, and close and
   * report the ones still listening when their scope ends.
   * @default true
   */
  watchServers?: boolean;
}

/** Options with every default filled in. */
export type ResolvedIsolationOptions = Required<IsolationOptions>;

export const DEFAULT_ISOLATION_OPTIONS: Readonly<ResolvedIsolationOptions> = Object.freeze({
  onLeak: 'fail',
  cleanupTimeoutMs: 1000,
  teardownTimeoutMs: 5000,
  log: false,
  allowLeaks: [],
  watchSockets: true,
  socketGraceMs: 50,
  connectTimeoutMs: 1000,
  watchServers: true,
});

/**
 * Reads the raw options object an adapter was given (at `where`, e.g.
 * `testEnvironmentOptions.wsIsolation`) as its own enumerable properties, and
 * refuses any key other than the isolation options and the adapter's `extraKeys`.
 */
export function readOptionObject(
  raw: unknown,
  where: string,
  extraKeys: readonly string[] = [],
): Record<string, unknown> {
  if (raw === undefined) return {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw invalid(`${where} must be an object; received ${show(raw)}`);
  }
  // Own enumerable properties only, as JSON has: nothing is read through a prototype.
  const input: Record<string, unknown> = Object.fromEntries(Object.entries(raw));
  const known = [...Object.keys(DEFAULT_ISOLATION_OPTIONS), ...extraKeys];
  for (const key of Object.keys(input)) {
    // Own keys only: `key in` would take `toString` or a JSON `__proto__` key for an option.
    if (!known.includes(key)) {
      throw invalid(`${where} has no option ${show(key)}; known options: ${known.join(', ')}`);
    }
  }
  return input;
}

/** Validates the isolation options eagerly and fills in defaults; `where` names them in messages. */
export function resolveIsolationOptions(raw: unknown, where: string): ResolvedIsolationOptions {
  return readIsolationOptions(readOptionObject(raw, where), where);
}

/** The isolation options of an object `readOptionObject` returned; an adapter's own keys in it are its to read. */
export function readIsolationOptions(input: Record<string, unknown>, where: string): ResolvedIsolationOptions {
  const resolved: ResolvedIsolationOptions = {
    onLeak: readChoice(
      where,
      'onLeak',
      input.onLeak,
      ['fail', 'warn', 'ignore'] as const,
      DEFAULT_ISOLATION_OPTIONS.onLeak,
    ),
    cleanupTimeoutMs: readMs(
      where,
      'cleanupTimeoutMs',
      input.cleanupTimeoutMs,
      DEFAULT_ISOLATION_OPTIONS.cleanupTimeoutMs,
    ),
    teardownTimeoutMs: 0,
    log: readChoice(where, 'log', input.log, [false, 'info', 'debug'] as const, DEFAULT_ISOLATION_OPTIONS.log),
    allowLeaks: readAllowLeaks(where, input.allowLeaks),
    watchSockets: readChoice(
      where,
      'watchSockets',
      input.watchSockets,
      [true, false] as const,
      DEFAULT_ISOLATION_OPTIONS.watchSockets,
    ),
    socketGraceMs: readMs(where, 'socketGraceMs', input.socketGraceMs, DEFAULT_ISOLATION_OPTIONS.socketGraceMs),
    connectTimeoutMs: readMs(
      where,
      'connectTimeoutMs',
      input.connectTimeoutMs,
      DEFAULT_ISOLATION_OPTIONS.connectTimeoutMs,
    ),
    watchServers: readChoice(
      where,
      'watchServers',
      input.watchServers,
      [true, false] as const,
      DEFAULT_ISOLATION_OPTIONS.watchServers,
    ),
  };
  if (input.connectTimeoutMs === undefined && input.teardownTimeoutMs !== undefined) {
    resolved.connectTimeoutMs = fittingConnectTimeout(resolved, input.teardownTimeoutMs);
  }
  resolved.teardownTimeoutMs = readTeardownTimeout(where, input.teardownTimeoutMs, wholeCleanupMs(resolved));
  return resolved;
}

/** One option that takes one of `choices`; exported for an adapter's own options. */
export function readChoice<T extends string | boolean>(
  where: string,
  name: string,
  value: unknown,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly unknown[]).includes(value)) {
    throw invalid(
      `${where}.${name} must be one of ${choices.map((choice) => show(choice)).join(', ')}; received ${show(value)}`,
    );
  }
  return value as T;
}

function readMs(where: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalid(`${where}.${name} must be a finite number of milliseconds >= 0; received ${show(value)}`);
  }
  return value;
}

/**
 * The longest one scope's cleanup can take when nothing hangs: the registry's
 * cleanup, connection attempts followed, the socket grace, the servers' closes.
 */
function wholeCleanupMs(options: ResolvedIsolationOptions): number {
  return 2 * options.cleanupTimeoutMs + options.connectTimeoutMs + options.socketGraceMs;
}

/**
 * The default connect follow-up, shortened to what a given watchdog leaves room for, so that a
 * `teardownTimeoutMs` that fitted the cleanup before connection attempts were followed still fits.
 */
function fittingConnectTimeout(options: ResolvedIsolationOptions, teardown: unknown): number {
  if (typeof teardown !== 'number' || !Number.isFinite(teardown)) return options.connectTimeoutMs;
  const room = teardown - 1 - (2 * options.cleanupTimeoutMs + options.socketGraceMs);
  return Math.max(0, Math.min(options.connectTimeoutMs, room));
}

/** The watchdog must outlast one whole cleanup (`cleanup`), or it would fire on every forced close. */
function readTeardownTimeout(where: string, value: unknown, cleanup: number): number {
  if (value === undefined) return Math.max(DEFAULT_ISOLATION_OPTIONS.teardownTimeoutMs, 2 * cleanup);
  const ms = readMs(where, 'teardownTimeoutMs', value, DEFAULT_ISOLATION_OPTIONS.teardownTimeoutMs);
  if (ms <= cleanup) {
    throw invalid(
      `${where}.teardownTimeoutMs must be more than 2 × cleanupTimeoutMs + connectTimeoutMs + socketGraceMs (${cleanup}); received ${ms}`,
    );
  }
  return ms;
}

function readAllowLeaks(where: string, value: unknown): AllowedLeak[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalid(`${where}.allowLeaks must be an array; received ${show(value)}`);
  return value.map((item: unknown, index) => readAllowedLeak(`${where}.allowLeaks[${index}]`, item));
}

function readAllowedLeak(name: string, item: unknown): AllowedLeak {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    throw invalid(`${name} must be an object with kind and/or label; received ${show(item)}`);
  }
  const { kind, label, ...rest } = item as Record<string, unknown>;
  const extra = Object.keys(rest);
  if (extra.length > 0) throw invalid(`${name} has no field ${show(extra[0])}; use kind and/or label`);
  if (kind === undefined && label === undefined) {
    // An empty entry would allow every leak; onLeak: 'ignore' says that on purpose.
    throw invalid(`${name} must give kind and/or label; received ${show(item)}`);
  }
  for (const [field, text] of [
    ['kind', kind],
    ['label', label],
  ] as const) {
    if (text !== undefined && (typeof text !== 'string' || text === '')) {
      throw invalid(`${name}.${field} must be a non-empty string; received ${show(text)}`);
    }
  }
  return {
    ...(kind === undefined ? {} : { kind: kind as string }),
    ...(label === undefined ? {} : { label: label as string }),
  };
}

function invalid(message: string): EnvironmentError {
  return new EnvironmentError(EnvironmentErrorCode.INVALID_OPTION, message);
}
