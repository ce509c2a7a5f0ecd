import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { WARM_TEST_WORKER_ENV } from '../src/jest/events';
import { runNode, tempDir } from './helpers';

const WARM_WORKER = resolve(__dirname, '..', 'dist', 'warm-worker.js');
const SCRIPTS = join(__dirname, 'fixtures', 'scripts');

/**
 * Runs setup and calls of the built warm worker (two `{}` unless `requests` says)
 * in a process with piped stdio, with `testWorker` standing in for jest-runner's;
 * returns each call's leaks.
 */
async function leaksOfCalls(testWorker: string, requests?: object[]): Promise<string[][]> {
  const dir = tempDir('wsi-warm-calls-');
  const out = join(dir, 'leaked.json');
  try {
    const run = await runNode(
      join(SCRIPTS, 'warm-calls.js'),
      [WARM_WORKER, out, ...(requests === undefined ? [] : [JSON.stringify(requests)])],
      { [WARM_TEST_WORKER_ENV]: join(SCRIPTS, testWorker) },
      30_000,
      'the warm worker script to exit',
    );
    expect(run.code).toBe(0);
    return JSON.parse(readFileSync(out, 'utf8')) as string[][];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The worker's own stdout and stderr are pipes Node makes on first use. If the first test that prints made them, that
// call would seem to leave a pipe open and the worker would be replaced. Under CI=true nothing else touches them first
// (Jest looks for a terminal only outside CI), so every worker was replaced after its first test.
it("does not count the warm worker's own stdio as a leak of the first call that prints", async () => {
  expect(await leaksOfCalls('printing-test-worker.js')).toEqual([[], []]);
});

// A test that closes a server or ends a socket without awaiting the close leaves handles that are gone a few turns
// later. Counted at once, such a test was run again in a process of its own and its worker replaced.
it('does not count a handle that finishes closing shortly after the call, and still counts one that stays open', async () => {
  expect(await leaksOfCalls('closing-test-worker.js', [{ close: 'soon' }, { close: 'never' }])).toEqual([
    [],
    ['TCPServerWrap'],
  ]);
});
