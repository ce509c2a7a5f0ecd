import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { show } from '@ws-isolation/internal';
import { systemClock, type Clock } from './clock';
import { IsolationError, IsolationErrorCode } from './errors';
import type { ProgressEvent } from './progress-event';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_SUITE_TIMEOUT_MS = 600_000;
export const DEFAULT_TAIL_LINES = 50;

export interface RunIsolationOptions {
  /**
   * The Jest project's directory; its own `jest` runs the tests.
   * @default process.cwd()
   */
  cwd?: string;
  /**
   * A Jest config file, passed to every Jest run as `--config`.
   * @default Jest's own lookup from `cwd`
   */
  config?: string;
  /**
   * Only tests whose full name or file path (relative to `cwd`) matches this
   * regular expression.
   * @example 'session|reconnect'
   */
  filter?: string;
  /**
   * How long a test may go without progress before it is a hang: no Jest event
   * (test start, test result, file result) for this long kills the run. Applies
   * to each isolated run and to each test inside the suite run.
   * @default 30000
   */
  timeoutMs?: number;
  /**
   * The limit for the whole suite run (and for listing the tests).
   * @default 600000
   */
  suiteTimeoutMs?: number;
  /**
   * How many isolated runs go at once: warm workers, or Jest processes with `isolation: 'process'`.
   * @default the available cores with `isolation: 'warm'` (the Jest process that drives them mostly waits); half of them with `'process'`; at least 1
   */
  workers?: number;
  /**
   * Bisect the earlier tests of each test that passes alone and fails in the suite.
   * @default true
   */
  bisect?: boolean;
  /**
   * Runs each test alone this many times; results that differ mark it flaky.
   * @default 1
   */
  repeat?: number;
  /**
   * Shuffles the suite: test files in a seeded order, and Jest's `--randomize --seed`
   * inside each file. Without it the suite runs files in path order.
   */
  seed?: number;
  /**
   * How each test runs alone. `warm`: in warm Jest workers, one test per call
   * with a fresh environment and module registry, and every test that does not
   * pass there confirmed in a Jest process of its own before it is reported.
   * `process`: every test in a Jest process of its own (strict, slower).
   * @default 'warm'
   */
  isolation?: IsolationMode;
  /**
   * Runs only share `index` of `count` (both from 1) of the test files, for a
   * CI matrix; combine the shards' JSON reports with `mergeReports`. The split is
   * deterministic, balanced by `durations` when given, else by test count.
   * @example { index: 1, count: 4 }
   */
  shard?: { index: number; count: number };
  /**
   * The JSON report of an earlier run (path, relative to the current directory): its
   * per-test times balance the shards.
   */
  durations?: string;
  /**
   * Let the project's coverage settings apply to the runner's Jest processes.
   * @default false (every Jest run gets `--coverage=false`)
   */
  coverage?: boolean;
  /**
   * How many of the last output lines of each Jest process are kept for analysis.
   * @default 50
   */
  tailLines?: number;
  /** Extra environment variables for every Jest process. */
  env?: Record<string, string>;
  /** Called for each step: tests listed, a process spawned, a result. */
  onProgress?: (event: ProgressEvent) => void;
  /**
   * Timers for every limit.
   * @default Node's timers and `Date.now`
   */
  clock?: Clock;
}

/** How tests run alone: warm Jest workers, or a Jest process each. */
export type IsolationMode = 'warm' | 'process';

type OptionalKeys = 'config' | 'filter' | 'seed' | 'onProgress' | 'shard' | 'durations';
export type ResolvedOptions = Required<Omit<RunIsolationOptions, OptionalKeys | 'env'>> &
  Pick<RunIsolationOptions, OptionalKeys> & {
    env: Record<string, string>;
    filterPattern?: RegExp;
  };

const KNOWN_OPTIONS: readonly string[] = [
  'cwd',
  'config',
  'filter',
  'timeoutMs',
  'suiteTimeoutMs',
  'workers',
  'bisect',
  'repeat',
  'seed',
  'tailLines',
  'isolation',
  'shard',
  'durations',
  'coverage',
  'env',
  'onProgress',
  'clock',
];
/** The longest delay Node's timers take; a longer one fires at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Validates every option at once; the message names the option and shows the value. */
export function resolveOptions(options: RunIsolationOptions = {}): ResolvedOptions {
  if (options === null || typeof options !== 'object' || Array.isArray(options))
    invalid('options', options, 'an object');
  const unknownKey = Object.keys(options).find((key) => !KNOWN_OPTIONS.includes(key));
  if (unknownKey !== undefined) {
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `options has no option ${show(unknownKey)}; known options: ${KNOWN_OPTIONS.join(', ')}`,
      { option: unknownKey },
    );
  }
  const cwd = resolve(readString('cwd', options.cwd) ?? process.cwd());
  const config = readString('config', options.config);
  const filter = readString('filter', options.filter);
  return {
    cwd,
    config: config === undefined ? undefined : resolve(cwd, config),
    filter,
    filterPattern: filter === undefined ? undefined : readPattern(filter),
    timeoutMs: readInteger('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, 1, MAX_TIMER_MS),
    suiteTimeoutMs: readInteger('suiteTimeoutMs', options.suiteTimeoutMs, DEFAULT_SUITE_TIMEOUT_MS, 1, MAX_TIMER_MS),
    workers: readInteger('workers', options.workers, defaultWorkers(options.isolation), 1),
    bisect: readBoolean('bisect', options.bisect, true),
    repeat: readInteger('repeat', options.repeat, 1, 1),
    seed: options.seed === undefined ? undefined : readInteger('seed', options.seed, 0, -(2 ** 31), 2 ** 31 - 1),
    tailLines: readInteger('tailLines', options.tailLines, DEFAULT_TAIL_LINES, 1),
    isolation: readMode(options.isolation),
    shard: readShard(options.shard),
    durations: readString('durations', options.durations),
    coverage: readBoolean('coverage', options.coverage, false),
    env: readEnv(options.env),
    onProgress: readFunction('onProgress', options.onProgress),
    clock: readClock(options.clock),
  };
}

function invalid(name: string, value: unknown, expected: string): never {
  throw new IsolationError(IsolationErrorCode.INVALID_OPTION, `${name} must be ${expected}; received ${show(value)}`, {
    option: name,
  });
}

function readString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') invalid(name, value, 'a non-empty string');
  return value;
}

function readPattern(filter: string): RegExp {
  try {
    return new RegExp(filter);
  } catch {
    return invalid('filter', filter, 'a valid regular expression');
  }
}

function readInteger(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    invalid(name, value, max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`);
  }
  return value;
}

function defaultWorkers(mode: unknown): number {
  return Math.max(1, mode === 'process' ? Math.floor(availableParallelism() / 2) : availableParallelism());
}

function readMode(value: unknown): IsolationMode {
  if (value === undefined) return 'warm';
  if (value !== 'warm' && value !== 'process') invalid('isolation', value, '"warm" or "process"');
  return value;
}

function readShard(value: unknown): { index: number; count: number } | undefined {
  if (value === undefined) return undefined;
  const shard = value as { index?: unknown; count?: unknown } | null;
  if (
    shard === null ||
    typeof shard !== 'object' ||
    Object.keys(shard).some((key) => key !== 'index' && key !== 'count')
  )
    invalid('shard', value, 'an object { index, count }');
  if (typeof shard.count !== 'number' || typeof shard.index !== 'number')
    invalid('shard', value, 'an object { index, count }');
  const count = readInteger('shard', shard.count, 1, 1);
  const index = readInteger('shard', shard.index, 1, 1, count);
  return { index, count };
}

function readBoolean(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') invalid(name, value, 'a boolean');
  return value;
}

function readFunction<T>(name: string, value: T | undefined): T | undefined {
  if (value !== undefined && typeof value !== 'function') invalid(name, value, 'a function');
  return value;
}

function readEnv(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Object.values(value).some((entry) => typeof entry !== 'string')) {
    invalid('env', value, 'an object of strings');
  }
  return { ...(value as Record<string, string>) };
}

function readClock(value: unknown): Clock {
  if (value === undefined) return systemClock;
  const candidate = value as Partial<Clock> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.now !== 'function' ||
    typeof candidate.setTimeout !== 'function' ||
    typeof candidate.clearTimeout !== 'function'
  ) {
    invalid('clock', value, 'an object with now(), setTimeout(fn, ms) and clearTimeout(id)');
  }
  return candidate as Clock;
}

/**
 * Checks that `cwd` is a directory and `config` (when given) a file, before
 * anything is spawned: a missing project or config file is bad input, named as
 * such, not a failure of Jest to find or list tests.
 */
export function assertProjectPaths(paths: { cwd: string; config?: string | undefined }): void {
  if (statSync(paths.cwd, { throwIfNoEntry: false })?.isDirectory() !== true) {
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `cwd must be an existing directory; received ${show(paths.cwd)}`,
      { option: 'cwd' },
    );
  }
  if (paths.config !== undefined && statSync(paths.config, { throwIfNoEntry: false })?.isFile() !== true) {
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `config must be an existing file; received ${show(paths.config)}`,
      { option: 'config' },
    );
  }
}
