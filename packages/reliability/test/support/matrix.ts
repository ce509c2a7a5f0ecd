import { runCell, type Cell, type CellSetup } from './cell';
import { TRANSPORTS, type Transport, type TransportName } from './transports';

/** The columns of the fault matrix (environment teardown runs in its own file, on real Jest). */
export const OPERATIONS = ['connect', 'send', 'reconnect', 'close', 'terminate', 'cleanupAll'] as const;
export type Operation = (typeof OPERATIONS)[number];

/** One cell: its setup, the transports it runs on, and its body. */
interface CellSpec extends CellSetup {
  /** The transports this cell is generated for. @default both */
  transports?: readonly TransportName[];
  run(cell: Cell): Promise<void>;
}

export type Row = Record<Operation, CellSpec>;

/** `describe.each` rows: the transports at least one cell of `row` runs on. */
export function rowTransports(row: Row): [TransportName, Transport][] {
  return TRANSPORTS.filter((transport) => OPERATIONS.some((operation) => runsOn(row[operation], transport))).map(
    (transport) => [transport.name, transport],
  );
}

/** `test.each` rows: the operations of `row` generated for `transport`. */
export function rowOperations(row: Row, transport: Transport): Operation[] {
  return OPERATIONS.filter((operation) => runsOn(row[operation], transport));
}

/** Runs the cell `operation` of `row` on `transport`. */
export function runRowCell(row: Row, transport: Transport, operation: Operation): Promise<void> {
  const spec = row[operation];
  return runCell(transport, spec, spec.run);
}

function runsOn(spec: CellSpec, transport: Transport): boolean {
  return (spec.transports ?? ['mock', 'ws']).includes(transport.name);
}
