import { acceptSession, isSessionControlMessage, type WebSocketConstructor } from '@ws-isolation/core';
import { MockServer, MockWebSocket } from '@ws-isolation/mock-socket';
import { sessionTransports } from '@ws-isolation/test-utils';
import { WebSocket as WsClient } from 'ws';

let servers = 0;

/** The cells' servers (test-utils' session servers): core's acceptSession, for core's clients. */
const { mock, ws } = sessionTransports({
  acceptSession,
  isSessionControlMessage,
  // Each cell's server on a URL of its own.
  mock: {
    createServer: () => new MockServer({ url: `ws://cell-${(servers += 1)}.reliability.test/session` }),
    WebSocket: MockWebSocket as unknown as WebSocketConstructor,
  },
  wsClient: WsClient as unknown as WebSocketConstructor,
  // A cell's server records without echoing, and a crash takes it away (new connections refused) until restart().
  defaults: { echo: false, afterCrash: 'refuse', accept: { helloTimeoutMs: 2000 } },
});

/** One transport the cells run on. */
export type Transport = typeof mock;
export type TransportName = Transport['name'];
/** The server side of a cell, the same on every transport. */
export type SessionServer = Awaited<ReturnType<Transport['start']>>;
export type SessionServerOptions = NonNullable<Parameters<Transport['start']>[0]>;

export const mockTransport = mock;
export const TRANSPORTS: readonly Transport[] = [mock, ws];
