import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { MockServer, MockServerSocket, MockSocketErrorCode, MockWebSocket, resetMockNetwork } from '../src';
import { collectMessages, whenClosed, whenOpen } from './support/client';

afterEach(() => resetMockNetwork());

const coded = (code: string): unknown => expect.objectContaining({ code });

describe('MockServer helpers', () => {
  it('hands out connections in order with nextConnection(), and the nth with waitForConnection()', async () => {
    const server = new MockServer({ port: 0 });
    const third = server.waitForConnection({ nth: 3 });
    const sockets = [1, 2, 3].map(() => new MockWebSocket(server.url));
    const first = await server.nextConnection();
    const second = await server.nextConnection();
    expect([first.id, second.id, (await third).id]).toEqual(['conn-1', 'conn-2', 'conn-3']);
    expect(first).toBeInstanceOf(MockServerSocket);
    expect(server.connections).toEqual([first, second, await third]);
    expect(server.clients.size).toBe(3);
    for (const socket of sockets) socket.terminate();
  });

  it('rejects a wait that runs out with ERR_WSI_TIMEOUT, and a bad nth with ERR_WSI_INVALID_OPTION', async () => {
    const server = new MockServer({ port: 0 });
    await expect(server.nextConnection({ timeoutMs: 10 })).rejects.toEqual(coded(MockSocketErrorCode.TIMEOUT));
    await expect(server.waitForConnection({ nth: 0 })).rejects.toEqual(coded(MockSocketErrorCode.INVALID_OPTION));
  });

  it('rejects waits with ERR_WSI_CLOSED when the server closes', async () => {
    const server = new MockServer({ port: 0 });
    const waiting = expect(server.nextConnection({ timeoutMs: 5000 })).rejects.toEqual(
      coded(MockSocketErrorCode.CLOSED),
    );
    await server.close();
    await waiting;
  });

  it('keeps each connection’s messages (empty strings included) and the server’s, in order', async () => {
    const server = new MockServer({ port: 0 });
    const a = new MockWebSocket(server.url);
    const b = new MockWebSocket(server.url);
    await Promise.all([whenOpen(a), whenOpen(b)]);
    a.send('');
    b.send('from b');
    a.send(new Uint8Array([1]));
    const [connA, connB] = server.connections;
    await expect(connA!.nextMessage()).resolves.toBe('');
    await expect(connA!.nextMessage()).resolves.toEqual(Buffer.from([1]));
    await expect(connB!.nextMessage()).resolves.toBe('from b');
    expect(connA!.messages).toEqual(['', Buffer.from([1])]);
    expect(server.messages).toEqual(['', 'from b', Buffer.from([1])]);
    await expect(connB!.nextMessage({ timeoutMs: 10 })).rejects.toEqual(coded(MockSocketErrorCode.TIMEOUT));
  });

  it('rejects a connection’s nextMessage() with ERR_WSI_CLOSED once it closed and its messages ran out', async () => {
    const server = new MockServer({ port: 0 });
    const client = new MockWebSocket(server.url);
    await whenOpen(client);
    client.send('last');
    const connection = await server.nextConnection();
    await expect(connection.nextMessage()).resolves.toBe('last');
    const waiting = connection.nextMessage({ timeoutMs: 5000 });
    client.close();
    await expect(waiting).rejects.toEqual(coded(MockSocketErrorCode.CLOSED));
  });

  it('broadcasts to every open connection', async () => {
    const server = new MockServer({ port: 0 });
    const clients = [1, 2, 3].map(() => new MockWebSocket(server.url));
    const inboxes = clients.map(collectMessages);
    await Promise.all(clients.map((client) => whenOpen(client)));
    const closed = whenClosed(clients[2]!);
    clients[2]!.close();
    await closed;
    const arrived = waitForEvent(clients[1]!, 'message');
    expect(server.broadcast('news')).toBe(2);
    await arrived;
    expect(inboxes).toEqual([['news'], ['news'], []]);
  });

  it('gives each client of a broadcast a turn of its own, in order, with what was sent between broadcasts kept in place', async () => {
    const server = new MockServer({ port: 0 });
    const clients = [1, 2, 3].map(() => new MockWebSocket(server.url));
    await Promise.all(clients.map((client) => whenOpen(client)));
    const log: string[] = [];
    const done = withTimeout(
      new Promise<void>((resolve) => {
        clients.forEach((client, index) => {
          client.onmessage = (event: MessageEvent) => {
            log.push(`c${index + 1}:${String(event.data)}`);
            // Runs before the next client's turn: every delivery starts on an empty microtask queue.
            queueMicrotask(() => log.push(`c${index + 1}:microtask`));
            if (index === 2 && event.data === 'b') resolve();
          };
        });
      }),
      5000,
    );
    server.broadcast('a');
    server.connections[1]!.send('direct');
    server.broadcast('b');
    await done;
    expect(log).toEqual([
      'c1:a',
      'c1:microtask',
      'c2:a',
      'c2:microtask',
      'c3:a',
      'c3:microtask',
      'c2:direct',
      'c2:microtask',
      'c1:b',
      'c1:microtask',
      'c2:b',
      'c2:microtask',
      'c3:b',
      'c3:microtask',
    ]);
  });

  it('sends a broadcast to a client with latency on its own, after the others, and in order on its connection', async () => {
    const clock = new ManualClock();
    const server = new MockServer({ port: 0, clock });
    const clients = [1, 2, 3].map(() => new MockWebSocket(server.url));
    const inboxes = clients.map(collectMessages);
    await Promise.all(clients.map((client) => whenOpen(client)));
    server.connections[1]!.fault('latency', { ms: 20 });
    const slowGotBoth = withTimeout(
      new Promise<void>((resolve) => {
        let count = 0;
        clients[1]!.addEventListener('message', () => (++count === 2 ? resolve() : undefined));
      }),
      5000,
    );
    const third = waitForEvent(clients[2]!, 'message');
    expect(server.broadcast('first')).toBe(3);
    await third;
    expect(inboxes).toEqual([['first'], [], ['first']]);
    server.connections[1]!.faults.clear();
    // Queued behind its waiting frame, not beside the others: order on the connection holds.
    expect(server.broadcast('second')).toBe(3);
    await clock.advanceAsync(20);
    await slowGotBoth;
    expect(inboxes).toEqual([
      ['first', 'second'],
      ['first', 'second'],
      ['first', 'second'],
    ]);
  });

  it('passes the upgrade request (path, query, headers) and picks subprotocols with handleProtocols', async () => {
    const server = new MockServer({ port: 0, handleProtocols: (protocols) => (protocols.has('v2') ? 'v2' : false) });
    const seen = withTimeout(
      new Promise<{ url: string; protocol: string | undefined }>((resolve) =>
        server.on('connection', (_socket, request) =>
          resolve({ url: request.url, protocol: request.headers['sec-websocket-protocol'] }),
        ),
      ),
      1000,
    );
    const socket = new MockWebSocket(new URL('/room?id=7', server.url).href, ['v1', 'v2']);
    await whenOpen(socket);
    expect(socket.protocol).toBe('v2');
    await expect(seen).resolves.toEqual({ url: '/room?id=7', protocol: 'v1, v2' });
  });

  it('a connection whose subprotocol the client refuses is dropped on the server side too (close 1006)', async () => {
    const server = new MockServer({ port: 0, handleProtocols: () => false });
    const socket = new MockWebSocket(server.url, ['json']);
    const clientClosed = whenClosed(socket);
    const connection = await server.nextConnection();
    expect(connection.protocol).toBe('');
    await expect(waitForEvent(connection, 'close')).resolves.toEqual([1006, Buffer.alloc(0)]);
    await expect(clientClosed).resolves.toEqual({ code: 1006, reason: '', wasClean: false, errorBefore: true });
    expect(server.clients.size).toBe(0);
  });

  it('emits listening, and on close frees the URL, closes connections with 1001 and emits close', async () => {
    const server = new MockServer({ port: 0 });
    await waitForEvent(server, 'listening');
    const socket = new MockWebSocket(server.url);
    await whenOpen(socket);
    const closed = whenClosed(socket);
    const serverClosed = waitForEvent(server, 'close');
    await server.close();
    await serverClosed;
    await expect(closed).resolves.toEqual({ code: 1001, reason: 'server closing', wasClean: true, errorBefore: false });
    const again = jest.fn();
    await server.close(again);
    await withTimeout(new Promise((resolve) => setImmediate(resolve)), 1000);
    expect(again).toHaveBeenCalledWith(coded(MockSocketErrorCode.CLOSED));
  });
});

describe('MockServerSocket (ws API)', () => {
  it('delivers text and binary as a Buffer with isBinary, and sends like ws', async () => {
    const server = new MockServer({ port: 0 });
    const received: Array<[string, boolean]> = [];
    server.on('connection', (socket) => {
      socket.on('message', (data, isBinary) => {
        received.push([data.toString('hex'), isBinary]);
        socket.send(data, { binary: isBinary });
        socket.send('as binary', { binary: true });
      });
    });
    const client = new MockWebSocket(server.url);
    const inbox = collectMessages(client);
    await whenOpen(client);
    const both = waitForEvent(client, 'message', { filter: () => inbox.length === 2 });
    client.send('hi');
    await both;
    expect(received).toEqual([[Buffer.from('hi').toString('hex'), false]]);
    expect(inbox).toEqual(['hi', Buffer.from('as binary').toString('hex')]);
  });

  it('passes ERR_WSI_NOT_OPEN to the send callback after close, as ws does', async () => {
    const server = new MockServer({ port: 0 });
    new MockWebSocket(server.url);
    const connection = await server.nextConnection();
    const closeCode = waitForEvent(connection, 'close');
    connection.terminate();
    await expect(closeCode).resolves.toEqual([1006, Buffer.alloc(0)]);
    const result = await withTimeout(
      new Promise<Error | undefined>((resolve) => connection.send('late', resolve)),
      1000,
    );
    expect(result).toEqual(coded(MockSocketErrorCode.NOT_OPEN));
  });
});
