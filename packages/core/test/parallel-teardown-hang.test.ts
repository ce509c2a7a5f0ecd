import { createRegistry } from '@ws-isolation/registry';
import { withTimeout } from '@ws-isolation/test-utils';
import { Connection, type CloseReport } from '../src';
import { transports } from './support/transports';

// The original suite hung here: two parallel connections whose peer never
// acknowledged close, closed concurrently and force-cleaned during teardown.
describe.each(transports)('parallel teardown of two connections whose peer ignores close (%s)', (_name, { start }) => {
  it('finishes within the bound, and the registry reports both as forced', async () => {
    const server = await start();
    const registry = createRegistry();
    try {
      const first = new Connection({ url: server.url, WebSocket: server.WebSocket, registry, closeTimeoutMs: 10_000 });
      const second = new Connection({ url: server.url, WebSocket: server.WebSocket, registry, closeTimeoutMs: 10_000 });
      await Promise.all([first.connect(), second.connect()]);
      server.ignoreClose();

      const closes = Promise.all([first.close(), second.close()]);
      const report = await withTimeout(registry.cleanupAll({ timeoutMs: 200 }), 5000, 'registry cleanup');
      const reports: CloseReport[] = await withTimeout(closes, 5000, 'the two closes');

      expect(report.forced.map((entry) => entry.id).sort()).toEqual([first.id, second.id].sort());
      expect(report.closed).toEqual([]);
      expect(report.failed).toEqual([]);
      expect(reports.map((r) => r.forced)).toEqual([true, true]);
      expect([first.state, second.state]).toEqual(['DISCONNECTED', 'DISCONNECTED']);
      expect(registry.size).toBe(0);
    } finally {
      await server.close();
    }
  });
});
