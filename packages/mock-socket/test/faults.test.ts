import { getRegistry } from '@ws-isolation/registry';
import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { MockServer, MockWebSocket, resetMockNetwork } from '../src';
import { afterTasks, collectMessages, whenClosed, whenOpen } from './support/client';

afterEach(async () => {
  await resetMockNetwork();
  expect(getRegistry().list()).toEqual([]);
});

const failed = { code: 1006, reason: '', wasClean: false, errorBefore: true };

describe('faults: what the client sees', () => {
  it('refuse: error, then close 1006; clearing it lets the next attempt in', async () => {
    const server = new MockServer({ port: 0 });
    const heal = server.fault('refuse');
    const refused = new MockWebSocket(server.url);
    await expect(whenClosed(refused)).resolves.toEqual(failed);
    expect(server.connections).toHaveLength(0);
    heal();
    const retry = new MockWebSocket(server.url);
    await whenOpen(retry);
    expect(server.clients.size).toBe(1);
  });

  it('refuse with times: the first attempts fail, the next one connects', async () => {
    const server = new MockServer({ port: 0 });
    server.fault('refuse', { times: 2 });
    const first = whenClosed(new MockWebSocket(server.url));
    const second = whenClosed(new MockWebSocket(server.url));
    await expect(first).resolves.toEqual(failed);
    await expect(second).resolves.toEqual(failed);
    await whenOpen(new MockWebSocket(server.url));
  });

  it('delay-open: the client stays CONNECTING until the clock moves', async () => {
    const clock = new ManualClock();
    const server = new MockServer({ port: 0, clock });
    server.fault('delay-open', { ms: 500 });
    const socket = new MockWebSocket(server.url);
    const opened = whenOpen(socket);
    await afterTasks();
    clock.advance(499);
    await afterTasks();
    expect(socket.readyState).toBe(MockWebSocket.CONNECTING);
    expect(server.connections).toHaveLength(0);
    clock.advance(1);
    await opened;
    expect(socket.readyState).toBe(MockWebSocket.OPEN);
  });

  it('delay-open: close() while waiting fails the attempt and the server never sees it', async () => {
    const clock = new ManualClock();
    const server = new MockServer({ port: 0, clock });
    server.fault('delay-open', { ms: 500 });
    const socket = new MockWebSocket(server.url);
    const seen = whenClosed(socket);
    await afterTasks();
    socket.close();
    await expect(seen).resolves.toEqual(failed);
    clock.advance(1000);
    await afterTasks();
    expect(server.connections).toHaveLength(0);
    expect(clock.pending).toBe(0);
  });

  it('latency: every message arrives ms later, in order, both ways', async () => {
    const clock = new ManualClock();
    const server = new MockServer({ port: 0, clock });
    server.on('connection', (socket) => socket.on('message', (data) => socket.send(`echo ${data.toString()}`)));
    const socket = new MockWebSocket(server.url);
    const messages = collectMessages(socket);
    await whenOpen(socket);
    server.fault('latency', { ms: 100 });
    socket.send('a');
    socket.send('b');
    await afterTasks();
    expect(server.messages).toEqual([]);
    await clock.advanceAsync(100);
    await expect(server.nextMessage()).resolves.toBe('a');
    await expect(server.nextMessage()).resolves.toBe('b');
    expect(messages).toEqual([]);
    const echoes = waitForEvent(socket, 'message', { filter: () => messages.length === 2 });
    await clock.advanceAsync(100);
    await echoes;
    expect(messages).toEqual(['echo a', 'echo b']);
    server.clearFaults();
  });

  it('latency on one connection leaves the others fast', async () => {
    const clock = new ManualClock();
    const server = new MockServer({ port: 0, clock });
    const slow = new MockWebSocket(server.url);
    const fast = new MockWebSocket(server.url);
    await Promise.all([whenOpen(slow), whenOpen(fast)]);
    const [slowConn] = server.connections;
    slowConn!.fault('latency', { ms: 50 });
    slow.send('slow');
    fast.send('fast');
    await expect(server.nextMessage()).resolves.toBe('fast');
    await afterTasks();
    expect(server.messages).toEqual(['fast']);
    await clock.advanceAsync(50);
    await expect(server.nextMessage()).resolves.toBe('slow');
    expect(server.messages).toEqual(['fast', 'slow']);
    slowConn!.faults.clear();
  });

  it('latency stays on one server however faults come and go on others, and ends when it is turned off', async () => {
    const clock = new ManualClock();
    const slowServer = new MockServer({ port: 0, clock });
    const other = new MockServer({ port: 0, clock });
    const socket = new MockWebSocket(slowServer.url);
    await whenOpen(socket);
    const heal = slowServer.fault('latency', { ms: 100 });
    // Another server's latency: replaced, turned off by its function twice, then cleared.
    const first = other.fault('latency', { ms: 5 });
    other.fault('latency', { ms: 7 });
    first();
    first();
    other.fault('latency', { ms: 9 });
    other.clearFaults();
    other.clearFaults();
    socket.send('slow');
    await afterTasks();
    expect(slowServer.messages).toEqual([]);
    await clock.advanceAsync(100);
    await expect(slowServer.nextMessage()).resolves.toBe('slow');
    heal();
    socket.send('fast');
    await expect(slowServer.nextMessage()).resolves.toBe('fast');
    expect(clock.pending).toBe(0);
  });

  it('abrupt drop (server terminate): error, then close 1006 wasClean false; the server takes the reconnect', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    const seen = whenClosed(socket);
    const connection = await server.nextConnection();
    connection.terminate();
    await expect(seen).resolves.toEqual(failed);
    expect(socket.readyState).toBe(MockWebSocket.CLOSED);
    await whenOpen(new MockWebSocket(server.url));
    expect(server.clients.size).toBe(1);
  });

  it('ignore-close: the client stays CLOSING, and registry cleanup forces it', async () => {
    const server = new MockServer({ port: 0 });
    server.fault('ignore-close');
    const socket = new MockWebSocket(server.url);
    await whenOpen(socket);
    const seen = whenClosed(socket);
    socket.close(1000);
    await afterTasks();
    expect(socket.readyState).toBe(MockWebSocket.CLOSING);
    const report = await withTimeout(getRegistry().cleanupAll({ timeoutMs: 50 }), 10_000, 'cleanup');
    // The server's own close waits on the same stuck connection, so both are forced.
    expect(report.forced.map((entry) => entry.kind).sort()).toEqual(['mock-server', 'mock-socket']);
    expect(report.forced.find((entry) => entry.kind === 'mock-socket')!.label).toContain(server.url);
    // The server's Close frame (1001) did arrive before the terminate: its code is reported, and the close is unclean.
    await expect(seen).resolves.toEqual({ code: 1001, reason: 'server closing', wasClean: false, errorBefore: false });
  });

  it('ignore-close on one connection: the server still accepts reconnects', async () => {
    const server = new MockServer({ port: 0 });
    const stuck = new MockWebSocket(server.url);
    const opened = whenOpen(stuck);
    const connection = await server.nextConnection();
    await opened;
    connection.fault('ignore-close');
    stuck.close();
    await afterTasks();
    expect(stuck.readyState).toBe(MockWebSocket.CLOSING);
    expect(connection.readyState).toBe(1);
    const next = new MockWebSocket(server.url);
    await whenOpen(next);
    const closing = whenClosed(next);
    next.close(1000);
    await expect(closing).resolves.toEqual({ code: 1000, reason: '', wasClean: true, errorBefore: false });
    stuck.terminate();
  });

  it('crash: every client sees error and close 1006, attempts are refused until restart()', async () => {
    const server = new MockServer({ port: 0 });
    const a = new MockWebSocket(server.url);
    const b = new MockWebSocket(server.url);
    await Promise.all([whenOpen(a), whenOpen(b)]);
    const seen = Promise.all([whenClosed(a), whenClosed(b)]);
    server.crash();
    expect(server.state).toBe('crashed');
    await expect(seen).resolves.toEqual([failed, failed]);
    await expect(whenClosed(new MockWebSocket(server.url))).resolves.toEqual(failed);
    server.restart();
    await whenOpen(new MockWebSocket(server.url));
    expect(server.clients.size).toBe(1);
  });

  it.each(['refuse', 'delay-open', 'latency', 'ignore-close'] as const)(
    'accepts a reconnect once %s is turned off',
    async (name) => {
      const clock = new ManualClock();
      const server = new MockServer({ port: 0, clock });
      const heal = server.fault(name, { ms: 10 });
      const during = new MockWebSocket(server.url);
      await afterTasks();
      heal();
      during.terminate();
      // No clock movement needed: with the fault off, the next client opens at once.
      const after = new MockWebSocket(server.url);
      await whenOpen(after);
      expect(after.readyState).toBe(MockWebSocket.OPEN);
    },
  );
});
