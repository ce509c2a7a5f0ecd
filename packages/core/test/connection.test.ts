import { createRegistry } from '@ws-isolation/registry';
import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { Connection, isClientId } from '../src';
import { type SessionServer, transports } from './support/transports';
import { recordStates } from './support/recorder';

describe.each(transports)('Connection on %s', (_name, { start }) => {
  let server: SessionServer;
  const registry = createRegistry();
  const open: Connection[] = [];
  const connection = (options: Partial<ConstructorParameters<typeof Connection>[0]> = {}): Connection => {
    const created = new Connection({ url: server.url, WebSocket: server.WebSocket, registry, ...options });
    open.push(created);
    return created;
  };

  beforeEach(async () => {
    server = await start();
  });
  afterEach(async () => {
    for (const c of open.splice(0)) c.terminate();
    await server.close();
  });

  it('connects through DISCONNECTED → CONNECTING → CONNECTED → READY with a server-issued session', async () => {
    const c = connection();
    const states = recordStates(c);
    await withTimeout(c.connect(), 5000, 'connect');
    const accepted = await server.session(0);
    expect(states).toEqual(['CONNECTING', 'CONNECTED', 'READY']);
    expect(c.state).toBe('READY');
    expect(isClientId(c.clientId)).toBe(true);
    expect(accepted.clientId).toBe(c.clientId);
    expect(c.sessionId).toBe(accepted.sessionId);
    expect(accepted.previousSessionId).toBeUndefined();
  });

  it('closes through READY → CLOSING → DISCONNECTED and reports a clean close', async () => {
    const c = connection();
    await c.connect();
    const states = recordStates(c);
    const report = await withTimeout(c.close({ code: 4000, reason: 'done' }), 5000, 'close');
    expect(states).toEqual(['CLOSING', 'DISCONNECTED']);
    expect(report).toEqual({ forced: false, code: 4000, reason: 'done', unsent: [], unconfirmed: [] });
    expect(c.state).toBe('DISCONNECTED');
  });

  it('keeps the client ID and issues a fresh session ID to every connection', async () => {
    const first = connection({ clientId: 'client-a' });
    const second = connection({ clientId: 'client-b' });
    await Promise.all([first.connect(), second.connect()]);
    expect(first.clientId).toBe('client-a');
    expect(second.clientId).toBe('client-b');
    expect(first.sessionId).not.toBe(second.sessionId);
    expect(server.sessions.map((s) => s.clientId).sort()).toEqual(['client-a', 'client-b']);
  });

  it('sends text and binary, and emits what the server sends back', async () => {
    const c = connection();
    await c.connect();
    const echoes: unknown[] = [];
    c.on('message', (data) => echoes.push(data));
    c.send('hello');
    c.send(new Uint8Array([1, 2, 3]));
    await server.waitForReceived(2);
    expect(server.received).toEqual(['hello', new Uint8Array([1, 2, 3])]);
    while (echoes.length < 2) await waitForEvent(c, 'message');
    expect(echoes[0]).toBe('hello');
    expect(echoes[1]).toBeInstanceOf(Uint8Array);
    expect([...(echoes[1] as Uint8Array)]).toEqual([1, 2, 3]);
  });

  it('queues messages sent before READY and flushes them in order', async () => {
    const c = connection();
    c.send('one');
    c.send('two');
    expect(c.queuedMessages).toBe(2);
    const connecting = c.connect();
    c.send('three');
    await connecting;
    await server.waitForReceived(3);
    expect(server.received).toEqual(['one', 'two', 'three']);
    expect(c.queuedMessages).toBe(0);
  });

  it('is tracked from construction until closed, with a label that names url, client, session and state', async () => {
    const c = connection({ clientId: 'tracked-1' });
    expect(registry.list().map((e) => e.id)).toContain(c.id);
    await c.connect();
    const entry = registry.list().find((e) => e.id === c.id)!;
    expect(entry.kind).toBe('connection');
    expect(entry.label).toBe(`connection ${server.url} clientId=tracked-1 sessionId=${c.sessionId} state=READY`);
    expect(entry.stack).toContain('connection.test.ts');
    await c.close();
    expect(registry.list().map((e) => e.id)).not.toContain(c.id);
  });

  it('reconnects after a server drop with a new session, the same client ID and previousSessionId', async () => {
    const c = connection({ random: () => 0 });
    await c.connect();
    const first = await server.session(0);
    const states = recordStates(c);
    const reconnecting = waitForEvent(c, 'reconnecting');
    const ready = waitForEvent(c, 'ready');
    server.dropAll();
    const [info] = (await reconnecting) as [{ attempt: number; delayMs: number; error: { code: string } }];
    expect(info).toMatchObject({ attempt: 1, delayMs: 0, error: { code: 'ERR_WSI_CONNECTION_LOST' } });
    const [readyInfo] = (await ready) as [{ sessionId: string; previousSessionId: string }];
    const second = await server.session(1);
    expect(states).toEqual(['DISCONNECTED', 'CONNECTING', 'CONNECTED', 'READY']);
    expect(second.clientId).toBe(c.clientId);
    expect(second.sessionId).not.toBe(first.sessionId);
    expect(second.previousSessionId).toBe(first.sessionId);
    expect(readyInfo).toMatchObject({ sessionId: second.sessionId, previousSessionId: first.sessionId });
    expect(c.sessionId).toBe(second.sessionId);
    expect(registry.has(c as never)).toBe(true);
  });

  it('stops reconnecting once close() is called', async () => {
    // The retry waits 30 s, far inside the deadline. With the default 30 s
    // deadline it sat exactly on it, and a millisecond that passed between the
    // drop and the delay being computed made the connection give up instead.
    const c = connection({
      reconnect: { baseDelayMs: 60_000, maxDelayMs: 60_000, deadlineMs: 600_000 },
      random: () => 0.5,
    });
    await c.connect();
    const reconnecting = waitForEvent(c, 'reconnecting');
    server.dropAll();
    await reconnecting;
    expect(c.state).toBe('DISCONNECTED');
    const report = await withTimeout(c.close(), 10_000, 'close while waiting to reconnect');
    expect(report.forced).toBe(false);
    expect(registry.has(c as never)).toBe(false);
    await expect(c.connect()).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
    expect(server.sessions).toHaveLength(1);
  });

  it('reports the forced close of a peer that never acknowledges, within the timeout', async () => {
    const c = connection();
    await c.connect();
    server.ignoreClose();
    const report = await withTimeout(c.close({ timeoutMs: 50 }), 5000, 'forced close');
    expect(report).toMatchObject({ forced: true, code: 1006 });
    expect(c.state).toBe('DISCONNECTED');
  });
});

describe.each(transports)('a socket that closes while the handshake finishes (%s)', (_name, { start }) => {
  it('is not left READY on a dead socket: the connection counts it as a drop', async () => {
    const server = await start({ behaviour: 'greet-and-close' });
    const registry = createRegistry();
    try {
      const sockets: (EventTarget & { readyState: number })[] = [];
      const Base = server.WebSocket as unknown as new (url: string) => EventTarget & { readyState: number };
      class Spy extends Base {
        constructor(url: string) {
          super(url);
          sockets.push(this);
        }
      }
      const c = new Connection({
        url: server.url,
        WebSocket: Spy as never,
        registry,
        reconnect: false,
        handshake: async ({ nextMessage }) => {
          await nextMessage();
          // Finish only once the socket has closed under the handshake.
          if (sockets[0]!.readyState !== 3) await waitForEvent(sockets[0] as never, 'close');
          return { sessionId: 'late-session' };
        },
      });
      const lost = waitForEvent(c, 'error');
      await withTimeout(c.connect(), 5000, 'connect');
      const [error] = (await lost) as [{ code: string }];
      expect(error.code).toBe('ERR_WSI_CONNECTION_LOST');
      expect(c.state).toBe('DISCONNECTED');
      expect(registry.size).toBe(0);
    } finally {
      await server.close();
    }
  });
});
