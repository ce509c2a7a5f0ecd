import { runWithJsonResults, type JestRun } from '@ws-isolation/test-utils';

/** Vitest's JSON reporter writes Jest's shape, so a run reads like a Jest run. */
export type VitestRun = JestRun;

/**
 * Runs `vitest run` with the JSON reporter in a process group of its own.
 * Never hangs: past `timeoutMs` the group is killed and the run is reported as
 * timed out (the tests assert it did not).
 */
export function runVitest(
  vitestBin: string,
  cwd: string,
  args: readonly string[],
  timeoutMs: number,
): Promise<VitestRun> {
  return runWithJsonResults({
    cwd,
    timeoutMs,
    env: { CI: '1' },
    argv: (outputFile) => [vitestBin, 'run', '--reporter=json', `--outputFile=${outputFile}`, ...args],
  });
}
