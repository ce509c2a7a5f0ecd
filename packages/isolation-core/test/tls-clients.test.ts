import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import tls from 'node:tls';
import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { SocketWatcher } from '../src/socket-watcher';
import { watchTlsClients } from '../src/tls-clients';

const tlsDir = path.join(__dirname, 'fixtures', 'tls');
let server: tls.Server;
let port: number;

beforeAll(async () => {
  server = tls.createServer({
    key: fs.readFileSync(path.join(tlsDir, 'key.pem')),
    cert: fs.readFileSync(path.join(tlsDir, 'cert.pem')),
  });
  server.listen(0, '127.0.0.1');
  await waitForEvent(server, 'listening');
  port = (server.address() as net.AddressInfo).port;
});

afterAll(async () => {
  await withTimeout(new Promise<void>((resolve) => server.close(() => resolve())), 10_000, 'server close');
});

describe('watchTlsClients', () => {
  it('sees tls.connect() clients while installed, named by the target asked for, and restores tls.connect', async () => {
    const original = tls.connect;
    const clock = new ManualClock();
    const watcher = new SocketWatcher({ scopeNow: () => 'test', clock });
    watcher.start();
    const unwatch = watchTlsClients(watcher);
    try {
      expect(tls.connect).not.toBe(original);
      const client = tls.connect({ host: '127.0.0.1', port, rejectUnauthorized: false }); // the line a leak points at
      client.on('error', () => undefined);
      await Promise.all([waitForEvent(client, 'secureConnect'), waitForEvent(server, 'secureConnection')]);
      const settling = watcher.settle('test', { graceMs: 0, connectMs: 0 });
      clock.advance(0);
      const leaks = await withTimeout(settling, 10_000, 'settle');
      // One report: the accepted side of our own client is not reported again.
      expect(leaks).toEqual([expect.objectContaining({ kind: 'socket' })]);
      expect(leaks[0]!.label).toMatch(
        /^TLS client 127\.0\.0\.1:\d+ -> 127\.0\.0\.1:\d+ \(asked for 127\.0\.0\.1:\d+\)$/,
      );
      expect(leaks[0]!.stack.split('\n')[0]).toContain('tls-clients.test.ts');
      expect(client.destroyed).toBe(true);
    } finally {
      unwatch();
      watcher.stop();
    }
    expect(tls.connect).toBe(original);
  });
});
