import { deferred, waitForEvent } from '@ws-isolation/test-utils';
import type { Cell } from '../support/cell';
import { CELL_DEFAULTS } from '../support/cell';
import { rowOperations, rowTransports, runRowCell, type Row } from '../support/matrix';

// Fault: an application listener throws. The contract: the connection goes on
// and emits `error` with ERR_WSI_LISTENER_FAILED (cause: the thrown value);
// nothing escapes as an uncaught exception. Bounds: as for a healthy server.
const { connectTimeoutMs, closeTimeoutMs } = CELL_DEFAULTS;

function boom(where: string): Error {
  return new Error(`listener on ${where} threw`);
}

/** The listener failures the cell's connections reported, as their causes' messages. */
function listenerFailures(cell: Cell): string[] {
  return cell.errors
    .filter((error) => (error.code as string) === 'ERR_WSI_LISTENER_FAILED')
    .map((error) => (error.cause as Error).message);
}

const row: Row = {
  connect: {
    async run(cell) {
      const connection = cell.connection();
      connection.on('state', ({ to }) => {
        if (to === 'CONNECTED') throw boom('state');
      });
      connection.on('ready', () => {
        throw boom('ready');
      });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      expect(connection.state).toBe('READY');
      expect(listenerFailures(cell)).toEqual(['listener on state threw', 'listener on ready threw']);
      await cell.within(closeTimeoutMs, connection.close(), 'close()');
    },
  },
  send: {
    server: { echo: true },
    async run(cell) {
      const connection = cell.connection();
      const echoes: unknown[] = [];
      const all = deferred();
      // The only message listener: as with any EventEmitter, listeners after
      // the one that threw miss that emission, so this one counts as well.
      connection.on('message', (data) => {
        echoes.push(data);
        if (echoes.length === 3) all.resolve();
        throw boom('message');
      });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      cell.ledger.sendMany(connection, 'echoed', 3);
      await cell.within(closeTimeoutMs, all.promise, 'the echoes');
      expect(echoes).toEqual(['echoed#1', 'echoed#2', 'echoed#3']);
      expect(listenerFailures(cell)).toEqual([
        'listener on message threw',
        'listener on message threw',
        'listener on message threw',
      ]);
      expect(await cell.within(closeTimeoutMs, connection.close(), 'close()')).toMatchObject({ forced: false });
    },
  },
  reconnect: {
    async run(cell) {
      const connection = cell.connection({ reconnect: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 20 } });
      connection.on('reconnecting', () => {
        throw boom('reconnecting');
      });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      const ready = waitForEvent(connection, 'ready');
      cell.server.dropAll();
      await cell.within(connectTimeoutMs + 20, ready, 'the reconnection');
      expect(listenerFailures(cell)).toEqual(['listener on reconnecting threw']);
      await cell.within(closeTimeoutMs, connection.close(), 'close()');
    },
  },
  close: {
    async run(cell) {
      const connection = cell.connection();
      connection.on('close', () => {
        throw boom('close');
      });
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      const report = await cell.within(closeTimeoutMs, connection.close(), 'close()');
      expect(report.forced).toBe(false);
      expect(listenerFailures(cell)).toEqual(['listener on close threw']);
    },
  },
  terminate: {
    async run(cell) {
      const connection = cell.connection();
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      connection.on('state', () => {
        throw boom('state');
      });
      connection.terminate();
      expect(connection.state).toBe('DISCONNECTED');
      expect(listenerFailures(cell)).toEqual(['listener on state threw']);
    },
  },
  cleanupAll: {
    async run(cell) {
      const connection = cell.connection();
      await cell.within(connectTimeoutMs, connection.connect(), 'connect()');
      connection.on('close', () => {
        throw boom('close');
      });
      const report = await cell.within(
        closeTimeoutMs,
        cell.registry.cleanupAll({ timeoutMs: closeTimeoutMs }),
        'cleanupAll()',
      );
      expect(report.closed.map((entry) => entry.id)).toEqual([connection.id]);
      expect(listenerFailures(cell)).toEqual(['listener on close threw']);
    },
  },
};

describe.each(rowTransports(row))('a listener that throws on %s', (_name, transport) => {
  test.each(rowOperations(row, transport))('%s', (operation) => runRowCell(row, transport, operation));
});
