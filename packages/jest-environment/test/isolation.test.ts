import path from 'node:path';
import { fileResult, leakLocation, runJest, testResult, type JestRun } from '@ws-isolation/test-utils';

// One real Jest run over every fixture file (in band, so a leaked handle would
// keep that very process alive); each test below reads one part of its output.
const packageDir = path.resolve(__dirname, '..');
const fixtureDir = path.join(__dirname, 'fixtures', 'isolation');
const fixture = (name: string): string => path.join(fixtureDir, name);
let run: JestRun;

beforeAll(async () => {
  run = await runJest({
    jestBin: require.resolve('jest/bin/jest'),
    cwd: fixtureDir,
    config: {
      rootDir: fixtureDir,
      testEnvironment: path.join(packageDir, 'dist', 'index.js'),
      testMatch: ['<rootDir>/*.test.js'],
      transform: {},
      cacheDirectory: path.join(packageDir, 'node_modules', '.cache', 'jest-fixtures'),
    },
    timeoutMs: 60_000,
  });
}, 70_000);

test('the run exits on its own, without --forceExit, and writes results', () => {
  expect(run.timedOut).toBe(false);
  expect(run.exitCode).toBe(1); // some fixture tests fail on purpose
  expect(run.results).toBeDefined();
});

describe('a test that leaks a registry-tracked instance', () => {
  it('fails with a leak error naming the instance and pointing at the line that created it', () => {
    const leaked = testResult(fileResult(run.results, 'leaks.test.js'), 'leaks a tracked instance');
    expect(leaked.status).toBe('failed');
    expect(leaked.failureDetails).toEqual([
      expect.objectContaining({
        code: 'ERR_WSI_LEAK',
        kind: 'test-thing',
        label: 'leaked by the first test state=OPEN',
        outcome: 'closed',
      }),
    ]);
    expect(leaked.failureMessages[0]).toContain(leakLocation(fixture('leaks.test.js'), 'tracked'));
  });

  it('is cleaned up, so the next test passes and objects from beforeAll live on for the file', () => {
    const file = fileResult(run.results, 'leaks.test.js');
    for (const title of [
      'the next test passes and finds only the file-scoped instance',
      'a test that closes what it made passes',
      'across jest.resetModules and jest.isolateModules',
    ]) {
      expect(testResult(file, title)).toMatchObject({ status: 'passed', failureMessages: [] });
    }
  });
});

describe('the original hang: two parallel instances whose peer never acknowledges close', () => {
  const file = (): ReturnType<typeof fileResult> => fileResult(run.results, 'parallel-teardown-hang.test.js');

  it.each([
    ['two parallel instances whose close never settles', 'parallel'],
    ['the same with fake timers left installed', 'faked'],
  ])('%s: both are forced and reported, each at its own line', (title, prefix) => {
    const result = testResult(file(), title);
    expect(result.status).toBe('failed');
    expect(result.failureDetails).toEqual([
      expect.objectContaining({ code: 'ERR_WSI_LEAK', label: `${prefix}-1 state=OPEN`, outcome: 'forced' }),
      expect.objectContaining({ code: 'ERR_WSI_LEAK', label: `${prefix}-2 state=OPEN`, outcome: 'forced' }),
    ]);
    expect(result.failureMessages[0]).toContain(leakLocation(fixture('parallel-teardown-hang.test.js'), `${prefix}-1`));
    expect(result.failureMessages[1]).toContain(leakLocation(fixture('parallel-teardown-hang.test.js'), `${prefix}-2`));
  });

  it('two parallel mock connections to a peer that never acknowledges close: both are forced and reported', () => {
    const result = testResult(file(), 'two parallel mock connections to a peer that never acknowledges close');
    expect(result.status).toBe('failed');
    expect(result.failureDetails).toEqual([
      expect.objectContaining({ code: 'ERR_WSI_LEAK', kind: 'mock-socket', outcome: 'forced' }),
      expect.objectContaining({ code: 'ERR_WSI_LEAK', kind: 'mock-socket', outcome: 'forced' }),
    ]);
    expect(result.failureMessages[0]).toContain(leakLocation(fixture('parallel-teardown-hang.test.js'), 'mock-1'));
    expect(result.failureMessages[1]).toContain(leakLocation(fixture('parallel-teardown-hang.test.js'), 'mock-2'));
  });

  it('two parallel core connections: both are forced, each named by url, client ID, session ID and state', () => {
    const result = testResult(file(), 'two parallel core connections whose peer never acknowledges close');
    expect(result.status).toBe('failed');
    // Each connection's transport (a tracked mock socket) is reported as well; the connections are the ones asserted here.
    const connections = result.failureDetails.flatMap((detail, index) =>
      detail.kind === 'connection' ? [{ detail, message: result.failureMessages[index]! }] : [],
    );
    const label = /^connection ws:\/\/never-acks\.test\/? clientId=\S+ sessionId=\S+ state=READY$/;
    expect(connections.map(({ detail }) => detail)).toEqual([
      expect.objectContaining({ code: 'ERR_WSI_LEAK', label: expect.stringMatching(label), outcome: 'forced' }),
      expect.objectContaining({ code: 'ERR_WSI_LEAK', label: expect.stringMatching(label), outcome: 'forced' }),
    ]);
    expect(connections[0]!.message).toContain(leakLocation(fixture('parallel-teardown-hang.test.js'), 'core-1'));
    expect(connections[1]!.message).toContain(leakLocation(fixture('parallel-teardown-hang.test.js'), 'core-2'));
  });

  it('lets the next test pass, and the afterAll that closes the server finishes', () => {
    expect(testResult(file(), 'the next test passes').status).toBe('passed');
    expect(file().message).not.toContain('Test suite failed to run');
  });

  it('logs every step under log: debug, and each forced cleanup finishes within cleanupTimeoutMs plus a generous constant', () => {
    const lines = run.stderr.split('\n').filter((line) => line.includes('[parallel-teardown-hang.test.js '));
    const forced = lines
      .filter((line) => line.startsWith('DEBUG: Forcing cleanup of instance '))
      .map((line) => line.replace(/^DEBUG: Forcing cleanup of instance (\S+) \((\S+).*$/, '$1 $2'));
    expect(forced.slice(0, 4)).toEqual([
      'thing-1 parallel-1',
      'thing-2 parallel-2',
      'thing-3 faked-1',
      'thing-4 faked-2',
    ]);
    expect(forced.slice(4, 6)).toEqual([
      expect.stringMatching(/^mock-socket-\S+ mock-socket$/),
      expect.stringMatching(/^mock-socket-\S+ mock-socket$/),
    ]);
    expect(forced.slice(6).filter((line) => line.endsWith(' connection'))).toHaveLength(2);
    const durations = lines
      .flatMap((line) => /^DEBUG: Cleanup finished in (\d+) ms: 0 closed, [1-9]\d* forced/.exec(line)?.[1] ?? [])
      .map(Number);
    expect(durations).toHaveLength(4);
    // cleanupTimeoutMs is 300 in this fixture; the bound only proves nothing waited on the hung closes.
    for (const duration of durations) expect(duration).toBeLessThan(300 + 5000);
  });
});

describe('raw sockets opened without ws-isolation', () => {
  const file = (): ReturnType<typeof fileResult> => fileResult(run.results, 'sockets.test.js');

  it.each([
    ['leaks a plain ws client', 'ws client'],
    ['leaks a raw net socket', 'net socket'],
  ])('%s: the test fails with a socket leak at the line that opened it', (title, marker) => {
    const result = testResult(file(), title);
    expect(result.status).toBe('failed');
    expect(result.failureDetails).toEqual([
      expect.objectContaining({ code: 'ERR_WSI_LEAK', kind: 'socket', outcome: 'forced' }),
    ]);
    expect(result.failureMessages[0]).toContain(leakLocation(fixture('sockets.test.js'), marker));
  });

  it('reports a leaked core connection over ws once, as the connection: terminating it closed its socket', () => {
    const result = testResult(file(), 'leaks a core connection over ws');
    expect(result.status).toBe('failed');
    expect(result.failureDetails).toEqual([
      expect.objectContaining({
        code: 'ERR_WSI_LEAK',
        kind: 'connection',
        label: expect.stringContaining('state=READY'),
      }),
    ]);
    expect(result.failureMessages[0]).toContain(leakLocation(fixture('sockets.test.js'), 'core over ws'));
  });

  it('does not report the server side of a leaked client twice, and the afterAll that closes the server does not hang', () => {
    expect(testResult(file(), 'a client that is closed before the test ends passes').status).toBe('passed');
    expect(file().message).not.toContain('server-socket');
    expect(file().assertionResults.flatMap((result) => result.failureDetails.map((detail) => detail.kind))).toEqual([
      'socket',
      'socket',
      'connection',
    ]);
    // An afterAll failure or timeout would make the file fail to run.
    expect(file().message).not.toContain('Test suite failed to run');
  });
});

describe('a test that leaks a mock connection or a mock server', () => {
  const file = (): ReturnType<typeof fileResult> => fileResult(run.results, 'mock-leak.test.js');

  it.each([
    ['leaks a mock connection', 'mock-socket', 'ws://shared.test/', 'mock client'],
    ['leaks a mock server', 'mock-server', 'ws://per-test.test/', 'mock server'],
  ])('%s: fails naming it and pointing at the leaking line', (title, kind, url, marker) => {
    const result = testResult(file(), title);
    expect(result.status).toBe('failed');
    expect(result.failureDetails).toEqual([expect.objectContaining({ code: 'ERR_WSI_LEAK', kind, outcome: 'closed' })]);
    expect(result.failureDetails[0]!.label).toContain(url);
    expect(result.failureMessages[0]).toContain(leakLocation(fixture('mock-leak.test.js'), marker));
  });

  it('lets the next test pass: the URL is free again and the beforeAll server is still up', () => {
    expect(
      testResult(file(), 'the next test passes: the URL is free again and the beforeAll server is still up'),
    ).toMatchObject({ status: 'passed', failureMessages: [] });
    // The afterAll that closes the beforeAll server passed too.
    expect(file().message).not.toContain('Test suite failed to run');
  });
});

describe('onLeak: warn (docblock options)', () => {
  const warnings = (): string[] => run.stderr.split('WARN: ').slice(1);

  it.each([
    ['a leak under warn is printed and the test passes', 'leaked test-thing', 'warn'],
    ['a leaked mock connection under warn is printed and the test passes', 'leaked mock-socket', 'warn mock'],
  ])('%s', (title, what, marker) => {
    expect(testResult(fileResult(run.results, 'warn.test.js'), title).status).toBe('passed');
    const warning = warnings().find((chunk) => chunk.startsWith(`test "${title}"`));
    expect(warning).toContain(what);
    expect(warning).toContain(`/${leakLocation(fixture('warn.test.js'), marker)}`);
  });
});

describe('file-scope and concurrent leaks', () => {
  const file = (): ReturnType<typeof fileResult> => fileResult(run.results, 'file-scope.test.js');

  it('keeps every per-test result: the tests themselves pass', () => {
    expect(file().assertionResults.map((result) => result.status)).toEqual(['passed', 'passed', 'passed']);
  });

  it('fails the file for what beforeAll left open and for a leak in a concurrent group, each at its line', () => {
    expect(file().status).toBe('failed');
    const reports = file().message.split('LeakError [ERR_WSI_LEAK]: ').slice(1);
    expect(reports).toHaveLength(2);
    const concurrent = reports.find((report) =>
      report.startsWith('one of the concurrent tests "concurrent a leaks", "concurrent b closes what it made"'),
    );
    const fromBeforeAll = reports.find((report) => report.startsWith('the file'));
    expect(concurrent).toContain(leakLocation(fixture('file-scope.test.js'), 'concurrent'));
    expect(fromBeforeAll).toContain(leakLocation(fixture('file-scope.test.js'), 'beforeAll'));
  });
});

describe('tests that made nothing, between tests that did', () => {
  const file = (): ReturnType<typeof fileResult> => fileResult(run.results, 'quiet.test.js');

  it('pass, and what is made around them lands in the right scope', () => {
    expect(file().assertionResults.map((result) => [result.title, result.status])).toEqual([
      ['makes nothing', 'passed'],
      ['makes nothing, with a done callback', 'passed'],
      ['finds its beforeAll object in the file scope', 'passed'],
      ['leaks a tracked instance after quiet tests', 'failed'],
      ['makes nothing after a leak and finds only the file object', 'passed'],
    ]);
    // The beforeAll object was the file's: closed by its afterAll, not reported.
    expect(file().message).not.toContain('made in a beforeAll after quiet tests');
  });

  it('a leak after them fails its own test, at the line that made it', () => {
    const leaked = testResult(file(), 'leaks a tracked instance after quiet tests');
    expect(leaked.failureDetails).toEqual([
      expect.objectContaining({
        code: 'ERR_WSI_LEAK',
        label: 'left open after quiet tests state=OPEN',
        outcome: 'closed',
      }),
    ]);
    expect(leaked.failureMessages[0]).toContain(leakLocation(fixture('quiet.test.js'), 'quiet'));
  });
});

test('bad options fail the file with ERR_WSI_INVALID_OPTION naming the option', () => {
  const file = fileResult(run.results, 'bad-options.test.js');
  expect(file.status).toBe('failed');
  expect(file.assertionResults).toEqual([]);
  expect(file.message).toContain(
    'EnvironmentError [ERR_WSI_INVALID_OPTION]: testEnvironmentOptions.wsIsolation.onLeak',
  );
});

test('a __proto__ key in the options (JSON from the docblock) fails the file as an unknown option', () => {
  const file = fileResult(run.results, 'bad-options-proto.test.js');
  expect(file.status).toBe('failed');
  expect(file.assertionResults).toEqual([]);
  expect(file.message).toContain(
    'EnvironmentError [ERR_WSI_INVALID_OPTION]: testEnvironmentOptions.wsIsolation has no option "__proto__"',
  );
});
