import type { Registry } from '@ws-isolation/registry';
import type { Clock } from '@ws-isolation/internal';
import type { BackoffPolicy } from '../backoff';
import type { Handshake } from '../handshake';

/**
 * Any WHATWG-style WebSocket constructor: the browser or Node global, the `ws`
 * package's client, or a mock such as `MockWebSocket`.
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => object;

/**
 * What a connection needs of a throttle's permit (a `Permit` of
 * `@ws-isolation/throttle` has it): `release()`, which must be safe to call twice.
 */
export interface PermitLike {
  release(): void;
}

/** Anything with the `@ws-isolation/throttle` `acquire` shape. */
export interface ThrottleLike {
  acquire(options: { signal?: AbortSignal; key?: string; timeoutMs?: number }): Promise<PermitLike>;
}

/** Application-level heartbeat: a `session.ping` every `intervalMs`, a `session.pong` due within `timeoutMs`. */
export interface HeartbeatOptions {
  /**
   * Time between a pong (or READY) and the next ping.
   * @example 10_000
   */
  intervalMs: number;
  /**
   * How long to wait for the pong before the connection counts as dead and is replaced.
   * @example 5_000
   */
  timeoutMs: number;
}

/** How to reconnect; every field is optional and has a default. */
export interface ReconnectOptions {
  /**
   * Attempts per outage (or per `connect()` call) before giving up.
   * @default 5
   */
  maxAttempts?: number;
  /**
   * The ceiling of the first retry delay; it doubles per attempt (full jitter: the delay is random below the ceiling).
   * @default 100
   */
  baseDelayMs?: number;
  /**
   * The largest ceiling a retry delay can have.
   * @default 5000
   */
  maxDelayMs?: number;
  /**
   * Give up when the next retry would start later than this after the outage began.
   * @default 30000
   */
  deadlineMs?: number;
}

export interface ConnectionOptions {
  /** The server URL, `ws:` or `wss:`, without a fragment. */
  url: string | URL;
  /**
   * The WebSocket constructor.
   * @default `globalThis.WebSocket` where there is one, else the `ws` package's client
   * @example new Connection({ url, WebSocket: MockWebSocket })
   */
  WebSocket?: WebSocketConstructor;
  /**
   * The client ID, stable for the object's life; must match `[A-Za-z0-9_-]{1,128}`.
   * @default createClientId()
   */
  clientId?: string;
  /**
   * How a session starts after the socket opens: `'session'` sends
   * `session.hello` and waits for `session.welcome`; `'none'` is READY on open
   * with a client-made session ID; a function runs a custom handshake.
   * @default 'session'
   */
  handshake?: 'session' | 'none' | Handshake;
  /**
   * Reconnect after an unexpected drop (and retry a failed `connect()`);
   * `false` turns it off.
   * @default { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 5000, deadlineMs: 30000 }
   */
  reconnect?: boolean | ReconnectOptions;
  /**
   * Acquired before every connection attempt and released when the attempt
   * ends (READY or failure). While waiting for it the state is DISCONNECTED.
   * @example new Connection({ url, throttle: createThrottle({ concurrency: 5 }) })
   */
  throttle?: ThrottleLike;
  /**
   * The throttle key passed to `acquire()` (FIFO per key).
   * @default undefined (the throttle's default key)
   */
  throttleKey?: string;
  /**
   * The registry that tracks this connection while it is alive.
   * @default getRegistry(), the ambient registry
   */
  registry?: Registry;
  /**
   * How long `close()` waits for the peer before it terminates the socket.
   * @default 1000
   */
  closeTimeoutMs?: number;
  /**
   * How long an attempt waits for the socket to open.
   * @default 10000
   */
  connectTimeoutMs?: number;
  /**
   * How long an attempt waits for the handshake after open.
   * @default 5000
   */
  handshakeTimeoutMs?: number;
  /**
   * How many messages `send()` keeps while not READY (an integer >= 1); past it `send()` throws ERR_WSI_QUEUE_FULL.
   * Messages sent while READY go to the socket at once and are not counted, whether or not the server has
   * acknowledged them yet: like any WebSocket, `send()` on an open socket does not refuse a burst.
   * @default 1000
   */
  maxQueuedMessages?: number;
  /**
   * The largest message, in bytes (UTF-8 for text), that `send()` accepts and
   * that is delivered to `message` listeners. A larger `send()` throws
   * ERR_WSI_MESSAGE_TOO_LARGE and sends nothing. A larger incoming message is
   * dropped and reported as an `error` event (ERR_WSI_MESSAGE_TOO_LARGE); the
   * connection stays READY. Unlike the `ws` package, which closes with 1009,
   * the socket is kept: a WHATWG client has already received the whole
   * message by the time it sees it, so closing protects nothing and costs
   * the session.
   * @default 104857600 (100 MiB, as `ws`)
   * @example maxPayload: 64 * 1024
   */
  maxPayload?: number;
  /**
   * Application-level ping/pong (`session.ping` / `session.pong`) to detect a
   * dead peer; `acceptSession` answers the pings. Off unless given.
   * @default false
   * @example heartbeat: { intervalMs: 10_000, timeoutMs: 5_000 }
   */
  heartbeat?: false | HeartbeatOptions;
  /**
   * Timers for every delay and deadline.
   * @default the global timers (so Jest fake timers drive them); the close,
   * connect and handshake deadlines are also bounded in real time, so fake
   * timers left installed and never advanced cannot stall them
   */
  clock?: Clock;
  /**
   * The random source for backoff jitter, returning numbers in [0, 1).
   * @default Math.random
   */
  random?: () => number;
}

/** The options after validation and defaults. */
export interface ResolvedOptions {
  url: string;
  WebSocket: WebSocketConstructor;
  clientId: string;
  handshake: 'session' | 'none' | Handshake;
  reconnect: BackoffPolicy | false;
  throttle: ThrottleLike | undefined;
  throttleKey: string | undefined;
  registry: Registry;
  closeTimeoutMs: number;
  connectTimeoutMs: number;
  handshakeTimeoutMs: number;
  maxQueuedMessages: number;
  maxPayload: number;
  heartbeat: Required<HeartbeatOptions> | false;
  clock: Clock;
  random: () => number;
}

export const DEFAULT_RECONNECT: BackoffPolicy = {
  maxAttempts: 5,
  baseDelayMs: 100,
  maxDelayMs: 5000,
  deadlineMs: 30_000,
};
export const DEFAULT_CLOSE_TIMEOUT_MS = 1000;
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;
export const DEFAULT_HANDSHAKE_TIMEOUT_MS = 5000;
export const DEFAULT_MAX_QUEUED_MESSAGES = 1000;
