import { show, type Clock } from '@ws-isolation/internal';
import { startDeadline } from './deadline';
import { CoreError, CoreErrorCode } from './errors';
import { isSessionId } from './ids';
import type { Inbox } from './inbox';
import type { DeliveryTerms, IncomingData, OutgoingData } from './messages';
import { encodeHello, parseSessionMessage, readResumed } from './protocol';

/** What a handshake function gets. */
export interface HandshakeContext {
  readonly clientId: string;
  /** The session of the previous connection, on a reconnect. */
  readonly previousSessionId: string | undefined;
  /** Aborts when the handshake times out or the connection is closed. */
  readonly signal: AbortSignal;
  send(data: OutgoingData): void;
  /** The next message from the server; rejects when the socket closes or `signal` aborts. */
  nextMessage(): Promise<IncomingData>;
}

/** What a handshake resolves to: the session the server issued. */
export interface HandshakeResult {
  sessionId: string;
}

/**
 * A custom handshake: runs after the socket opens; READY follows when it
 * resolves. It is bounded by `handshakeTimeoutMs` whether or not it watches `signal`.
 */
export type Handshake = (context: HandshakeContext) => Promise<HandshakeResult> | HandshakeResult;

/** What a handshake resolved to, checked. */
export interface SessionTerms extends DeliveryTerms {
  sessionId: string;
}

const NO_ACKS: DeliveryTerms = { acks: false, resumed: undefined };
const TERMS = Symbol('delivery terms');

/**
 * The default handshake: `session.hello` (asking for acknowledgements), then a
 * `session.welcome` with the session ID (and whether the server acknowledges).
 */
export async function sessionHandshake(context: HandshakeContext): Promise<HandshakeResult> {
  context.send(encodeHello(context.clientId, context.previousSessionId, true));
  const reply = await context.nextMessage();
  const message = parseSessionMessage(reply);
  if (message?.type !== 'session.welcome') {
    throw new CoreError(
      CoreErrorCode.HANDSHAKE_FAILED,
      `Expected a session.welcome from the server; received ${show(typeof reply === 'string' ? reply : `${reply.byteLength} binary bytes`)}`,
    );
  }
  const terms: DeliveryTerms = {
    acks: message.ack === true,
    resumed: message.ack === true ? readResumed(message.resumed) : undefined,
  };
  // The terms ride on a symbol: custom handshakes cannot set them by accident.
  return Object.assign({ sessionId: message.sessionId as string }, { [TERMS]: terms });
}

export interface RunHandshakeInput {
  handshake: Handshake;
  clientId: string;
  previousSessionId: string | undefined;
  inbox: Inbox;
  send(data: OutgoingData): void;
  clock: Clock;
  timeoutMs: number;
  signal: AbortSignal;
}

/** Runs a handshake within `timeoutMs`; resolves to a checked session ID and, for the default handshake, its delivery terms. */
export async function runHandshake(input: RunHandshakeInput): Promise<SessionTerms> {
  const controller = new AbortController();
  const onOuterAbort = (): void => controller.abort(input.signal.reason);
  input.signal.addEventListener('abort', onOuterAbort, { once: true });
  const deadline = startDeadline(input.clock, input.timeoutMs, () => {
    controller.abort(
      new CoreError(
        CoreErrorCode.HANDSHAKE_TIMEOUT,
        `The server did not finish the handshake within handshakeTimeoutMs (${input.timeoutMs} ms)`,
      ),
    );
  });
  const aborted = new Promise<never>((_, reject) => {
    controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
  });
  // Nobody may be listening when the handshake wins the race.
  aborted.catch(() => undefined);
  controller.signal.addEventListener('abort', () => input.inbox.fail(controller.signal.reason), { once: true });
  try {
    if (input.signal.aborted) throw input.signal.reason;
    const context: HandshakeContext = {
      clientId: input.clientId,
      previousSessionId: input.previousSessionId,
      signal: controller.signal,
      send: input.send,
      nextMessage: () => input.inbox.next(),
    };
    const result = await Promise.race([Promise.resolve().then(() => input.handshake(context)), aborted]);
    const sessionId = (result as Partial<HandshakeResult> | undefined)?.sessionId;
    if (!isSessionId(sessionId)) {
      throw new CoreError(
        CoreErrorCode.HANDSHAKE_FAILED,
        `The handshake must resolve to { sessionId } matching [A-Za-z0-9_-]{1,128}; received ${show(result)}`,
      );
    }
    const terms = input.handshake === sessionHandshake ? (result as { [TERMS]?: DeliveryTerms })[TERMS] : undefined;
    return { sessionId, ...(terms ?? NO_ACKS) };
  } finally {
    deadline.cancel();
    input.signal.removeEventListener('abort', onOuterAbort);
  }
}
