import { CELL_DEFAULTS } from '../support/cell';
import { rowOperations, rowTransports, runRowCell, type Row } from '../support/matrix';

// Fault: the server answers the hello with something that is not a welcome.
// Bounds: handshakeTimeoutMs for connect (a garbage answer fails at once and
// is never retried); closeTimeoutMs for a close.
const { handshakeTimeoutMs, closeTimeoutMs } = CELL_DEFAULTS;
const server = { behaviour: 'garbage' } as const;
const retrying = { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 };

const row: Row = {
  connect: {
    server,
    async run(cell) {
      const connection = cell.connection();
      const error = await cell.rejection(handshakeTimeoutMs, connection.connect(), 'connect()');
      expect(error.code).toBe('ERR_WSI_HANDSHAKE_FAILED');
    },
  },
  send: {
    server,
    async run(cell) {
      const connection = cell.connection();
      const connecting = connection.connect();
      cell.ledger.sendMany(connection, 'before-welcome', 4);
      await cell.rejection(handshakeTimeoutMs, connecting, 'connect()');
      expect(cell.ledger.unsent).toEqual([
        'before-welcome#1',
        'before-welcome#2',
        'before-welcome#3',
        'before-welcome#4',
      ]);
      await cell.within(closeTimeoutMs, connection.close(), 'close()');
    },
  },
  reconnect: {
    server,
    async run(cell) {
      const connection = cell.connection({ reconnect: retrying });
      const retries: unknown[] = [];
      connection.on('reconnecting', (info) => retries.push(info));
      const error = await cell.rejection(handshakeTimeoutMs, connection.connect(), 'connect() with retries allowed');
      expect(error.code).toBe('ERR_WSI_HANDSHAKE_FAILED');
      expect(retries).toEqual([]);
    },
  },
  close: {
    server,
    async run(cell) {
      const connection = cell.connection({ reconnect: retrying });
      await cell.rejection(handshakeTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'after-failure', 2);
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close()');
      expect(report).toMatchObject({ forced: false, unsent: ['after-failure#1', 'after-failure#2'] });
    },
  },
  terminate: {
    server,
    async run(cell) {
      const connection = cell.connection();
      await cell.rejection(handshakeTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'after-failure', 2);
      connection.terminate();
      expect(connection.state).toBe('DISCONNECTED');
      expect(cell.ledger.unsent).toEqual(['after-failure#1', 'after-failure#2']);
    },
  },
  cleanupAll: {
    server,
    async run(cell) {
      const connection = cell.connection();
      const connecting = connection.connect();
      const report = await cell.within(
        closeTimeoutMs,
        cell.registry.cleanupAll({ timeoutMs: closeTimeoutMs }),
        'cleanupAll()',
      );
      expect([...report.closed, ...report.forced].map((entry) => entry.id)).toEqual([connection.id]);
      expect(['ERR_WSI_CLOSED', 'ERR_WSI_HANDSHAKE_FAILED']).toContain(
        (await cell.rejection(0, connecting, 'connect()')).code,
      );
    },
  },
};

describe.each(rowTransports(row))('handshake answered with garbage on %s', (_name, transport) => {
  test.each(rowOperations(row, transport))('%s', (operation) => runRowCell(row, transport, operation));
});
