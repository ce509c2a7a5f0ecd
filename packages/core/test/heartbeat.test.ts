import { createRegistry } from '@ws-isolation/registry';
import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { Connection, type WebSocketConstructor } from '../src';
import { type SessionServer, type SessionServerOptions, transports } from './support/transports';

type SpiedSocket = EventTarget & { readonly readyState: number };

/** A subclass of the transport's client that remembers every socket, so a test can listen beside the connection. */
function spyingWebSocket(Base: WebSocketConstructor): { WebSocket: WebSocketConstructor; sockets: SpiedSocket[] } {
  const sockets: SpiedSocket[] = [];
  const Client = Base as unknown as new (url: string) => SpiedSocket;
  class SpyWebSocket extends Client {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  return { WebSocket: SpyWebSocket as unknown as WebSocketConstructor, sockets };
}

const isPong = (event: unknown): boolean => String((event as { data: unknown }).data).includes('"session.pong"');

describe.each(transports)('heartbeat (%s)', (_name, transport) => {
  let server: SessionServer;
  const registry = createRegistry();
  let clock: ManualClock;
  beforeEach(() => {
    clock = new ManualClock();
  });
  const start = async (options: SessionServerOptions = {}): Promise<void> => {
    server = await transport.start(options);
  };
  afterEach(async () => {
    await registry.cleanupAll({ timeoutMs: 100 });
    await server.close();
  });

  it('pings at the interval over the session protocol and stays up while pongs come back', async () => {
    await start();
    const spy = spyingWebSocket(server.WebSocket);
    const c = new Connection({
      url: server.url,
      WebSocket: spy.WebSocket,
      registry,
      clock,
      heartbeat: { intervalMs: 1000, timeoutMs: 500 },
    });
    const messages: unknown[] = [];
    c.on('message', (data) => messages.push(data));
    await c.connect();
    let advanceToPing = 1000;
    for (let round = 1; round <= 3; round++) {
      const ping = server.nextControl();
      const pong = waitForEvent(spy.sockets[0] as never, 'message', { filter: isPong });
      clock.advance(advanceToPing);
      expect(JSON.parse(await ping)).toEqual({ type: 'session.ping', id: round });
      await pong;
      // Past the pong deadline: the answered ping keeps the connection up.
      clock.advance(600);
      expect(c.state).toBe('READY');
      advanceToPing = 400;
    }
    expect(messages).toEqual([]);
    expect(spy.sockets).toHaveLength(1);
  });

  it('treats a missing pong as a dead connection and reconnects with a new session', async () => {
    await start({ accept: { answerPings: false } });
    const c = new Connection({
      url: server.url,
      WebSocket: server.WebSocket,
      registry,
      clock,
      random: () => 0,
      heartbeat: { intervalMs: 1000, timeoutMs: 500 },
    });
    await c.connect();
    const firstSession = c.sessionId;
    const ping = server.nextControl();
    clock.advance(1000);
    await ping;
    const retry = waitForEvent(c, 'reconnecting');
    clock.advance(499);
    expect(c.state).toBe('READY');
    clock.advance(1);
    expect(c.state).toBe('DISCONNECTED');
    const [info] = (await retry) as [{ error: { code: string; message: string } }];
    expect(info.error.code).toBe('ERR_WSI_CONNECTION_LOST');
    expect(info.error.message).toContain('heartbeat');
    const ready = waitForEvent(c, 'ready');
    clock.advance(0);
    await withTimeout(ready, 5000, 'reconnect');
    expect(c.sessionId).not.toBe(firstSession);
    expect((await server.session(1)).previousSessionId).toBe(firstSession);
  });

  it('stops pinging once closed', async () => {
    await start();
    const c = new Connection({
      url: server.url,
      WebSocket: server.WebSocket,
      registry,
      clock,
      heartbeat: { intervalMs: 1000, timeoutMs: 500 },
    });
    await c.connect();
    await c.close();
    expect(clock.pending).toBe(0);
  });
});
