import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appDir, SIX_TESTS } from './run-app';

const jestBin = require.resolve('jest/bin/jest', { paths: [appDir] });

/** One suite run with `--randomize --seed`; resolves to each test's status and the order they ran in. */
function runSeeded(seed: number): Promise<{ order: string[]; statuses: Record<string, string> }> {
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'wsi-seed-')), 'results.json');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        jestBin,
        '--config',
        'jest.config.cjs',
        '--randomize',
        `--seed=${seed}`,
        '--json',
        `--outputFile=${out}`,
        '--reporters=default',
      ],
      {
        cwd: appDir,
        stdio: 'ignore',
      },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('exit', () => {
      clearTimeout(timer);
      try {
        const results = JSON.parse(fs.readFileSync(out, 'utf8'));
        const assertions: Array<{ title: string; status: string }> = results.testResults.flatMap(
          (file: { assertionResults: unknown[] }) => file.assertionResults,
        );
        resolve({
          order: assertions.map((a) => a.title),
          statuses: Object.fromEntries(assertions.map((a) => [a.title, a.status])),
        });
      } catch (error) {
        reject(error);
      } finally {
        fs.rmSync(path.dirname(out), { recursive: true, force: true });
      }
    });
  });
}

describe('the suite in random order', () => {
  it('gives the same results for 20 different seeds', async () => {
    const seeds = Array.from({ length: 20 }, (_, i) => 1000 + i * 7919);
    const runs: Array<Awaited<ReturnType<typeof runSeeded>>> = [];
    // Two at a time: the machine has two cores.
    for (let i = 0; i < seeds.length; i += 2) runs.push(...(await Promise.all(seeds.slice(i, i + 2).map(runSeeded))));

    const allPassed = Object.fromEntries(SIX_TESTS.map((name) => [name, 'passed']));
    for (const run of runs) expect(run.statuses).toEqual(allPassed);
    // The seeds really did shuffle the order.
    expect(new Set(runs.map((run) => run.order.join(','))).size).toBeGreaterThan(1);
  });
});
