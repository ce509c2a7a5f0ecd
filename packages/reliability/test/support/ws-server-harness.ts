import type { WebSocketConstructor } from '@ws-isolation/core';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, WebSocket as WsClient } from 'ws';
import type { ServerHarness, ServerHarnessOptions } from './server-harness';
import { createServerState } from './server-state';

type VerifyCallback = (result: boolean, code?: number) => void;

/** Upgrade requests held unanswered while `holding` is on. */
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

function stop(server: WebSocketServer, sockets: ReadonlySet<WsClient>, gate: Gate): Promise<void> {
  for (const socket of sockets) socket.terminate();
  for (const callback of gate.held.splice(0)) callback(false, 503);
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
  const gate: Gate = { holding: false, held: [] };
  let server = await listen(0, gate);
  const { port } = server.address() as AddressInfo;
  const url = `ws://127.0.0.1:${port}/session`;
  let ignoring = false;
  let crashed: Promise<void> | undefined;
  const state = createServerState<WsClient>(options, () => {
    crashed = stop(server, state.live, gate);
  });
  const accept = (s: WebSocketServer): void => {
    s.on('connection', (socket) => {
      if (ignoring) ignoreCloseOn(socket);
      state.handle(socket);
    });
  };
  accept(server);
  return {
    transport: 'ws',
    url,
    WebSocket: WsClient as unknown as WebSocketConstructor,
    received: state.received,
    sessions: state.sessions,
    get open() {
      return state.live.size;
    },
    waitForReceived: state.waitForReceived,
    waitForSessions: state.waitForSessions,
    drop: state.drop,
    crash() {
      state.crash();
    },
    async restart() {
      state.restarted();
      gate.holding = false;
      for (const callback of gate.held.splice(0)) callback(false, 503);
      if (crashed === undefined) return;
      await crashed;
      crashed = undefined;
      // The same port: clients reconnect to the URL they know.
      server = await listen(port, gate);
      accept(server);
    },
    refuse() {
      crashed = stop(server, state.live, gate);
    },
    async slowOpenUrl() {
      gate.holding = true;
      return url;
    },
    ignoreClose() {
      ignoring = true;
      for (const socket of state.live) ignoreCloseOn(socket);
    },
    async close() {
      await crashed;
      await stop(server, state.live, gate);
    },
  };
}
