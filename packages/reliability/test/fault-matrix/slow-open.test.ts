import { waitForEvent } from '@ws-isolation/test-utils';
import { CELL_DEFAULTS } from '../support/cell';
import { rowOperations, rowTransports, runRowCell, type Row } from '../support/matrix';

// Fault: the opening handshake is never answered (mock: `delay-open` far past
// every bound; ws: a TCP server that accepts and never answers the upgrade).
// Bounds: connectTimeoutMs per attempt; closeTimeoutMs for a close.
const { connectTimeoutMs, closeTimeoutMs } = CELL_DEFAULTS;

const row: Row = {
  connect: {
    async run(cell) {
      const connection = cell.connection({ url: await cell.server.slowOpenUrl() });
      const error = await cell.rejection(connectTimeoutMs, connection.connect(), 'connect()');
      expect(error.code).toBe('ERR_WSI_CONNECT_TIMEOUT');
    },
  },
  send: {
    async run(cell) {
      const connection = cell.connection({ url: await cell.server.slowOpenUrl() });
      const connecting = connection.connect();
      cell.ledger.sendMany(connection, 'while-connecting', 3);
      await cell.rejection(connectTimeoutMs, connecting, 'connect()');
      expect(cell.ledger.unsent).toEqual(['while-connecting#1', 'while-connecting#2', 'while-connecting#3']);
      await cell.within(closeTimeoutMs, connection.close(), 'close()');
    },
  },
  reconnect: {
    async run(cell) {
      const connection = cell.connection({
        url: await cell.server.slowOpenUrl(),
        reconnect: { maxAttempts: 1, baseDelayMs: 10, maxDelayMs: 10 },
      });
      const retries: unknown[] = [];
      connection.on('reconnecting', (info) => retries.push(info));
      const error = await cell.rejection(2 * connectTimeoutMs + 10, connection.connect(), 'connect() with a retry');
      expect(error.code).toBe('ERR_WSI_CONNECT_TIMEOUT');
      expect(retries).toHaveLength(1);
    },
  },
  close: {
    async run(cell) {
      const connection = cell.connection({ url: await cell.server.slowOpenUrl(), connectTimeoutMs: 60_000 });
      const connecting = connection.connect();
      expect(connection.state).toBe('CONNECTING');
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close() while CONNECTING');
      expect(report.unsent).toEqual([]);
      expect((await cell.rejection(0, connecting, 'connect()')).code).toBe('ERR_WSI_CLOSED');
    },
  },
  terminate: {
    async run(cell) {
      const connection = cell.connection({ url: await cell.server.slowOpenUrl(), connectTimeoutMs: 60_000 });
      const connecting = connection.connect();
      expect(connection.state).toBe('CONNECTING');
      connection.terminate();
      expect(connection.state).toBe('DISCONNECTED');
      expect((await cell.rejection(0, connecting, 'connect()')).code).toBe('ERR_WSI_CLOSED');
    },
  },
  cleanupAll: {
    async run(cell) {
      const connection = cell.connection({ url: await cell.server.slowOpenUrl(), connectTimeoutMs: 60_000 });
      const connecting = connection.connect();
      const states = waitForEvent(connection, 'state', {
        filter: (change) => (change as { to: string }).to === 'DISCONNECTED',
      });
      const report = await cell.within(
        closeTimeoutMs,
        cell.registry.cleanupAll({ timeoutMs: closeTimeoutMs }),
        'cleanupAll()',
      );
      expect([...report.closed, ...report.forced].map((entry) => entry.id)).toEqual([connection.id]);
      await states;
      expect((await cell.rejection(0, connecting, 'connect()')).code).toBe('ERR_WSI_CLOSED');
    },
  },
};

describe.each(rowTransports(row))('slow open past the connect timeout on %s', (_name, transport) => {
  test.each(rowOperations(row, transport))('%s', (operation) => runRowCell(row, transport, operation));
});
