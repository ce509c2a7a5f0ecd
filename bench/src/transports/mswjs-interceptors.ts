import type { ClientSocket, Transport, TransportServer } from './transport';
import { freshUrl } from './transport';

interface InterceptedClient {
  send(data: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: () => void): void;
}

/**
 * @mswjs/interceptors 0.45 declares Node 22. On Node 20 its WebSocket
 * interceptor needs two things Node 22 has: a global `WebSocket` to wrap (the
 * case runs with `--experimental-websocket`) and `Promise.withResolvers`
 * (added here, to the letter of the standard, before the library loads).
 */
export async function mswInterceptorsTransport(): Promise<Transport> {
  installPromiseWithResolvers();
  if (typeof (globalThis as { WebSocket?: unknown }).WebSocket !== 'function') {
    throw new Error('@mswjs/interceptors needs a global WebSocket: run Node 20 with --experimental-websocket');
  }
  const { WebSocketInterceptor } = await import('@mswjs/interceptors/WebSocket');
  return {
    async start(): Promise<TransportServer> {
      const url = freshUrl();
      const interceptor = new WebSocketInterceptor();
      const clients = new Set<InterceptedClient>();
      interceptor.apply();
      interceptor.on('connection', ({ client }) => {
        const handle = client as unknown as InterceptedClient;
        clients.add(handle);
        handle.addEventListener('message', (event) => handle.send(event.data));
        handle.addEventListener('close', () => clients.delete(handle));
      });
      const ClientClass = (globalThis as unknown as { WebSocket: new (url: string) => ClientSocket }).WebSocket;
      let disposed = false;
      return {
        connect: () => new ClientClass(url),
        broadcast: (data) => {
          for (const client of clients) client.send(data);
        },
        cleanup: () => {
          disposed = true;
          interceptor.dispose();
        },
        async dispose() {
          if (!disposed) interceptor.dispose();
        },
      };
    },
  };
}

function installPromiseWithResolvers(): void {
  const P = Promise as unknown as { withResolvers?: unknown };
  if (typeof P.withResolvers === 'function') return;
  Object.defineProperty(Promise, 'withResolvers', {
    configurable: true,
    writable: true,
    value: function withResolvers<T>(this: PromiseConstructor) {
      let resolve!: (value: T | PromiseLike<T>) => void;
      let reject!: (reason?: unknown) => void;
      const promise = new this<T>((res, rej) => {
        resolve = res;
        reject = rej;
      });
      return { promise, resolve, reject };
    },
  });
}
