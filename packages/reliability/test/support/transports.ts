import type { WebSocketConstructor } from '@ws-isolation/core';
import { MockWebSocket } from '@ws-isolation/mock-socket';
import { WebSocket as WsClient } from 'ws';
import { startMockServer } from './mock-server-harness';
import type { ServerHarness, ServerHarnessOptions } from './server-harness';
import { startWsServer } from './ws-server-harness';

export type TransportName = 'mock' | 'ws';

/** One transport the cells run on. */
export interface Transport {
  readonly name: TransportName;
  readonly WebSocket: WebSocketConstructor;
  start(options?: ServerHarnessOptions): Promise<ServerHarness>;
}

export const mockTransport: Transport = {
  name: 'mock',
  WebSocket: MockWebSocket as unknown as WebSocketConstructor,
  start: startMockServer,
};

const wsTransport: Transport = {
  name: 'ws',
  WebSocket: WsClient as unknown as WebSocketConstructor,
  start: startWsServer,
};

export const TRANSPORTS: readonly Transport[] = [mockTransport, wsTransport];
