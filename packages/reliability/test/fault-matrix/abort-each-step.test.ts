import { ABORT_STEPS, bringToStep, serverFor, type AbortStep } from '../support/abort-steps';
import { CELL_DEFAULTS, runCell, type Cell } from '../support/cell';
import { OPERATIONS, type Operation } from '../support/matrix';
import { TRANSPORTS } from '../support/transports';

// Fault: connect()'s AbortSignal fires at each step of the connection's life
// (waiting for a throttle permit, CONNECTING, the handshake, READY, the
// reconnect backoff); then each operation. Every step but READY holds a wait
// of 60 s, so only the abort can end it within the bound. Bounds: an abort
// settles connect() at once; a close within closeTimeoutMs.
const { connectTimeoutMs, closeTimeoutMs } = CELL_DEFAULTS;
const QUEUED = 3;
const queued = ['queued#1', 'queued#2', 'queued#3'];

async function abortAt(cell: Cell, step: AbortStep, operation: Operation): Promise<void> {
  const at = await bringToStep(cell, step, QUEUED);
  const { connection, connecting, controller } = at;
  controller.abort();
  if (step === 'READY') {
    // Too late to abort: the connection is READY and stays so.
    await cell.within(0, connecting, 'connect()');
    expect(connection.state).toBe('READY');
    await cell.server.waitForReceived(QUEUED);
  } else {
    expect((await cell.rejection(0, connecting, 'the aborted connect()')).code).toBe('ERR_WSI_ABORTED');
    expect(connection.state).toBe('DISCONNECTED');
    expect(cell.ledger.unsent).toEqual(queued);
    expect(cell.registry.size).toBe(0);
  }
  if (at.throttle !== undefined) expect(at.throttle.stats()).toMatchObject({ active: 1, queued: 0 });
  at.release();
  await operate(cell, connection, operation, at.heal);
}

async function operate(
  cell: Cell,
  connection: ReturnType<Cell['connection']>,
  operation: Operation,
  heal: () => Promise<void>,
): Promise<void> {
  switch (operation) {
    case 'connect':
      // The signal is already aborted: connect() with it refuses at once.
      expect(
        (
          await cell.rejection(
            0,
            connection.connect({ signal: AbortSignal.abort() }),
            'connect() with an aborted signal',
          )
        ).code,
      ).toBe('ERR_WSI_ABORTED');
      await cell.within(closeTimeoutMs, connection.close(), 'close()');
      return;
    case 'send':
      cell.ledger.sendMany(connection, 'after-abort', 2);
      await cell.within(closeTimeoutMs, connection.close(), 'close()');
      return;
    case 'reconnect':
      await heal();
      cell.ledger.sendMany(connection, 'after-abort', 2);
      await cell.within(connectTimeoutMs, connection.connect(), 'connect() again');
      await cell.server.waitForReceived(cell.server.received.length >= QUEUED ? QUEUED + 2 : 2);
      expect(await cell.within(closeTimeoutMs, connection.close(), 'close()')).toMatchObject({
        forced: false,
        unsent: [],
      });
      return;
    case 'close':
      await cell.within(closeTimeoutMs, connection.close(), 'close()');
      return;
    case 'terminate':
      connection.terminate();
      expect(connection.state).toBe('DISCONNECTED');
      return;
    case 'cleanupAll':
      await cell.within(closeTimeoutMs, cell.registry.cleanupAll({ timeoutMs: closeTimeoutMs }), 'cleanupAll()');
  }
}

describe.each(TRANSPORTS.map((transport) => [transport.name, transport] as const))(
  'an abort signal on %s',
  (_name, transport) => {
    describe.each(ABORT_STEPS)('fired at %s', (step) => {
      test.each(OPERATIONS)('%s', (operation) =>
        runCell(transport, { server: serverFor(step) }, (cell) => abortAt(cell, step, operation)),
      );
    });
  },
);
