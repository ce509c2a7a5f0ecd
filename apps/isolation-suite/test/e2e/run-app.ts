import { runIsolation, type IsolationReport } from '@ws-isolation/isolation-runner';
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

/** Runs the isolation runner on this app, each test alone and the suite, as `pnpm demo` does. */
export function runApp(options: { config?: string; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<IsolationReport> {
  return runIsolation({
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
  return Object.fromEntries(report.tests.map((t) => [t.name, `${t.isolated.status}${t.isolated.phase ? `:${t.isolated.phase}` : ''}/${t.suite.status}${t.suite.phase ? `:${t.suite.phase}` : ''}`]));
}
