import type { AddressInfo } from 'node:net';
import WebSocket, { WebSocketServer } from 'ws';
import { waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { MockServer, MockWsClient, MockSocketErrorCode, resetMockNetwork } from '../src';

// What a user writes: every `ws` import in the code under test now hits the mock.
jest.mock('ws', () => jest.requireActual('../src').createWsModule());

afterEach(() => resetMockNetwork());

/** Waits for a `ws`-style event (listener arguments), bounded. */
function once(client: WebSocket, event: string): Promise<unknown[]> {
  return withTimeout(
    new Promise((resolve) => client.once(event, (...args: unknown[]) => resolve(args))),
    10_000,
    `ws event ${event}`,
  );
}

/** Application code written against the `ws` client API. */
function greet(url: string): Promise<{ reply: string; isBinary: boolean; close: [number, string] }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: { 'x-user': 'ann' } });
    let reply = '';
    let isBinary = true;
    socket.on('open', () => socket.send('hello'));
    socket.on('message', (data, binary) => {
      reply = (data as Buffer).toString();
      isBinary = binary;
      socket.close(1000, 'thanks');
    });
    socket.on('close', (code, reason) => resolve({ reply, isBinary, close: [code, reason.toString()] }));
    socket.on('error', reject);
  });
}

describe("jest.mock('ws', () => createWsModule())", () => {
  it('sends a ws client to the mock server, with its headers', async () => {
    const server = new MockServer({ url: 'ws://127.0.0.1:7001' });
    const headers = withTimeout(
      new Promise<Record<string, string>>((resolve) =>
        server.on('connection', (socket, request) => {
          resolve({ ...request.headers });
          socket.on('message', (data) => socket.send(`hi ${data.toString()}`));
        }),
      ),
      2000,
    );
    // A client that dials localhost reaches a server on 127.0.0.1, as on a real machine.
    await expect(withTimeout(greet('ws://localhost:7001'), 10_000)).resolves.toEqual({
      reply: 'hi hello',
      isBinary: false,
      close: [1000, 'thanks'],
    });
    await expect(headers).resolves.toMatchObject({ 'x-user': 'ann' });
  });

  it('gives WebSocket, WebSocketServer and the default export the mock classes', async () => {
    expect(new WebSocket('ws://127.0.0.1:1')).toBeInstanceOf(MockWsClient);
    const server = new WebSocketServer({ port: 0, clientTracking: true });
    expect(server).toBeInstanceOf(MockServer);
    await waitForEvent(server, 'listening');
    server.on('connection', (socket) => socket.send(Buffer.from([1, 2]), { binary: true }));
    const { port } = server.address() as AddressInfo;
    const client = new WebSocket(`ws://127.0.0.1:${port}`);
    const [data, isBinary] = await once(client, 'message');
    expect([Buffer.isBuffer(data), data, isBinary]).toEqual([true, Buffer.from([1, 2]), true]);
    client.terminate();
  });

  it('fires error, then close 1006, when nothing listens', async () => {
    const client = new WebSocket('ws://127.0.0.1:2');
    const order: string[] = [];
    client.on('error', (error) => order.push(`error ${(error as { code?: string }).code}`));
    const [code] = await once(client, 'close');
    order.push(`close ${String(code)}`);
    expect(order).toEqual([`error ${MockSocketErrorCode.CONNECTION_FAILED}`, 'close 1006']);
  });

  it('throws on send while CONNECTING and reports a send after close to the callback, as ws does', async () => {
    const server = new MockServer({ port: 0 });
    const client = new WebSocket(server.url);
    expect(() => client.send('early')).toThrow(expect.objectContaining({ code: MockSocketErrorCode.NOT_OPEN }));
    await once(client, 'open');
    client.close();
    const error = await withTimeout(new Promise<Error | undefined>((resolve) => client.send('late', resolve)), 1000);
    expect(error).toEqual(expect.objectContaining({ code: MockSocketErrorCode.NOT_OPEN }));
  });

  it('pings and hears the pong; the server sees the ping', async () => {
    const server = new MockServer({ port: 0 });
    const client = new WebSocket(server.url);
    const opened = once(client, 'open');
    const connection = await server.nextConnection();
    await opened;
    const serverPing = waitForEvent(connection, 'ping');
    const pong = once(client, 'pong');
    client.ping('beat');
    await expect(serverPing).resolves.toEqual([Buffer.from('beat')]);
    await expect(pong).resolves.toEqual([Buffer.from('beat')]);
  });
});
