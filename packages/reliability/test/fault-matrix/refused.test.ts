import { waitForEvent } from '@ws-isolation/test-utils';
import { CELL_DEFAULTS } from '../support/cell';
import { rowOperations, rowTransports, runRowCell, type Row } from '../support/matrix';

// Fault: the connection is refused (mock: the `refuse` fault; ws: a port that
// listened and closed). Bounds: one refused attempt settles at once; a close
// within closeTimeoutMs.
const { connectTimeoutMs, closeTimeoutMs } = CELL_DEFAULTS;
const retrying = { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 5000 };

const row: Row = {
  connect: {
    async run(cell) {
      cell.server.refuse();
      const connection = cell.connection();
      const error = await cell.rejection(connectTimeoutMs, connection.connect(), 'connect()');
      expect(error.code).toBe('ERR_WSI_CONNECT_FAILED');
    },
  },
  send: {
    async run(cell) {
      cell.server.refuse();
      const connection = cell.connection();
      cell.ledger.sendMany(connection, 'before', 5);
      await cell.rejection(connectTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'after-failure', 2);
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close()');
      cell.ledger.send(connection, 'after-close');
      expect(cell.ledger.unsent).toEqual([
        'before#1',
        'before#2',
        'before#3',
        'before#4',
        'before#5',
        'after-failure#1',
        'after-failure#2',
      ]);
      expect(report.unsent).toEqual(['after-failure#1', 'after-failure#2']);
      expect(cell.ledger.threw).toEqual([{ message: 'after-close#1', code: 'ERR_WSI_CLOSED' }]);
    },
  },
  reconnect: {
    async run(cell) {
      cell.server.refuse();
      const connection = cell.connection({ reconnect: retrying });
      const retries: unknown[] = [];
      connection.on('reconnecting', (info) => retries.push(info));
      const error = await cell.rejection(
        3 * connectTimeoutMs + 2 * retrying.maxDelayMs,
        connection.connect(),
        'connect() with retries',
      );
      expect(error.code).toBe('ERR_WSI_CONNECT_FAILED');
      expect(retries).toHaveLength(retrying.maxAttempts);
    },
  },
  close: {
    async run(cell) {
      cell.server.refuse();
      const connection = cell.connection({
        reconnect: { ...retrying, maxAttempts: 100, baseDelayMs: 50, maxDelayMs: 50 },
      });
      const connecting = connection.connect();
      await waitForEvent(connection, 'reconnecting');
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close() during retries');
      expect(report.forced).toBe(false);
      expect((await cell.rejection(0, connecting, 'connect()')).code).toBe('ERR_WSI_CLOSED');
    },
  },
  terminate: {
    async run(cell) {
      cell.server.refuse();
      const connection = cell.connection({
        reconnect: { ...retrying, maxAttempts: 100, baseDelayMs: 50, maxDelayMs: 50 },
      });
      const connecting = connection.connect();
      await waitForEvent(connection, 'reconnecting');
      connection.terminate();
      expect(connection.state).toBe('DISCONNECTED');
      expect((await cell.rejection(0, connecting, 'connect()')).code).toBe('ERR_WSI_CLOSED');
    },
  },
  cleanupAll: {
    async run(cell) {
      cell.server.refuse();
      const connection = cell.connection({
        reconnect: { ...retrying, maxAttempts: 100, baseDelayMs: 50, maxDelayMs: 50 },
      });
      const connecting = connection.connect();
      await waitForEvent(connection, 'reconnecting');
      const report = await cell.within(
        closeTimeoutMs,
        cell.registry.cleanupAll({ timeoutMs: closeTimeoutMs }),
        'cleanupAll()',
      );
      expect(report.closed.map((entry) => entry.id)).toEqual([connection.id]);
      expect((await cell.rejection(0, connecting, 'connect()')).code).toBe('ERR_WSI_CLOSED');
    },
  },
};

describe.each(rowTransports(row))('refused connection on %s', (_name, transport) => {
  test.each(rowOperations(row, transport))('%s', (operation) => runRowCell(row, transport, operation));
});
