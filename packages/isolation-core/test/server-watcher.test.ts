import http from 'node:http';
import net from 'node:net';
import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { ServerWatcher } from '../src/server-watcher';

let watcher: ServerWatcher | undefined;
const servers: net.Server[] = [];

afterEach(async () => {
  watcher?.stop();
  watcher = undefined;
  for (const server of servers.splice(0)) {
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

function watch(scopeNow: () => string | undefined = () => 'test'): { watcher: ServerWatcher; clock: ManualClock } {
  const clock = new ManualClock();
  watcher = new ServerWatcher({ scopeNow, clock });
  watcher.start();
  return { watcher, clock };
}

async function listen(server: net.Server): Promise<number> {
  servers.push(server);
  server.listen(0, '127.0.0.1'); // the line a leak points at
  await waitForEvent(server, 'listening');
  return (server.address() as net.AddressInfo).port;
}

describe('ServerWatcher', () => {
  it('reports a server still listening at its scope end at the line that started it, and closes it', async () => {
    const { watcher } = watch();
    const server = http.createServer();
    const port = await listen(server);
    const leaks = await withTimeout(watcher.settle('test', 1000), 10_000, 'settle');
    expect(leaks).toEqual([
      expect.objectContaining({
        kind: 'server',
        state: 'listening',
        label: `HTTP server listening on 127.0.0.1:${port}`,
      }),
    ]);
    expect(leaks[0]!.stack.split('\n')[0]).toContain('server-watcher.test.ts');
    expect(server.listening).toBe(false);
    expect(watcher.list()).toEqual([]);
  });

  it('destroys the connections of a leaked server, so its close is bounded, and names them as its own', async () => {
    const { watcher } = watch();
    const server = net.createServer();
    const port = await listen(server);
    const client = net.connect(port, '127.0.0.1');
    client.on('error', () => undefined);
    const [accepted] = (await waitForEvent(server, 'connection')) as [net.Socket];
    expect(watcher.accepted('test')(accepted)).toBe(true);
    const leaks = await withTimeout(watcher.settle('test', 1000), 10_000, 'settle');
    expect(leaks.map((leak) => leak.label)).toEqual([`TCP server listening on 127.0.0.1:${port}`]);
    expect(accepted.destroyed).toBe(true);
    await waitForEvent(client, 'close');
  });

  it('does not report a server whose close was called, nor one of another scope', async () => {
    let scope = 'file';
    const { watcher } = watch(() => scope);
    const fileServer = http.createServer();
    await listen(fileServer);
    scope = 'test';
    const closing = http.createServer();
    await listen(closing);
    closing.close();
    await expect(withTimeout(watcher.settle('test', 1000), 10_000, 'settle')).resolves.toEqual([]);
    expect(fileServer.listening).toBe(true);
    expect(watcher.list('file')).toEqual([expect.objectContaining({ kind: 'server', scope: 'file' })]);
  });

  it('records nothing while no scope is active, or after stop()', async () => {
    const { watcher } = watch(() => undefined);
    await listen(http.createServer());
    expect(watcher.list()).toEqual([]);
    const other = new ServerWatcher({ scopeNow: () => 'test', clock: new ManualClock() });
    other.start();
    other.stop();
    await listen(http.createServer());
    expect(other.list()).toEqual([]);
  });

  it('returns at the deadline when a close does not settle', async () => {
    const { watcher, clock } = watch();
    const server = http.createServer();
    await listen(server);
    // A close that never calls back: the settle must still end at its bound.
    jest.spyOn(server, 'close').mockImplementation(() => server);
    const settling = watcher.settle('test', 100);
    clock.advance(100);
    await expect(withTimeout(settling, 10_000, 'settle')).resolves.toHaveLength(1);
    (server.close as jest.Mock).mockRestore();
  });
});
