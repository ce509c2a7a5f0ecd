import { WebSocketServer, WebSocket as WsClient } from 'ws';
import type { AddressInfo } from 'node:net';
import { acceptSession } from '../../src';
import type { SessionServer, SessionServerOptions } from './session-server';
import { createServerState } from './session-server';

/** A session server on a real `ws` WebSocketServer, 127.0.0.1, port 0. */
export async function startWsSessionServer(options: SessionServerOptions = {}): Promise<SessionServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const state = createServerState();
  const sockets = new Set<WsClient>();
  let ignoring = false;

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    if (ignoring) socket.pause();
    state.handle(socket, options, (s) => acceptSession(s, options.accept));
  });

  return {
    name: 'ws',
    url: `ws://127.0.0.1:${port}/session`,
    WebSocket: WsClient,
    ...state.view,
    sendToAll(data) {
      for (const socket of sockets) socket.send(data, { binary: typeof data !== 'string' });
    },
    dropAll() {
      for (const socket of sockets) socket.terminate();
    },
    ignoreClose() {
      ignoring = true;
      // A paused socket reads nothing, so it never sees (or answers) a close frame.
      for (const socket of sockets) socket.pause();
    },
    async close() {
      for (const socket of sockets) socket.terminate();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
