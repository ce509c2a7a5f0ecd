import { waitForEvent } from '@ws-isolation/test-utils';
import { CELL_DEFAULTS } from '../support/cell';
import { rowOperations, rowTransports, runRowCell, type Row } from '../support/matrix';

// Fault: the server goes away (every connection dropped, new attempts refused)
// while a burst of BURST messages is in flight: it crashes when the
// CRASH_AT-th arrives, and reads nothing more. Its session store survives
// (as a store outside the process would), so a reconnection resumes the
// session and sends again what the server never read; without one, those
// messages are reported as unconfirmed. Bounds: closeTimeoutMs for a close,
// the backoff plus one attempt for a reconnection.
const { connectTimeoutMs, closeTimeoutMs } = CELL_DEFAULTS;
const BURST = 20;
const CRASH_AT = 5;
const retrying = { maxAttempts: 20, baseDelayMs: 10, maxDelayMs: 20, deadlineMs: 5000 };

/** The messages of the burst the server never read: on the wire when it went away. */
const inFlight = Array.from({ length: BURST - CRASH_AT }, (_, i) => `burst#${CRASH_AT + 1 + i}`);

/** Every message the server never read is reported as unconfirmed (the ledger checks the rest). */
function expectReported(unconfirmed: readonly unknown[]): void {
  expect(unconfirmed).toEqual(expect.arrayContaining(inFlight));
}

const row: Row = {
  connect: {
    server: { behaviour: 'crash-on-hello' },
    async run(cell) {
      const connection = cell.connection({ reconnect: { ...retrying, maxAttempts: 2 } });
      cell.ledger.sendMany(connection, 'queued', 3);
      const error = await cell.rejection(3 * connectTimeoutMs + 40, connection.connect(), 'connect()');
      expect(error.code).toBe('ERR_WSI_CONNECT_FAILED');
      expect(cell.ledger.unsent).toEqual(['queued#1', 'queued#2', 'queued#3']);
    },
  },
  send: {
    server: { crashAfter: CRASH_AT },
    async run(cell) {
      const connection = cell.connection();
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      const lost = waitForEvent(connection, 'error');
      cell.ledger.sendMany(connection, 'burst', BURST);
      const [error] = await lost;
      expect((error as { code: string }).code).toBe('ERR_WSI_CONNECTION_LOST');
      cell.ledger.sendMany(connection, 'after-crash', 2);
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close()');
      expect(report.unsent).toEqual(['after-crash#1', 'after-crash#2']);
      expect(cell.server.received).toHaveLength(CRASH_AT);
      expectReported(cell.ledger.unconfirmed);
    },
  },
  reconnect: {
    server: { crashAfter: CRASH_AT },
    async run(cell) {
      const connection = cell.connection({ reconnect: retrying });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      const retried = waitForEvent(connection, 'reconnecting');
      cell.ledger.sendMany(connection, 'burst', BURST);
      await cell.within(connectTimeoutMs, retried, 'the first retry');
      cell.ledger.sendMany(connection, 'during-outage', 3);
      const ready = waitForEvent(connection, 'ready');
      await cell.server.restart();
      const [info] = await cell.within(connectTimeoutMs + retrying.maxDelayMs, ready, 'the reconnection');
      // The session resumed: what the server never read is sent again, first, then what waited for READY.
      await cell.server.waitForReceived(BURST + 3);
      expect(cell.server.sessions[1]?.previousSessionId).toBe(
        (info as { previousSessionId: string }).previousSessionId,
      );
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close()');
      expect(report).toMatchObject({ forced: false, unsent: [], unconfirmed: [] });
      expect(cell.ledger.unconfirmed).toEqual([]);
    },
  },
  close: {
    server: { crashAfter: CRASH_AT },
    async run(cell) {
      const connection = cell.connection();
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'burst', BURST);
      await cell.server.waitForReceived(CRASH_AT);
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close() racing the crash');
      expect(report.unsent).toEqual([]);
      // In the report of this close, or of the give-up when the drop was seen first.
      expectReported(cell.ledger.unconfirmed);
    },
  },
  terminate: {
    server: { crashAfter: CRASH_AT },
    async run(cell) {
      const connection = cell.connection({ reconnect: retrying });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'burst', BURST);
      await cell.server.waitForReceived(CRASH_AT);
      connection.terminate();
      expect(connection.state).toBe('DISCONNECTED');
      expectReported(cell.ledger.unconfirmed);
    },
  },
  cleanupAll: {
    server: { crashAfter: CRASH_AT },
    async run(cell) {
      const connection = cell.connection({ reconnect: retrying });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'burst', BURST);
      await cell.server.waitForReceived(CRASH_AT);
      const report = await cell.within(
        closeTimeoutMs,
        cell.registry.cleanupAll({ timeoutMs: closeTimeoutMs }),
        'cleanupAll()',
      );
      expect([...report.closed, ...report.forced].map((entry) => entry.id)).toEqual([connection.id]);
      expectReported(cell.ledger.unconfirmed);
    },
  },
};

describe.each(rowTransports(row))('server crash mid-message on %s', (_name, transport) => {
  test.each(rowOperations(row, transport))('%s', (operation) => runRowCell(row, transport, operation));
});
