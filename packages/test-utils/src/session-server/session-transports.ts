import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { startMockSessionServer, type MockTransportParts } from './mock-session-server';
import type { SessionProtocol, SessionServer, SessionServerOptions, SessionTypes } from './session-server';
import { startWsSessionServer } from './ws-session-server';

/** One transport the session tests run on. */
export interface SessionTransport<T extends SessionTypes> {
  readonly name: 'mock' | 'ws';
  /** The client constructor, for tests that need no server. */
  readonly WebSocket: T['client'];
  /** A fresh session server; `options` go over the transports' `defaults`. */
  start(options?: SessionServerOptions<T['accept']>): Promise<SessionServer<T>>;
  /** A URL where nobody listens, so connecting is refused. */
  refusedUrl(): Promise<string>;
}

/** What the session servers are made of, from the packages test-utils cannot depend on (core, mock-socket). */
export interface SessionTransportParts<T extends SessionTypes> extends SessionProtocol<T> {
  mock: MockTransportParts<T['client']>;
  /** `ws`'s client, typed as the caller's client constructor. */
  wsClient: T['client'];
  /** Options every server starts with, under those a test gives. */
  defaults?: SessionServerOptions<T['accept']>;
}

/** A loopback URL nobody listens on: a port 0 server's port, after the server closed. */
async function closedPortUrl(): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => server.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `ws://127.0.0.1:${port}/`;
}

/**
 * The in-memory mock and real `ws` on 127.0.0.1, serving the sessions of
 * `parts`; the session, option and client types are those of `parts` (core's).
 */
export function sessionTransports<Session, Accept, Client>(
  parts: SessionTransportParts<{ session: Session; accept: Accept; client: Client }>,
): Record<'mock' | 'ws', SessionTransport<{ session: Session; accept: Accept; client: Client }>> {
  const { mock, wsClient, defaults = {} } = parts;
  return {
    mock: {
      name: 'mock',
      WebSocket: mock.WebSocket,
      start: (options = {}) => startMockSessionServer(parts, mock, { ...defaults, ...options }),
      refusedUrl: async () => 'ws://refused.mock.test:1/',
    },
    ws: {
      name: 'ws',
      WebSocket: wsClient,
      start: (options = {}) => startWsSessionServer(parts, wsClient, { ...defaults, ...options }),
      refusedUrl: closedPortUrl,
    },
  };
}
