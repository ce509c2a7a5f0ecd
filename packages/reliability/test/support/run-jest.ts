import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runJest, type AssertionResult, type JestRun } from '@ws-isolation/test-utils';

export interface FixtureRun extends JestRun {
  /** Per fixture file name, its tests. */
  files: Map<string, AssertionResult[]>;
}

/**
 * Runs real Jest in band on the `*.test.js` files of `fixtureDir` under
 * `testEnvironment` with the given `wsIsolation` options, never waiting
 * past `boundMs`.
 */
export async function runFixtureJest(
  fixtureDir: string,
  testEnvironment: string,
  options: Record<string, unknown>,
  boundMs: number,
): Promise<FixtureRun> {
  const cacheDirectory = fs.mkdtempSync(path.join(os.tmpdir(), 'wsi-reliability-cache-'));
  try {
    const run = await runJest({
      jestBin: require.resolve('jest/bin/jest'),
      cwd: fixtureDir,
      timeoutMs: boundMs,
      config: {
        rootDir: fixtureDir,
        testEnvironment,
        testEnvironmentOptions: { wsIsolation: options },
        testMatch: ['<rootDir>/*.test.js'],
        transform: {},
        cacheDirectory,
      },
    });
    const files = new Map<string, AssertionResult[]>();
    for (const result of run.results?.testResults ?? []) files.set(path.basename(result.name), result.assertionResults);
    return { ...run, files };
  } finally {
    fs.rmSync(cacheDirectory, { recursive: true, force: true });
  }
}
