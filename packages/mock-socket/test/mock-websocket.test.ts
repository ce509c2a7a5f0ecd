import { waitForEvent } from '@ws-isolation/test-utils';
import { MockCloseEvent, MockServer, MockWebSocket, resetMockNetwork } from '../src';
import { whenClosed, whenOpen } from './support/client';

afterEach(() => resetMockNetwork());

describe('MockWebSocket', () => {
  it('has the readyState constants on the class and on instances', () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    expect([MockWebSocket.CONNECTING, MockWebSocket.OPEN, MockWebSocket.CLOSING, MockWebSocket.CLOSED]).toEqual([
      0, 1, 2, 3,
    ]);
    expect([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED]).toEqual([0, 1, 2, 3]);
    expect(socket.readyState).toBe(0);
    socket.terminate();
  });

  it('fires onX handlers and addEventListener listeners together, in registration order', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    const calls: string[] = [];
    socket.addEventListener('open', () => calls.push('listener 1'));
    socket.onopen = () => calls.push('handler (first)');
    socket.addEventListener('open', () => calls.push('listener 2'));
    // Replacing the handler keeps its place.
    socket.onopen = function (this: WebSocket) {
      calls.push(this === socket ? 'handler (replaced)' : 'wrong this');
    };
    await whenOpen(socket);
    expect(calls).toEqual(['listener 1', 'handler (replaced)', 'listener 2']);
    expect(typeof socket.onopen).toBe('function');
    socket.onopen = null;
    expect(socket.onopen).toBeNull();
  });

  it('presents binary data by binaryType: blob by default, arraybuffer, nodebuffer; ignores other values', async () => {
    const server = new MockServer({ port: 0 });
    server.on('connection', (socket) => socket.on('message', () => socket.send(Buffer.from([7, 8]))));
    const socket = new MockWebSocket(server.url);
    expect(socket.binaryType).toBe('blob');
    socket.binaryType = 'nonsense' as BinaryType;
    expect(socket.binaryType).toBe('blob');
    const received: unknown[] = [];
    socket.onmessage = (event) => received.push(event.data);
    await whenOpen(socket);
    socket.send('a');
    await waitForEvent(socket, 'message');
    socket.binaryType = 'arraybuffer';
    socket.send('b');
    await waitForEvent(socket, 'message');
    socket.binaryType = 'nodebuffer';
    socket.send('c');
    await waitForEvent(socket, 'message');
    expect(received).toHaveLength(3);
    expect(received[0]).toBeInstanceOf(Blob);
    expect(Buffer.from(await (received[0] as Blob).arrayBuffer())).toEqual(Buffer.from([7, 8]));
    expect(Buffer.from(received[1] as ArrayBuffer)).toEqual(Buffer.from([7, 8]));
    expect(Buffer.isBuffer(received[2])).toBe(true);
  });

  it('sends Blobs and typed arrays as binary, in order with text', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    await whenOpen(socket);
    socket.send(new Blob([new Uint8Array([1, 2])]));
    socket.send('after the blob');
    socket.send(new Uint16Array([0x0102]).subarray(0, 1));
    socket.send(new Uint8Array([9]).buffer);
    const connection = await server.nextConnection();
    const messages = await Promise.all([1, 2, 3, 4].map(() => connection.nextMessage()));
    expect(messages).toEqual([
      Buffer.from([1, 2]),
      'after the blob',
      Buffer.from(new Uint16Array([0x0102]).buffer),
      Buffer.from([9]),
    ]);
  });

  it('sets the MessageEvent origin to the URL origin', async () => {
    const server = new MockServer({ url: 'ws://origin.test:9000' });
    server.on('connection', (socket) => socket.send('hi'));
    const socket = new MockWebSocket('ws://origin.test:9000/path');
    const [event] = (await waitForEvent(socket, 'message')) as [MessageEvent];
    expect(event.origin).toBe('ws://origin.test:9000');
  });

  it('counts bytes sent after close in bufferedAmount, as the standard says, and sends nothing', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    await whenOpen(socket);
    const closed = whenClosed(socket);
    socket.close();
    socket.send('four');
    expect(socket.bufferedAmount).toBe(4);
    await closed;
    expect(server.messages).toEqual([]);
  });

  it('counts a burst of sends in bufferedAmount until they are handed over, then again from zero', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    await whenOpen(socket);
    socket.send('one');
    socket.send('two');
    expect(socket.bufferedAmount).toBe(6);
    await Promise.resolve();
    expect(socket.bufferedAmount).toBe(0);
    socket.send('three');
    expect(socket.bufferedAmount).toBe(5);
    await Promise.resolve();
    expect(socket.bufferedAmount).toBe(0);
    const connection = await server.nextConnection();
    await expect(Promise.all([1, 2, 3].map(() => connection.nextMessage()))).resolves.toEqual(['one', 'two', 'three']);
  });

  it('terminate() is synchronous: CLOSED at once, then close 1006 without an error event', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    await whenOpen(socket);
    const connection = await server.nextConnection();
    const serverSaw = waitForEvent(connection, 'close').then(([code]) => code);
    const closed = whenClosed(socket);
    socket.terminate();
    expect(socket.readyState).toBe(MockWebSocket.CLOSED);
    await expect(closed).resolves.toEqual({ code: 1006, reason: '', wasClean: false, errorBefore: false });
    await expect(serverSaw).resolves.toBe(1006);
  });

  it('fires a CloseEvent with code, reason and wasClean', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    await whenOpen(socket);
    const event = waitForEvent(socket, 'close');
    socket.close(3001, 'fine');
    const [close] = (await event) as [CloseEvent];
    expect(close).toBeInstanceOf(MockCloseEvent);
    expect(close).toBeInstanceOf(Event);
    expect([close.type, close.code, close.reason, close.wasClean, close.target]).toEqual([
      'close',
      3001,
      'fine',
      true,
      socket,
    ]);
  });

  it('answers a server ping with a pong', async () => {
    const server = new MockServer({ port: 0 });
    const socket = new MockWebSocket(server.url);
    const opened = whenOpen(socket);
    const connection = await server.nextConnection();
    await opened;
    const pong = waitForEvent(connection, 'pong');
    connection.ping('are you there');
    await expect(pong).resolves.toEqual([Buffer.from('are you there')]);
  });
});
