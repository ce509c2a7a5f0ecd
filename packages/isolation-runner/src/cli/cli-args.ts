import { parseArgs } from 'node:util';
import { IsolationError, IsolationErrorCode } from '../errors';
import type { RunIsolationOptions } from '../options';
import { REPORT_FORMATS, type ReportFormat } from '../report/write-reports';

/** What the command line asks for. */
export interface CliArgs {
  /** `run` (the default) or `merge` (combine shard reports). */
  command: 'run' | 'merge';
  /** For `merge`: the JSON reports to combine. */
  reports: string[];
  options: RunIsolationOptions;
  out: string;
  formats: ReportFormat[];
  quiet: boolean;
  help: boolean;
}

export const USAGE = `Usage: ws-isolation [run] [options]
       ws-isolation merge --out DIR [--format LIST] REPORT.json...

Runs each test of a Jest project alone and the whole suite once, finds the
tests that pollute others, and writes the isolation report.

Options:
  --cwd DIR             the Jest project (default: the current directory)
  --config FILE         Jest config file, passed to every Jest run
  --filter PATTERN      only tests whose full name or file path matches this regex
  --timeout MS          a test with no progress for this long is a hang (default 30000)
  --suite-timeout MS    limit for the whole suite run (default 600000)
  --workers N           isolated runs at once (default: half the cores)
  --out DIR             where the reports go (default: ws-isolation-report)
  --format LIST         md,json,junit,html (default: all four)
  --bisect / --no-bisect  find the test that pollutes an order-dependent one (default: on)
  --repeat N            run each test alone N times to find flaky ones (default 1)
  --seed N              shuffle the suite with this seed (Jest --randomize)
  --isolation MODE      warm (default: warm Jest workers, every non-pass confirmed
                        in a process of its own) or process (a Jest process per test)
  --shard I/N           run share I of N of the test files (for a CI matrix)
  --durations FILE      an earlier isolation-results.json, to balance the shards
  --coverage            keep the project's coverage settings (default: --coverage=false)
  --quiet               print only the last line
  --help                this text

Exit code: 0 when every test passes alone and in the suite, 1 otherwise, 2 for bad usage.`;

function integer(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value))
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `--${flag} must be an integer; received ${JSON.stringify(value)}`,
    );
  return Number(value);
}

function shardOf(value: string | undefined): RunIsolationOptions['shard'] {
  if (value === undefined) return undefined;
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || index < 1 || index > count) {
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `--shard must be I/N with 1 <= I <= N; received ${JSON.stringify(value)}`,
      { option: 'shard' },
    );
  }
  return { index, count };
}

function formats(value: string | undefined): ReportFormat[] {
  if (value === undefined) return [...REPORT_FORMATS];
  const list = value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const bad = list.find((part) => !REPORT_FORMATS.includes(part as ReportFormat));
  if (bad !== undefined || list.length === 0) {
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `--format must be a comma-separated list of ${REPORT_FORMATS.join(', ')}; received ${JSON.stringify(value)}`,
    );
  }
  return [...new Set(list as ReportFormat[])];
}

/** Parses the command line (without `node` and the script). Unknown flags are an error. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  const { values, positionals } = strictParse(argv);
  const command = positionals[0] === 'merge' ? 'merge' : 'run';
  if (command === 'run' && (positionals.length > 1 || (positionals.length === 1 && positionals[0] !== 'run'))) {
    throw new IsolationError(
      IsolationErrorCode.INVALID_OPTION,
      `the commands are "run" and "merge"; received ${JSON.stringify(positionals.join(' '))}`,
    );
  }
  const options: RunIsolationOptions = {
    cwd: values.cwd,
    config: values.config,
    filter: values.filter,
    timeoutMs: integer('timeout', values.timeout),
    suiteTimeoutMs: integer('suite-timeout', values['suite-timeout']),
    workers: integer('workers', values.workers),
    repeat: integer('repeat', values.repeat),
    seed: integer('seed', values.seed),
    bisect: values.bisect,
    isolation: values.isolation as RunIsolationOptions['isolation'],
    shard: shardOf(values.shard),
    durations: values.durations,
    coverage: values.coverage,
  };
  for (const key of Object.keys(options) as (keyof RunIsolationOptions)[])
    if (options[key] === undefined) delete options[key];
  return {
    command,
    reports: command === 'merge' ? positionals.slice(1) : [],
    options,
    out: values.out ?? 'ws-isolation-report',
    formats: formats(values.format),
    quiet: values.quiet ?? false,
    help: values.help ?? false,
  };
}

/** The flag that sets each `runIsolation()` option. */
const OPTION_FLAGS: ReadonlyMap<string, string> = new Map([
  ['cwd', '--cwd'],
  ['config', '--config'],
  ['filter', '--filter'],
  ['timeoutMs', '--timeout'],
  ['suiteTimeoutMs', '--suite-timeout'],
  ['workers', '--workers'],
  ['repeat', '--repeat'],
  ['seed', '--seed'],
  ['bisect', '--bisect'],
  ['isolation', '--isolation'],
  ['shard', '--shard'],
  ['durations', '--durations'],
  ['coverage', '--coverage'],
]);

/** The command-line flag for a `runIsolation()` option, if it has one. */
export function flagOf(option: string): string | undefined {
  return OPTION_FLAGS.get(option);
}

const FLAGS = {
  cwd: { type: 'string' },
  config: { type: 'string' },
  filter: { type: 'string' },
  timeout: { type: 'string' },
  'suite-timeout': { type: 'string' },
  workers: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  bisect: { type: 'boolean' },
  repeat: { type: 'string' },
  seed: { type: 'string' },
  isolation: { type: 'string' },
  shard: { type: 'string' },
  durations: { type: 'string' },
  coverage: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function strictParse(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, allowNegative: true, strict: true });
  } catch (error) {
    throw new IsolationError(IsolationErrorCode.INVALID_OPTION, (error as Error).message, { cause: error });
  }
}
