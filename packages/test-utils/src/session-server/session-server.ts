/**
 * The types a session server deals in, from the package whose sessions it
 * accepts (core): passed in, because core's tests use test-utils, and a
 * dependency back on core would make a workspace cycle.
 */
export interface SessionTypes {
  /** What `acceptSession` resolves with (core's `AcceptedSession`). */
  session: unknown;
  /** `acceptSession`'s options (core's `AcceptSessionOptions`). */
  accept: unknown;
  /** The client constructor connections take (core's `WebSocketConstructor`). */
  client: unknown;
}

/** What both transports' server sockets have (`ws`'s and mock-socket's): all the server uses of one. */
export interface ServerSocket {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  removeAllListeners(event: 'message'): unknown;
  send(data: string | Uint8Array, options?: { binary?: boolean }): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
}

/** The server side of the session protocol: core's `acceptSession` and `isSessionControlMessage`. */
export interface SessionProtocol<T extends SessionTypes> {
  acceptSession(socket: ServerSocket, options?: T['accept']): Promise<T['session']>;
  isSessionControlMessage(data: unknown, isBinary: boolean): boolean;
}

/** How the server treats a new connection. */
export type ServerBehaviour =
  /** acceptSession, then record (and echo, see `echo`) every application message. */
  | 'session'
  /** Never answers the hello. */
  | 'silent'
  /** Answers every message with something that is not a welcome (`reply`, or a fixed text). */
  | 'garbage'
  /** Sends one message, then closes (code 4001). */
  | 'greet-and-close'
  /** A server that predates acknowledgements: answers the hello with a bare welcome, then echoes; never sends session.ack. */
  | 'legacy'
  /** Drops the socket abruptly as soon as the hello arrives. */
  | 'drop-on-hello'
  /** The server crashes (see `crashAfter`) as soon as the hello arrives. */
  | 'crash-on-hello';

export interface SessionServerOptions<Accept = unknown> {
  /** @default 'session' */
  behaviour?: ServerBehaviour;
  /** acceptSession's options. */
  accept?: Accept;
  /** What a 'garbage' server answers every message with (text, or bytes sent as binary). */
  reply?: string | Uint8Array;
  /** Echo every application message back to its sender. @default true */
  echo?: boolean;
  /**
   * The server crashes once, when this many application messages have
   * arrived: every socket stops reading (what they still buffer is neither
   * recorded nor counted by acceptSession) and is dropped (1006).
   */
  crashAfter?: number;
  /**
   * After a crash: `'listen'` accepts new connections at once (a process
   * restarted in place, so clients can reconnect); `'refuse'` refuses them
   * until `restart()` (the process is gone).
   * @default 'listen'
   */
  afterCrash?: 'listen' | 'refuse';
  /** Called at the crash, before the sockets drop (e.g. to empty the session store, as a restarted process would have). */
  onCrash?: () => void;
}

/** A test server on real `ws` or on the mock transport that accepts sessions and records what happens. */
export interface SessionServer<T extends SessionTypes> {
  readonly url: string;
  /** The client constructor of this transport. */
  readonly WebSocket: T['client'];
  /** Sessions accepted so far, in order. */
  readonly sessions: T['session'][];
  /** Application messages received (session traffic left out), as text or bytes, in arrival order. */
  readonly received: (string | Uint8Array)[];
  /** Session-protocol messages received (hellos, pings), as text. */
  readonly control: string[];
  /** Errors from acceptSession (bad hellos, clients gone before their hello, and the like). */
  readonly refusals: unknown[];
  /** Waits for the `index`-th accepted session (0-based). */
  session(index: number): Promise<T['session']>;
  /** Waits for the `index`-th refusal of acceptSession (0-based). */
  refusal(index: number): Promise<unknown>;
  /** Waits until `received` has `count` messages. */
  waitForReceived(count: number): Promise<void>;
  /** Waits for the next session-protocol message. */
  nextControl(): Promise<string>;
  /** Sends `data` to every open connection (text for a string, binary for bytes). */
  sendToAll(data: string | Uint8Array): void;
  /** Drops every open connection abruptly (no close frame; the client sees 1006). */
  dropAll(): void;
  /** From now on the server never acknowledges a client's close (it still reads messages). */
  ignoreClose(): void;
  /** From now on connection attempts are refused (mock: the `refuse` fault; ws: the port stops listening). */
  refuse(): void;
  /**
   * From now on the opening handshake is never answered; resolves with the
   * URL to connect to (mock: the `delay-open` fault, far past any bound; ws:
   * the TCP connection is accepted and the upgrade request held unanswered).
   */
  slowOpenUrl(): Promise<string>;
  /**
   * Back to health: accepts and opens connections again (after a crash with
   * `afterCrash: 'refuse'`, `refuse()`, `slowOpenUrl()`), and answers new ones
   * as a plain session server whatever the `behaviour` it started with.
   */
  restart(): Promise<void>;
  close(): Promise<void>;
}
