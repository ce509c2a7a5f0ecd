/**
 * The server side of `pnpm --filter @ws-isolation/bench load`, in its own
 * process so that client and server sockets do not share one file-descriptor
 * limit. A `ws` session server on 127.0.0.1 that echoes every application
 * message and checks, per client, that messages arrive once and in order.
 * Talks to its parent over IPC: sends `{ port }`, answers `summary`.
 */
import { acceptSession, isSessionControlMessage } from '@ws-isolation/core';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, backlog: 4096 });
const next = new Map<string, number>();
let messages = 0;
let outOfOrder = 0;

server.on('connection', (socket) => {
  let clientId: string | undefined;
  socket.on('message', (data, isBinary) => {
    if (isSessionControlMessage(data, isBinary)) return;
    const text = String(data);
    messages += 1;
    if (clientId !== undefined) {
      const expected = next.get(clientId) ?? 1;
      if (Number(text) !== expected) outOfOrder += 1;
      next.set(clientId, Number(text) + 1);
    }
    socket.send(text);
  });
  acceptSession(socket).then(
    (session) => {
      clientId = session.clientId;
    },
    () => undefined,
  );
});

server.once('listening', () => {
  process.send?.({ port: (server.address() as AddressInfo).port });
});

process.on('message', (message) => {
  if (message === 'summary')
    process.send?.({
      clients: next.size,
      messages,
      outOfOrder,
      incomplete: [...next.values()].filter((n) => n !== Number(process.env.WSI_LOAD_MESSAGES) + 1).length,
    });
  if (message === 'stop') server.close(() => process.exit(0));
});
