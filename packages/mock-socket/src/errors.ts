import { CodedError, OptionReader, show } from '@ws-isolation/internal';

/** Stable error codes of @ws-isolation/mock-socket; each is listed in the README. */
export const MockSocketErrorCode = {
  /** An option had the wrong type or range; the message names it and shows the value. */
  INVALID_OPTION: 'ERR_WSI_INVALID_OPTION',
  /** A server URL that is not a ws:, wss:, http: or https: URL (or has a fragment). */
  INVALID_URL: 'ERR_WSI_INVALID_URL',
  /** A live server already listens on this URL. */
  URL_IN_USE: 'ERR_WSI_URL_IN_USE',
  /** A server-side `close()` got a status code or reason `ws` would refuse. */
  INVALID_CLOSE: 'ERR_WSI_INVALID_CLOSE',
  /** A fault name that does not exist, or one that makes no sense where it was set. */
  INVALID_FAULT: 'ERR_WSI_INVALID_FAULT',
  /** A server-side `send`, `ping` or `pong` got data `ws` cannot send (or a control frame over 125 bytes). */
  INVALID_MESSAGE: 'ERR_WSI_INVALID_MESSAGE',
  /** A helper's wait (`nextConnection`, `nextMessage`) ran out of time. */
  TIMEOUT: 'ERR_WSI_TIMEOUT',
  /** The server or connection closed while something waited on it (or was already closed). */
  CLOSED: 'ERR_WSI_CLOSED',
  /** A server-side `send` on a socket that is not open (passed to the callback, as `ws` does). */
  NOT_OPEN: 'ERR_WSI_NOT_OPEN',
  /** The `error` event of a `ws`-style client: the connection failed or dropped. */
  CONNECTION_FAILED: 'ERR_WSI_CONNECTION_FAILED',
  /** `address()` of a server in `noServer` mode, which listens nowhere (`ws` throws too). */
  NO_SERVER: 'ERR_WSI_NO_SERVER',
  /** `handleUpgrade()` called a second time with the same socket (`ws` throws too). */
  UPGRADE_HANDLED: 'ERR_WSI_UPGRADE_HANDLED',
} as const;

export type MockSocketErrorCode = (typeof MockSocketErrorCode)[keyof typeof MockSocketErrorCode];

/** Thrown (or passed to a callback) for bad input or a failed wait; the object stays usable. */
export class MockSocketError extends CodedError<MockSocketErrorCode> {
  constructor(code: MockSocketErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'MockSocketError';
  }
}

const toInvalidOption = (message: string): MockSocketError =>
  new MockSocketError(MockSocketErrorCode.INVALID_OPTION, message);

/** Reads the options of `subject` (`'MockServer'`, `'nextMessage()'`) in the message format of every ws-isolation package. */
export function optionReader(subject: string): OptionReader {
  return new OptionReader(subject, toInvalidOption);
}

/** A bad argument that is not an option (a callback, an `expect`): `<name> must be <expected>; received <value>`. */
export function invalidArgument(name: string, expected: string, value: unknown): MockSocketError {
  return toInvalidOption(`${name} must be ${expected}; received ${show(value)}`);
}

/** A callback argument: a function or undefined, else ERR_WSI_INVALID_OPTION (thrown before anything happens). */
export function readCallback<F extends (...args: never[]) => unknown>(name: string, value: unknown): F | undefined {
  if (value === undefined || typeof value === 'function') return value as F | undefined;
  throw invalidArgument(name, 'a function', value);
}
