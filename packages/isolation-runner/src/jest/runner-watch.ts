import { signalGroup } from './process-group';

/** The runner's process id, set in the environment of every Jest it starts. */
export const RUNNER_PID_ENV = 'WS_ISOLATION_RUNNER_PID';

/** How often a Jest process looks whether its runner is still there. */
const WATCH_MS = 250;

/**
 * Ends this Jest's process group once the runner that started it is gone.
 * The runner starts each Jest in a process group of its own and signals that
 * group when a test hangs; a runner that is killed outright (SIGKILL, or a
 * host process force-exited) signals nothing, and a hung test would keep its
 * Jest, the workers and whatever the test spawned running for good. The
 * runner is this process's parent, so its death shows as a new parent id.
 */
export function watchRunner(): void {
  const runner = Number(process.env[RUNNER_PID_ENV]);
  if (!Number.isInteger(runner) || runner <= 0 || process.ppid !== runner) return;
  const timer = setInterval(() => {
    if (process.ppid === runner) return;
    clearInterval(timer);
    // The runner starts Jest as the leader of its group: the group's id is this process's. Should it not be, this
    // process still ends.
    signalGroup(process.pid, 'SIGKILL');
    process.kill(process.pid, 'SIGKILL');
  }, WATCH_MS);
  // The watch never keeps Jest alive.
  timer.unref();
}
