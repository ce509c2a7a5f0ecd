import { randomUUID, getRandomValues } from 'node:crypto';
import { show } from '@ws-isolation/internal';
import { CoreError, CoreErrorCode } from './errors';

const CLIENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * A new random client ID: 21 characters of `[A-Za-z0-9_-]` (126 bits), safe
 * in URLs and headers.
 *
 * @example
 * const clientId = createClientId(); // e.g. 'V1StGXR8_Z5jdHi6B-myT'
 */
export function createClientId(): string {
  const bytes = getRandomValues(new Uint8Array(21));
  let id = '';
  // 64 symbols: the low six bits of each byte pick one without bias.
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
}

/** Whether `value` is a valid client ID: a string matching `[A-Za-z0-9_-]{1,128}`. */
export function isClientId(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_ID_PATTERN.test(value);
}

/** Throws ERR_WSI_INVALID_CLIENT_ID unless `value` is a valid client ID. */
export function assertClientId(value: unknown, name = 'clientId'): asserts value is string {
  if (!isClientId(value)) {
    throw new CoreError(
      CoreErrorCode.INVALID_CLIENT_ID,
      `${name} must match [A-Za-z0-9_-]{1,128}; received ${show(value)}`,
    );
  }
}

/** A new session ID: a random UUID. Servers issue these; clients only in `handshake: 'none'` mode. */
export function createSessionId(): string {
  return randomUUID();
}

/** Whether `value` can be a session ID: the client ID alphabet, so a UUID and most server formats fit. */
export function isSessionId(value: unknown): value is string {
  return isClientId(value);
}
