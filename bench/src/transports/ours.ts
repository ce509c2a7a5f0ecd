import type { Registry } from '@ws-isolation/registry';
import { importOurs, OUR_PACKAGES } from '../ours';
import type { ClientSocket, Transport, TransportServer } from './transport';
import { freshUrl } from './transport';

/** The parts of @ws-isolation/mock-socket the workloads use, as DESIGN.md documents them. */
interface ServerSocket {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): void;
  send(data: unknown, options?: { binary?: boolean }): void;
}
interface MockServerLike {
  on(event: 'connection', listener: (socket: ServerSocket) => void): void;
  readonly clients: Iterable<ServerSocket>;
  broadcast?(data: unknown): void;
  close(): unknown;
}
interface MockSocketModule {
  MockServer: new (options: { url: string }) => MockServerLike;
  MockWebSocket: new (url: string) => ClientSocket;
}

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
        connect: () => new lib.MockWebSocket(url),
        broadcast: (data) => {
          if (typeof server.broadcast === 'function') server.broadcast(data);
          else for (const socket of server.clients) socket.send(data);
        },
        cleanup: () => getRegistry().cleanupAll({ timeoutMs: 1000 }),
        async dispose() {
          await getRegistry().cleanupAll({ timeoutMs: 1000 });
        },
      };
    },
  };
}
