import { acceptSession, isSessionControlMessage } from '@ws-isolation/core';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/** A `ws` session server on 127.0.0.1 that echoes every application message and records it per client. */
export interface EchoServer {
  readonly url: string;
  /** Application messages received, per client ID, in arrival order. */
  readonly received: Map<string, string[]>;
  close(): Promise<void>;
}

export async function startEchoServer(): Promise<EchoServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const received = new Map<string, string[]>();
  const sockets = new Set<WebSocket>();
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Messages are recorded per socket until the session says whose socket it is.
    let log: string[] = [];
    socket.on('message', (data, isBinary) => {
      if (isSessionControlMessage(data, isBinary)) return;
      const text = String(data);
      log.push(text);
      socket.send(text);
    });
    acceptSession(socket).then(
      ({ clientId }) => {
        const mine = received.get(clientId) ?? [];
        received.set(clientId, mine);
        mine.push(...log);
        log = mine;
      },
      () => undefined,
    );
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/load`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.terminate();
        server.close(() => resolve());
      }),
  };
}
