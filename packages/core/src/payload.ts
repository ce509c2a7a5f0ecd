import { CoreError, CoreErrorCode } from './errors';
import { byteLength } from './protocol';
import type { OutgoingData } from './messages';
import type { IncomingData } from './messages';

/**
 * The size of `data` when it is larger than `limit`, else `undefined`. Text
 * is measured only when it could be too large (a UTF-8 character is at most
 * three bytes per UTF-16 code unit), so small messages cost nothing.
 */
export function oversize(data: OutgoingData | IncomingData, limit: number): number | undefined {
  if (typeof data === 'string' && data.length * 3 <= limit) return undefined;
  const size = byteLength(data);
  return size > limit ? size : undefined;
}

/** Throws ERR_WSI_MESSAGE_TOO_LARGE when `send()` got a message larger than `maxPayload`. */
export function assertSendable(data: OutgoingData, limit: number): void {
  const size = oversize(data, limit);
  if (size === undefined) return;
  throw new CoreError(
    CoreErrorCode.MESSAGE_TOO_LARGE,
    `send() got a message of ${size} bytes, larger than maxPayload (${limit} bytes); nothing was sent`,
  );
}

/** The error an incoming message larger than `maxPayload` is reported with. */
export function incomingTooLarge(size: number, limit: number): CoreError {
  return new CoreError(
    CoreErrorCode.MESSAGE_TOO_LARGE,
    `An incoming message of ${size} bytes is larger than maxPayload (${limit} bytes); it was dropped, not delivered`,
  );
}
