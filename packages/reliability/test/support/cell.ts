import { Connection, type ConnectionOptions, type CoreError } from '@ws-isolation/core';
import { createRegistry, type Registry } from '@ws-isolation/registry';
import { withTimeout } from '@ws-isolation/test-utils';
import { setImmediate as nativeSetImmediate } from 'node:timers';
import { ConnectionState } from '@ws-isolation/core';
import { Ledger } from './ledger';
import type { SessionServer, SessionServerOptions, Transport } from './transports';

/**
 * Added to every bound: the bound is what the library promises, the margin
 * is what a loaded 2-core CI machine may add on top of it.
 */
const MARGIN_MS = 2000;

/**
 * The deadlines every cell's connections get unless the cell says otherwise:
 * short, so the cells that wait for one stay quick, and long enough that a
 * real socket on a loaded machine opens, handshakes and closes well inside them.
 */
export const CELL_DEFAULTS = {
  closeTimeoutMs: 500,
  connectTimeoutMs: 1000,
  handshakeTimeoutMs: 1000,
  reconnect: false,
} as const satisfies Partial<ConnectionOptions>;

/** What a cell works with: its own registry, server, ledger and connections. */
export interface Cell {
  readonly transport: Transport;
  readonly registry: Registry;
  readonly server: SessionServer;
  readonly ledger: Ledger;
  /** `error` events of every connection of the cell. */
  readonly errors: CoreError[];
  /** A connection tracked in the cell's registry, watched by its ledger; `url` defaults to the server's. */
  connection(options?: Partial<ConnectionOptions>): Connection;
  /** Awaits `promise`, which must settle within `boundMs` (plus the margin). */
  within<T>(boundMs: number, promise: Promise<T>, what?: string): Promise<T>;
  /** The error `promise` rejects with, within `boundMs`; fails when it resolves. */
  rejection(boundMs: number, promise: Promise<unknown>, what?: string): Promise<CoreError>;
}

export interface CellSetup {
  server?: SessionServerOptions;
}

/**
 * Runs one cell and checks the invariants every cell keeps: the final state
 * of every connection is DISCONNECTED, the registry is empty, and the ledger
 * is covered (each message received once, unsent, or refused with a code).
 * Ends with one `setImmediate` turn so a late unhandled rejection or uncaught
 * exception is reported inside the cell.
 */
export async function runCell(
  transport: Transport,
  setup: CellSetup,
  body: (cell: Cell) => Promise<void>,
): Promise<void> {
  const registry = createRegistry();
  const server = await transport.start(setup.server);
  const ledger = new Ledger();
  const errors: CoreError[] = [];
  const connections: Connection[] = [];
  const cell: Cell = {
    transport,
    registry,
    server,
    ledger,
    errors,
    connection(options = {}) {
      const connection = new Connection({
        url: server.url,
        WebSocket: transport.WebSocket,
        registry,
        ...CELL_DEFAULTS,
        ...options,
      });
      connections.push(connection);
      ledger.watch(connection);
      connection.on('error', (error) => errors.push(error));
      return connection;
    },
    within: (boundMs, promise, what = 'the operation') =>
      withTimeout(promise, boundMs + MARGIN_MS, `${what} (bound ${boundMs} ms)`),
    async rejection(boundMs, promise, what = 'the operation') {
      const outcome = await withTimeout(
        promise.then(
          () => ({ resolved: true as const }),
          (error: unknown) => ({ resolved: false as const, error: error as CoreError }),
        ),
        boundMs + MARGIN_MS,
        `${what} (bound ${boundMs} ms)`,
      );
      if (outcome.resolved) throw new Error(`${what} resolved; it was expected to reject`);
      return outcome.error;
    },
  };
  try {
    await body(cell);
    expect(connections.map((connection) => connection.state)).toEqual(
      connections.map(() => ConnectionState.DISCONNECTED),
    );
    expect(registry.list().map((entry) => entry.label)).toEqual([]);
    expect(ledger.problems(server.received)).toEqual([]);
  } finally {
    await registry.cleanupAll({ timeoutMs: 100 });
    await withTimeout(server.close(), 5000, 'the cell server to close');
    // Node's own setImmediate: a cell may leave fake timers installed.
    await new Promise<void>((resolve) => nativeSetImmediate(resolve));
  }
}
