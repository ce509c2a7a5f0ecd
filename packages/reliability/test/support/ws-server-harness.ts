import type { WebSocketConstructor } from '@ws-isolation/core';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket as WsClient } from 'ws';
import type { ServerHarness, ServerHarnessOptions } from './server-harness';
import { createServerState } from './server-state';
import { startSilentTcpServer } from './unreachable';

function listen(port: number): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function stop(server: WebSocketServer, sockets: Set<WsClient>): Promise<void> {
  for (const socket of sockets) socket.terminate();
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * The peer never acknowledges a close: `ws` answers a close frame by calling
 * the socket's own `close()`, so shadowing it on the instance is enough.
 */
function ignoreCloseOn(socket: WsClient): void {
  socket.close = () => undefined;
}

/** A cell's server: a real `ws` server on 127.0.0.1, port 0. */
export async function startWsServer(options: ServerHarnessOptions = {}): Promise<ServerHarness> {
  let server = await listen(0);
  const { port } = server.address() as AddressInfo;
  const open = new Set<WsClient>();
  let ignoring = false;
  let crashed: Promise<void> | undefined;
  const closers: (() => Promise<void>)[] = [];
  const state = createServerState(options, () => {
    crashed = stop(server, open);
  });
  const accept = (s: WebSocketServer): void => {
    s.on('connection', (socket) => {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      if (ignoring) ignoreCloseOn(socket);
      state.handle(socket);
    });
  };
  accept(server);
  return {
    transport: 'ws',
    url: `ws://127.0.0.1:${port}/session`,
    WebSocket: WsClient as unknown as WebSocketConstructor,
    received: state.received,
    sessions: state.sessions,
    get open() {
      return open.size;
    },
    waitForReceived: state.waitForReceived,
    waitForSessions: state.waitForSessions,
    drop() {
      for (const socket of [...open]) socket.terminate();
    },
    crash() {
      crashed = stop(server, open);
    },
    async restart() {
      await crashed;
      crashed = undefined;
      state.restarted();
      // The same port: clients reconnect to the URL they know.
      server = await listen(port);
      accept(server);
    },
    refuse() {
      crashed = stop(server, open);
    },
    async slowOpenUrl() {
      const silent = await startSilentTcpServer();
      closers.push(() => silent.close());
      return silent.url;
    },
    ignoreClose() {
      ignoring = true;
      for (const socket of open) ignoreCloseOn(socket);
    },
    async close() {
      await crashed;
      await stop(server, open);
      await Promise.all(closers.map((close) => close()));
    },
  };
}
