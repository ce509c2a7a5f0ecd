import type {
  ServerSocket,
  SessionProtocol,
  SessionServer,
  SessionServerOptions,
  SessionTypes,
} from './session-server';
import { createSessionState } from './session-state';

/** What the session server uses of mock-socket's `MockServer` (passed in: mock-socket's tests use test-utils). */
interface MockServerLike {
  readonly url: string;
  readonly state: string;
  on(event: 'connection', listener: (socket: ServerSocket) => void): unknown;
  fault(name: 'refuse' | 'ignore-close'): () => void;
  fault(name: 'delay-open', options: { ms: number }): () => void;
  clearFaults(): void;
  crash(): void;
  restart(): void;
  terminate(): void;
  close(): Promise<void>;
}

/** The mock transport: a new server (on a URL of its own) and the client constructor, typed as the caller's. */
export interface MockTransportParts<Client> {
  createServer(): MockServerLike;
  WebSocket: Client;
}

/** A session server on the in-memory mock transport. */
export async function startMockSessionServer<T extends SessionTypes>(
  protocol: SessionProtocol<T>,
  mock: MockTransportParts<T['client']>,
  options: SessionServerOptions<T['accept']> = {},
): Promise<SessionServer<T>> {
  const server = mock.createServer();
  const state = createSessionState(protocol, options, () => server.crash());
  const healing: (() => void)[] = [];
  server.on('connection', (socket) => state.handle(socket));
  return {
    url: server.url,
    WebSocket: mock.WebSocket,
    ...state.view,
    async restart() {
      state.restarted();
      for (const heal of healing.splice(0)) heal();
      server.restart();
    },
    refuse() {
      healing.push(server.fault('refuse'));
    },
    async slowOpenUrl() {
      healing.push(server.fault('delay-open', { ms: 600_000 }));
      return server.url;
    },
    ignoreClose() {
      server.fault('ignore-close');
    },
    async close() {
      server.clearFaults();
      server.terminate();
      if (server.state !== 'closed') await server.close();
    },
  };
}
