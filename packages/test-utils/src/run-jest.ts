import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as nativeSetTimeout, clearTimeout as nativeClearTimeout } from 'node:timers';

/** What the environment attaches to a failure (`failureDetails`), as far as tests read it. */
export interface FailureDetail {
  code?: string;
  kind?: string;
  instanceId?: string;
  label?: string;
  outcome?: string;
}

/** One test of Jest's `--json` output. */
export interface AssertionResult {
  title: string;
  fullName: string;
  status: 'passed' | 'failed' | 'pending' | 'todo';
  failureMessages: string[];
  failureDetails: FailureDetail[];
}

/** One test file of Jest's `--json` output. */
export interface FileResult {
  name: string;
  status: 'passed' | 'failed';
  message: string;
  assertionResults: AssertionResult[];
}

/** The parts of Jest's `--json` output these tests read. */
export interface JestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: FileResult[];
}

export interface JestRun {
  /** Null when the process was killed. */
  exitCode: number | null;
  /** Whether the run had to be killed because it did not exit within `timeoutMs`. */
  timedOut: boolean;
  /** From the start to the exit of Jest's own process. */
  wallMs: number;
  /** Whether any process of the run's process group was still alive once Jest's own process exited. */
  outlived: boolean;
  stderr: string;
  /** Undefined when Jest wrote no results (it crashed or was killed first). */
  results: JestJson | undefined;
}

export interface RunJestOptions {
  /** The Jest CLI to run (`require.resolve('jest/bin/jest')`). */
  jestBin: string;
  cwd: string;
  /** Passed as `--config <json>`; omit to let Jest find the project's own config. */
  config?: Record<string, unknown>;
  /** More arguments for Jest, after `--json --outputFile <file> --runInBand --no-watchman`. */
  args?: string[];
  /** Past this the whole process group is killed and the run reported as timed out. */
  timeoutMs: number;
}

/**
 * Runs real Jest in a child process of its own process group, in band (so a
 * leaked handle keeps that very process alive), with its `--json` results
 * written to a file. Never hangs: past `timeoutMs` the group is killed.
 */
export function runJest(options: RunJestOptions): Promise<JestRun> {
  return runWithJsonResults({
    cwd: options.cwd,
    timeoutMs: options.timeoutMs,
    argv: (outputFile) => [
      options.jestBin,
      '--json',
      '--outputFile',
      outputFile,
      '--runInBand',
      '--no-watchman',
      ...(options.args ?? []),
      ...(options.config === undefined ? [] : ['--config', JSON.stringify(options.config)]),
    ],
  });
}

export interface RunWithJsonResultsOptions {
  cwd: string;
  /** Node's arguments (the CLI script first), given the file the run must write its Jest-shaped JSON results to. */
  argv: (outputFile: string) => string[];
  /** Added to this process's environment. */
  env?: NodeJS.ProcessEnv;
  /** Past this the whole process group is killed and the run reported as timed out. */
  timeoutMs: number;
}

/**
 * Runs a test runner's CLI (Jest, Vitest) with Node in a child process of its
 * own process group, reading back the Jest-shaped JSON results it writes to a
 * file. Never hangs: past `timeoutMs` the group is killed. Once the runner's
 * process exits, whatever else of the group is left is noted (`outlived`) and
 * killed.
 */
export function runWithJsonResults(options: RunWithJsonResultsOptions): Promise<JestRun> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'wsi-test-run-'));
  const outputFile = path.join(outDir, 'results.json');
  const env: NodeJS.ProcessEnv = { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...options.env };
  // The parent is a Jest worker itself; the child must not take itself for one.
  delete env.JEST_WORKER_ID;
  delete env.NODE_OPTIONS;
  const started = Date.now();
  const child = spawn(process.execPath, options.argv(outputFile), {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    stderr += chunk;
  });
  return new Promise<JestRun>((resolve) => {
    let timedOut = false;
    let wallMs = 0;
    let outlived = false;
    const timer = nativeSetTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, options.timeoutMs);
    child.on('exit', () => {
      wallMs = Date.now() - started;
      nativeClearTimeout(timer);
      outlived = groupAlive(child.pid);
      // What is left of the group may hold stderr open; `close` follows once it is gone.
      killGroup(child.pid);
    });
    child.on('close', (exitCode) => {
      const results = readResults(outputFile);
      fs.rmSync(outDir, { recursive: true, force: true });
      resolve({ exitCode, timedOut, wallMs, outlived, stderr, results });
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

function readResults(file: string): JestJson | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as JestJson;
  } catch {
    return undefined;
  }
}

/** The result of one test file, by file name. */
export function fileResult(results: JestJson | undefined, fileName: string): FileResult {
  const found = results?.testResults.find((result) => path.basename(result.name) === fileName);
  if (found === undefined) throw new Error(`no result for ${fileName}`);
  return found;
}

/** The result of one test, by title. */
export function testResult(file: FileResult, title: string): AssertionResult {
  const found = file.assertionResults.find((result) => result.title === title);
  if (found === undefined) throw new Error(`no test titled ${JSON.stringify(title)} in ${file.name}`);
  return found;
}

/** `file:line:` of the fixture line carrying `// LEAK: <marker>`, as it appears in a stack. */
export function leakLocation(file: string, marker: string): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(`// LEAK: ${marker}`));
  if (index === -1) throw new Error(`no line marked "// LEAK: ${marker}" in ${file}`);
  return `${path.basename(file)}:${index + 1}:`;
}
