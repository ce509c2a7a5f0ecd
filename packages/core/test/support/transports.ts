import { MockWebSocket } from '@ws-isolation/mock-socket';
import { WebSocket as WsClient } from 'ws';
import type { WebSocketConstructor } from '../../src';
import { refusedUrl } from './closed-port';
import type { StartSessionServer } from './session-server';
import { startWsSessionServer } from './ws-session-server';
import { startMockSessionServer } from './mock-session-server';

/** One transport the shared connection tests run on. */
export interface Transport {
  start: StartSessionServer;
  /** The client constructor, for tests that need no server. */
  WebSocket: WebSocketConstructor;
  /** A URL where nobody listens, so connecting is refused. */
  refusedUrl(): Promise<string>;
}

/** Every transport, as `describe.each` rows: [name, transport]. The in-memory mock first, then real `ws` on loopback. */
export const transports: [string, Transport][] = [
  [
    'mock',
    {
      start: startMockSessionServer,
      WebSocket: MockWebSocket as unknown as WebSocketConstructor,
      refusedUrl: async () => 'ws://refused.mock.test:1/',
    },
  ],
  ['ws on 127.0.0.1', { start: startWsSessionServer, WebSocket: WsClient, refusedUrl }],
];
