import { flagOf, parseCliArgs, USAGE, type CliArgs } from './cli-args';
import { signalGroup } from '../jest/process-group';
import type { ProgressEvent } from '../progress-event';
import { mergeReports, readReport } from '../report/merge-reports';
import { IsolationError } from '../errors';
import { optionMessagePrefix } from '../options';
import { progressLine } from './progress-printer';
import { runIsolation } from '../run-isolation';
import { writeReports } from '../report/write-reports';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/**
 * The `ws-isolation` command. Resolves to the exit code: 0 when every test
 * passes alone and in the suite, 1 when not, 2 for bad usage or a project it
 * cannot run. The last line printed says why.
 */
export async function runCli(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    if (args.help) {
      io.stdout(USAGE + '\n');
      return 0;
    }
    if (args.command === 'merge') return merge(args, io);
    const groups = new Set<number>();
    const onProgress = (event: ProgressEvent): void => {
      if (event.type === 'spawn') groups.add(event.pid);
      const line = args.quiet ? undefined : progressLine(event);
      if (line !== undefined) io.stderr(line + '\n');
    };
    const report = await withInterruptKill(groups, () => runIsolation({ ...args.options, onProgress }));
    const files = writeReports(report, { out: args.out, formats: args.formats });
    if (!args.quiet) io.stderr(`Reports: ${files.join(', ')}\n`);
    io.stdout(`${report.summary.ok ? 'PASS' : 'FAIL'} ${report.summary.reason}\n`);
    return report.summary.ok ? 0 : 1;
  } catch (error) {
    if (error instanceof IsolationError) {
      io.stderr(`ws-isolation: ${error.code}: ${oneLine(cliMessage(error))}\n`);
      return 2;
    }
    io.stderr(
      `ws-isolation: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 2;
  }
}

/**
 * Jest runs in process groups of its own, which Ctrl-C (SIGINT to the
 * terminal's group) never reaches: on SIGINT or SIGTERM every group this run
 * started is killed before the CLI exits.
 */
async function withInterruptKill<T>(groups: ReadonlySet<number>, work: () => Promise<T>): Promise<T> {
  const stop = (signal: NodeJS.Signals): void => {
    for (const pgid of groups) signalGroup(pgid, 'SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    return await work();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

function merge(args: CliArgs, io: CliIo): number {
  const report = mergeReports(args.reports.map(readReport));
  const files = writeReports(report, { out: args.out, formats: args.formats });
  if (!args.quiet) io.stderr(`Merged ${args.reports.length} reports: ${files.join(', ')}\n`);
  io.stdout(`${report.summary.ok ? 'PASS' : 'FAIL'} ${report.summary.reason}\n`);
  return report.summary.ok ? 0 : 1;
}

/** On the command line an option is a flag: `runIsolation() option timeoutMs must be …` reads `--timeout must be …`. */
function cliMessage(error: IsolationError): string {
  if (error.option === undefined) return error.message;
  const flag = flagOf(error.option);
  const prefix = optionMessagePrefix(error.option);
  return flag !== undefined && error.message.startsWith(prefix)
    ? `${flag} ${error.message.slice(prefix.length)}`
    : error.message;
}

/** The last line printed says why, so a message never spans lines. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}
