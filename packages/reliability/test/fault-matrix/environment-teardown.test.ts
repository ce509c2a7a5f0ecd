import path from 'node:path';
import { leakLocation, type AssertionResult } from '@ws-isolation/test-utils';
import { runFixtureJest, type FixtureRun } from '../support/run-jest';

// The "environment teardown" column of the fault matrix: real Jest, once, on
// a fixture project under @ws-isolation/jest-environment (mock transport),
// with one file per fault whose test leaves a connection in that fault's
// state. Jest must exit by itself within the bound, each leaking test fail
// with a LeakError naming its connection at the line that made it, and no
// process of the run outlive it.
const fixtureDir = path.join(__dirname, '..', 'fixtures', 'environment');
const CLEANUP_TIMEOUT_MS = 300;
const BOUND_MS = 45_000;
let run: FixtureRun;

beforeAll(async () => {
  run = await runFixtureJest(
    fixtureDir,
    '@ws-isolation/jest-environment',
    { onLeak: 'fail', cleanupTimeoutMs: CLEANUP_TIMEOUT_MS },
    BOUND_MS,
  );
  console.log(`environment teardown: real Jest on ${run.files.size} fixture files exited in ${run.wallMs} ms`);
}, BOUND_MS + 5000);

test('Jest exits by itself within the bound, and nothing of the run outlives it', () => {
  expect(run.timedOut).toBe(false);
  expect(run.exitCode).toBe(1); // the leaking tests fail, on purpose
  expect(run.outlived).toBe(false);
  expect(run.files.size).toBe(9);
});

function outcome(file: string, title: string): AssertionResult {
  const found = run.files.get(file)?.find((test) => test.title === title);
  if (found === undefined) throw new Error(`no test ${JSON.stringify(title)} in ${file}`);
  return found;
}

// [fault, fixture file, test title, clientId (the LEAK marker)]
const leaking: [string, string, string, string][] = [
  ['refused', 'refused.test.js', 'leaves a connection retrying a refused server', 'refused'],
  ['slow open', 'slow-open.test.js', 'leaves a connection whose open is never answered', 'slow-open'],
  ['abrupt drop', 'abrupt-drop.test.js', 'leaves a connection waiting to reconnect after a drop', 'abrupt-drop'],
  [
    'ignore close',
    'ignore-close.test.js',
    'leaves a READY connection to a peer that never acknowledges close',
    'ignore-close',
  ],
  [
    'server crash mid-message',
    'server-crash-mid-message.test.js',
    'leaves a connection retrying a crashed server, with a burst in flight',
    'server-crash',
  ],
  [
    'listener throws',
    'listener-throws.test.js',
    'leaves a READY connection whose state and close listeners throw',
    'listener-throws',
  ],
  [
    'fake timers left',
    'fake-timers-left.test.js',
    'leaves a READY connection to a peer that ignores close, with fake timers installed',
    'fake-timers',
  ],
  [
    'abort after READY',
    'abort-each-step.test.js',
    'leaves a connection whose signal fired after READY',
    'abort-after-ready',
  ],
];

test.each(leaking)(
  '%s: the leaking test fails with a LeakError naming its connection, at the line that made it',
  (_fault, file, title, clientId) => {
    const result = outcome(file, title);
    expect(result.status).toBe('failed');
    const connections = result.failureDetails.flatMap((detail, index) =>
      detail.kind === 'connection' ? [{ detail, message: result.failureMessages[index]! }] : [],
    );
    expect(connections).toHaveLength(1);
    expect(connections[0]!.detail).toMatchObject({
      code: 'ERR_WSI_LEAK',
      label: expect.stringContaining(`clientId=${clientId} `),
    });
    expect(connections[0]!.message).toContain(leakLocation(path.join(fixtureDir, file), clientId));
    // Every failure of the test is a leak report, nothing else.
    expect(result.failureDetails.map((detail) => detail.code)).toEqual(result.failureDetails.map(() => 'ERR_WSI_LEAK'));
  },
);

test.each([
  ['garbage handshake', 'garbage-handshake.test.js', 'a connection refused by a garbage handshake is not a leak'],
  [
    'abort while CONNECTING',
    'abort-each-step.test.js',
    'an abort while CONNECTING ends the attempt for good: not a leak',
  ],
])('%s: the connection is closed for good, so the test passes', (_fault, file, title) => {
  expect(outcome(file, title)).toMatchObject({ status: 'passed', failureMessages: [] });
});
