import { startDeadline } from './deadline';
import { CoreError, CoreErrorCode } from './errors';
import { createSessionId } from './ids';
import { Inbox } from './inbox';
import { runHandshake, sessionHandshake, type SessionTerms } from './handshake';
import type { DeliveryTerms, IncomingData } from './messages';
import { untrackOwned } from '@ws-isolation/registry';
import type { ResolvedOptions } from './options';
import type { ConnectionEvent } from './state-machine';
import { SocketDriver, type CloseInfo, type SocketHandlers } from './socket-driver';

/** What one attempt needs from its connection. */
export interface AttemptHost {
  readonly options: ResolvedOptions;
  readonly previousSessionId: string | undefined;
  move(event: ConnectionEvent): void;
  /** The attempt's socket, so close() and terminate() can reach it. */
  adopt(driver: SocketDriver | undefined): void;
}

/** A successful attempt: an open socket with a session. */
export interface AttemptResult {
  driver: SocketDriver;
  sessionId: string;
  /** Whether the server acknowledges delivery in this session, and what it resumed. */
  delivery: DeliveryTerms;
  /** Messages that arrived after the handshake's last read, in order. */
  leftovers: IncomingData[];
}

/**
 * One connection attempt: CONNECTING, open (bounded), CONNECTED, handshake
 * (bounded). On failure it terminates its socket and moves to DISCONNECTED,
 * unless `signal` aborted: then whoever aborted (close, terminate) owns the socket.
 */
export async function runAttempt(host: AttemptHost, signal: AbortSignal): Promise<AttemptResult> {
  if (signal.aborted) throw signal.reason;
  host.move('CONNECT');
  // A state listener may have called close() or terminate() on CONNECTING.
  if (signal.aborted) throw signal.reason;
  let driver: SocketDriver | undefined;
  const inbox = new Inbox();
  try {
    const opened = openSocket(host.options, signal, inbox);
    driver = opened.driver;
    host.adopt(driver);
    await opened.open;
    // close() or terminate() may have taken over while the open was reported.
    if (signal.aborted) throw signal.reason;
    host.move('OPEN');
    const { sessionId, acks, resumed } = await handshake(host, driver, inbox, signal);
    if (signal.aborted) throw signal.reason;
    return { driver, sessionId, delivery: { acks, resumed }, leftovers: inbox.drain() };
  } catch (error) {
    if (!signal.aborted) {
      driver?.terminate();
      host.adopt(undefined);
      host.move('FAIL');
    }
    throw signal.aborted ? signal.reason : error;
  }
}

function handshake(host: AttemptHost, driver: SocketDriver, inbox: Inbox, signal: AbortSignal): Promise<SessionTerms> {
  const { options } = host;
  if (options.handshake === 'none')
    return Promise.resolve({ sessionId: createSessionId(), acks: false, resumed: undefined });
  return runHandshake({
    handshake: options.handshake === 'session' ? sessionHandshake : options.handshake,
    clientId: options.clientId,
    previousSessionId: host.previousSessionId,
    inbox,
    send: (data) => driver.send(data),
    clock: options.clock,
    timeoutMs: options.handshakeTimeoutMs,
    signal,
  });
}

/** Creates the socket and a promise for its open, bounded by `connectTimeoutMs` and `signal`. */
function openSocket(
  options: ResolvedOptions,
  signal: AbortSignal,
  inbox: Inbox,
): { driver: SocketDriver; open: Promise<void> } {
  let settle: { resolve(): void; reject(error: unknown): void } | undefined;
  const open = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  let lastError: unknown;
  const failed = (info: CloseInfo | undefined): CoreError => {
    const detail =
      info === undefined ? 'failed' : `closed with code ${info.code}${info.reason ? ` (${info.reason})` : ''}`;
    return new CoreError(
      CoreErrorCode.CONNECT_FAILED,
      `WebSocket to ${options.url} ${detail} before the session was ready`,
      { cause: lastError },
    );
  };
  const handlers: SocketHandlers = {
    open: () => settle?.resolve(),
    message: (data) => inbox.push(data),
    error: (error) => {
      lastError = error;
    },
    close: (info) => {
      const error = failed(info);
      settle?.reject(error);
      inbox.fail(error);
    },
  };
  const deadline = startDeadline(options.clock, options.connectTimeoutMs, () =>
    settle?.reject(
      new CoreError(
        CoreErrorCode.CONNECT_TIMEOUT,
        `WebSocket to ${options.url} did not open within connectTimeoutMs (${options.connectTimeoutMs} ms)`,
      ),
    ),
  );
  const onAbort = (): void => settle?.reject(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let driver: SocketDriver;
  try {
    driver = new SocketDriver(options.WebSocket, options.url, handlers);
  } catch (error) {
    deadline.cancel();
    signal.removeEventListener('abort', onAbort);
    throw error instanceof CoreError
      ? error
      : new CoreError(CoreErrorCode.CONNECT_FAILED, `new WebSocket(${options.url}) threw`, { cause: error });
  }
  // The connection owns its socket: it closes or terminates it, and a leak is
  // the connection's. A socket that tracks itself (a mock socket) is untracked,
  // so a leaked connection is reported once, not twice.
  untrackOwned(options.registry, driver.socket);
  const done = open.finally(() => {
    deadline.cancel();
    signal.removeEventListener('abort', onAbort);
  });
  return { driver, open: done };
}
