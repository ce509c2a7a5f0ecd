import { waitForEvent } from '@ws-isolation/test-utils';
import { CELL_DEFAULTS } from '../support/cell';
import { rowOperations, rowTransports, runRowCell, type Row } from '../support/matrix';

// Fault: the server drops the connection without a close frame (the client
// sees 1006). Bounds: connectTimeoutMs for an attempt, closeTimeoutMs for a
// close, the backoff plus one attempt for a reconnection.
const { connectTimeoutMs, closeTimeoutMs } = CELL_DEFAULTS;
const retrying = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 5000 };

const row: Row = {
  connect: {
    server: { behaviour: 'drop-on-hello' },
    async run(cell) {
      const connection = cell.connection();
      cell.ledger.sendMany(connection, 'queued', 2);
      const error = await cell.rejection(connectTimeoutMs, connection.connect(), 'connect()');
      expect(error.code).toBe('ERR_WSI_CONNECT_FAILED');
      expect(cell.ledger.unsent).toEqual(['queued#1', 'queued#2']);
    },
  },
  send: {
    async run(cell) {
      const connection = cell.connection();
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'ready', 5);
      await cell.server.waitForReceived(5);
      const lost = waitForEvent(connection, 'error');
      cell.server.dropAll();
      const [error] = await lost;
      expect((error as { code: string }).code).toBe('ERR_WSI_CONNECTION_LOST');
      expect(connection.state).toBe('DISCONNECTED');
      cell.ledger.sendMany(connection, 'after-drop', 2);
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close()');
      expect(report.unsent).toEqual(['after-drop#1', 'after-drop#2']);
    },
  },
  reconnect: {
    async run(cell) {
      const connection = cell.connection({ reconnect: retrying });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'first', 3);
      await cell.server.waitForReceived(3);
      const ready = waitForEvent(connection, 'ready');
      cell.server.dropAll();
      await cell.within(
        connectTimeoutMs + retrying.maxDelayMs,
        waitForEvent(connection, 'state', { filter: (change) => (change as { to: string }).to === 'DISCONNECTED' }),
        'the drop',
      );
      cell.ledger.sendMany(connection, 'during-outage', 3);
      await cell.within(connectTimeoutMs + retrying.maxDelayMs, ready, 'the reconnection');
      cell.ledger.sendMany(connection, 'second', 3);
      await cell.server.waitForReceived(9);
      expect(cell.server.sessions).toHaveLength(2);
      expect(cell.server.sessions[1]!.previousSessionId).toBe(cell.server.sessions[0]!.sessionId);
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close()');
      expect(report).toMatchObject({ forced: false, unsent: [] });
    },
  },
  close: {
    async run(cell) {
      const connection = cell.connection();
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'ready', 3);
      await cell.server.waitForReceived(3);
      // The close starts before the client has seen the drop.
      cell.server.dropAll();
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close() racing the drop');
      expect(report.unsent).toEqual([]);
    },
  },
  terminate: {
    async run(cell) {
      const connection = cell.connection({ reconnect: retrying });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      const dropped = waitForEvent(connection, 'state', {
        filter: (change) => (change as { to: string }).to === 'DISCONNECTED',
      });
      cell.server.dropAll();
      await dropped;
      connection.terminate();
      expect(connection.state).toBe('DISCONNECTED');
      expect(cell.server.sessions).toHaveLength(1);
    },
  },
  cleanupAll: {
    async run(cell) {
      const connection = cell.connection({ reconnect: retrying });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.server.dropAll();
      const report = await cell.within(
        closeTimeoutMs,
        cell.registry.cleanupAll({ timeoutMs: closeTimeoutMs }),
        'cleanupAll() racing the drop',
      );
      expect(report.failed).toEqual([]);
      expect([...report.closed, ...report.forced].map((entry) => entry.id)).toEqual([connection.id]);
    },
  },
};

describe.each(rowTransports(row))('abrupt drop (1006) on %s', (_name, transport) => {
  test.each(rowOperations(row, transport))('%s', (operation) => runRowCell(row, transport, operation));
});
