import { waitForEvent } from '@ws-isolation/test-utils';
import { CELL_DEFAULTS } from '../support/cell';
import { rowOperations, rowTransports, runRowCell, type Row } from '../support/matrix';

// Fault: the peer never acknowledges a close (mock: the `ignore-close` fault;
// ws: the server socket's close() shadowed, so a close frame is never answered).
// Bounds: closeTimeoutMs, past which the close is forced.
const { connectTimeoutMs, closeTimeoutMs } = CELL_DEFAULTS;

const row: Row = {
  connect: {
    async run(cell) {
      cell.server.ignoreClose();
      const connection = cell.connection();
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      expect(connection.state).toBe('READY');
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close()');
      expect(report).toMatchObject({ forced: true, code: 1006 });
    },
  },
  send: {
    async run(cell) {
      const connection = cell.connection();
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'ready', 5);
      await cell.server.waitForReceived(5);
      cell.server.ignoreClose();
      const closing = connection.close();
      cell.ledger.send(connection, 'while-closing');
      const report = await cell.within(closeTimeoutMs, closing, 'close()');
      expect(report).toMatchObject({ forced: true, unsent: [] });
      expect(cell.ledger.threw).toEqual([{ message: 'while-closing#1', code: 'ERR_WSI_CLOSED' }]);
    },
  },
  reconnect: {
    async run(cell) {
      const connection = cell.connection({ reconnect: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.server.ignoreClose();
      const ready = waitForEvent(connection, 'ready');
      cell.server.dropAll();
      await cell.within(connectTimeoutMs + 20, ready, 'the reconnection');
      cell.ledger.sendMany(connection, 'second-session', 2);
      await cell.server.waitForReceived(2);
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close()');
      expect(report.forced).toBe(true);
    },
  },
  close: {
    async run(cell) {
      const connection = cell.connection();
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.server.ignoreClose();
      const states: string[] = [];
      connection.on('state', ({ to }) => states.push(to));
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close()');
      expect(report).toMatchObject({ forced: true, code: 1006, unsent: [] });
      expect(states).toEqual(['CLOSING', 'DISCONNECTED']);
    },
  },
  terminate: {
    async run(cell) {
      const connection = cell.connection({ closeTimeoutMs: 60_000 });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.server.ignoreClose();
      const closing = connection.close();
      expect(connection.state).toBe('CLOSING');
      connection.terminate();
      expect(connection.state).toBe('DISCONNECTED');
      expect(await cell.within(0, closing, 'the pending close()')).toMatchObject({ forced: true });
    },
  },
  cleanupAll: {
    async run(cell) {
      const connection = cell.connection({ closeTimeoutMs: 60_000 });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.server.ignoreClose();
      const report = await cell.within(
        closeTimeoutMs,
        cell.registry.cleanupAll({ timeoutMs: closeTimeoutMs }),
        'cleanupAll()',
      );
      expect(report.forced.map((entry) => entry.id)).toEqual([connection.id]);
    },
  },
};

describe.each(rowTransports(row))('peer never acknowledges close on %s', (_name, transport) => {
  test.each(rowOperations(row, transport))('%s', (operation) => runRowCell(row, transport, operation));
});
