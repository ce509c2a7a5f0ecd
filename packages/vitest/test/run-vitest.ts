import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearTimeout as nativeClearTimeout, setTimeout as nativeSetTimeout } from 'node:timers';
import type { JestJson } from '@ws-isolation/test-utils';

export interface VitestRun {
  /** Null when the process was killed. */
  exitCode: number | null;
  /** Whether the run had to be killed because it did not exit within the timeout. */
  timedOut: boolean;
  stderr: string;
  /** Vitest's JSON reporter writes Jest's shape; undefined when it wrote nothing. */
  results: JestJson | undefined;
}

/**
 * Runs `vitest run` in a child process with the JSON reporter writing to a
 * file. Never hangs: past `timeoutMs` the process group is killed and the run
 * is reported as timed out (the tests assert it did not).
 */
export function runVitest(
  vitestBin: string,
  cwd: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<VitestRun> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsi-vitest-run-'));
  const outputFile = path.join(outDir, 'results.json');
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: '1' };
  // The parent is a Jest worker; the child must not think it is one.
  delete env.JEST_WORKER_ID;
  delete env.NODE_OPTIONS;
  const child = spawn(process.execPath, [vitestBin, 'run', '--reporter=json', `--outputFile=${outputFile}`, ...args], {
    cwd,
    env,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise<VitestRun>((resolve) => {
    let timedOut = false;
    const timer = nativeSetTimeout(() => {
      timedOut = true;
      killTree(child.pid);
    }, timeoutMs);
    child.on('close', (exitCode) => {
      nativeClearTimeout(timer);
      const results = readResults(outputFile);
      fs.rmSync(outDir, { recursive: true, force: true });
      resolve({ exitCode, timedOut, stderr, results });
    });
  });
}

function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

function readResults(file: string): JestJson | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as JestJson;
  } catch {
    return undefined;
  }
}
