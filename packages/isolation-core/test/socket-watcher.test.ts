import http from 'node:http';
import net from 'node:net';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { SocketWatcher } from '../src/socket-watcher';

let server: net.Server;
let port: number;
let accepted: net.Socket[];
let watcher: SocketWatcher | undefined;
const opened: net.Socket[] = [];

beforeEach(async () => {
  accepted = [];
  server = net.createServer((socket) => {
    accepted.push(socket);
    socket.on('error', () => undefined);
  });
  server.listen(0, '127.0.0.1');
  await waitForEvent(server, 'listening');
  port = (server.address() as net.AddressInfo).port;
});

afterEach(async () => {
  watcher?.stop();
  watcher = undefined;
  for (const socket of [...opened.splice(0), ...accepted]) socket.destroy();
  await withTimeout(new Promise<void>((resolve) => server.close(() => resolve())), 10_000, 'server close');
});

function watch(scopeNow: () => string | undefined = () => 'test'): { watcher: SocketWatcher; clock: ManualClock } {
  const clock = new ManualClock();
  watcher = new SocketWatcher({ scopeNow, clock });
  watcher.start();
  return { watcher, clock };
}

async function connectClient(): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1'); // the line a leak points at
  socket.on('error', () => undefined);
  opened.push(socket);
  await Promise.all([waitForEvent(socket, 'connect'), waitForEvent(server, 'connection')]);
  return socket;
}

describe('SocketWatcher', () => {
  it('reports a client socket left open with its creation stack, destroys it, and does not report its server side', async () => {
    const { watcher, clock } = watch();
    const client = await connectClient();
    const clientPort = client.localPort;
    expect(
      watcher
        .list('test')
        .map((entry) => entry.kind)
        .sort(),
    ).toEqual(['server-socket', 'socket']);

    const settling = watcher.settle('test', { graceMs: 50, connectMs: 0 });
    clock.advance(50);
    const leaks = await withTimeout(settling, 10_000, 'settle');

    expect(leaks).toEqual([expect.objectContaining({ kind: 'socket', scope: 'test', state: 'open' })]);
    expect(leaks[0]!.label).toBe(
      `TCP client 127.0.0.1:${clientPort} -> 127.0.0.1:${port} (asked for 127.0.0.1:${port})`,
    );
    expect(leaks[0]!.stack.split('\n')[0]).toContain('socket-watcher.test.ts');
    expect(client.destroyed).toBe(true);
    expect(accepted[0]!.destroyed).toBe(true);
    expect(watcher.list()).toEqual([]);
  });

  it('does not count a socket that closes within the grace period', async () => {
    const { watcher } = watch();
    const client = await connectClient();
    const settling = watcher.settle('test', { graceMs: 50, connectMs: 0 });
    client.destroy();
    accepted[0]!.destroy();
    await expect(withTimeout(settling, 10_000, 'settle')).resolves.toEqual([]);
  });

  it('records nothing while no scope is active', async () => {
    const { watcher } = watch(() => undefined);
    await connectClient();
    expect(watcher.list()).toEqual([]);
  });

  it('settles one scope and leaves the others', async () => {
    let scope = 'file';
    const { watcher, clock } = watch(() => scope);
    const fileClient = await connectClient();
    scope = 'test';
    await connectClient();
    const settling = watcher.settle('file', { graceMs: 0, connectMs: 0 });
    clock.advance(0);
    expect(await withTimeout(settling, 10_000, 'settle')).toEqual([
      expect.objectContaining({ kind: 'socket', scope: 'file' }),
    ]);
    expect(fileClient.destroyed).toBe(true);
    expect(
      watcher
        .list('test')
        .map((entry) => entry.kind)
        .sort(),
    ).toEqual(['server-socket', 'socket']);
  });

  it("destroys but does not report an idle keep-alive socket (unref'd by its pool)", async () => {
    const httpServer = http.createServer((_request, response) => response.end('ok'));
    httpServer.listen(0, '127.0.0.1');
    await waitForEvent(httpServer, 'listening');
    try {
      const { watcher, clock } = watch();
      const agent = new http.Agent({ keepAlive: true });
      const [response] = (await withTimeout(
        new Promise<unknown[]>((resolve) =>
          http.get({ host: '127.0.0.1', port: (httpServer.address() as net.AddressInfo).port, agent }, (...args) =>
            resolve(args),
          ),
        ),
        2000,
        'response',
      )) as [http.IncomingMessage];
      response.resume();
      await waitForEvent(agent, 'free');
      const pooled = Object.values(agent.freeSockets).flat()[0]!;
      expect(pooled.destroyed).toBe(false);
      const settling = watcher.settle('test', { graceMs: 0, connectMs: 0 });
      clock.advance(0);
      expect(await withTimeout(settling, 10_000, 'settle')).toEqual([]);
      expect(pooled.destroyed).toBe(true);
    } finally {
      httpServer.closeAllConnections();
      httpServer.close();
    }
  });

  it('stops recording after stop()', async () => {
    const { watcher } = watch();
    watcher.stop();
    await connectClient();
    expect(watcher.list()).toEqual([]);
  });

  // What Node 20 publishes for TLS, as the README says: tls.connect() is not
  // on net.client.socket, but the connection an in-process server accepts is
  // on net.server.socket, so that side is reported.
  it('sees a TLS client only from the accepting side', async () => {
    const { watcher, clock } = watch();
    const client = tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false });
    client.on('error', () => undefined);
    opened.push(client);
    await waitForEvent(server, 'connection');
    expect(watcher.list().map((entry) => entry.kind)).toEqual(['server-socket']);
    const settling = watcher.settle('test', { graceMs: 0, connectMs: 0 });
    clock.advance(0);
    const leaks = await withTimeout(settling, 10_000, 'settle');
    expect(leaks).toEqual([expect.objectContaining({ kind: 'server-socket' })]);
    expect(leaks[0]!.label).toMatch(
      new RegExp(`^accepted TCP connection 127\\.0\\.0\\.1:${port} <- 127\\.0\\.0\\.1:\\d+$`),
    );
  });

  it('does not see a socket made with new net.Socket() and connect() from the client side', async () => {
    const { watcher } = watch();
    const client = new net.Socket();
    client.on('error', () => undefined);
    opened.push(client);
    client.connect(port, '127.0.0.1');
    await Promise.all([waitForEvent(client, 'connect'), waitForEvent(server, 'connection')]);
    expect(watcher.list().map((entry) => entry.kind)).toEqual(['server-socket']);
  });

  it('sees the connections a TLS server accepts, as their TCP sockets, with no creation stack of their own', async () => {
    const tlsDir = path.join(__dirname, 'fixtures', 'tls');
    const tlsServer = tls.createServer({
      key: fs.readFileSync(path.join(tlsDir, 'key.pem')),
      cert: fs.readFileSync(path.join(tlsDir, 'cert.pem')),
    });
    tlsServer.listen(0, '127.0.0.1');
    await waitForEvent(tlsServer, 'listening');
    try {
      const { watcher, clock } = watch();
      const client = tls.connect({
        port: (tlsServer.address() as net.AddressInfo).port,
        host: '127.0.0.1',
        rejectUnauthorized: false,
      });
      client.on('error', () => undefined);
      opened.push(client);
      await Promise.all([waitForEvent(client, 'secureConnect'), waitForEvent(tlsServer, 'secureConnection')]);
      const settling = watcher.settle('test', { graceMs: 0, connectMs: 0 });
      clock.advance(0);
      const leaks = await withTimeout(settling, 10_000, 'settle');
      expect(leaks.map((leak) => [leak.kind, leak.stack])).toEqual([['server-socket', '']]);
    } finally {
      await withTimeout(new Promise<void>((resolve) => tlsServer.close(() => resolve())), 10_000, 'TLS server close');
    }
  });
});
