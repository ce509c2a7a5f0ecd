import { createHook } from 'node:async_hooks';
import net from 'node:net';
import { deferred, testInstance, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { FILE_SCOPE, IsolationSession, resolveIsolationOptions, TEST_SCOPE } from '../src';

// A test that made nothing ends synchronously (`endTest` returns undefined);
// one that made something still gets the full, bounded cleanup and its leaks.

let session: IsolationSession<string>;
let failed: Array<{ test: string; errors: Error[] }>;
/** Made before any session watches servers: the raw sockets' peer, nobody's leak. */
let peer: net.Server;

beforeAll(async () => {
  peer = await listeningServer();
});

afterAll(async () => {
  await new Promise<void>((resolve) => peer.close(() => resolve()));
});

beforeEach(() => {
  failed = [];
  session = new IsolationSession<string>({
    testGlobal: {},
    options: resolveIsolationOptions({ socketGraceMs: 20, connectTimeoutMs: 1000 }, 'wsIsolation'),
    tag: 'quiet-test-end.test.ts',
    failTest: (test, errors) => {
      failed.push({ test, errors });
      return true;
    },
  });
  session.start();
  session.activate();
});

afterEach(async () => {
  await withTimeout(session.teardown(), 10_000, 'teardown');
});

/** Runs a test's function as the Jest adapter does: its scope, its owner, its wrapped function. */
function runTest<T>(name: string, fn: () => T): T {
  session.startTest(name, name);
  session.enter(TEST_SCOPE);
  const entry = { fn };
  session.runAsTest(entry);
  return entry.fn();
}

/** Ends the running test as the Jest adapter does; returns what fails it, or undefined when it ended at once. */
function endTest(name: string): Promise<Error[]> | undefined {
  const ended = session.endTest(name, 'pass');
  if (ended === undefined) session.enter(FILE_SCOPE);
  return ended;
}

async function finished(ended: Promise<Error[]> | undefined): Promise<Error[]> {
  expect(ended).toBeInstanceOf(Promise);
  const errors = await withTimeout(ended!, 10_000, 'test cleanup');
  session.enter(FILE_SCOPE);
  return errors;
}

async function listeningServer(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.on('error', () => undefined));
  server.listen(0, '127.0.0.1');
  await waitForEvent(server, 'listening');
  return server;
}

describe('a test that made nothing', () => {
  it('ends at once: no promise, and no timer or other async resource is made', () => {
    runTest('makes nothing', () => expect(1 + 1).toBe(2));
    const made: string[] = [];
    const hook = createHook({ init: (_id, type) => void made.push(type) });
    hook.enable();
    let ended: Promise<Error[]> | undefined;
    try {
      ended = session.endTest('makes nothing', 'pass');
    } finally {
      hook.disable();
    }
    expect(ended).toBeUndefined();
    expect(made).toEqual([]);
  });

  it('ends at once while the file holds open objects of its own, and leaves them alone', () => {
    const shared = testInstance('made in beforeAll');
    session.registry.track(shared);
    runTest('makes nothing', () => undefined);
    expect(endTest('makes nothing')).toBeUndefined();
    expect(session.registry.list().map((entry) => entry.scope)).toEqual([FILE_SCOPE]);
    expect(shared.state).toBe('OPEN');
    session.registry.untrack(shared);
  });

  it('resolves [] through finishTest, the promise form', async () => {
    runTest('makes nothing', () => undefined);
    await expect(withTimeout(session.finishTest('makes nothing'), 10_000, 'finishTest')).resolves.toEqual([]);
  });
});

describe('a test that made something still gets the full cleanup', () => {
  it('a tracked instance left open is closed and fails the test', async () => {
    const leaked = testInstance('left open');
    runTest('leaks', () => session.registry.track(leaked));
    const errors = await finished(endTest('leaks'));
    expect(errors).toEqual([expect.objectContaining({ code: 'ERR_WSI_LEAK', instanceId: leaked.id })]);
    expect(leaked.state).toBe('CLOSED');
  });

  it('a raw socket left open, made by a test that made no async resource of its own, is destroyed and fails the test', async () => {
    const { port } = peer.address() as net.AddressInfo;
    const client = runTest('leaks a socket', () => net.connect(port, '127.0.0.1').on('error', () => undefined));
    const errors = await finished(endTest('leaks a socket'));
    expect(errors).toEqual([expect.objectContaining({ code: 'ERR_WSI_LEAK', kind: 'socket' })]);
    expect(client.destroyed).toBe(true);
  });

  it('a server left listening is closed and fails the test', async () => {
    let server: net.Server | undefined;
    await runTest('leaks a server', async () => {
      server = await listeningServer();
    });
    const errors = await finished(endTest('leaks a server'));
    expect(errors).toEqual([expect.objectContaining({ code: 'ERR_WSI_LEAK', kind: 'server' })]);
    expect(server?.listening).toBe(false);
  });

  it('what late work of an ended test tracked is reported against it, and closed when the next test (which made nothing) ends', async () => {
    const late = testInstance('opened by a timer after its test ended');
    const tracked = deferred<void>();
    runTest('leaves a timer', () =>
      setTimeout(() => {
        session.registry.track(late);
        tracked.resolve();
      }, 1),
    );
    expect(endTest('leaves a timer')).toBeUndefined();
    await withTimeout(tracked.promise, 10_000, 'the late timer');
    expect(failed).toEqual([
      { test: 'leaves a timer', errors: [expect.objectContaining({ code: 'ERR_WSI_LEAK', instanceId: late.id })] },
    ]);
    runTest('makes nothing', () => undefined);
    await expect(finished(endTest('makes nothing'))).resolves.toEqual([]);
    expect(late.state).toBe('CLOSED');
    runTest('makes nothing either', () => undefined);
    expect(endTest('makes nothing either')).toBeUndefined();
  });
});
