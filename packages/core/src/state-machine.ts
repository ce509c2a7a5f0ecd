import { CoreError, CoreErrorCode } from './errors';

/** The five states of a connection. */
export const ConnectionState = {
  DISCONNECTED: 'DISCONNECTED',
  CONNECTING: 'CONNECTING',
  CONNECTED: 'CONNECTED',
  READY: 'READY',
  CLOSING: 'CLOSING',
} as const;

export type ConnectionState = (typeof ConnectionState)[keyof typeof ConnectionState];

/** What can happen to a connection; each event names its cause. */
export type ConnectionEvent =
  /** An attempt starts (after any throttle permit was granted). */
  | 'CONNECT'
  /** The socket opened. */
  | 'OPEN'
  /** The handshake finished: the server issued a session. */
  | 'WELCOME'
  /** `close()` was called. */
  | 'CLOSE'
  /** The close finished (acknowledged or forced). */
  | 'CLOSED'
  /** The attempt failed or the socket dropped. */
  | 'FAIL'
  /** `terminate()` was called. */
  | 'TERMINATE';

export const CONNECTION_STATES: readonly ConnectionState[] = Object.values(ConnectionState);
export const CONNECTION_EVENTS: readonly ConnectionEvent[] = [
  'CONNECT',
  'OPEN',
  'WELCOME',
  'CLOSE',
  'CLOSED',
  'FAIL',
  'TERMINATE',
];

type Table = Record<ConnectionState, Partial<Record<ConnectionEvent, ConnectionState>>>;

// Everything not in this table is illegal. TERMINATE is legal everywhere
// (from DISCONNECTED it stays put) so teardown can never be refused.
const TABLE: Table = {
  DISCONNECTED: { CONNECT: 'CONNECTING', TERMINATE: 'DISCONNECTED' },
  CONNECTING: { OPEN: 'CONNECTED', CLOSE: 'CLOSING', FAIL: 'DISCONNECTED', TERMINATE: 'DISCONNECTED' },
  CONNECTED: { WELCOME: 'READY', CLOSE: 'CLOSING', FAIL: 'DISCONNECTED', TERMINATE: 'DISCONNECTED' },
  READY: { CLOSE: 'CLOSING', FAIL: 'DISCONNECTED', TERMINATE: 'DISCONNECTED' },
  CLOSING: { CLOSED: 'DISCONNECTED', FAIL: 'DISCONNECTED', TERMINATE: 'DISCONNECTED' },
};

/** Whether `event` is a legal move from `state`. */
export function canTransition(state: ConnectionState, event: ConnectionEvent): boolean {
  return TABLE[state]?.[event] !== undefined;
}

/**
 * The next state after `event` in `state`. Pure: no sockets, no timers.
 * Throws ERR_WSI_ILLEGAL_TRANSITION for a move that is not allowed.
 *
 * @example
 * transition('DISCONNECTED', 'CONNECT'); // 'CONNECTING'
 */
export function transition(state: ConnectionState, event: ConnectionEvent): ConnectionState {
  const next = TABLE[state]?.[event];
  if (next === undefined) {
    throw new CoreError(
      CoreErrorCode.ILLEGAL_TRANSITION,
      `Illegal connection state transition: ${String(event)} in state ${String(state)}`,
    );
  }
  return next;
}
