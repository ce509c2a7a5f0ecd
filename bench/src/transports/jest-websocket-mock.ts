import type { ClientSocket, Transport, TransportServer } from './transport';
import { freshUrl } from './transport';

/**
 * jest-websocket-mock 2.5 registers Jest matchers with the global `expect` when
 * it loads, so outside Jest it needs that global; Jest's own `expect` package
 * provides it here. Its clients are mock-socket's `WebSocket`, which its server
 * installs as the global `WebSocket`.
 */
export async function jestWebsocketMockTransport(): Promise<Transport> {
  const { expect } = await import('expect');
  (globalThis as { expect?: unknown }).expect = expect;
  // Node loads its CommonJS build, whose only export is the named `WS`.
  const { WS } = (await import('jest-websocket-mock')) as unknown as {
    WS: typeof import('jest-websocket-mock').default;
  };
  return {
    async start(): Promise<TransportServer> {
      const url = freshUrl();
      const server = new WS(url);
      server.on('connection', (socket) => {
        socket.on('message', (data) => socket.send(data as string));
      });
      const ClientClass = (globalThis as unknown as { WebSocket: new (url: string) => ClientSocket }).WebSocket;
      return {
        connect: () => new ClientClass(url),
        broadcast: (data) => server.send(data),
        cleanup: () => WS.clean(),
        async dispose() {
          WS.clean();
        },
      };
    },
  };
}
