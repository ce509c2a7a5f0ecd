import { withTimeout } from '@ws-isolation/test-utils';
import { MockServer, MockWebSocket, resetMockNetwork } from '../src';

const kinds = [
  // Every timer API faked, setImmediate, process.nextTick and queueMicrotask included.
  { name: 'modern', install: () => jest.useFakeTimers({ doNotFake: [] }) },
  { name: 'legacy', install: () => jest.useFakeTimers({ legacyFakeTimers: true }) },
];

/**
 * With fake timers installed, a whole conversation still runs: each frame is
 * a task on Node's own setImmediate (from `node:timers`, taken at load),
 * which neither kind of fake timers replaces, and never a timer to advance.
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
