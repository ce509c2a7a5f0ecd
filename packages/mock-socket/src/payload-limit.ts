// The `maxPayload` a server gets when none is given: 100 MiB, as `ws` 8's server. Public, so re-exported.
export { DEFAULT_MAX_PAYLOAD } from '@ws-isolation/internal';

/** The close code a server sends when a message is over its `maxPayload` (RFC 6455: "Message Too Big"). */
export const MESSAGE_TOO_BIG_CLOSE_CODE = 1009;

/**
 * The `error` a server connection emits when a client's message is larger
 * than the server's `maxPayload`. Its class (`RangeError`) and `code` are the
 * ones `ws` 8 gives the same error, so handlers written for `ws` recognise it.
 */
export class MessageTooBigError extends RangeError {
  readonly code = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' as const;
  /** The close code the connection was closed with. */
  readonly closeCode = MESSAGE_TOO_BIG_CLOSE_CODE;
  /** The size of the refused message, in bytes. */
  readonly size: number;
  /** The server's `maxPayload`. */
  readonly maxPayload: number;

  constructor(size: number, maxPayload: number) {
    super(`A message of ${size} bytes is over the server's maxPayload of ${maxPayload} bytes`);
    this.name = 'RangeError';
    this.size = size;
    this.maxPayload = maxPayload;
  }
}

/** Whether a message of `size` bytes is over `maxPayload`; 0 means no limit, as in `ws`. */
export function exceedsMaxPayload(size: number, maxPayload: number): boolean {
  return maxPayload > 0 && size > maxPayload;
}
