import type { ClientSocket, Transport, TransportServer } from './transport';
import { freshUrl } from './transport';

type MockSocketModule = typeof import('mock-socket');

/** mock-socket 9: `Server` + its `WebSocket`, the README's way (`stop()` or `close()` at the end). */
export async function mockSocketTransport(cleanup: 'stop' | 'close'): Promise<Transport> {
  const lib: MockSocketModule = await import('mock-socket');
  return {
    async start(): Promise<TransportServer> {
      const url = freshUrl();
      const server = new lib.Server(url);
      server.on('connection', (socket) => {
        socket.on('message', (data) => socket.send(data as string));
      });
      let stopped = false;
      return {
        connect: () => new lib.WebSocket(url) as unknown as ClientSocket,
        broadcast: (data) => server.emit('message', data),
        cleanup: () => {
          stopped = true;
          if (cleanup === 'stop') server.stop();
          else server.close();
        },
        async dispose() {
          if (!stopped) server.stop();
        },
      };
    },
  };
}
