import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { withTimeout } from '@ws-isolation/test-utils';
import type { IsolationReport, TestRunResult } from '../src';

const PACKAGE_DIR = resolve(__dirname, '..');
const CLI = join(PACKAGE_DIR, 'dist', 'cli.js');
export const MIXED = join(__dirname, 'fixtures', 'mixed');
export const CLEAN = join(__dirname, 'fixtures', 'clean');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built `ws-isolation` bin and waits (bounded, within the test's own limit) for it to exit. */
export function runBin(args: string[], env: Record<string, string> = {}, timeoutMs = 170_000): Promise<CliRun> {
  return runNode(CLI, args, env, timeoutMs, 'the ws-isolation CLI to exit');
}

/** Runs a Node script with piped stdio and waits (bounded) for it to exit; killed if it does not. */
export function runNode(
  script: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
  what: string,
): Promise<CliRun> {
  // pnpm's bin shims set NODE_PATH, which would let any directory resolve this workspace's Jest.
  const { NODE_PATH: _nodePath, ...inherited } = process.env;
  const child = spawn(process.execPath, [script, ...args], {
    env: { ...inherited, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<CliRun>((resolveRun) =>
    child.once('close', (code) => resolveRun({ code, stdout, stderr })),
  );
  return withTimeout(exited, timeoutMs, what).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** A process as /proc shows it. */
export interface ProcInfo {
  pid: number;
  state: string;
  pgrp: number;
  cwd: string | undefined;
}

/** Every process on the machine (Linux /proc); zombies are dead and listed with state Z. */
function listProcesses(): ProcInfo[] {
  const processes: ProcInfo[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // The command name is in parentheses and may contain spaces: read fields after the last ')'.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      let cwd: string | undefined;
      try {
        cwd = readlinkSync(`/proc/${entry}/cwd`);
      } catch {
        cwd = undefined;
      }
      processes.push({ pid: Number(entry), state: fields[0]!, pgrp: Number(fields[2]), cwd });
    } catch {
      // The process ended while we looked: it is not alive.
    }
  }
  return processes;
}

/** The environment a process started with, as `NAME=value` strings; empty once it is gone. */
export function environOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8')
      .split('\0')
      .filter((pair) => pair !== '');
  } catch {
    return [];
  }
}

/** Live (not zombie) processes matching a predicate. */
export function liveProcesses(match: (info: ProcInfo) => boolean): ProcInfo[] {
  return listProcesses().filter((info) => info.state !== 'Z' && match(info));
}

export const FIXTURES = join(__dirname, 'fixtures');

/**
 * What a report says about the tests, without what changes run to run (times,
 * logs, process counts): two runs that agree on every test give equal values.
 */
export function comparable(report: IsolationReport): unknown {
  const result = (run: TestRunResult): unknown => ({ status: run.status, phase: run.phase });
  return {
    tests: report.tests.map((test) => ({
      name: test.name,
      file: test.file,
      class: test.class,
      isolated: result(test.isolated),
      repeats: test.repeats?.map(result),
      flakyRate: test.flakyRate,
      suite: result(test.suite),
      pollutedBy: test.pollutedBy,
      dependsOn: test.dependsOn,
      reproduced: test.bisection?.reproduced,
    })),
    loadErrors: report.loadErrors.map((error) => error.file),
    exitHang: report.suite.exitHang,
    exitHangTests: report.suite.exitHangTests,
    timedOut: report.suite.timedOut,
    summary: { ...report.summary },
  };
}
