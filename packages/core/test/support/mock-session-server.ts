import { MockServer, MockWebSocket, type MockServerSocket } from '@ws-isolation/mock-socket';
import { acceptSession, type WebSocketConstructor } from '../../src';
import type { SessionServer, SessionServerOptions } from './session-server';
import { createServerState } from './session-server';

/** A session server on the in-memory mock transport. */
export async function startMockSessionServer(options: SessionServerOptions = {}): Promise<SessionServer> {
  const server = new MockServer();
  const state = createServerState();
  const sockets = new Set<MockServerSocket>();

  server.on('connection', (socket: MockServerSocket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // No cast: a mock server socket is a ServerSocketLike as it is.
    state.handle(socket, options, (s) => acceptSession(s, options.accept));
  });

  return {
    name: 'mock',
    url: server.url,
    WebSocket: MockWebSocket as unknown as WebSocketConstructor,
    ...state.view,
    sendToAll(data) {
      for (const socket of sockets) socket.send(data, { binary: typeof data !== 'string' });
    },
    dropAll() {
      for (const socket of sockets) socket.terminate();
    },
    ignoreClose() {
      server.fault('ignore-close');
    },
    async close() {
      server.clearFaults();
      server.terminate();
      await server.close();
    },
  };
}
