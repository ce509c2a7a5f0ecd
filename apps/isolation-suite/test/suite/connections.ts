import { Connection, type ConnectionOptions } from '@ws-isolation/core';
import type { SessionServer } from '../../src';

export const CONNECT_SEQUENCE = ['DISCONNECTED', 'CONNECTING', 'CONNECTED', 'READY'];
export const CLOSE_SEQUENCE = ['READY', 'CLOSING', 'DISCONNECTED'];

/** A connection to the session server, and every state it has been in. */
export interface Watched {
  connection: Connection;
  states: string[];
}

/** Makes a connection to `server` that records its state sequence. Reconnect is off unless asked for. */
export function openConnection(server: SessionServer, options: Partial<ConnectionOptions> = {}): Watched {
  const connection = new Connection({ url: server.url, WebSocket: server.WebSocket, reconnect: false, ...options });
  const states: string[] = [connection.state];
  connection.on('state', ({ to }) => states.push(to));
  return { connection, states };
}

/** The states from the last READY on. */
export function closingTail(states: readonly string[]): string[] {
  return states.slice(states.lastIndexOf('READY'));
}
