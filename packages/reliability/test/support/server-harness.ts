import type { AcceptedSession, WebSocketConstructor } from '@ws-isolation/core';

/** How the server answers a client's hello. */
type ServerBehaviour =
  /** acceptSession, then record (and echo when asked) every application message. */
  | 'session'
  /** Answers the hello with something that is not a welcome. */
  | 'garbage'
  /** Closes the socket abruptly as soon as the hello arrives. */
  | 'drop-on-hello'
  /** The server crashes (see `crash()`) as soon as the hello arrives. */
  | 'crash-on-hello'
  /** Never answers the hello. */
  | 'silent';

export interface ServerHarnessOptions {
  behaviour?: ServerBehaviour;
  /** Echo every application message back to its sender. @default false */
  echo?: boolean;
  /** The server crashes (every connection dropped, new ones refused) when this many application messages have arrived. */
  crashAfter?: number;
}

/** The server side of a cell, the same on every transport. */
export interface ServerHarness {
  readonly transport: string;
  readonly url: string;
  readonly WebSocket: WebSocketConstructor;
  /** Application messages (session traffic left out), as text, in arrival order. */
  readonly received: string[];
  /** Sessions issued, in order. */
  readonly sessions: AcceptedSession[];
  /** Server sockets open now. */
  readonly open: number;
  waitForReceived(count: number): Promise<void>;
  waitForSessions(count: number): Promise<void>;
  /** Drops every open connection abruptly (the client sees 1006). */
  drop(): void;
  /** The server goes away: every connection dropped, new attempts refused until `restart()`. */
  crash(): void;
  /**
   * Back to health: accepts and opens connections again (after `crash()`,
   * `refuse()`, `slowOpenUrl()`), and answers new ones as a healthy session
   * server whatever the `behaviour` it started with.
   */
  restart(): Promise<void>;
  /** From now on connection attempts are refused (mock: the `refuse` fault; ws: the port stops listening). */
  refuse(): void;
  /**
   * From now on the opening handshake is never answered, and the URL to
   * connect to (mock: the `delay-open` fault, far past any bound; ws: the TCP
   * connection is accepted and the upgrade request held unanswered).
   */
  slowOpenUrl(): Promise<string>;
  /** From now on the server never acknowledges a client's close. */
  ignoreClose(): void;
  close(): Promise<void>;
}
