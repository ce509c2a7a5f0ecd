/**
 * `pnpm --filter @ws-isolation/bench isolation`: the isolation runner's wall
 * time beside one plain `jest` run of the same generated project (100 and
 * 1,000 trivial tests), in both isolation modes, measured side by side in one
 * run; prints the table and writes it into BENCHMARKS.md. Not run in CI.
 *
 *   node dist/isolation.js [--runs 3] [--no-process-1000] [--no-write]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { describeMachine, loadAverage } from '../machine';
import { markdownTable } from '../report/markdown-table';
import { writeProject } from './projects';
import { ISOLATION_SECTION, writeOwnSection } from '../own-section';
import { readArgs, typedFlags } from '../args';

const require = createRequire(import.meta.url);
const PACKAGE_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** No single run may take longer (the 1,000-test project in process mode is the long one). */
const RUN_LIMIT_MS = 60 * 60 * 1000;

type Subject = 'jest' | 'warm' | 'process';

function runnerBin(): string {
  const manifestPath = require.resolve('@ws-isolation/isolation-runner/package.json');
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as { bin: Record<string, string> };
  return path.join(path.dirname(manifestPath), manifest.bin['ws-isolation']!);
}

/** One run of a subject on a project: wall time from spawn to exit. */
function timeRun(subject: Subject, project: string, out: string): Promise<number> {
  const args =
    subject === 'jest'
      ? [require.resolve('jest/bin/jest'), '--ci', '--silent']
      : [runnerBin(), '--quiet', '--format', 'json', '--out', out, '--isolation', subject];
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const { NODE_PATH: _nodePath, ...env } = process.env;
    const child = spawn(process.execPath, args, { cwd: project, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - start;
      if (code === 0) resolve(ms);
      else reject(new Error(`${subject} on ${project} exited ${code ?? signal}:\n${stderr}`));
    });
  });
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

interface Row {
  tests: number;
  runs: number;
  jest: number;
  warm: number;
  process?: number;
  /** How many process-mode runs the figure is the median of. */
  processRuns: number;
}

async function measure(tests: number, runs: number, withProcess: boolean, dir: string): Promise<Row> {
  const project = writeProject(path.join(dir, `p${tests}`), tests / 5, 5, PACKAGE_DIR);
  const out = path.join(dir, `out${tests}`);
  // One plain run first, so every measured run finds Jest's transform cache warm.
  await timeRun('jest', project, out);
  const times: Record<Subject, number[]> = { jest: [], warm: [], process: [] };
  for (let run = 0; run < runs; run += 1) {
    // Side by side: the subjects alternate, so a change in the machine's load hits each of them.
    // A process per test is the slow mode: it is measured once, beside the first run of the others.
    const strict = withProcess && run === 0 ? (['process'] as const) : [];
    for (const subject of ['jest', 'warm', ...strict] as const) {
      const ms = await timeRun(subject, project, out);
      times[subject].push(ms);
      process.stderr.write(`  ${tests} tests, ${subject}: ${seconds(ms)} (load ${loadAverage().toFixed(2)})\n`);
    }
  }
  return {
    tests,
    runs,
    jest: median(times.jest),
    warm: median(times.warm),
    process: withProcess ? median(times.process) : undefined,
    processRuns: times.process.length,
  };
}

function section(
  rows: readonly Row[],
  machine: ReturnType<typeof describeMachine>,
  command: string,
  tookMs: number,
): string {
  const table = markdownTable(
    ['project', 'plain `jest`', 'runner, warm workers', 'warm ÷ jest', 'runner, process per test', 'process ÷ jest'],
    rows.map((row) => [
      `${row.tests.toLocaleString('en-US')} tests (${row.tests / 5} files × 5), median of ${row.runs}`,
      seconds(row.jest),
      seconds(row.warm),
      `${(row.warm / row.jest).toFixed(2)}×`,
      row.process === undefined ? 'not run' : `${seconds(row.process)}${row.processRuns === 1 ? ' (1 run)' : ''}`,
      row.process === undefined ? '-' : `${(row.process / row.jest).toFixed(2)}×`,
    ]),
  );
  const hundred = rows.find((row) => row.tests === 100);
  const target =
    hundred === undefined
      ? ''
      : `\nTarget (issue 14): the 100-test project isolated in at most 3× one plain \`jest\` run: ` +
        `${(hundred.warm / hundred.jest).toFixed(2)}× (${hundred.warm / hundred.jest <= 3 ? 'met' : '**missed**'}).\n`;
  return [
    ISOLATION_SECTION.start,
    '## Isolation runner',
    '',
    `\`${command}\` on ${new Date().toISOString()} (${seconds(tookMs)}): \`ws-isolation\` (every test alone, ` +
      `the suite in band, bisection on) against one plain \`jest --ci\` run of the same generated project of ` +
      `trivial tests, with a warm transform cache. Machine: ${machine.cores} × ${machine.cpu}, Node ` +
      `${machine.node}; load average ${machine.loadStart.toFixed(2)} at the start, ${loadAverage().toFixed(2)} at the end.`,
    '',
    table,
    target,
    ISOLATION_SECTION.end,
  ].join('\n');
}

async function main(): Promise<void> {
  const args = readArgs('node dist/isolation.js', {
    runs: {
      type: 'count',
      default: 3,
      help: 'runs of the 100-test project per subject (the 1,000-test one runs once)',
    },
    'no-process-1000': { type: 'switch', help: 'leave out the 1,000-test project in process mode (the slow one)' },
    'no-write': { type: 'switch', help: 'print the table, leave BENCHMARKS.md alone' },
  });
  const runs = args.runs;
  const withProcess1000 = !args['no-process-1000'];
  const machine = describeMachine();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wsi-bench-isolation-'));
  const started = performance.now();
  try {
    const rows = [await measure(100, runs, true, dir), await measure(1000, 1, withProcess1000, dir)];
    const flags = typedFlags();
    const command = `pnpm --filter @ws-isolation/bench isolation${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`;
    const text = section(rows, machine, command, performance.now() - started);
    process.stdout.write(`${text}\n`);
    writeOwnSection(text, ISOLATION_SECTION, !args['no-write']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
