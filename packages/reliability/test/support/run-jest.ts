import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as nativeSetTimeout, clearTimeout as nativeClearTimeout } from 'node:timers';

/** The parts of one test's `--json` result the matrix reads. */
export interface TestOutcome {
  title: string;
  status: string;
  failureMessages: string[];
  failureDetails: { code?: string; kind?: string; label?: string; outcome?: string }[];
}

export interface FixtureRun {
  /** Null when the run was killed. */
  exitCode: number | null;
  /** The run did not exit by itself within the bound and was killed. */
  killed: boolean;
  wallMs: number;
  /** Whether any process of the run's process group was still alive once its leader exited. */
  outlived: boolean;
  /** Per fixture file name, its tests. */
  files: Map<string, TestOutcome[]>;
  stderr: string;
}

/**
 * Runs real Jest in band in its own process group on `fixtureDir` with
 * `testEnvironment`, and never waits past `boundMs`: then the group is killed.
 */
export function runFixtureJest(
  fixtureDir: string,
  testEnvironment: string,
  options: Record<string, unknown>,
  boundMs: number,
): Promise<FixtureRun> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsi-reliability-'));
  const outputFile = path.join(outDir, 'results.json');
  const config = {
    rootDir: fixtureDir,
    testEnvironment,
    testEnvironmentOptions: { wsIsolation: options },
    testMatch: ['<rootDir>/*.test.js'],
    transform: {},
    cacheDirectory: path.join(outDir, 'cache'),
  };
  const args = [
    require.resolve('jest/bin/jest'),
    '--json',
    '--outputFile',
    outputFile,
    '--runInBand',
    '--no-watchman',
    '--config',
    JSON.stringify(config),
  ];
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0' };
  // This process is a Jest worker; the child must not take itself for one.
  delete env.JEST_WORKER_ID;
  delete env.NODE_OPTIONS;
  const started = Date.now();
  const child = spawn(process.execPath, args, {
    cwd: fixtureDir,
    env,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => {
    let killed = false;
    const timer = nativeSetTimeout(() => {
      killed = true;
      killGroup(child.pid);
    }, boundMs);
    child.on('exit', (exitCode) => {
      const wallMs = Date.now() - started;
      nativeClearTimeout(timer);
      const outlived = groupAlive(child.pid);
      killGroup(child.pid);
      const files = readResults(outputFile);
      fs.rmSync(outDir, { recursive: true, force: true });
      resolve({ exitCode, killed, wallMs, outlived, files, stderr });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Nothing left in the group.
  }
}

/** Signal 0 to the group: succeeds while any of its processes is alive. */
function groupAlive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readResults(file: string): Map<string, TestOutcome[]> {
  const files = new Map<string, TestOutcome[]>();
  if (!fs.existsSync(file)) return files;
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    testResults: { name: string; assertionResults: TestOutcome[] }[];
  };
  for (const result of json.testResults) files.set(path.basename(result.name), result.assertionResults);
  return files;
}

/** `file:line:` of the fixture line marked `// LEAK: <marker>`, as a stack frame shows it. */
export function leakLine(file: string, marker: string): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(`// LEAK: ${marker}`));
  if (index === -1) throw new Error(`no line marked "// LEAK: ${marker}" in ${file}`);
  return `${path.basename(file)}:${index + 1}:`;
}
