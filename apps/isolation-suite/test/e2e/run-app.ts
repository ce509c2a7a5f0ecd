import { runIsolation, type IsolationReport } from '@ws-isolation/isolation-runner';
import fs from 'node:fs';
import path from 'node:path';

export const appDir = path.resolve(__dirname, '..', '..');

export const SIX_TESTS = [
  'test_client_and_session_ids',
  'test_instance_tracking',
  'test_cleanup_all_instances',
  'test_connection_throttling',
  'test_parallel_connections',
  'test_reconnection_with_new_session',
];

/** The process groups of every Jest process a run started (each is spawned as a group leader). */
const spawnedGroups: number[] = [];

/** Runs the isolation runner on this app, each test alone and the suite, as `pnpm demo` does. */
export function runApp(
  options: { config?: string; env?: Record<string, string>; timeoutMs?: number } = {},
): Promise<IsolationReport> {
  return runIsolation({
    onProgress: (event) => {
      if (event.type === 'spawn') spawnedGroups.push(event.pid);
    },
    cwd: appDir,
    config: options.config ?? 'jest.config.cjs',
    env: options.env ?? {},
    timeoutMs: options.timeoutMs ?? 20_000,
    suiteTimeoutMs: 120_000,
    workers: 2,
    bisect: false,
  });
}

/** `name → "isolated/suite"` statuses, for one readable assertion per report. */
export function statuses(report: IsolationReport): Record<string, string> {
  return Object.fromEntries(
    report.tests.map((t) => [
      t.name,
      `${t.isolated.status}${t.isolated.phase ? `:${t.isolated.phase}` : ''}/${t.suite.status}${t.suite.phase ? `:${t.suite.phase}` : ''}`,
    ]),
  );
}

/** Live processes in any process group a run started: Jest, its workers, or anything a test left running. */
export function survivors(): number[] {
  const groups = new Set(spawnedGroups);
  const alive: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // /proc/PID/stat: "pid (comm) state ppid pgrp ..."; comm may contain spaces, so split after the last ')'.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (state !== 'Z' && groups.has(Number(pgrp))) alive.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return alive;
}
