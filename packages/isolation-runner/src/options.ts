import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { OptionReader } from '@ws-isolation/internal';
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

const SUBJECT = 'runIsolation()';
const read = new OptionReader(
  SUBJECT,
  (message) => new IsolationError(IsolationErrorCode.INVALID_OPTION, message, { option: optionIn(message) }),
);

/** The option a reader's message names (`runIsolation() option timeoutMs must be …`), for the CLI to name its flag. */
function optionIn(message: string): string | undefined {
  const named =
    /^runIsolation\(\) option (\w+) /.exec(message) ??
    /^runIsolation\(\) has no option "([^"]*)"/.exec(message) ??
    /^runIsolation\(\) (options) must be /.exec(message);
  return named?.[1];
}

/** The start of every option message about `option`; the CLI puts its flag in its place. */
export function optionMessagePrefix(option: string): string {
  return `${SUBJECT} option ${option} `;
}

/** Validates every option at once; the message names the option and shows the value. */
export function resolveOptions(options: RunIsolationOptions = {}): ResolvedOptions {
  const given = read.object<RunIsolationOptions>(options, KNOWN_OPTIONS) ?? {};
  const cwd = resolve(read.string('cwd', given.cwd) ?? process.cwd());
  const config = read.string('config', given.config);
  const filter = read.string('filter', given.filter);
  const isolation = read.oneOf<IsolationMode>('isolation', given.isolation, ['warm', 'process']) ?? 'warm';
  return {
    cwd,
    config: config === undefined ? undefined : resolve(cwd, config),
    filter,
    filterPattern: filter === undefined ? undefined : readPattern(filter),
    timeoutMs: integer('timeoutMs', given.timeoutMs, 1, MAX_TIMER_MS) ?? DEFAULT_TIMEOUT_MS,
    suiteTimeoutMs: integer('suiteTimeoutMs', given.suiteTimeoutMs, 1, MAX_TIMER_MS) ?? DEFAULT_SUITE_TIMEOUT_MS,
    workers: read.count('workers', given.workers, 1) ?? defaultWorkers(isolation),
    bisect: boolean('bisect', given.bisect) ?? true,
    repeat: read.count('repeat', given.repeat, 1) ?? 1,
    seed: integer('seed', given.seed, -(2 ** 31), 2 ** 31 - 1),
    tailLines: read.count('tailLines', given.tailLines, 1) ?? DEFAULT_TAIL_LINES,
    isolation,
    shard: readShard(given.shard),
    durations: read.string('durations', given.durations),
    coverage: boolean('coverage', given.coverage) ?? false,
    env: readEnv(given.env),
    onProgress: read.function<NonNullable<RunIsolationOptions['onProgress']>>('onProgress', given.onProgress),
    clock: read.clock('clock', given.clock) ?? systemClock,
  };
}

function readPattern(filter: string): RegExp {
  try {
    return new RegExp(filter);
  } catch {
    throw read.invalid('filter', 'a valid regular expression', filter);
  }
}

/** A safe integer from `min` to `max`: the reader's `count` has no upper bound, and timers have one. */
function integer(name: string, value: unknown, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max)
    throw read.invalid(name, `an integer from ${min} to ${max}`, value);
  return value;
}

function boolean(name: string, value: unknown): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw read.invalid(name, 'a boolean', value);
  return value;
}

function defaultWorkers(mode: IsolationMode): number {
  return Math.max(1, mode === 'process' ? Math.floor(availableParallelism() / 2) : availableParallelism());
}

function readShard(value: unknown): { index: number; count: number } | undefined {
  const shard = read.object<{ index: number; count: number }>(value, ['index', 'count'], 'shard');
  if (shard === undefined) return undefined;
  const count = read.count('shard', shard.count, 1);
  if (count === undefined || shard.index === undefined)
    throw read.invalid('shard', 'an object { index, count }', value);
  const index = integer('shard', shard.index, 1, count)!;
  return { index, count };
}

function readEnv(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Object.values(value).some((entry) => typeof entry !== 'string'))
    throw read.invalid('env', 'an object of strings', value);
  return { ...(value as Record<string, string>) };
}

/**
 * Checks that `cwd` is a directory and `config` (when given) a file, before
 * anything is spawned: a missing project or config file is bad input, named as
 * such, not a failure of Jest to find or list tests.
 */
export function assertProjectPaths(paths: { cwd: string; config?: string | undefined }): void {
  if (statSync(paths.cwd, { throwIfNoEntry: false })?.isDirectory() !== true)
    throw read.invalid('cwd', 'an existing directory', paths.cwd);
  if (paths.config !== undefined && statSync(paths.config, { throwIfNoEntry: false })?.isFile() !== true)
    throw read.invalid('config', 'an existing file', paths.config);
}
