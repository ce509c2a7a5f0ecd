import { isUtf8 } from 'node:buffer';
import { show } from '@ws-isolation/internal';
import { MockSocketError, MockSocketErrorCode } from './errors';

const MAX_REASON_BYTES = 123;
const encoder = new TextEncoder();

/** WebIDL `[Clamp] unsigned short`, as the standard converts `close(code)`. */
function clampUnsignedShort(value: unknown): number {
  const number = Number(value);
  if (Number.isNaN(number)) return 0;
  const clamped = Math.min(Math.max(number, 0), 65535);
  const floor = Math.floor(clamped);
  const fraction = clamped - floor;
  if (fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1)) return floor + 1;
  return floor;
}

/**
 * Validates the arguments of the client's `close(code, reason)` as the WHATWG
 * standard does, throwing the DOMExceptions it names. Returns what goes in the
 * Close frame: no code (empty body) only when both are absent.
 */
export function validateClientClose(code: unknown, reason: unknown): { code: number | undefined; reason: string } {
  let converted: number | undefined;
  if (code !== undefined) {
    converted = clampUnsignedShort(code);
    if (converted !== 1000 && (converted < 3000 || converted > 4999)) {
      throw new DOMException(
        `The close code must be either 1000, or between 3000 and 4999. ${converted} is neither.`,
        'InvalidAccessError',
      );
    }
  }
  const text = reason === undefined ? '' : String(reason);
  // A UTF-16 unit is at most three UTF-8 bytes: a short reason needs no count.
  if (text.length * 3 > MAX_REASON_BYTES && encoder.encode(text).byteLength > MAX_REASON_BYTES) {
    throw new DOMException(`The close reason must not be greater than ${MAX_REASON_BYTES} UTF-8 bytes.`, 'SyntaxError');
  }
  if (converted === undefined && text !== '') converted = 1000;
  return { code: converted, reason: text };
}

/** Status codes `ws` lets a server send (RFC 6455 section 7.4). */
function isValidServerCode(code: number): boolean {
  return (
    (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999)
  );
}

/** Validates a server-side `close(code, reason)` with the rules `ws` applies, as coded errors. */
export function validateServerClose(
  code: unknown,
  reason: unknown,
): { code: number | undefined; reason: string; invalidUtf8?: boolean } {
  if (code !== undefined && (typeof code !== 'number' || !Number.isInteger(code) || !isValidServerCode(code))) {
    throw new MockSocketError(
      MockSocketErrorCode.INVALID_CLOSE,
      `close(code) must be a valid status code (1000-1014 except 1004-1006, or 3000-4999); received ${show(code)}`,
    );
  }
  const text = reason === undefined ? '' : Buffer.isBuffer(reason) ? reason.toString('utf8') : String(reason);
  const size = Buffer.isBuffer(reason) ? reason.byteLength : Buffer.byteLength(text);
  if (size > MAX_REASON_BYTES) {
    throw new MockSocketError(
      MockSocketErrorCode.INVALID_CLOSE,
      `close(code, reason) reason must be at most ${MAX_REASON_BYTES} UTF-8 bytes; received ${size} bytes`,
    );
  }
  // Like ws: without a code the frame has no body, so a reason is dropped.
  if (code === undefined) return { code: undefined, reason: '' };
  // ws sends a Buffer reason as it is, UTF-8 or not; the client judges it.
  if (Buffer.isBuffer(reason) && !isUtf8(reason)) return { code: code as number, reason: text, invalidUtf8: true };
  return { code: code as number, reason: text };
}
