import type { AddressInfo } from 'node:net';
import { EventEmitter } from 'node:events';
import { createRegistry } from '@ws-isolation/registry';
import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { acceptSession, Connection, type AcceptSessionOptions } from '../src';

/** Lets Node run its unhandled-rejection check, which follows the microtask queue of a turn. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// The server code of the README: acceptSession in a connection listener, its promise not awaited.
async function startServer(options?: AcceptSessionOptions): Promise<{ url: string; server: WebSocketServer }> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await waitForEvent(server, 'listening');
  server.on('connection', (socket: ServerSocket) => {
    acceptSession(socket, options);
  });
  return { url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A client that opens and leaves before it sends a hello; resolves once the server saw its socket close. */
async function leaveBeforeHello(url: string, server: WebSocketServer): Promise<void> {
  const connected = waitForEvent(server, 'connection');
  const client = new WebSocket(url);
  await waitForEvent(client, 'open');
  const [socket] = (await connected) as [ServerSocket];
  const closed = waitForEvent(socket, 'close');
  client.terminate();
  await closed;
}

describe('a client that disconnects before its hello', () => {
  const unhandled = jest.fn();
  let server: WebSocketServer | undefined;
  beforeEach(() => {
    unhandled.mockClear();
    process.on('unhandledRejection', unhandled);
  });
  afterEach(async () => {
    process.off('unhandledRejection', unhandled);
    for (const client of server?.clients ?? []) client.terminate();
    if (server !== undefined) await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
  });

  it('produces no unhandled rejection when the promise of acceptSession is ignored, and the server goes on', async () => {
    const started = await startServer();
    server = started.server;
    await leaveBeforeHello(started.url, server);
    await nextTurn();
    await nextTurn();
    expect(unhandled).not.toHaveBeenCalled();

    const registry = createRegistry();
    const connection = new Connection({ url: started.url, WebSocket, registry, reconnect: false });
    await withTimeout(connection.connect(), 5000, 'a connection after the early leave');
    await connection.close();
  });

  it('reports ERR_WSI_CLOSED to onError and nothing to onSession; a client that stays reaches onSession', async () => {
    const events = new EventEmitter();
    const started = await startServer({
      onSession: (session) => events.emit('session', session),
      onError: (error) => events.emit('error', error),
    });
    server = started.server;
    const failed = waitForEvent(events, 'error');
    await leaveBeforeHello(started.url, server);
    expect((await failed)[0]).toMatchObject({ code: 'ERR_WSI_CLOSED' });

    const registry = createRegistry();
    const connection = new Connection({ url: started.url, WebSocket, registry, reconnect: false });
    const accepted = waitForEvent(events, 'session');
    await withTimeout(connection.connect(), 5000, 'connect');
    expect((await accepted)[0]).toMatchObject({ clientId: connection.clientId, sessionId: connection.sessionId });
    await connection.close();
    await nextTurn();
    expect(unhandled).not.toHaveBeenCalled();
  });

  it('still rejects for whoever awaits it', async () => {
    const server2 = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    server = server2;
    await waitForEvent(server2, 'listening');
    const results: Promise<unknown>[] = [];
    server2.on('connection', (socket: ServerSocket) => results.push(acceptSession(socket)));
    await leaveBeforeHello(`ws://127.0.0.1:${(server2.address() as AddressInfo).port}`, server2);
    await expect(results[0]).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
  });
});
