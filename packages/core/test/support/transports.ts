import { MockServer, MockWebSocket } from '@ws-isolation/mock-socket';
import { sessionTransports } from '@ws-isolation/test-utils';
import { WebSocket as WsClient } from 'ws';
import { acceptSession, isSessionControlMessage, type WebSocketConstructor } from '../../src';

/** The session servers of core's tests (test-utils'): core's acceptSession, for core's clients; they echo every message. */
const { mock, ws } = sessionTransports({
  acceptSession,
  isSessionControlMessage,
  mock: { createServer: () => new MockServer(), WebSocket: MockWebSocket as unknown as WebSocketConstructor },
  wsClient: WsClient as WebSocketConstructor,
});

/** One transport the shared connection tests run on. */
export type Transport = typeof ws;
/** The test server every connection test runs against. */
export type SessionServer = Awaited<ReturnType<Transport['start']>>;
export type SessionServerOptions = NonNullable<Parameters<Transport['start']>[0]>;

export const wsTransport = ws;

/** Every transport, as `describe.each` rows: [name, transport]. The in-memory mock first, then real `ws` on loopback. */
export const transports: [string, Transport][] = [
  ['mock', mock],
  ['ws on 127.0.0.1', ws],
];
