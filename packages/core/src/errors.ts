import { CodedError } from '@ws-isolation/internal';
import type { OutgoingData } from './messages';

/** Stable error codes of @ws-isolation/core; each is listed in the README. */
export const CoreErrorCode = {
  /** A client ID that does not match `[A-Za-z0-9_-]{1,128}`. */
  INVALID_CLIENT_ID: 'ERR_WSI_INVALID_CLIENT_ID',
  /** A URL that does not parse or is not `ws:` / `wss:`. */
  INVALID_URL: 'ERR_WSI_INVALID_URL',
  /** An option (or a method argument) had the wrong type or range. */
  INVALID_OPTION: 'ERR_WSI_INVALID_OPTION',
  /** `send()` got something that is not a string, ArrayBuffer or typed array. */
  INVALID_MESSAGE: 'ERR_WSI_INVALID_MESSAGE',
  /** A state machine move that is not allowed: a bug, never silent. */
  ILLEGAL_TRANSITION: 'ERR_WSI_ILLEGAL_TRANSITION',
  /** The socket failed or closed before it opened. */
  CONNECT_FAILED: 'ERR_WSI_CONNECT_FAILED',
  /** The socket did not open within `connectTimeoutMs`. */
  CONNECT_TIMEOUT: 'ERR_WSI_CONNECT_TIMEOUT',
  /** The server did not finish the handshake within `handshakeTimeoutMs`. */
  HANDSHAKE_TIMEOUT: 'ERR_WSI_HANDSHAKE_TIMEOUT',
  /** The server answered the handshake with something that is not a welcome. */
  HANDSHAKE_FAILED: 'ERR_WSI_HANDSHAKE_FAILED',
  /** The caller's AbortSignal aborted `connect()`. */
  ABORTED: 'ERR_WSI_ABORTED',
  /** The connection was closed (or terminated) before it became ready, or `send()` after it closed for good. */
  CLOSED: 'ERR_WSI_CLOSED',
  /** A READY connection dropped and reconnection is off or ran out. */
  CONNECTION_LOST: 'ERR_WSI_CONNECTION_LOST',
  /** `send()` before READY with the queue already at `maxQueuedMessages`. */
  QUEUE_FULL: 'ERR_WSI_QUEUE_FULL',
  /** Server side: the first message was not a valid `session.hello`. */
  INVALID_HELLO: 'ERR_WSI_INVALID_HELLO',
  /** Server side: no hello arrived within `helloTimeoutMs`. */
  HELLO_TIMEOUT: 'ERR_WSI_HELLO_TIMEOUT',
  /** A listener of `state`, `ready`, `message`, `reconnecting` or `close` threw; `cause` is what it threw. */
  LISTENER_FAILED: 'ERR_WSI_LISTENER_FAILED',
  /** A message larger than `maxPayload`: `send()` throws it, an incoming one is reported as an `error` event. */
  MESSAGE_TOO_LARGE: 'ERR_WSI_MESSAGE_TOO_LARGE',
  /** Server side: a hello claimed a previous session that was issued to another client. */
  SESSION_NOT_OWNED: 'ERR_WSI_SESSION_NOT_OWNED',
  /** A reconnect could not resume the session that dropped: its unacknowledged messages may or may not have arrived (see `DeliveryUnconfirmedError.messages`). */
  DELIVERY_UNCONFIRMED: 'ERR_WSI_DELIVERY_UNCONFIRMED',
} as const;

export type CoreErrorCode = (typeof CoreErrorCode)[keyof typeof CoreErrorCode];

/** Every error @ws-isolation/core throws or rejects with; `code` is stable. */
export class CoreError extends CodedError<CoreErrorCode> {
  constructor(code: CoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'CoreError';
  }
}

/**
 * Messages sent on a socket that dropped before the server acknowledged them,
 * when the reconnection could not resume that session (the server forgot it,
 * or does not acknowledge): they may or may not have arrived, and they were
 * not sent again. Carries ERR_WSI_DELIVERY_UNCONFIRMED.
 */
export class DeliveryUnconfirmedError extends CoreError {
  /** The messages, oldest first, as they were given to `send()`. */
  readonly messages: OutgoingData[];

  constructor(messages: OutgoingData[], message: string) {
    super(CoreErrorCode.DELIVERY_UNCONFIRMED, message);
    this.name = 'DeliveryUnconfirmedError';
    this.messages = messages;
  }
}
