/**
 * `pnpm --filter @ws-isolation/bench suite`: the suite benchmark. One Jest
 * test file of 50 tests per library (see test-files.ts), run with real Jest
 * (--runInBand, as Jest picks on 2 cores), the libraries interleaved run by
 * run so drift in the machine's load hits all alike; one warm-up run each.
 * Prints Jest's wall time and peak RSS side by side, as ratios to ours, and
 * writes them into their section of BENCHMARKS.md (`pnpm bench` runs it after
 * the main workloads; `--no-write` leaves the file alone).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { readArgs } from '../args';
import { RSS_HOOK, runJest } from '../jest-environment';
import { describeMachine, loadAverage } from '../machine';
import { OUR_PACKAGES } from '../our-packages';
import { SUITE_SECTION, writeOwnSection } from '../own-section';
import { median } from '../stats';
import type { RunMetrics } from '../workloads/metrics';
import { jestWebsocketMockFile, mockSocketFile, oursFile, SUITE_TESTS } from './test-files';

const require = createRequire(import.meta.url);
const RUNS = Number(process.env.WSI_SUITE_RUNS ?? 5);

interface Subject {
  name: string;
  file: string;
  environment: string;
}

function subjects(): Subject[] {
  return [
    {
      name: '@ws-isolation/mock-socket under @ws-isolation/jest-environment',
      file: oursFile(require.resolve(OUR_PACKAGES.mockSocket)),
      environment: require.resolve(OUR_PACKAGES.jestEnvironment),
    },
    {
      name: 'jest-websocket-mock 2.5.0 under jest-environment-node',
      file: jestWebsocketMockFile(require.resolve('jest-websocket-mock')),
      environment: require.resolve('jest-environment-node'),
    },
    {
      name: 'mock-socket 9.3.1 under jest-environment-node',
      file: mockSocketFile(require.resolve('mock-socket')),
      environment: require.resolve('jest-environment-node'),
    },
  ];
}

async function main(): Promise<void> {
  const args = readArgs('node dist/suite.js', {
    'no-write': {
      type: 'switch',
      help: 'print the table, leave BENCHMARKS.md alone (runs: WSI_SUITE_RUNS, default 5)',
    },
  });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wsi-bench-suite-'));
  writeFileSync(path.join(dir, 'rss-hook.cjs'), RSS_HOOK);
  const list = subjects();
  const projects = list.map((subject, index) => {
    const projectDir = path.join(dir, `subject-${index}`);
    mkdirSync(path.join(projectDir, 'tests'), { recursive: true });
    writeFileSync(path.join(projectDir, 'tests', 'suite.test.js'), subject.file);
    writeFileSync(
      path.join(projectDir, 'jest.config.json'),
      JSON.stringify({ testEnvironment: subject.environment, transform: {}, testMatch: ['<rootDir>/tests/*.test.js'] }),
    );
    return projectDir;
  });
  const runs: RunMetrics[][] = list.map(() => []);
  let loadMax = loadAverage();
  try {
    for (let round = 0; round <= RUNS; round += 1) {
      for (const [index, projectDir] of projects.entries()) {
        const metrics = await runJest(dir, projectDir, SUITE_TESTS, 120_000);
        loadMax = Math.max(loadMax, loadAverage());
        if (round > 0) runs[index]!.push(metrics);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const wall = runs.map((each) => median(each.map((run) => run.ms ?? 0)));
  const rss = runs.map((each) => Math.max(...each.map((run) => run.maxRssKb ?? 0)) / 1024);
  const machine = describeMachine();
  const fastestOther = Math.min(...wall.slice(1));
  const ratio = fastestOther / wall[0]!;
  const lines = [
    SUITE_SECTION.start,
    '## A whole test suite',
    '',
    `\`WSI_SUITE_RUNS=${RUNS} pnpm --filter @ws-isolation/bench suite\` on ${new Date().toISOString()}: one Jest test ` +
      `file of ${SUITE_TESTS} tests per library, each test starting a server, connecting 5 clients, exchanging 20 ` +
      `messages each way and closing, written the way each library's README writes tests; real Jest ` +
      `(\`--runInBand\`), the libraries interleaved run by run after one warm-up each. Machine: ${machine.cores} × ` +
      `${machine.cpu}, Node ${machine.node}; load average up to ${loadMax.toFixed(1)}.`,
    '',
    '| library | Jest wall time (median) | ÷ ours | peak RSS | ÷ ours |',
    '| --- | --- | --- | --- | --- |',
    ...list.map(
      (subject, index) =>
        `| ${subject.name} | ${wall[index]!.toFixed(0)} ms | ${(wall[index]! / wall[0]!).toFixed(2)}× | ` +
        `${rss[index]!.toFixed(0)} MiB | ${(rss[index]! / rss[0]!).toFixed(2)}× |`,
    ),
    '',
    `Target (issue 18): ours no slower than the fastest of the three: the fastest other takes ` +
      `${ratio.toFixed(2)}× our time (${ratio >= 1 ? 'met' : '**missed**'}).`,
    SUITE_SECTION.end,
  ];
  const text = lines.join('\n');
  process.stdout.write(`${text}\n`);
  writeOwnSection(text, SUITE_SECTION, !args['no-write']);
}

await main();
