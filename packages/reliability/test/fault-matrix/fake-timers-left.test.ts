import { waitForEvent } from '@ws-isolation/test-utils';
import { CELL_DEFAULTS } from '../support/cell';
import { rowOperations, rowTransports, runRowCell, type Row } from '../support/matrix';

// Fault: the test installs Jest fake timers and never advances or restores
// them; connections use the default clock. The contract: close, connect and
// handshake deadlines still hold in real time. (The reconnect backoff is a
// delay, not a deadline: it waits on the faked clock, and close() must still
// stop it.) Bounds: as in the other rows, in real time.
const { connectTimeoutMs, handshakeTimeoutMs, closeTimeoutMs } = CELL_DEFAULTS;

beforeEach(() => {
  jest.useFakeTimers();
});

afterEach(() => {
  jest.useRealTimers();
});

const row: Row = {
  connect: {
    async run(cell) {
      const connection = cell.connection({ url: await cell.server.slowOpenUrl() });
      const error = await cell.rejection(
        connectTimeoutMs,
        connection.connect(),
        'connect() to a server that never opens',
      );
      expect(error.code).toBe('ERR_WSI_CONNECT_TIMEOUT');
    },
  },
  send: {
    server: { behaviour: 'silent' },
    async run(cell) {
      const connection = cell.connection();
      const connecting = connection.connect();
      cell.ledger.sendMany(connection, 'before-welcome', 3);
      const error = await cell.rejection(handshakeTimeoutMs, connecting, 'connect() to a server that never welcomes');
      expect(error.code).toBe('ERR_WSI_HANDSHAKE_TIMEOUT');
      expect(cell.ledger.unsent).toEqual(['before-welcome#1', 'before-welcome#2', 'before-welcome#3']);
      await cell.within(closeTimeoutMs, connection.close(), 'close()');
    },
  },
  reconnect: {
    async run(cell) {
      const connection = cell.connection({ reconnect: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      const retrying = waitForEvent(connection, 'reconnecting');
      cell.server.dropAll();
      await cell.within(connectTimeoutMs, retrying, 'the retry to be scheduled');
      cell.ledger.sendMany(connection, 'during-backoff', 2);
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close() during a faked backoff');
      expect(report.unsent).toEqual(['during-backoff#1', 'during-backoff#2']);
      expect(cell.server.sessions).toHaveLength(1);
    },
  },
  close: {
    async run(cell) {
      const connection = cell.connection();
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.server.ignoreClose();
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close() to a peer that never acknowledges');
      expect(report).toMatchObject({ forced: true, code: 1006 });
    },
  },
  terminate: {
    async run(cell) {
      const connection = cell.connection({ url: await cell.server.slowOpenUrl(), connectTimeoutMs: 60_000 });
      const connecting = connection.connect();
      connection.terminate();
      expect(connection.state).toBe('DISCONNECTED');
      expect((await cell.rejection(0, connecting, 'connect()')).code).toBe('ERR_WSI_CLOSED');
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

describe.each(rowTransports(row))('fake timers left installed on %s', (_name, transport) => {
  test.each(rowOperations(row, transport))('%s', (operation) => runRowCell(row, transport, operation));
});
