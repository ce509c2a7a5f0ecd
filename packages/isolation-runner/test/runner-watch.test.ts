import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { withTimeout } from '@ws-isolation/test-utils';
import { systemClock } from '../src/clock';
import { groupMembers, signalGroup, waitForGroupExit } from '../src/jest/process-group';

const DYING_RUNNER = join(__dirname, 'fixtures', 'scripts', 'dying-runner.js');
const BUILT_REPORTER = join(__dirname, '..', 'dist', 'reporter.js');

/** Starts the runner stand-in; resolves with it and the pids its Jest stand-in printed. */
async function startRunner(): Promise<{ kill(): void; jest: number; grandchild: number }> {
  const runner = spawn(process.execPath, [DYING_RUNNER, BUILT_REPORTER], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = await withTimeout(
    new Promise<string>((resolve) => runner.stdout.setEncoding('utf8').once('data', resolve)),
    10_000,
    'the Jest stand-in to start',
  ).catch((error: unknown) => {
    runner.kill('SIGKILL');
    throw error;
  });
  const [, jest, , grandchild] = line.trim().split(' ').map(Number);
  return { kill: () => runner.kill('SIGKILL'), jest: jest!, grandchild: grandchild! };
}

describe('a Jest the runner started', () => {
  it('ends its whole process group once the runner is killed outright', async () => {
    const started = await startRunner();
    try {
      expect(groupMembers(started.jest)).toEqual(expect.arrayContaining([started.jest, started.grandchild]));
      started.kill();
      await expect(waitForGroupExit(started.jest, systemClock, 5_000)).resolves.toBe(true);
    } finally {
      signalGroup(started.jest, 'SIGKILL');
    }
  });
});
