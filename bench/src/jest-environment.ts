import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { OUR_PACKAGES } from './ours';
import type { CaseSpec } from './plan';
import type { CaseResult } from './result';
import { missingPackages } from './runner';
import type { RunMetrics } from './workloads/metrics';

const require = createRequire(import.meta.url);

/** Preloaded into Jest's process: writes its peak RSS when it exits. */
export const RSS_HOOK = `process.on('exit', () => {
  require('node:fs').writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
`;

function trivialTestFile(file: number, tests: number): string {
  const lines = [`// Generated: ${tests} trivial tests.`];
  for (let i = 0; i < tests; i += 1)
    lines.push(`test('file ${file} test ${i}', () => { expect(${i} + 1).toBe(${i + 1}); });`);
  return `${lines.join('\n')}\n`;
}

/**
 * A fixture project per environment in a temp dir: `files` test files of
 * `tests` trivial tests and a jest.config.json that Jest finds from its cwd.
 */
function writeFixtures(files: number, tests: number): { dir: string; project(subject: string): string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wsi-bench-jest-'));
  writeFileSync(path.join(dir, 'rss-hook.cjs'), RSS_HOOK);
  const environments: Record<string, string> = {
    node: require.resolve('jest-environment-node'),
    jsdom: require.resolve('jest-environment-jsdom'),
    'ours-jsdom': require.resolve(`${OUR_PACKAGES.jestEnvironment}/jsdom`),
  };
  const projects = new Map<string, string>();
  const project = (subject: string): string => {
    const existing = projects.get(subject);
    if (existing !== undefined) return existing;
    const projectDir = path.join(dir, subject);
    mkdirSync(path.join(projectDir, 'tests'), { recursive: true });
    for (let f = 0; f < files; f += 1)
      writeFileSync(path.join(projectDir, 'tests', `file-${f}.test.js`), trivialTestFile(f, tests));
    const testEnvironment = environments[subject] ?? require.resolve(OUR_PACKAGES.jestEnvironment);
    writeFileSync(
      path.join(projectDir, 'jest.config.json'),
      JSON.stringify({ testEnvironment, transform: {}, testMatch: ['<rootDir>/tests/*.test.js'] }),
    );
    projects.set(subject, projectDir);
    return projectDir;
  };
  return { dir, project };
}

/** One real `jest` run; wall time from spawn to exit, Jest's own totals, peak RSS. */
export function runJest(
  dir: string,
  projectDir: string,
  expectedTests: number,
  timeoutMs: number,
): Promise<RunMetrics> {
  const jestBin = require.resolve('jest/bin/jest');
  const rssFile = path.join(dir, 'rss.txt');
  const jsonFile = path.join(dir, 'results.json');
  rmSync(rssFile, { force: true });
  rmSync(jsonFile, { force: true });
  const start = performance.now();
  return new Promise<RunMetrics>((resolve, reject) => {
    // --runInBand is what Jest picks by itself on a 2-core machine (one worker);
    // it also keeps the whole run in the one process whose peak RSS is read.
    const child = spawn(
      process.execPath,
      [
        '--require',
        path.join(dir, 'rss-hook.cjs'),
        jestBin,
        '--runInBand',
        '--ci',
        '--silent',
        '--json',
        '--outputFile',
        jsonFile,
      ],
      { cwd: projectDir, env: { ...process.env, BENCH_RSS_FILE: rssFile }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < 4000) stderr += chunk.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      const ms = performance.now() - start;
      try {
        const report = JSON.parse(readFileSync(jsonFile, 'utf8')) as {
          numPassedTests: number;
          numTotalTests: number;
          startTime: number;
          testResults: { endTime: number }[];
        };
        if (code !== 0 || report.numPassedTests !== expectedTests) {
          throw new Error(
            `jest exited ${signal ?? code} with ${report.numPassedTests} of ${expectedTests} tests passed`,
          );
        }
        const end = Math.max(...report.testResults.map((result) => result.endTime));
        resolve({ ms, testMs: end - report.startTime, maxRssKb: Number(readFileSync(rssFile, 'utf8')) });
      } catch (error) {
        reject(new Error(`${error instanceof Error ? error.message : String(error)}; stderr: ${stderr.slice(0, 800)}`));
      }
    });
  });
}

/**
 * The Jest environment cases: real Jest on a generated project, the
 * environments interleaved run by run (A B A B …) so that drift in the
 * machine's load hits both alike. One warm-up run each fills Jest's cache.
 */
export async function runJestCases(specs: readonly CaseSpec[]): Promise<CaseResult[]> {
  const runnable = specs.filter((spec) => missingPackages(spec).length === 0);
  const results = new Map<CaseSpec, { runs: RunMetrics[]; error?: string; wallMs: number }>();
  for (const spec of runnable) results.set(spec, { runs: [], wallMs: 0 });
  const first = specs[0];
  if (first !== undefined && runnable.length > 0) {
    const fixture = writeFixtures(first.size, first.size2 ?? 100);
    try {
      const rounds = Math.max(...runnable.map((spec) => spec.warmup + spec.runs));
      for (let round = 0; round < rounds; round += 1) {
        for (const spec of runnable) {
          const entry = results.get(spec)!;
          if (entry.error !== undefined || round >= spec.warmup + spec.runs) continue;
          const start = performance.now();
          try {
            const metrics = await runJest(
              fixture.dir,
              fixture.project(spec.subject),
              spec.size * (spec.size2 ?? 100),
              spec.timeoutMs,
            );
            if (round >= spec.warmup) entry.runs.push(metrics);
          } catch (error) {
            entry.error = error instanceof Error ? error.message : String(error);
          }
          entry.wallMs += performance.now() - start;
        }
      }
    } finally {
      rmSync(fixture.dir, { recursive: true, force: true });
    }
  }
  return specs.map((spec): CaseResult => {
    const missing = missingPackages(spec);
    if (missing.length > 0)
      return { spec, status: 'unavailable', runs: [], reason: `not yet available: ${missing.join(', ')}`, wallMs: 0 };
    const entry = results.get(spec)!;
    const maxRssKb = entry.runs.length > 0 ? Math.max(...entry.runs.map((run) => run.maxRssKb!)) : undefined;
    return entry.error !== undefined
      ? { spec, status: 'error', runs: entry.runs, reason: entry.error, wallMs: entry.wallMs }
      : { spec, status: 'ok', runs: entry.runs, maxRssKb, wallMs: entry.wallMs };
  });
}
