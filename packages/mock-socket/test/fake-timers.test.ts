import { createHook } from 'node:async_hooks';
import path from 'node:path';
import { setImmediate as nodeSetImmediate } from 'node:timers';
import { runJest, withTimeout } from '@ws-isolation/test-utils';
import { MockServer, MockWebSocket, resetMockNetwork } from '../src';

const kinds = [
  // Every timer API faked, setImmediate, process.nextTick and queueMicrotask included.
  { name: 'modern', install: () => jest.useFakeTimers({ doNotFake: [] }) },
  { name: 'legacy', install: () => jest.useFakeTimers({ legacyFakeTimers: true }) },
];

/**
 * With fake timers installed after the package loaded, a whole conversation
 * still runs: frames go through a promise reaction and Node's own
 * `process.nextTick`, taken at load, which later fakes do not replace.
 */
describe.each(kinds)('with $name jest.useFakeTimers() installed', ({ install }) => {
  beforeEach(() => {
    install();
  });

  afterEach(async () => {
    jest.useRealTimers();
    await resetMockNetwork();
  });

  it('connects, exchanges messages and closes without advancing any timer', async () => {
    const server = new MockServer({ port: 0 });
    server.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo ${data.toString()}`)));
    const socket = new MockWebSocket(server.url);
    const events: string[] = [];
    const closed = withTimeout(new Promise<CloseEvent>((resolve) => socket.addEventListener('close', resolve)), 10_000);
    socket.onopen = () => {
      events.push('open');
      socket.send('one');
      socket.send('two');
    };
    socket.onmessage = (event) => {
      events.push(String(event.data));
      if (event.data === 'echo two') socket.close(1000, 'bye');
    };
    const close = await closed;
    expect(events).toEqual(['open', 'echo one', 'echo two']);
    expect({ code: close.code, reason: close.reason, wasClean: close.wasClean }).toEqual({
      code: 1000,
      reason: 'bye',
      wasClean: true,
    });
    expect(server.messages).toEqual(['one', 'two']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('a server that awaits before attaching its message listener gets the first message', async () => {
    const server = new MockServer({ port: 0 });
    server.on('connection', (socket) => {
      void (async () => {
        for (let i = 0; i < 10; i++) await Promise.resolve();
        socket.on('message', (data) => socket.send(`echo ${data.toString()}`));
      })();
    });
    const socket = new MockWebSocket(server.url);
    socket.onopen = () => socket.send('first');
    const reply = withTimeout(
      new Promise<unknown>((resolve) => socket.addEventListener('message', (event) => resolve(event.data))),
      10_000,
    );
    await expect(reply).resolves.toBe('echo first');
    expect(jest.getTimerCount()).toBe(0);
  });

  it('server helpers resolve without advancing timers', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    socket.onopen = () => socket.send('hello');
    const connection = await server.nextConnection();
    await expect(connection.nextMessage()).resolves.toBe('hello');
  });
});

/** Loads a fresh copy of the package while fake timers are installed, as `fakeTimers: { enableGlobally: true }` does. */
function loadUnderFakes(): typeof import('../src') {
  let loaded: typeof import('../src') | undefined;
  jest.isolateModules(() => {
    loaded = jest.requireActual<typeof import('../src')>('../src');
  });
  return loaded!;
}

describe.each(kinds)('with $name fake timers installed before the package loads', ({ install }) => {
  afterEach(async () => {
    jest.useRealTimers();
    await resetMockNetwork();
  });

  it('delivers on Node’s own setImmediate instead (never faked), and a conversation runs', async () => {
    install();
    const copy = loadUnderFakes();
    const server = new copy.MockServer({ port: 0 });
    server.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo ${data.toString()}`)));
    const socket = new copy.MockWebSocket(server.url);
    let immediates = 0;
    const hook = createHook({ init: (_id, type) => void (type === 'Immediate' && (immediates += 1)) });
    await withTimeout(new Promise((resolve) => socket.addEventListener('open', resolve, { once: true })), 10_000);
    const reply = new Promise<unknown>((resolve) => socket.addEventListener('message', (event) => resolve(event.data)));
    // Sent out of any turn (code an awaited delivery resumes runs within the turn): the frame starts a turn of its own.
    await new Promise((resolve) => nodeSetImmediate(resolve));
    hook.enable();
    socket.send('first');
    hook.disable();
    await expect(withTimeout(reply, 10_000)).resolves.toBe('echo first');
    expect(immediates).toBe(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});

const jestBin = require.resolve('jest/bin/jest');
const fixtureConfig = path.join(__dirname, 'fixtures', 'global-fake-timers', 'jest.config.cjs');

it('fakeTimers: { enableGlobally: true } (modern and legacy): the package loads under the fakes, and conversations run', async () => {
  // The fixture's two projects (modern and legacy fakes) in one real Jest.
  const run = await runJest({
    jestBin,
    cwd: path.join(__dirname, '..'),
    args: ['--config', fixtureConfig],
    timeoutMs: 240_000,
  });
  expect(run.timedOut).toBe(false);
  expect({ passed: run.results?.numPassedTests, failed: run.results?.numFailedTests }).toEqual({
    passed: 6,
    failed: 0,
  });
}, 300_000);
