import { acceptSession, type AcceptedSession, type WebSocketConstructor } from '@ws-isolation/core';
import { MockServer, MockWebSocket, type MockServerSocket } from '@ws-isolation/mock-socket';
import { WebSocket as WsWebSocket, WebSocketServer, type WebSocket as WsServerSocket } from 'ws';
import type { Fault, Transport } from './suite-config';

/** The server side of a session: what the suite asserts about. */
export interface SessionServer {
  readonly transport: Transport;
  readonly url: string;
  /** The client constructor that reaches this server (MockWebSocket or `ws`'s client). */
  readonly WebSocket: WebSocketConstructor;
  /** Every session the server issued, in order. */
  readonly sessions: readonly AcceptedSession[];
  /** Connections open on the server side now. */
  readonly openConnections: number;
  /** Drops every connection abruptly, as a crash or a lost network would (clients see 1006). */
  dropAll(): void;
  /**
   * Stops accepting connections. Like a `ws` 8 server, it does not close the
   * connections already established: their clients close them.
   */
  close(): Promise<void>;
}

export interface SessionServerOptions {
  transport: Transport;
  fault?: Fault;
  /** The mock URL; a unique one is made when absent. */
  url?: string;
}

type ServerSocket = MockServerSocket | WsServerSocket;

let mockServers = 0;

/**
 * Starts the session server on the chosen transport: a MockServer in the
 * ambient mock network, or a real `ws` server on 127.0.0.1, port 0.
 */
export async function startSessionServer(options: SessionServerOptions): Promise<SessionServer> {
  const sessions: AcceptedSession[] = [];
  const open = new Set<ServerSocket>();
  const fault = options.fault ?? 'none';
  // Every application message is echoed back to the client that sent it.
  const onConnection = (socket: ServerSocket): void => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    acceptSession(socket).then(
      (session) => {
        sessions.push(session);
        socket.on('message', (data: unknown) => {
          const text = String(data);
          if (!text.startsWith('{"type":"session.')) socket.send(text);
        });
      },
      // A bad hello is closed with 1008 by acceptSession; nothing else to do.
      () => undefined,
    );
  };
  if (options.transport === 'mock') {
    mockServers += 1;
    const server = new MockServer({ url: options.url ?? `ws://session-${mockServers}.isolation-suite.test/session` });
    if (fault === 'ignore-close') server.fault('ignore-close');
    server.on('connection', onConnection);
    return {
      transport: 'mock',
      url: server.url,
      WebSocket: MockWebSocket,
      sessions,
      get openConnections() {
        return open.size;
      },
      dropAll: () => {
        for (const socket of [...open]) socket.terminate();
      },
      close: () => server.close(),
    };
  }
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  server.on('connection', (socket: WsServerSocket) => {
    if (fault === 'ignore-close') ignoreCloseOnWs(socket);
    onConnection(socket);
  });
  const { port } = server.address() as { port: number };
  return {
    transport: 'ws',
    url: `ws://127.0.0.1:${port}/session`,
    WebSocket: WsWebSocket as unknown as WebSocketConstructor,
    sessions,
    get openConnections() {
      return open.size;
    },
    dropAll: () => {
      for (const socket of [...open]) socket.terminate();
    },
    // The listening socket closes at once; server.close()'s callback would
    // wait for every established connection, which is the clients' to end.
    close: async () => {
      server.close();
    },
  };
}

/**
 * The fault: the server never acknowledges a client's close. `ws` answers a
 * close frame by calling the socket's own `close()`, so shadowing it on the
 * instance is enough; the client's close then waits until its deadline.
 */
function ignoreCloseOnWs(socket: WsServerSocket): void {
  socket.close = () => undefined;
}
