import type { AddressInfo } from 'node:net';
import type { ClientSocket, Transport, TransportServer } from './transport';

/**
 * Real `ws` over TCP on 127.0.0.1, port 0: the reference every mock imitates.
 * `ws` has no test cleanup of its own; `wss.close()` is what tests call, and
 * since ws 8 it leaves the open connections open.
 */
export async function wsTransport(): Promise<Transport> {
  const { WebSocket, WebSocketServer } = await import('ws');
  return {
    async start(): Promise<TransportServer> {
      const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, backlog: 4096 });
      await new Promise<void>((resolve, reject) => {
        wss.once('listening', resolve);
        wss.once('error', reject);
      });
      wss.on('connection', (socket) => {
        socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
      });
      const { port } = wss.address() as AddressInfo;
      const url = `ws://127.0.0.1:${port}`;
      const clients = new Set<InstanceType<typeof WebSocket>>();
      return {
        connect: () => {
          const client = new WebSocket(url);
          clients.add(client);
          return client as unknown as ClientSocket;
        },
        broadcast: (data) => {
          for (const socket of wss.clients) socket.send(data);
        },
        // Its callback waits for every connection to end, which is the point of the check: do not await it.
        cleanup: () => {
          wss.close();
        },
        async dispose() {
          for (const client of clients) client.terminate();
          for (const socket of wss.clients) socket.terminate();
          await new Promise<void>((resolve) => {
            wss.close(() => resolve());
          });
        },
      };
    },
  };
}
