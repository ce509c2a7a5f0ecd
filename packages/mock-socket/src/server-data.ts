import { isUtf8 } from 'node:buffer';
import { isArrayBufferLike } from './data';
import { show } from '@ws-isolation/internal';
import { MockSocketError, MockSocketErrorCode } from './errors';
import { wellFormed } from './frames';

/** What a server-side `send`, `ping` or `pong` puts on the wire; a Blob's bytes arrive later. */
export interface ServerPayload {
  readonly bytes: Buffer | Promise<Buffer>;
  readonly size: number;
  readonly isBinary: boolean;
  /** A text message's string, well formed (its bytes are made only when read). */
  readonly text?: string;
}

/** A string payload: the bytes and their size are computed only when read. */
class TextPayload implements ServerPayload {
  /** One payload kept for the module's life (see `SocketEvent.kept` in socket-events.ts). */
  static readonly kept: TextPayload = new TextPayload('');

  readonly isBinary = false;
  readonly text: string;

  /** `text` must be well formed (see `wellFormed`). */
  constructor(text: string) {
    this.text = text;
  }

  get bytes(): Buffer {
    return Buffer.from(this.text, 'utf8');
  }

  get size(): number {
    return Buffer.byteLength(this.text, 'utf8');
  }
}

/** The largest control frame body RFC 6455 allows (a ping's or pong's data). */
const MAX_CONTROL_PAYLOAD = 125;

/**
 * Encodes a server-side `send(data, { binary })` the way `ws` does: numbers
 * and strings are text; buffers, typed arrays, ArrayBuffers, Blobs and arrays
 * of bytes are binary; a missing payload (`undefined`, `null`) is an empty
 * binary message. `binary` overrides the kind. Anything `ws` cannot send (a
 * plain object, `true`, a symbol, a function) is ERR_WSI_INVALID_MESSAGE,
 * thrown before anything is sent.
 */
export function encodeServerData(data: unknown, binary: unknown, call = 'send(data)'): ServerPayload {
  // A Buffer sent as text (an echo server's `send(data, { binary: isBinary })`): the frame keeps
  // the decoded string (well formed, as any decode), so neither a copy of the bytes nor a decode on the client is needed.
  if (binary === false && Buffer.isBuffer(data) && isUtf8(data)) return new TextPayload(data.toString('utf8'));
  const payload = encode(data, call);
  if (binary === undefined || Boolean(binary) === payload.isBinary) return payload;
  return { bytes: payload.bytes, size: payload.size, isBinary: Boolean(binary) };
}

/** Encodes a `ping(data)` or `pong(data)` body: at most 125 bytes, as RFC 6455 and `ws` require. */
export function encodeControlData(data: unknown, call: string): ServerPayload {
  const payload = encode(data, call);
  if (payload.size > MAX_CONTROL_PAYLOAD) {
    throw new MockSocketError(
      MockSocketErrorCode.INVALID_MESSAGE,
      `${call} must be at most ${MAX_CONTROL_PAYLOAD} bytes; received ${payload.size} bytes`,
    );
  }
  return payload;
}

function encode(data: unknown, call: string): ServerPayload {
  if (typeof data === 'number') data = String(data);
  if (typeof data === 'string') return new TextPayload(wellFormed(data));
  // ws sends an empty message for a missing payload.
  if (data === undefined || data === null || data === false) return binaryOf(Buffer.alloc(0));
  if (Buffer.isBuffer(data)) return binaryOf(Buffer.from(data));
  if (ArrayBuffer.isView(data))
    return binaryOf(Buffer.from(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength)));
  if (isArrayBufferLike(data)) return binaryOf(Buffer.from(new Uint8Array(data.slice(0))));
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    return { bytes: data.arrayBuffer().then((buffer) => Buffer.from(buffer)), size: data.size, isBinary: true };
  }
  if (Array.isArray(data) && data.length > 0 && data.every((part) => Buffer.isBuffer(part)))
    return binaryOf(Buffer.concat(data as Buffer[]));
  if (typeof data === 'object') {
    // An array or array-like of byte values, as Buffer.from takes (and ws with it).
    try {
      return binaryOf(Buffer.from(data as ArrayLike<number>));
    } catch {
      // Falls through to the coded error.
    }
  }
  throw new MockSocketError(
    MockSocketErrorCode.INVALID_MESSAGE,
    `${call} must be a string, number, Buffer, ArrayBuffer, typed array, Blob or array of bytes; received ${show(data)}`,
  );
}

function binaryOf(bytes: Buffer): ServerPayload {
  return { bytes, size: bytes.byteLength, isBinary: true };
}
