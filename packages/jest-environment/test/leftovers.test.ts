import fs from 'node:fs';
import path from 'node:path';
import { startCpuBurners } from './cpu-burners';
import { installPackedProject } from './packed-project';
import { fileResult, leakLocation, runJest, testResult, type JestRun } from '@ws-isolation/test-utils';

// What real suites leave behind, as a user would meet it: the packed tarballs
// installed with npm (with Jest, jest-environment-jsdom, ws, express,
// supertest and undici) into a project outside the workspace, run by real Jest
// in band while two CPU burners keep the machine busy.
const fixtureDir = path.join(__dirname, 'fixtures', 'leftovers');
const fixture = (name: string): string => path.join(fixtureDir, name);
const PACKAGES = [
  'jest@30.5.2',
  'jest-environment-jsdom@30.5.2',
  'ws@8.23.0',
  'express@5.1.0',
  'supertest@7.1.4',
  'undici@7.30.2',
];
let work: string;
let run: JestRun;

beforeAll(async () => {
  const packed = installPackedProject(
    'leftovers-consumer',
    [
      [fixtureDir, '.'],
      [path.join(__dirname, 'fixtures', 'tls'), 'tls'],
    ],
    PACKAGES,
    ['mock-socket'],
  );
  work = packed.work;
  const burners = startCpuBurners(2);
  try {
    run = await runJest({ jestBin: packed.jestBin, cwd: packed.project, timeoutMs: 120_000 });
  } finally {
    burners.stop();
  }
}, 400_000);

afterAll(() => {
  if (work !== undefined) fs.rmSync(work, { recursive: true, force: true });
});

function failure(file: string, title: string): Array<{ kind?: string; label?: string; message: string }> {
  const result = testResult(fileResult(run.results, file), title);
  expect(result.status).toBe('failed');
  return result.failureDetails.map((detail, index) => ({ ...detail, message: result.failureMessages[index]! }));
}

test('the run exits by itself, with results, under CPU load', () => {
  expect(run.timedOut).toBe(false);
  expect(run.exitCode).toBe(1); // the leftovers fail on purpose
  expect(run.results).toBeDefined();
});

describe('servers left listening', () => {
  it.each([
    ['leaves a ws server listening', 'ws server'],
    ['leaves an http server listening', 'http server'],
  ])('%s: the test fails at the line that created or started it', (title, marker) => {
    const [leak, ...rest] = failure('servers.test.js', title);
    expect(rest).toEqual([]);
    expect(leak).toMatchObject({ code: 'ERR_WSI_LEAK', kind: 'server', outcome: 'forced' });
    expect(leak!.label).toMatch(/^HTTP server listening on 127\.0\.0\.1:\d+$/);
    expect(leak!.message).toContain(leakLocation(fixture('node/servers.test.js'), marker));
  });

  it('reports a server and its connected client once each, not the connection the server accepted', () => {
    const leaks = failure('servers.test.js', 'leaves a ws server and a client connected to it');
    expect(leaks.map((leak) => leak.kind)).toEqual(['socket', 'server']);
    expect(leaks[0]!.message).toContain(leakLocation(fixture('node/servers.test.js'), 'its client'));
    expect(leaks[1]!.message).toContain(leakLocation(fixture('node/servers.test.js'), 'server with client'));
  });

  it('lets the other tests pass, with the beforeAll server up, and its afterAll finish', () => {
    const file = fileResult(run.results, 'servers.test.js');
    for (const title of [
      'a server closed before the test ends passes',
      'the beforeAll server is still up for the next test',
    ]) {
      expect(testResult(file, title).status).toBe('passed');
    }
    expect(file.message).not.toContain('Test suite failed to run');
  });
});

describe('work that outlives its test', () => {
  it('a reconnect loop is reported against the test that left it, at the line that scheduled the reconnect', () => {
    const [leak, ...rest] = failure('late-work.test.js', 'leaves its reconnect loop running');
    expect(rest).toEqual([]);
    expect(leak).toMatchObject({ code: 'ERR_WSI_LEAK', kind: 'socket' });
    expect(leak!.message).toContain('it was opened after the test ended');
    expect(leak!.label).toMatch(/-> 127\.0\.0\.1:\d+/);
    expect(leak!.message).toContain(leakLocation(fixture('reconnecting-client.js'), 'reconnect'));
  });

  it('does not blame the test during which the late socket opened, and a loop left at the end is stopped', () => {
    const file = fileResult(run.results, 'late-work.test.js');
    expect(testResult(file, 'the next test sees the reconnect arrive and passes').status).toBe('passed');
    expect(testResult(file, 'a loop still waiting when the file ends is stopped, so the run exits').status).toBe(
      'passed',
    );
    expect(file.message).not.toContain('Test suite failed to run');
  });
});

describe('work that outlives its test, on the mock transport', () => {
  it('a mock reconnect loop is reported against the test that left it, at the line that scheduled it', () => {
    const [leak, ...rest] = failure('late-mock.test.js', 'leaves its reconnect loop running');
    expect(rest).toEqual([]);
    expect(leak).toMatchObject({ code: 'ERR_WSI_LEAK', kind: 'mock-socket' });
    expect(leak!.message).toContain('it was opened after the test ended');
    expect(leak!.message).toContain(leakLocation(fixture('mock-reconnecting-client.js'), 'mock reconnect'));
  });

  it('a leaked reconnecting client: its leak, and the reconnect its cleanup set off, are both that test’s', () => {
    const title = 'leaks a reconnecting client: cleanup closes it, and the reconnect that follows is this test’s too';
    const leaks = failure('late-mock.test.js', title);
    expect(leaks.map((leak) => leak.kind)).toEqual(['mock-socket', 'mock-socket']);
    expect(leaks[0]!.message).toContain(leakLocation(fixture('node/late-mock.test.js'), 'leaked mock client'));
    expect(leaks[1]!.message).toContain('it was opened after the test ended');
  });

  it('the tests during which the late sockets opened pass', () => {
    const file = fileResult(run.results, 'late-mock.test.js');
    for (const title of [
      'the next test sees the mock reconnect arrive and passes',
      'the reconnect after that cleanup arrives during this test, which passes',
    ]) {
      expect(testResult(file, title).status).toBe('passed');
    }
  });
});

describe('connections still being attempted', () => {
  it('one that never connects is a leak after connectTimeoutMs, named by the host and port asked for', () => {
    const title =
      'a connection still being attempted after connectTimeoutMs is a leak, named by the host and port asked for';
    const [leak, ...rest] = failure('connect.test.js', title);
    expect(rest).toEqual([]);
    expect(leak!.label).toBe('TCP client -> never-answers.test:4321 (still connecting)');
    expect(leak!.message).toContain(leakLocation(fixture('node/connect.test.js'), 'stuck connect'));
  });

  it('one refused after its test ended is followed to that outcome, and is no leak', () => {
    const file = fileResult(run.results, 'connect.test.js');
    const title = 'a connection refused after the test ended is followed to its outcome: no leak';
    expect(testResult(file, title).status).toBe('passed');
  });
});

describe('TLS clients', () => {
  it.each([
    ['leaks a TLS client', 'tls client'],
    ['leaks a wss client', 'wss client'],
  ])('%s: seen through tls.connect, reported at its line', (title, marker) => {
    const [leak, ...rest] = failure('tls.test.js', title);
    expect(rest).toEqual([]);
    expect(leak).toMatchObject({ kind: 'socket' });
    expect(leak!.label).toMatch(/^TLS client 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+ \(asked for 127\.0\.0\.1:\d+\)$/);
    expect(leak!.message).toContain(leakLocation(fixture('node/tls.test.js'), marker));
  });

  it('a TLS client closed in its test passes', () => {
    const file = fileResult(run.results, 'tls.test.js');
    expect(testResult(file, 'a TLS client closed before the test ends passes').status).toBe('passed');
  });
});

describe('@ws-isolation/jest-environment/jsdom', () => {
  it("a page socket left open fails its test at its line, and the file's afterAll does not time out", () => {
    const [leak, ...rest] = failure('page-socket.test.js', 'leaves the page socket open');
    expect(rest).toEqual([]);
    expect(leak).toMatchObject({ code: 'ERR_WSI_LEAK', kind: 'websocket', outcome: 'closed' });
    expect(leak!.label).toMatch(/^page WebSocket ws:\/\/127\.0\.0\.1:\d+\/ readyState=OPEN$/);
    expect(leak!.message).toContain(leakLocation(fixture('jsdom/page-socket.test.js'), 'page socket'));
    const file = fileResult(run.results, 'page-socket.test.js');
    expect(testResult(file, 'closes its page socket and passes').status).toBe('passed');
    expect(file.message).not.toContain('Test suite failed to run');
  });

  it("mockWebSocket: true makes the page's WebSocket the project's MockWebSocket, reaching MockServers", () => {
    const file = fileResult(run.results, 'mock-page-socket.test.js');
    const title = "the page's WebSocket is the mock: browser code reaches a MockServer with no network";
    expect(testResult(file, title).status).toBe('passed');
    const [leak, ...rest] = failure(
      'mock-page-socket.test.js',
      'a mock page socket left open fails its test at its line',
    );
    expect(rest).toEqual([]);
    expect(leak).toMatchObject({ code: 'ERR_WSI_LEAK', kind: 'mock-socket' });
    expect(leak!.label).toContain('ws://app.test/shared');
    expect(leak!.message).toContain(leakLocation(fixture('jsdom/mock-page-socket.test.js'), 'mock page socket'));
    expect(file.message).not.toContain('Test suite failed to run');
  });

  it('passes jest-environment-jsdom its own options (customExportConditions) and reads ours (log)', () => {
    // ws resolves to its Node entry (its browser entry throws), and log: 'info' prints each leak.
    expect(run.stderr).toContain('INFO: test "leaves the page socket open" leaked websocket');
  });
});

test('the false-positive suite passes clean under CPU load: every test passes, nothing is reported', () => {
  const file = fileResult(run.results, 'false-positives.test.js');
  expect(file.assertionResults.map((result) => [result.title, result.status])).toEqual(
    file.assertionResults.map((result) => [result.title, 'passed']),
  );
  expect(file.assertionResults).toHaveLength(9);
  expect(file.status).toBe('passed');
  expect(run.stderr).not.toContain('false-positives.test.js +');
});
