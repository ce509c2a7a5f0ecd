import { createRegistry } from '@ws-isolation/registry';
import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { Connection, type ConnectionOptions, type HandshakeContext } from '../src';
import { type SessionServer, type SessionServerOptions, transports } from './support/transports';

describe.each(transports)('handshake (%s)', (_name, transport) => {
  let server: SessionServer | undefined;
  const registry = createRegistry();
  const start = async (options: SessionServerOptions = {}): Promise<SessionServer> =>
    (server = await transport.start(options));
  const connection = (options: Partial<ConnectionOptions> = {}): Connection =>
    new Connection({ url: server!.url, WebSocket: server!.WebSocket, registry, ...options });

  afterEach(async () => {
    await registry.cleanupAll({ timeoutMs: 100 });
    await server?.close();
    server = undefined;
  });

  it('fails with ERR_WSI_HANDSHAKE_FAILED when the server answers garbage, without retrying, and untracks', async () => {
    await start({ behaviour: 'garbage' });
    const c = connection();
    const reconnecting = jest.fn();
    c.on('reconnecting', reconnecting);
    const closed = waitForEvent(c, 'close');
    await expect(withTimeout(c.connect(), 5000, 'connect')).rejects.toMatchObject({ code: 'ERR_WSI_HANDSHAKE_FAILED' });
    await closed;
    expect(reconnecting).not.toHaveBeenCalled();
    expect(c.state).toBe('DISCONNECTED');
    expect(registry.size).toBe(0);
  });

  it('fails with ERR_WSI_HANDSHAKE_TIMEOUT when the server never welcomes', async () => {
    await start({ behaviour: 'silent' });
    const clock = new ManualClock();
    const c = connection({ clock, reconnect: false, handshakeTimeoutMs: 500 });
    const connected = waitForEvent(c, 'state', { filter: (change) => (change as { to: string }).to === 'CONNECTED' });
    const connecting = c.connect();
    await connected;
    clock.advance(499);
    expect(c.state).toBe('CONNECTED');
    clock.advance(1);
    await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_HANDSHAKE_TIMEOUT' });
    expect(c.state).toBe('DISCONNECTED');
    expect(registry.size).toBe(0);
  });

  it("handshake: 'none' is READY on open with a client-made UUID session", async () => {
    await start({ behaviour: 'silent' });
    const c = connection({ handshake: 'none' });
    const states: string[] = [];
    c.on('state', ({ to }) => states.push(to));
    await withTimeout(c.connect(), 5000, 'connect');
    expect(states).toEqual(['CONNECTING', 'CONNECTED', 'READY']);
    expect(c.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(server!.control).toEqual([]);
  });

  it('runs a custom handshake function and uses the session it returns', async () => {
    await start({ behaviour: 'silent' });
    const seen: Partial<HandshakeContext>[] = [];
    const c = connection({
      handshake: async (context) => {
        seen.push({ clientId: context.clientId, previousSessionId: context.previousSessionId });
        context.send('custom-hello');
        const reply = await context.nextMessage();
        return { sessionId: `custom-${String(reply)}` };
      },
    });
    await withTimeout(c.connect(), 5000, 'connect');
    expect(seen).toEqual([{ clientId: c.clientId, previousSessionId: undefined }]);
    expect(c.sessionId).toBe('custom-custom-hello');
  });

  it('refuses a custom handshake result without a valid sessionId', async () => {
    await start({ behaviour: 'silent' });
    const c = connection({ handshake: () => ({ sessionId: 'not a session id' }) });
    await expect(withTimeout(c.connect(), 5000, 'connect')).rejects.toMatchObject({ code: 'ERR_WSI_HANDSHAKE_FAILED' });
    expect(registry.size).toBe(0);
  });

  it('bounds a custom handshake that ignores its signal', async () => {
    await start({ behaviour: 'silent' });
    const clock = new ManualClock();
    const c = connection({
      clock,
      reconnect: false,
      handshakeTimeoutMs: 50,
      handshake: () => new Promise(() => undefined),
    });
    const connected = waitForEvent(c, 'state', { filter: (change) => (change as { to: string }).to === 'CONNECTED' });
    const connecting = c.connect();
    await connected;
    clock.advance(50);
    await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_HANDSHAKE_TIMEOUT' });
  });

  it('delivers messages that arrive right behind the welcome after ready', async () => {
    await start({ behaviour: 'silent' });
    const c = connection({
      handshake: async (context) => {
        context.send('first');
        context.send('second');
        await context.nextMessage();
        return { sessionId: 'abc' };
      },
    });
    const messages: unknown[] = [];
    c.on('message', (data) => messages.push(data));
    await c.connect();
    while (messages.length < 1) await waitForEvent(c, 'message');
    expect(messages).toEqual(['second']);
  });
});
