import { isArrayBuffer, toBytes } from './binary';

/**
 * The session protocol: JSON text messages with a `type` of `session.*`.
 *
 * - client → server `{"type":"session.hello","clientId":…,"previousSessionId"?:…}`
 * - server → client `{"type":"session.welcome","sessionId":…}`
 * - client → server `{"type":"session.ping","id":n}` (heartbeat, optional)
 * - server → client `{"type":"session.pong","id":n}`
 */
export interface SessionHello {
  type: 'session.hello';
  clientId: string;
  previousSessionId?: string;
}

export interface SessionWelcome {
  type: 'session.welcome';
  sessionId: string;
}

export interface SessionPing {
  type: 'session.ping';
  id: number;
}

export interface SessionPong {
  type: 'session.pong';
  id: number;
}

export type SessionMessage = SessionHello | SessionWelcome | SessionPing | SessionPong;

const SESSION_TYPES = new Set(['session.hello', 'session.welcome', 'session.ping', 'session.pong']);

export function encodeHello(clientId: string, previousSessionId: string | undefined): string {
  const hello: SessionHello = previousSessionId === undefined ? { type: 'session.hello', clientId } : { type: 'session.hello', clientId, previousSessionId };
  return JSON.stringify(hello);
}

export function encodeWelcome(sessionId: string): string {
  return JSON.stringify({ type: 'session.welcome', sessionId } satisfies SessionWelcome);
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
export function parseSessionMessage(data: unknown): (Record<string, unknown> & { type: SessionMessage['type'] }) | undefined {
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
 * or a heartbeat ping) that application code should skip. Takes what a `ws`
 * server socket's `message` listener gets.
 *
 * @example
 * socket.on('message', (data, isBinary) => {
 *   if (isSessionControlMessage(data, isBinary)) return;
 *   handle(data);
 * });
 */
export function isSessionControlMessage(data: unknown, isBinary = false): boolean {
  if (isBinary) return false;
  const text = toText(data);
  return text !== undefined && parseSessionMessage(text) !== undefined;
}

/** Text from what a `ws`-like server socket delivers (string, Buffer, ArrayBuffer, typed array). */
export function toText(data: unknown): string | undefined {
  if (typeof data === 'string') return data;
  if (isArrayBuffer(data)) return new TextDecoder().decode(data);
  if (ArrayBuffer.isView(data)) return new TextDecoder().decode(toBytes(data));
  return undefined;
}

/** Byte length of what a `ws`-like server socket delivers. */
export function byteLength(data: unknown): number {
  if (typeof data === 'string') return new TextEncoder().encode(data).byteLength;
  if (isArrayBuffer(data)) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (Array.isArray(data)) return data.reduce((sum: number, part) => sum + byteLength(part), 0);
  return 0;
}
