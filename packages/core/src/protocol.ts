import { isArrayBuffer, toBytes } from './binary';
import type {
  ResumedSession,
  SessionAck,
  SessionMessage,
  SessionPing,
  SessionPong,
  SessionHello,
  SessionWelcome,
} from './messages';

/**
 * The session protocol: JSON text messages with a `type` of `session.*` (the
 * message types are in `messages.ts`).
 */

const SESSION_TYPES = new Set(['session.hello', 'session.welcome', 'session.ping', 'session.pong', 'session.ack']);

export function encodeHello(clientId: string, previousSessionId: string | undefined, ack = false): string {
  const hello: SessionHello =
    previousSessionId === undefined
      ? { type: 'session.hello', clientId }
      : { type: 'session.hello', clientId, previousSessionId };
  if (ack) hello.ack = true;
  return JSON.stringify(hello);
}

export function encodeWelcome(sessionId: string, extra: { ack?: boolean; resumed?: ResumedSession } = {}): string {
  const welcome: SessionWelcome = { type: 'session.welcome', sessionId };
  if (extra.ack === true) welcome.ack = true;
  if (extra.resumed !== undefined) welcome.resumed = extra.resumed;
  return JSON.stringify(welcome);
}

export function encodeAck(received: number): string {
  return JSON.stringify({ type: 'session.ack', received } satisfies SessionAck);
}

// What encodeAck produces starts with this, so other messages skip the JSON parse.
const ACK_PREFIX = '{"type":"session.ack"';

/**
 * Reads a `session.ack`: `undefined` when `data` is not one; otherwise its
 * `received` count, or `NaN` when the count is malformed (still an ack, so
 * still not application data).
 */
export function readAck(data: unknown): number | undefined {
  if (typeof data !== 'string' || !data.startsWith(ACK_PREFIX)) return undefined;
  const message = parseSessionMessage(data);
  if (message?.type !== 'session.ack') return undefined;
  const { received } = message;
  return typeof received === 'number' && Number.isSafeInteger(received) && received >= 0 ? received : Number.NaN;
}

/** The `resumed` field of a welcome when it is well formed; `undefined` otherwise. */
export function readResumed(value: unknown): ResumedSession | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { sessionId, received } = value as Partial<ResumedSession>;
  if (typeof sessionId !== 'string' || typeof received !== 'number' || !Number.isSafeInteger(received) || received < 0)
    return undefined;
  return { sessionId, received };
}

export function encodePing(id: number): string {
  return JSON.stringify({ type: 'session.ping', id } satisfies SessionPing);
}

export function encodePong(id: number): string {
  return JSON.stringify({ type: 'session.pong', id } satisfies SessionPong);
}

/**
 * Parses a text message as a session protocol message; anything else
 * (binary, not JSON, another `type`) is `undefined`. Fields are not
 * validated here: each side checks the ones it needs.
 */
export function parseSessionMessage(
  data: unknown,
): (Record<string, unknown> & { type: SessionMessage['type'] }) | undefined {
  if (typeof data !== 'string' || !data.startsWith('{')) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const type = (parsed as { type?: unknown }).type;
  if (typeof type !== 'string' || !SESSION_TYPES.has(type)) return undefined;
  return parsed as Record<string, unknown> & { type: SessionMessage['type'] };
}

/**
 * Whether a message a server received is session protocol traffic (a hello
 * or a heartbeat ping) that application code should skip. `acceptSession`
 * does not count these in the `received` of its acknowledgements. Takes what a `ws`
 * server socket's `message` listener gets.
 *
 * @example
 * socket.on('message', (data, isBinary) => {
 *   if (isSessionControlMessage(data, isBinary)) return;
 *   handle(data);
 * });
 */
export function isSessionControlMessage(data: unknown, isBinary = false): boolean {
  if (isBinary || !mayBeJsonObject(data)) return false;
  const text = toText(data);
  return text !== undefined && parseSessionMessage(text) !== undefined;
}

const OPEN_BRACE = 0x7b;

/**
 * Whether a message could be a JSON object, by its first byte: a server
 * socket sees every application message, and most are not session traffic,
 * so they must not pay for a decode and a parse.
 */
export function mayBeJsonObject(data: unknown): boolean {
  if (typeof data === 'string') return data.charCodeAt(0) === OPEN_BRACE;
  if (ArrayBuffer.isView(data)) {
    if (data.byteLength === 0) return false;
    // A Buffer (what `ws` delivers) or another one-byte array: its first element is the first byte, no view to make.
    if ((data as { BYTES_PER_ELEMENT?: unknown }).BYTES_PER_ELEMENT === 1)
      return (data as Uint8Array)[0] === OPEN_BRACE;
    return new Uint8Array(data.buffer, data.byteOffset, 1)[0] === OPEN_BRACE;
  }
  if (isArrayBuffer(data)) return data.byteLength > 0 && new Uint8Array(data, 0, 1)[0] === OPEN_BRACE;
  return true;
}

// One decoder for every call: without `stream` a decode keeps no state between calls.
const utf8 = new TextDecoder();

/** Text from what a `ws`-like server socket delivers (string, Buffer, ArrayBuffer, typed array). */
export function toText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (isArrayBuffer(data)) return utf8.decode(data);
  if (ArrayBuffer.isView(data)) return utf8.decode(toBytes(data));
  return undefined;
}

/** Byte length of a message (UTF-8 for text), as `send()` takes it or a `ws`-like server socket delivers it. */
export function byteLength(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data, 'utf8');
  if (isArrayBuffer(data)) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((sum: number, part) => sum + byteLength(part), 0);
  return 0;
}
