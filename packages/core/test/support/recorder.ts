import type { Connection, ConnectionState } from '../../src';

/** Records every state a connection enters, in order. */
export function recordStates(connection: Connection): ConnectionState[] {
  const states: ConnectionState[] = [];
  connection.on('state', ({ to }) => states.push(to));
  return states;
}
