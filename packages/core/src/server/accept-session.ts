import { fakeableClock, OptionReader, show, type Clock } from '@ws-isolation/internal';
import { startDeadline } from '../deadline';
import { CoreError, CoreErrorCode } from '../errors';
import { createSessionId, isClientId, isSessionId } from '../ids';
import { getDefaultSessionStore, isSessionStore, type SessionStore } from './session-store';
import { detach } from './detach';
import { followSession } from './session-traffic';
import { byteLength, encodeWelcome, parseSessionMessage, toText } from '../protocol';
import type { ResumedSession } from '../messages';

/**
 * The server socket shape `acceptSession` needs: a `ws` server socket, or a
 * mock server connection with the same API.
 */
export interface ServerSocketLike {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

export interface AcceptSessionOptions {
  /**
   * How long to wait for the hello; past it the socket is closed with 1008.
   * @default 5000
   */
  helloTimeoutMs?: number;
  /**
   * The largest hello accepted, in bytes; a larger one is closed with 1008.
   * @default 4096
   */
  maxHelloBytes?: number;
  /**
   * Makes the session ID the welcome carries.
   * @default crypto.randomUUID
   */
  createSessionId?: () => string;
  /**
   * Answer `session.ping` with `session.pong` for the rest of the socket's
   * life, so clients with a heartbeat stay up.
   * @default true
   */
  answerPings?: boolean;
  /**
   * Timers for the hello timeout.
   * @default the global timers
   */
  clock?: Clock;
  /**
   * Remembers which client each issued session belongs to, so a hello that
   * names a previous session is checked against it (see the README's
   * Security section).
   * @default the default store of this process, `getDefaultSessionStore()`
   * @example acceptSession(socket, { sessions: createSessionStore({ ttlMs: 600_000 }) })
   */
  sessions?: SessionStore;
  /**
   * Called with the session once the welcome is sent: the way to use the
   * session from a `connection` listener without handling a promise.
   * @example acceptSession(socket, { onSession: ({ clientId }) => console.log(clientId, 'is in') })
   */
  onSession?: (session: AcceptedSession) => void;
  /**
   * Called when no session starts: the client left before its hello
   * (ERR_WSI_CLOSED), sent a bad one, or sent none in time. The socket is
   * closed already; this is for logging. Without it such failures are only
   * in the returned promise, which is safe to ignore.
   * @example acceptSession(socket, { onError: (error) => log.info('no session', error.code) })
   */
  onError?: (error: CoreError) => void;
}

/** The session `acceptSession` started. */
export interface AcceptedSession {
  clientId: string;
  sessionId: string;
  /**
   * The session the client had before, when it reconnects: set only when the
   * session store knows that session and it was issued to this same client.
   */
  previousSessionId: string | undefined;
  /**
   * Present only when the hello claimed a previous session the store does
   * not know (evicted, expired, issued by a server that restarted): the claim
   * as sent, unverified. The session is then a new one.
   */
  claimedPreviousSessionId?: string;
}

interface ResolvedAcceptOptions {
  helloTimeoutMs: number;
  maxHelloBytes: number;
  createSessionId: () => string;
  answerPings: boolean;
  clock: Clock;
  sessions: SessionStore;
  onSession: ((session: AcceptedSession) => void) | undefined;
  onError: ((error: CoreError) => void) | undefined;
}

/** Close code for a hello that breaks the protocol (policy violation). */
export const POLICY_VIOLATION = 1008;

/**
 * The server side of the session handshake: waits for `session.hello`,
 * checks it (shape, client ID, size, and that a claimed previous session
 * belongs to the same client), answers `session.welcome` with a new session
 * ID, records it in the session store and resolves once the welcome is sent.
 * A bad or missing hello, or a claim on another client's session, closes the
 * socket with 1008 and rejects with a coded error; so does a client that
 * leaves before its hello (ERR_WSI_CLOSED).
 *
 * A client may leave at any moment, so the returned promise is safe to
 * ignore: its rejection is never an unhandled one. Use `onSession` and
 * `onError`, or `await` it inside a `try`. Only bad arguments (options, a
 * socket that is not one) reject unhandled, since they are the caller's bug.
 *
 * @example
 * server.on('connection', (socket) => {
 *   acceptSession(socket, { onSession: ({ clientId, sessionId }) => log(clientId, sessionId) });
 * });
 */
export function acceptSession(socket: ServerSocketLike, options: AcceptSessionOptions = {}): Promise<AcceptedSession> {
  let resolved: ResolvedAcceptOptions;
  try {
    assertServerSocket(socket);
    resolved = readAcceptOptions(options);
  } catch (error) {
    return Promise.reject(error);
  }
  const accepting = runAccept(socket, resolved);
  const { onSession, onError } = resolved;
  // Marks the rejection handled (a client that left early must not crash the server) and feeds the callbacks.
  accepting.then(
    (session) => callBack(onSession, session),
    (error: CoreError) => callBack(onError, error),
  );
  return accepting;
}

/** Calls a user callback outside the promise chain: what it throws escapes as its own uncaught error, never lost. */
function callBack<T>(callback: ((value: T) => void) | undefined, value: T): void {
  if (callback === undefined) return;
  try {
    callback(value);
  } catch (thrown) {
    queueMicrotask(() => {
      throw thrown;
    });
  }
}

function runAccept(socket: ServerSocketLike, resolved: ResolvedAcceptOptions): Promise<AcceptedSession> {
  return new Promise<AcceptedSession>((resolve, reject) => {
    let done = false;
    const end = (): boolean => {
      if (done) return false;
      done = true;
      deadline.cancel();
      detach(socket, 'message', onMessage);
      detach(socket, 'close', onClose);
      return true;
    };
    const refuse = (code: CoreErrorCode, message: string, reason: string): void => {
      if (!end()) return;
      try {
        socket.close(POLICY_VIOLATION, reason);
      } catch {
        // Already closing: the rejection below still reports the bad hello.
      }
      reject(new CoreError(code, message));
    };
    const onMessage = (data: unknown, isBinary: unknown): void => {
      const hello = checkHello(data, isBinary === true, resolved.maxHelloBytes);
      if ('error' in hello) {
        refuse(CoreErrorCode.INVALID_HELLO, hello.error, 'invalid session.hello');
        return;
      }
      const owner =
        hello.previousSessionId === undefined ? undefined : resolved.sessions.ownerOf(hello.previousSessionId);
      if (owner !== undefined && owner !== hello.clientId) {
        // The message names the claim, never the client the session belongs to.
        refuse(
          CoreErrorCode.SESSION_NOT_OWNED,
          `session.hello from client ${hello.clientId} claims previousSessionId ${hello.previousSessionId}, which was issued to another client`,
          'session not owned',
        );
        return;
      }
      if (!end()) return;
      welcome(socket, { ...hello, verified: owner !== undefined }, resolved).then(resolve, reject);
    };
    const onClose = (): void => {
      if (end()) reject(new CoreError(CoreErrorCode.CLOSED, 'The socket closed before a session.hello arrived'));
    };
    const deadline = startDeadline(resolved.clock, resolved.helloTimeoutMs, () =>
      refuse(
        CoreErrorCode.HELLO_TIMEOUT,
        `No session.hello within helloTimeoutMs (${resolved.helloTimeoutMs} ms)`,
        'session.hello timeout',
      ),
    );
    socket.on('message', onMessage as (...args: unknown[]) => void);
    socket.on('close', onClose);
  });
}

type CheckedHello = { clientId: string; previousSessionId: string | undefined; ack: boolean } | { error: string };

function checkHello(data: unknown, isBinary: boolean, maxBytes: number): CheckedHello {
  const size = byteLength(data);
  if (size > maxBytes) return { error: `session.hello of ${size} bytes exceeds maxHelloBytes (${maxBytes})` };
  const text = isBinary ? undefined : toText(data);
  const message = parseSessionMessage(text);
  if (message?.type !== 'session.hello')
    return { error: `Expected a session.hello; received ${isBinary ? `${size} binary bytes` : show(text)}` };
  if (!isClientId(message.clientId))
    return { error: `session.hello clientId must match [A-Za-z0-9_-]{1,128}; received ${show(message.clientId)}` };
  const previous = message.previousSessionId;
  if (previous !== undefined && !isSessionId(previous))
    return { error: `session.hello previousSessionId is not a session ID; received ${show(previous)}` };
  return { clientId: message.clientId, previousSessionId: previous, ack: message.ack === true };
}

async function welcome(
  socket: ServerSocketLike,
  hello: { clientId: string; previousSessionId: string | undefined; ack: boolean; verified: boolean },
  options: ResolvedAcceptOptions,
): Promise<AcceptedSession> {
  const sessionId = options.createSessionId();
  if (!isSessionId(sessionId)) {
    try {
      socket.close(1011, 'session id');
    } catch {
      // Already closing; the rejection below carries the cause.
    }
    throw new CoreError(
      CoreErrorCode.INVALID_OPTION,
      `acceptSession() option createSessionId returned an invalid session ID: ${show(sessionId)}`,
    );
  }
  const resumed = hello.ack && hello.verified ? resumedCount(options.sessions, hello.previousSessionId) : undefined;
  try {
    socket.send(encodeWelcome(sessionId, { ack: hello.ack, resumed }));
  } catch (error) {
    throw new CoreError(CoreErrorCode.CLOSED, 'The socket could not send session.welcome', { cause: error });
  }
  options.sessions.remember(sessionId, hello.clientId);
  followSession(socket, {
    sessionId,
    sessions: options.sessions,
    acknowledge: hello.ack,
    answerPings: options.answerPings,
  });
  const { clientId, previousSessionId, verified } = hello;
  if (previousSessionId === undefined || verified) return { clientId, sessionId, previousSessionId };
  return { clientId, sessionId, previousSessionId: undefined, claimedPreviousSessionId: previousSessionId };
}

/** How much of `previousSessionId` the store says was received; `undefined` when it cannot tell. */
function resumedCount(sessions: SessionStore, previousSessionId: string | undefined): ResumedSession | undefined {
  if (previousSessionId === undefined || typeof sessions.receivedOf !== 'function') return undefined;
  const received = sessions.receivedOf(previousSessionId);
  return received === undefined ? undefined : { sessionId: previousSessionId, received };
}

function assertServerSocket(socket: unknown): asserts socket is ServerSocketLike {
  const candidate = socket as Partial<ServerSocketLike> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.on !== 'function' ||
    typeof candidate.send !== 'function' ||
    typeof candidate.close !== 'function'
  ) {
    throw new CoreError(
      CoreErrorCode.INVALID_OPTION,
      `acceptSession() expects a ws-like server socket (on, send, close); received ${show(socket)}`,
    );
  }
}

const read = new OptionReader('acceptSession()', (message) => new CoreError(CoreErrorCode.INVALID_OPTION, message));
const ACCEPT_KEYS = Object.keys({
  helloTimeoutMs: true,
  maxHelloBytes: true,
  createSessionId: true,
  answerPings: true,
  clock: true,
  sessions: true,
  onSession: true,
  onError: true,
} satisfies Record<keyof AcceptSessionOptions, true>);

function readAcceptOptions(options: unknown): ResolvedAcceptOptions {
  const given: AcceptSessionOptions = read.object(options, ACCEPT_KEYS) ?? {};
  const sessions = given.sessions;
  if (sessions !== undefined && !isSessionStore(sessions))
    throw read.invalid('sessions', 'a session store (createSessionStore())', sessions);
  return {
    helloTimeoutMs: read.ms('helloTimeoutMs', given.helloTimeoutMs) ?? 5000,
    maxHelloBytes: read.count('maxHelloBytes', given.maxHelloBytes, 1) ?? 4096,
    createSessionId: read.function<() => string>('createSessionId', given.createSessionId) ?? createSessionId,
    answerPings: read.oneOf('answerPings', given.answerPings, [true, false]) ?? true,
    clock: read.clock('clock', given.clock) ?? fakeableClock,
    sessions: sessions ?? getDefaultSessionStore(),
    onSession: read.function<(session: AcceptedSession) => void>('onSession', given.onSession),
    onError: read.function<(error: CoreError) => void>('onError', given.onError),
  };
}
