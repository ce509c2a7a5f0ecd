import type { Registry } from '@ws-isolation/registry';
import { importOurs, OUR_PACKAGES } from '../ours';
import type { ClientSocket, Transport, TransportServer } from './transport';
import { freshUrl } from './transport';

type MockSocketModule = typeof import('@ws-isolation/mock-socket');

/** @ws-isolation/mock-socket; its cleanup is the registry's, as the Jest environment runs it. */
export async function oursTransport(): Promise<Transport> {
  const lib = await importOurs<MockSocketModule>(OUR_PACKAGES.mockSocket);
  const { getRegistry } = await importOurs<{ getRegistry(): Registry }>(OUR_PACKAGES.registry);
  return {
    async start(): Promise<TransportServer> {
      const url = freshUrl();
      const server = new lib.MockServer({ url });
      server.on('connection', (socket) => {
        socket.on('message', (data, isBinary) => socket.send(data, { binary: isBinary }));
      });
      return {
        connect: () => new lib.MockWebSocket(url) as unknown as ClientSocket,
        broadcast: (data) => {
          server.broadcast(data);
        },
        cleanup: () => getRegistry().cleanupAll({ timeoutMs: 1000 }),
        async dispose() {
          await getRegistry().cleanupAll({ timeoutMs: 1000 });
        },
      };
    },
  };
}
