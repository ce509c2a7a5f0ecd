/**
 * `pnpm --filter @ws-isolation/bench vitest-setup`: the overhead of
 * `@ws-isolation/vitest/setup` against plain Vitest on the same generated
 * project (20 files of 100 trivial tests), both run by real `vitest run`,
 * interleaved run by run (A B A B …) so that drift in the machine's load hits
 * both alike; one warm-up run each. Prints the medians and their ratio and
 * writes them into their section of BENCHMARKS.md (`pnpm bench` runs it after
 * the main workloads). Not run in CI.
 *
 *   node dist/vitest-setup.js [--runs 5] [--files 20] [--tests 100] [--pool forks] [--no-write]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { readArgs, typedFlags } from '../args';
import { describeMachine, loadAverage } from '../machine';
import { VITEST_SECTION, writeOwnSection } from '../own-section';
import { median } from '../stats';

const require = createRequire(import.meta.url);
const RUN_LIMIT_MS = 10 * 60 * 1000;

type Subject = 'plain' | 'ours';

function trivialTestFile(file: number, tests: number): string {
  const lines = [`// Generated: ${tests} trivial tests (Vitest globals).`];
  for (let i = 0; i < tests; i += 1)
    lines.push(`test('file ${file} test ${i}', () => { expect(${i} + 1).toBe(${i + 1}); });`);
  return `${lines.join('\n')}\n`;
}

/** Two projects of the same test files, one with the setup file; the setup is named by its absolute path. */
function writeProjects(files: number, tests: number): { dir: string; project: Record<Subject, string> } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wsi-bench-vitest-'));
  // The ESM build, as Vitest resolves it (the CJS one would require Vitest, which refuses that).
  const setup = fileURLToPath(import.meta.resolve('@ws-isolation/vitest/setup'));
  const project = { plain: path.join(dir, 'plain'), ours: path.join(dir, 'ours') };
  for (const [subject, projectDir] of Object.entries(project)) {
    mkdirSync(path.join(projectDir, 'tests'), { recursive: true });
    for (let f = 0; f < files; f += 1)
      writeFileSync(path.join(projectDir, 'tests', `file-${f}.test.js`), trivialTestFile(f, tests));
    const test = {
      include: ['tests/*.test.js'],
      globals: true,
      ...(subject === 'ours' ? { setupFiles: [setup] } : {}),
    };
    writeFileSync(path.join(projectDir, 'vitest.config.mjs'), `export default { test: ${JSON.stringify(test)} };\n`);
  }
  return { dir, project };
}

/** One `vitest run`: wall time from spawn to exit; fails unless every test passed. */
function timeRun(projectDir: string, pool: string): Promise<number> {
  const vitestBin = path.join(path.dirname(require.resolve('vitest/package.json')), 'vitest.mjs');
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [vitestBin, 'run', `--pool=${pool}`, '--reporter=dot'], {
      cwd: projectDir,
      env: { ...process.env, CI: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_LIMIT_MS);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(performance.now() - start);
      else reject(new Error(`vitest exited ${signal ?? code}; stderr: ${stderr.slice(0, 800)}`));
    });
  });
}

async function main(): Promise<void> {
  const args = readArgs('node dist/vitest-setup.js', {
    runs: { type: 'count', default: 5, help: 'measured runs of each project, after one warm-up each' },
    files: { type: 'count', default: 20, help: 'generated test files per project' },
    tests: { type: 'count', default: 100, help: 'trivial tests per file' },
    pool: {
      type: 'text',
      default: 'forks',
      choices: ['forks', 'threads', 'vmForks', 'vmThreads'],
      help: "Vitest's pool",
    },
    'no-write': { type: 'switch', help: 'print the table, leave BENCHMARKS.md alone' },
  });
  const { runs, files, tests, pool } = args;
  const { dir, project } = writeProjects(files, tests);
  const times: Record<Subject, number[]> = { plain: [], ours: [] };
  let loadMax = loadAverage();
  try {
    for (let round = 0; round <= runs; round += 1) {
      for (const subject of ['plain', 'ours'] as const) {
        const ms = await timeRun(project[subject], pool);
        loadMax = Math.max(loadMax, loadAverage());
        // Round 0 is the warm-up: Vite's caches fill.
        if (round > 0) times[subject].push(ms);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const plain = median(times.plain);
  const ours = median(times.ours);
  const size = `${files} files × ${tests} tests, pool ${pool}, ${runs} runs each after a warm-up`;
  const machine = describeMachine();
  const where = `${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`;
  const ratio = ours / plain;
  const perTestMs = (ours - plain) / (files * tests);
  const flags = typedFlags().filter((arg) => arg !== '--no-write');
  const command = `pnpm --filter @ws-isolation/bench vitest-setup${flags.length > 0 ? ` -- ${flags.join(' ')}` : ''}`;
  const runsOf = (subject: Subject): string => times[subject].map((ms) => (ms / 1000).toFixed(1)).join(', ');
  const text = [
    VITEST_SECTION.start,
    '## Vitest setup',
    '',
    `\`${command}\` on ${new Date().toISOString()}: real \`vitest run\` (Vitest 4.1.12) on a generated project ` +
      `of ${size}, with and without \`setupFiles: ['@ws-isolation/vitest/setup']\`, run alternately. ` +
      `Machine: ${where}; load average up to ${loadMax.toFixed(1)}.`,
    '',
    '| project | plain Vitest, median (runs) | with the setup, median (runs) | setup ÷ plain | per test |',
    '| --- | --- | --- | --- | --- |',
    `| ${files * tests} trivial tests | ${(plain / 1000).toFixed(1)} s (${runsOf('plain')}) | ` +
      `${(ours / 1000).toFixed(1)} s (${runsOf('ours')}) | ${ratio.toFixed(2)}× | ${perTestMs.toFixed(1)} ms |`,
    '',
    'The setup wraps every test in a scope of the registry and checks it after the test; a trivial test makes',
    'that work the largest share it can be of a test file.',
    VITEST_SECTION.end,
  ].join('\n');
  process.stdout.write(`${text}\n`);
  writeOwnSection(text, VITEST_SECTION, !args['no-write']);
}

await main();
