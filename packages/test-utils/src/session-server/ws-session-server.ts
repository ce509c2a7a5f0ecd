import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SessionProtocol, SessionServer, SessionServerOptions, SessionTypes } from './session-server';
import { createSessionState } from './session-state';

type VerifyCallback = (result: boolean, code?: number) => void;

/** Upgrade requests held unanswered while `holding` is on (`slowOpenUrl()`). */
interface Gate {
  holding: boolean;
  held: VerifyCallback[];
}

function listen(port: number, gate: Gate): Promise<WebSocketServer> {
  const verifyClient = (_info: unknown, callback: VerifyCallback): void => {
    if (gate.holding) gate.held.push(callback);
    else callback(true);
  };
  const server = new WebSocketServer({ host: '127.0.0.1', port, verifyClient });
  return new Promise((resolve, reject) => {
    server.once('listening', () => resolve(server));
    server.once('error', reject);
  });
}

function stop(server: WebSocketServer, sockets: Iterable<{ terminate(): void }>, gate: Gate): Promise<void> {
  for (const socket of [...sockets]) socket.terminate();
  for (const callback of gate.held.splice(0)) callback(false, 503);
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * The peer never acknowledges a close: `ws` answers a close frame by calling
 * the socket's own `close()`, so shadowing it on the instance is enough (the
 * socket goes on reading messages, as with the mock's `ignore-close` fault).
 */
function ignoreCloseOn(socket: WebSocket): void {
  socket.close = () => undefined;
}

/** A session server on a real `ws` WebSocketServer, 127.0.0.1, port 0; `WebSocket` is `ws`'s client, typed as the caller's. */
export async function startWsSessionServer<T extends SessionTypes>(
  protocol: SessionProtocol<T>,
  WebSocket: T['client'],
  options: SessionServerOptions<T['accept']> = {},
): Promise<SessionServer<T>> {
  const gate: Gate = { holding: false, held: [] };
  let server = await listen(0, gate);
  const { port } = server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}/session`;
  const sockets = new Set<WebSocket>();
  let ignoring = false;
  let down: Promise<void> | undefined;
  const state = createSessionState(protocol, options, () => {
    down = stop(server, sockets, gate);
  });
  const accept = (listening: WebSocketServer): void => {
    listening.on('connection', (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      if (ignoring) ignoreCloseOn(socket);
      state.handle(socket);
    });
  };
  accept(server);
  return {
    url,
    WebSocket,
    ...state.view,
    async restart() {
      state.restarted();
      gate.holding = false;
      for (const callback of gate.held.splice(0)) callback(false, 503);
      if (down === undefined) return;
      await down;
      down = undefined;
      // The same port: clients reconnect to the URL they know.
      server = await listen(port, gate);
      accept(server);
    },
    refuse() {
      down = stop(server, sockets, gate);
    },
    async slowOpenUrl() {
      gate.holding = true;
      return url;
    },
    ignoreClose() {
      ignoring = true;
      for (const socket of sockets) ignoreCloseOn(socket);
    },
    async close() {
      await down;
      await stop(server, sockets, gate);
    },
  };
}
