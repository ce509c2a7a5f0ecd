import { MockServer, MockWebSocket } from '@ws-isolation/mock-socket';
import { WebSocketServer, WebSocket } from 'ws';
import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { acceptSession, isSessionControlMessage, type AcceptSessionOptions, type AcceptedSession } from '../src';

interface Harness {
  url: string;
  results: Promise<AcceptedSession>[];
  /** Waits until the server has seen `count` connections. */
  connections(count: number): Promise<void>;
  close(): Promise<void>;
}

async function startServer(options: AcceptSessionOptions = {}): Promise<Harness> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const results: Promise<AcceptedSession>[] = [];
  const events = new EventEmitter();
  server.on('connection', (socket) => {
    const result = acceptSession(socket, options);
    result.catch(() => undefined);
    results.push(result);
    events.emit('connection');
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    results,
    connections: async (count) => {
      while (results.length < count) await waitForEvent(events, 'connection');
    },
    close: async () => {
      for (const client of server.clients) client.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function openClient(url: string): Promise<WebSocket> {
  const client = new WebSocket(url);
  await waitForEvent(client, 'open');
  return client;
}

describe('acceptSession', () => {
  let harness: Harness;
  const clients: WebSocket[] = [];
  const client = async (): Promise<WebSocket> => {
    const c = await openClient(harness.url);
    clients.push(c);
    return c;
  };
  afterEach(async () => {
    for (const c of clients.splice(0)) c.terminate();
    await harness.close();
  });

  it('answers a valid hello with a welcome carrying a new UUID session; an unknown previous session is only reported as claimed', async () => {
    harness = await startServer();
    const c = await client();
    const reply = waitForEvent(c, 'message');
    c.send(JSON.stringify({ type: 'session.hello', clientId: 'abc', previousSessionId: 'old-session' }));
    const [event] = await reply;
    const welcome = JSON.parse(String((event as { data: unknown }).data)) as { type: string; sessionId: string };
    const accepted = await withTimeout(harness.results[0]!, 10_000, 'acceptSession');
    expect(welcome.type).toBe('session.welcome');
    expect(accepted).toStrictEqual({
      clientId: 'abc',
      sessionId: welcome.sessionId,
      previousSessionId: undefined,
      claimedPreviousSessionId: 'old-session',
    });
    expect(welcome.sessionId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it('refuses a binary hello and a hello larger than maxHelloBytes', async () => {
    harness = await startServer({ maxHelloBytes: 64 });
    const binary = await client();
    const big = await client();
    const closedBinary = waitForEvent(binary, 'close');
    const closedBig = waitForEvent(big, 'close');
    binary.send(Buffer.from(JSON.stringify({ type: 'session.hello', clientId: 'abc' })));
    big.send(JSON.stringify({ type: 'session.hello', clientId: 'a'.repeat(100) }));
    expect(((await closedBinary)[0] as { code: number }).code).toBe(1008);
    expect(((await closedBig)[0] as { code: number }).code).toBe(1008);
    for (const result of harness.results) await expect(result).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_HELLO' });
  });

  it('closes with 1008 and rejects ERR_WSI_HELLO_TIMEOUT when no hello comes in time', async () => {
    const clock = new ManualClock();
    harness = await startServer({ clock, helloTimeoutMs: 300 });
    const c = await client();
    const closed = waitForEvent(c, 'close');
    await harness.connections(1);
    clock.advance(300);
    expect(((await closed)[0] as { code: number }).code).toBe(1008);
    await expect(harness.results[0]).rejects.toMatchObject({ code: 'ERR_WSI_HELLO_TIMEOUT' });
  });

  it('rejects ERR_WSI_CLOSED when the socket closes before the hello', async () => {
    harness = await startServer();
    const c = await client();
    await harness.connections(1);
    c.close();
    await expect(withTimeout(harness.results[0]!, 10_000, 'acceptSession')).rejects.toMatchObject({
      code: 'ERR_WSI_CLOSED',
    });
  });

  it('answers heartbeat pings after the welcome', async () => {
    harness = await startServer();
    const c = await client();
    const welcome = waitForEvent(c, 'message');
    c.send(JSON.stringify({ type: 'session.hello', clientId: 'abc' }));
    await welcome;
    const pong = waitForEvent(c, 'message');
    c.send(JSON.stringify({ type: 'session.ping', id: 7 }));
    const [event] = await pong;
    expect(JSON.parse(String((event as { data: unknown }).data))).toEqual({ type: 'session.pong', id: 7 });
  });

  it('refuses bad options and non-sockets with ERR_WSI_INVALID_OPTION', async () => {
    harness = await startServer();
    const fakeSocket = { on: () => undefined, send: () => undefined, close: () => undefined };
    await expect(acceptSession({} as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    await expect(acceptSession(fakeSocket, { helloTimeoutMs: -1 })).rejects.toMatchObject({
      code: 'ERR_WSI_INVALID_OPTION',
    });
    await expect(acceptSession(fakeSocket, { maxHelloBytes: 0 })).rejects.toMatchObject({
      code: 'ERR_WSI_INVALID_OPTION',
    });
    await expect(acceptSession(fakeSocket, { createSessionId: 'x' as never })).rejects.toMatchObject({
      code: 'ERR_WSI_INVALID_OPTION',
    });
  });
});

describe('isSessionControlMessage', () => {
  it('recognises session traffic as a server receives it, and nothing else', () => {
    expect(isSessionControlMessage(Buffer.from('{"type":"session.hello","clientId":"a"}'), false)).toBe(true);
    expect(isSessionControlMessage(Buffer.from('{"type":"session.ping","id":1}'), false)).toBe(true);
    expect(isSessionControlMessage('{"type":"session.pong","id":1}')).toBe(true);
    expect(isSessionControlMessage(Buffer.from('{"type":"session.hello"}'), true)).toBe(false);
    expect(isSessionControlMessage(Buffer.from('{"type":"chat"}'), false)).toBe(false);
    expect(isSessionControlMessage(Buffer.from('hello'), false)).toBe(false);
  });

  it('reads session traffic from every byte container, from a slice of a larger buffer too, and nothing from empty or non-object data', () => {
    const ping = '{"type":"session.ping","id":1}';
    const bytes = new TextEncoder().encode(ping);
    expect(isSessionControlMessage(bytes.buffer.slice(0), false)).toBe(true);
    expect(isSessionControlMessage(new Uint8Array(bytes), false)).toBe(true);
    const framed = Buffer.concat([Buffer.from('xx'), Buffer.from(ping)]);
    expect(isSessionControlMessage(framed.subarray(2), false)).toBe(true);
    expect(isSessionControlMessage(framed, false)).toBe(false);
    // Views whose elements are not single bytes are read by their first byte all the same.
    expect(isSessionControlMessage(new DataView(framed.buffer, framed.byteOffset + 2, bytes.length), false)).toBe(true);
    expect(isSessionControlMessage(new DataView(framed.buffer, framed.byteOffset, framed.length), false)).toBe(false);
    expect(isSessionControlMessage(new Int8Array(bytes), false)).toBe(true);
    expect(isSessionControlMessage(Buffer.alloc(0), false)).toBe(false);
    expect(isSessionControlMessage(new ArrayBuffer(0), false)).toBe(false);
    expect(isSessionControlMessage('', false)).toBe(false);
    expect(isSessionControlMessage(` ${ping}`, false)).toBe(false);
    expect(isSessionControlMessage([Buffer.from(ping)], false)).toBe(false);
  });
});

describe('acceptSession on a mock server connection', () => {
  it('welcomes a valid hello, and closes a bad one with 1008', async () => {
    const server = new MockServer();
    const results: Promise<AcceptedSession>[] = [];
    server.on('connection', (socket) => {
      const result = acceptSession(socket);
      result.catch(() => undefined);
      results.push(result);
    });
    try {
      const good = new MockWebSocket(server.url);
      await waitForEvent(good, 'open');
      const welcome = waitForEvent(good, 'message');
      good.send(JSON.stringify({ type: 'session.hello', clientId: 'mock-client' }));
      const [event] = await welcome;
      const { sessionId } = JSON.parse(String((event as { data: unknown }).data)) as { sessionId: string };
      await expect(results[0]).resolves.toEqual({ clientId: 'mock-client', sessionId, previousSessionId: undefined });

      const bad = new MockWebSocket(server.url);
      await waitForEvent(bad, 'open');
      const closed = waitForEvent(bad, 'close');
      bad.send('{"type":"session.hello","clientId":"not valid!"}');
      expect(((await closed)[0] as { code: number }).code).toBe(1008);
      await expect(results[1]).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_HELLO' });
      good.close();
    } finally {
      await server.close();
    }
  });
});
