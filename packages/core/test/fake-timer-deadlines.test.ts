import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { MockServer, MockWebSocket } from '@ws-isolation/mock-socket';
import { createRegistry } from '@ws-isolation/registry';
import { ManualClock, withTimeout } from '@ws-isolation/test-utils';
import { WebSocket as WsClient } from 'ws';
import { Connection, type WebSocketConstructor } from '../src';
import { type SessionServer, transports, type Transport } from './support/transports';

const DEADLINE_MS = 150;
// Generous: the assertion is that the wait ends at all while fake time stands still.
const BOUND_MS = DEADLINE_MS + 3000;

const fakeTimerModes: [string, () => void][] = [
  ['modern fake timers', () => jest.useFakeTimers()],
  ['legacy fake timers', () => jest.useFakeTimers({ legacyFakeTimers: true })],
];

/** A place that accepts connections and never opens a WebSocket on them. */
interface NeverOpens {
  url: string;
  WebSocket: WebSocketConstructor;
  close(): Promise<void>;
}

async function tcpThatNeverUpgrades(): Promise<NeverOpens> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    WebSocket: WsClient,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function mockThatNeverOpens(): Promise<NeverOpens> {
  // The server's own clock is never advanced: the open stays pending.
  const server = new MockServer({ clock: new ManualClock() });
  server.fault('delay-open', { ms: 1 });
  return { url: server.url, WebSocket: MockWebSocket as unknown as WebSocketConstructor, close: () => server.close() };
}

const neverOpens: Record<string, () => Promise<NeverOpens>> = {
  mock: mockThatNeverOpens,
  'ws on 127.0.0.1': tcpThatNeverUpgrades,
};

/** Milliseconds of real time, read through a function captured before any fake timers. */
const realNow = performance.now.bind(performance);

describe.each(fakeTimerModes)('deadlines hold with %s installed and never advanced', (_mode, install) => {
  describe.each(transports)('%s', (name, transport: Transport) => {
    const registry = createRegistry();
    let server: SessionServer | NeverOpens | undefined;

    afterEach(async () => {
      jest.useRealTimers();
      await registry.cleanupAll({ timeoutMs: 100 });
      await server?.close();
      server = undefined;
    });

    it('close() to a peer that never acknowledges resolves forced within closeTimeoutMs of real time', async () => {
      const session = await transport.start();
      server = session;
      const c = new Connection({
        url: session.url,
        WebSocket: session.WebSocket,
        registry,
        closeTimeoutMs: DEADLINE_MS,
      });
      await withTimeout(c.connect(), 5000, 'connect');
      session.ignoreClose();
      install();
      const startedAt = realNow();
      const report = await withTimeout(c.close(), BOUND_MS, 'close under fake timers');
      const elapsed = realNow() - startedAt;
      expect(report).toEqual({ forced: true, code: 1006, reason: '', unsent: [], unconfirmed: [] });
      expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 5);
      expect(c.state).toBe('DISCONNECTED');
      expect(registry.size).toBe(0);
    });

    it('connect() to a server that never opens rejects ERR_WSI_CONNECT_TIMEOUT', async () => {
      const target = await neverOpens[name]!();
      server = target;
      install();
      const c = new Connection({
        url: target.url,
        WebSocket: target.WebSocket,
        registry,
        connectTimeoutMs: DEADLINE_MS,
        reconnect: false,
      });
      await expect(withTimeout(c.connect(), BOUND_MS, 'connect under fake timers')).rejects.toMatchObject({
        code: 'ERR_WSI_CONNECT_TIMEOUT',
      });
      expect(c.state).toBe('DISCONNECTED');
      expect(registry.size).toBe(0);
    });

    it('a handshake the server never answers rejects ERR_WSI_HANDSHAKE_TIMEOUT', async () => {
      const session = await transport.start({ behaviour: 'silent' });
      server = session;
      install();
      const c = new Connection({
        url: session.url,
        WebSocket: session.WebSocket,
        registry,
        handshakeTimeoutMs: DEADLINE_MS,
        reconnect: false,
      });
      await expect(withTimeout(c.connect(), BOUND_MS, 'handshake under fake timers')).rejects.toMatchObject({
        code: 'ERR_WSI_HANDSHAKE_TIMEOUT',
      });
      expect(c.state).toBe('DISCONNECTED');
      expect(registry.size).toBe(0);
    });
  });
});
