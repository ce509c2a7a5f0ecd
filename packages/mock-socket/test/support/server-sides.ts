import { WebSocket as UndiciWebSocket } from 'undici';
import { WebSocketServer as RealWebSocketServer } from 'ws';
import { waitForEvent } from '@ws-isolation/test-utils';
import { createWsModule, MockWebSocket } from '../../src';
import type { WebSocketClass } from './trace';

/** The part of `ws`'s WebSocketServer the server scenarios use; `ws` and the mock both have it. */
export interface WsServerLike {
  options: Record<string, unknown>;
  on(event: string, listener: (...args: never[]) => void): unknown;
  once(event: string, listener: (...args: never[]) => void): unknown;
  emit(event: string, ...args: unknown[]): boolean;
  close(callback?: (error?: Error) => void): unknown;
  address(): unknown;
  handleUpgrade(request: unknown, socket: unknown, head: Buffer, callback: (socket: unknown) => void): void;
  readonly clients: Set<unknown>;
}

/** A server implementation with the clients that talk to it. */
export interface ServerSide {
  name: string;
  WebSocketServer: new (options: Record<string, unknown>, callback?: () => void) => WsServerLike;
  WebSocket: WebSocketClass;
  /** Resolves once a server made with `port` listens. */
  listening(server: WsServerLike): Promise<void>;
}

export const referenceServerSide: ServerSide = {
  name: 'ws 8 WebSocketServer, undici 7 clients on 127.0.0.1',
  WebSocketServer: RealWebSocketServer as unknown as ServerSide['WebSocketServer'],
  WebSocket: UndiciWebSocket as unknown as WebSocketClass,
  listening: (server) => waitForEvent(server as never, 'listening').then(() => undefined),
};

export const mockServerSide: ServerSide = {
  name: 'createWsModule() WebSocketServer, MockWebSocket clients',
  WebSocketServer: createWsModule().WebSocketServer as unknown as ServerSide['WebSocketServer'],
  WebSocket: MockWebSocket,
  listening: (server) => waitForEvent(server as never, 'listening').then(() => undefined),
};
