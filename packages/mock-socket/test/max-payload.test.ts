import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import {
  createWsModule,
  DEFAULT_MAX_PAYLOAD,
  MessageTooBigError,
  MockServer,
  MockWebSocket,
  resetMockNetwork,
  type MockServerSocket,
} from '../src';
import { whenClosed, whenOpen } from './support/client';

afterEach(() => resetMockNetwork());

/** Opens a client to `server` and returns both ends. */
async function connected(server: MockServer): Promise<{ client: MockWebSocket; connection: MockServerSocket }> {
  const client = new MockWebSocket(server.url);
  const opened = whenOpen(client);
  const connection = await server.nextConnection();
  await opened;
  return { client, connection };
}

describe('MockServer maxPayload', () => {
  it('defaults to 100 MiB, as ws', () => {
    expect(DEFAULT_MAX_PAYLOAD).toBe(104_857_600);
    expect(new MockServer({ port: 0 }).maxPayload).toBe(104_857_600);
    expect(new MockServer({ port: 0, maxPayload: 5 }).maxPayload).toBe(5);
  });

  // 100 MiB is copied and measured: seconds on a busy machine, so the wait is generous.
  it('refuses a message one byte over the default', async () => {
    const server = new MockServer({ port: 0 });
    const { client, connection } = await connected(server);
    const error = waitForEvent(connection, 'error', { timeoutMs: 60_000 });
    client.send(new Uint8Array(DEFAULT_MAX_PAYLOAD + 1));
    await expect(error).resolves.toEqual([
      expect.objectContaining({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', size: DEFAULT_MAX_PAYLOAD + 1 }),
    ]);
  }, 90_000);

  it('delivers a message of exactly maxPayload bytes, text or binary', async () => {
    const server = new MockServer({ port: 0, maxPayload: 4 });
    const { client, connection } = await connected(server);
    client.send('abcd');
    client.send(new Uint8Array([1, 2, 3, 4]));
    client.send('é€'); // 2 + 3 bytes would be over; counts bytes, not characters
    await expect(connection.nextMessage()).resolves.toBe('abcd');
    await expect(connection.nextMessage()).resolves.toEqual(Buffer.from([1, 2, 3, 4]));
    await expect(whenClosed(client)).resolves.toEqual({ code: 1009, reason: '', wasClean: true, errorBefore: false });
  });

  it('closes the connection with 1009 on a larger message: the server socket emits a ws-coded RangeError, then close 1006', async () => {
    const server = new MockServer({ port: 0, maxPayload: 3 });
    const { client, connection } = await connected(server);
    const seen: string[] = [];
    let error: unknown;
    connection.on('message', (data) => seen.push(`message ${data.toString()}`));
    connection.on('error', (err) => {
      error = err;
      seen.push(`error readyState ${connection.readyState}`);
    });
    const serverClosed = waitForEvent(connection, 'close');
    const clientClosed = whenClosed(client);
    client.send('abc');
    client.send('abcd');
    client.send('never read');
    await expect(clientClosed).resolves.toEqual({ code: 1009, reason: '', wasClean: true, errorBefore: false });
    await expect(serverClosed).resolves.toEqual([1006, Buffer.alloc(0)]);
    expect(seen).toEqual(['message abc', 'error readyState 2']);
    expect(error).toBeInstanceOf(RangeError);
    expect(error).toBeInstanceOf(MessageTooBigError);
    expect(error).toMatchObject({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', closeCode: 1009, size: 4, maxPayload: 3 });
    expect(connection.messages).toEqual(['abc']);
    expect(server.messages).toEqual(['abc']);
    expect(server.clients.size).toBe(0);
  });

  it('applies to the byte size of a Blob once its bytes are read', async () => {
    const server = new MockServer({ port: 0, maxPayload: 2 });
    const { client, connection } = await connected(server);
    const error = waitForEvent(connection, 'error');
    client.send(new Blob([new Uint8Array([1, 2, 3])]));
    await expect(error).resolves.toEqual([
      expect.objectContaining({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', size: 3 }),
    ]);
  });

  it('refuses only the connection that sent too much; the server keeps serving', async () => {
    const server = new MockServer({ port: 0, maxPayload: 1 });
    const big = await connected(server);
    const small = await connected(server);
    const bigClosed = whenClosed(big.client);
    big.client.send('too big');
    await expect(bigClosed).resolves.toMatchObject({ code: 1009 });
    small.client.send('k');
    await expect(small.connection.nextMessage()).resolves.toBe('k');
    expect(small.client.readyState).toBe(MockWebSocket.OPEN);
    const again = await connected(server);
    again.client.send('!');
    await expect(again.connection.nextMessage()).resolves.toBe('!');
  });

  it('has no limit at 0, as ws', async () => {
    const server = new MockServer({ port: 0, maxPayload: 0 });
    const { client, connection } = await connected(server);
    client.send(new Uint8Array(2 * 1024 * 1024));
    await expect(connection.nextMessage()).resolves.toHaveLength(2 * 1024 * 1024);
  });

  it('still applies while the server is closing the connection: the transport ends at once', async () => {
    const server = new MockServer({ port: 0, maxPayload: 1 });
    const { client, connection } = await connected(server);
    const error = waitForEvent(connection, 'error');
    const serverClosed = waitForEvent(connection, 'close');
    const clientClosed = whenClosed(client);
    client.send('xx');
    connection.close(4000);
    await expect(error).resolves.toEqual([expect.objectContaining({ code: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' })]);
    await expect(serverClosed).resolves.toEqual([1006, Buffer.alloc(0)]);
    await expect(clientClosed).resolves.toEqual({ code: 4000, reason: '', wasClean: true, errorBefore: false });
  });
});

describe("createWsModule()'s WebSocketServer", () => {
  it('honours maxPayload: the ws client sees close 1009', async () => {
    const ws = createWsModule();
    const server = new ws.WebSocketServer({ port: 0, maxPayload: 2 });
    expect(server.maxPayload).toBe(2);
    const client = new ws.WebSocket(server.url);
    await withTimeout(new Promise<void>((resolve) => client.once('open', resolve)), 10_000, 'open');
    const closed = withTimeout(
      new Promise<[number, string]>((resolve) =>
        client.on('close', (code, reason) => resolve([code, reason.toString()])),
      ),
      10_000,
      'close',
    );
    client.send('ok');
    client.send('too long');
    const connection = await server.nextConnection();
    await expect(connection.nextMessage()).resolves.toBe('ok');
    await expect(closed).resolves.toEqual([1009, '']);
  });

  it('validates maxPayload like MockServer', () => {
    const ws = createWsModule();
    expect(() => new ws.WebSocketServer({ port: 0, maxPayload: -1 })).toThrow(
      expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }),
    );
  });
});
