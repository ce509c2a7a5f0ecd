import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clearTimeout as nativeClearTimeout, setTimeout as nativeSetTimeout } from 'node:timers';

/** The parts of Vitest's JSON reporter output (Jest's shape) these tests read. */
export interface AssertionResult {
  title: string;
  status: 'passed' | 'failed' | 'skipped' | 'pending' | 'todo';
  failureMessages: string[];
}

export interface FileResult {
  name: string;
  status: 'passed' | 'failed';
  message: string;
  assertionResults: AssertionResult[];
}

export interface VitestRun {
  /** Null when the process was killed. */
  exitCode: number | null;
  /** Whether the run had to be killed because it did not exit within the timeout. */
  timedOut: boolean;
  stderr: string;
  files: FileResult[];
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
      const files = readFiles(outputFile);
      fs.rmSync(outDir, { recursive: true, force: true });
      resolve({ exitCode, timedOut, stderr, files });
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

function readFiles(file: string): FileResult[] {
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { testResults: FileResult[] }).testResults;
  } catch {
    return [];
  }
}

/** The result of one test file, by file name. */
export function fileResult(run: VitestRun, fileName: string): FileResult {
  const found = run.files.find((file) => path.basename(file.name) === fileName);
  if (found === undefined) throw new Error(`no result for ${fileName}; stderr:\n${run.stderr}`);
  return found;
}

/** The result of one test of a file, by title. */
export function testResult(file: FileResult, title: string): AssertionResult {
  const found = file.assertionResults.find((test) => test.title === title);
  if (found === undefined) throw new Error(`no test "${title}" in ${file.name}`);
  return found;
}

/** `file.js:line:` of the fixture line that carries `marker` (a `// leak: …` comment), as stacks print it. */
export function markedLine(fixtureFile: string, marker: string): string {
  const lines = fs.readFileSync(fixtureFile, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(`// ${marker}`));
  if (index === -1) throw new Error(`no line marked "${marker}" in ${fixtureFile}`);
  return `${path.basename(fixtureFile)}:${index + 1}:`;
}
