import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRegistry } from '@ws-isolation/registry';
import { thrownBy, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { MockServer, MockSocketErrorCode, MockWebSocket, resetMockNetwork, type MockUpgradeSocket } from '../src';
import { whenClosed, whenOpen } from './support/client';

const coded = (code: string): unknown => expect.objectContaining({ code });
const refused = { code: 1006, reason: '', wasClean: false, errorBefore: true };

let httpServer: http.Server;
let url: string;

beforeEach(async () => {
  httpServer = http.createServer((_request, response) => response.writeHead(404).end());
  httpServer.listen(0, '127.0.0.1');
  await waitForEvent(httpServer, 'listening');
  url = `ws://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await resetMockNetwork();
  expect(getRegistry().list()).toEqual([]);
  httpServer.closeAllConnections();
  await withTimeout(new Promise((resolve) => httpServer.close(resolve)), 5000, 'the http server to close');
});

/** The upgrade listener's arguments for the next client. */
function nextUpgrade(): Promise<[http.IncomingMessage, MockUpgradeSocket, Buffer]> {
  return waitForEvent(httpServer, 'upgrade') as Promise<never>;
}

describe('a MockWebSocket connecting to an in-process HTTP server', () => {
  it('reaches its upgrade listeners with the real headers and a socket stand-in', async () => {
    const upgrade = nextUpgrade();
    const socket = new MockWebSocket(`${url}/room?id=7`, ['v1']);
    const [request, standIn, head] = await upgrade;
    expect(request.method).toBe('GET');
    expect(request.url).toBe('/room?id=7');
    expect(request.headers).toMatchObject({
      host: url.slice('ws://'.length),
      upgrade: 'websocket',
      connection: 'Upgrade',
      'sec-websocket-version': '13',
      'sec-websocket-protocol': 'v1',
    });
    expect(request.headers['sec-websocket-key']).toMatch(/^[+/0-9A-Za-z]{22}==$/);
    expect(request.socket).toBe(standIn);
    expect([standIn.remoteAddress, standIn.readable, standIn.writable, head.byteLength]).toEqual([
      '127.0.0.1',
      true,
      true,
      0,
    ]);
    const closed = whenClosed(socket);
    standIn.destroy();
    await expect(closed).resolves.toEqual(refused);
    expect(standIn.destroyed).toBe(true);
  });

  it('is refused when the HTTP server has no upgrade listener, or nothing listens on the port', async () => {
    await expect(whenClosed(new MockWebSocket(url))).resolves.toEqual(refused);
    const port = (httpServer.address() as AddressInfo).port;
    await expect(whenClosed(new MockWebSocket(`ws://127.0.0.1:${port === 65535 ? 1 : port + 1}`))).resolves.toEqual(
      refused,
    );
  });

  it('a server with { server } takes it; url and address() are the HTTP server’s; the stand-in destroyed later drops it', async () => {
    const server = new MockServer({ server: httpServer, path: '/chat' });
    expect(server.url).toBe(`${url}/chat`);
    expect(server.address()).toEqual(httpServer.address());
    const standIn = nextUpgrade();
    const client = new MockWebSocket(server.url);
    await whenOpen(client);
    const connection = await server.nextConnection();
    const closed = whenClosed(client);
    const connectionClosed = waitForEvent(connection, 'close');
    (await standIn)[1].destroy();
    await expect(closed).resolves.toEqual(refused);
    await expect(connectionClosed).resolves.toEqual([1006, Buffer.alloc(0)]);
    expect(
      getRegistry()
        .list()
        .map((entry) => entry.kind),
    ).toEqual(['mock-server']);
  });

  it('handleUpgrade() twice on one socket throws ERR_WSI_UPGRADE_HANDLED; a real socket is destroyed', async () => {
    const wss = new MockServer({ noServer: true });
    expect(thrownBy(() => wss.address())).toEqual(coded(MockSocketErrorCode.NO_SERVER));
    expect(wss.url).toBe('');
    const upgrade = nextUpgrade();
    const client = new MockWebSocket(url);
    const [request, socket, head] = await upgrade;
    wss.handleUpgrade(request as never, socket, head, (ws) => wss.emit('connection', ws, request as never));
    expect(thrownBy(() => wss.handleUpgrade(request as never, socket, head, () => undefined))).toEqual(
      coded(MockSocketErrorCode.UPGRADE_HANDLED),
    );
    await whenOpen(client);
    const real = { destroy: jest.fn() };
    wss.handleUpgrade(request as never, real, head, () => undefined);
    expect(real.destroy).toHaveBeenCalledTimes(1);
  });

  it('refuses the client when its server closed before the upgrade completed (503, as ws)', async () => {
    const wss = new MockServer({ noServer: true });
    const upgrade = nextUpgrade();
    const client = new MockWebSocket(url);
    const [request, socket, head] = await upgrade;
    await wss.close();
    const closed = whenClosed(client);
    wss.handleUpgrade(request as never, socket, head, () => undefined);
    await expect(closed).resolves.toEqual(refused);
    expect(socket.written).toMatch(/^HTTP\/1\.1 503 /);
  });
});

describe('server options of the ws API', () => {
  it.each([
    ['server that is not an HTTP server', { server: {} }],
    ['noServer that is not a boolean', { noServer: 'yes' }],
    ['server with port', { server: http.createServer(), port: 0 }],
    ['noServer with url', { noServer: true, url: 'ws://localhost:7000' }],
    ['verifyClient that is not a function', { verifyClient: 1 }],
    ['path without a slash with noServer', { noServer: true, path: 'chat' }],
  ])('refuses %s with ERR_WSI_INVALID_OPTION', (_name, options) => {
    expect(thrownBy(() => new MockServer(options as never))).toEqual(coded(MockSocketErrorCode.INVALID_OPTION));
    expect(getRegistry().list()).toEqual([]);
  });
});
