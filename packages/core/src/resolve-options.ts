import { getRegistry, isRegistry } from '@ws-isolation/registry';
import WebSocketClient from 'ws';
import type { BackoffPolicy } from './backoff';
import type { Clock } from './clock';
import { systemClock } from './clock';
import { CoreError, CoreErrorCode, show } from './errors';
import type { HeartbeatOptions } from './heartbeat';
import { assertClientId, createClientId } from './ids';
import { DEFAULT_MAX_PAYLOAD } from './payload';
import {
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  DEFAULT_MAX_QUEUED_MESSAGES,
  DEFAULT_RECONNECT,
  type ConnectionOptions,
  type ResolvedOptions,
  type WebSocketConstructor,
} from './options';

function invalid(name: string, expected: string, value: unknown): CoreError {
  return new CoreError(
    CoreErrorCode.INVALID_OPTION,
    `Connection option ${name} must be ${expected}; received ${show(value)}`,
  );
}

/** Checks every option eagerly and fills in the defaults. */
export function resolveOptions(options: ConnectionOptions): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw invalid('object', 'an object with at least url', options);
  const clientId = options.clientId === undefined ? createClientId() : options.clientId;
  assertClientId(clientId, 'Connection option clientId');
  return {
    url: readUrl(options.url),
    WebSocket: readWebSocket(options.WebSocket),
    clientId,
    handshake: readHandshake(options.handshake),
    reconnect: readReconnect(options.reconnect),
    throttle: readThrottle(options.throttle),
    throttleKey: readOptionalString('throttleKey', options.throttleKey),
    registry: readRegistry(options.registry),
    closeTimeoutMs: readMs('closeTimeoutMs', options.closeTimeoutMs, DEFAULT_CLOSE_TIMEOUT_MS),
    connectTimeoutMs: readMs('connectTimeoutMs', options.connectTimeoutMs, DEFAULT_CONNECT_TIMEOUT_MS),
    handshakeTimeoutMs: readMs('handshakeTimeoutMs', options.handshakeTimeoutMs, DEFAULT_HANDSHAKE_TIMEOUT_MS),
    maxQueuedMessages: readCount('maxQueuedMessages', options.maxQueuedMessages, DEFAULT_MAX_QUEUED_MESSAGES, 1),
    maxPayload: readCount('maxPayload', options.maxPayload, DEFAULT_MAX_PAYLOAD, 1),
    heartbeat: readHeartbeat(options.heartbeat),
    clock: readClock(options.clock),
    random: readFunction('random', options.random, Math.random) as () => number,
  };
}

export function readUrl(value: unknown): string {
  const text = typeof value === 'string' ? value : isUrlObject(value) ? value.href : undefined;
  let parsed: URL | undefined;
  try {
    parsed = text === undefined ? undefined : new URL(text);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')) {
    throw new CoreError(
      CoreErrorCode.INVALID_URL,
      `Connection option url must be a ws: or wss: URL; received ${show(value)}`,
    );
  }
  // As the WHATWG WebSocket constructor: a fragment (even an empty one) is refused.
  if (parsed.href.includes('#')) {
    throw new CoreError(
      CoreErrorCode.INVALID_URL,
      `Connection option url must not have a fragment (#…); received ${show(value)}`,
    );
  }
  return parsed.href;
}

function isUrlObject(value: unknown): value is URL {
  return typeof value === 'object' && value !== null && typeof (value as { href?: unknown }).href === 'string';
}

function readWebSocket(value: unknown): WebSocketConstructor {
  if (value === undefined) return defaultWebSocket();
  if (typeof value !== 'function' || !isConstructor(value))
    throw invalid('WebSocket', 'a WebSocket constructor', value);
  return value as WebSocketConstructor;
}

/** Whether `new value()` is allowed (a class or a function, not an arrow function or method), without calling it. */
function isConstructor(value: object): boolean {
  try {
    Reflect.construct(Object, [], value as new () => unknown);
    return true;
  } catch {
    return false;
  }
}

/** The global WebSocket where the platform has one (browsers, Node 22+), else the `ws` client. */
export function defaultWebSocket(): WebSocketConstructor {
  const global = (globalThis as { WebSocket?: unknown }).WebSocket;
  return typeof global === 'function'
    ? (global as WebSocketConstructor)
    : (WebSocketClient as unknown as WebSocketConstructor);
}

function readHandshake(value: unknown): ResolvedOptions['handshake'] {
  if (value === undefined) return 'session';
  if (value === 'session' || value === 'none' || typeof value === 'function')
    return value as ResolvedOptions['handshake'];
  throw invalid('handshake', "'session', 'none' or a handshake function", value);
}

function readReconnect(value: unknown): BackoffPolicy | false {
  if (value === undefined || value === true) return { ...DEFAULT_RECONNECT };
  if (value === false) return false;
  if (typeof value !== 'object' || value === null)
    throw invalid('reconnect', 'a boolean or { maxAttempts, baseDelayMs, maxDelayMs, deadlineMs }', value);
  const input = value as Partial<BackoffPolicy>;
  const policy: BackoffPolicy = {
    maxAttempts: readCount('reconnect.maxAttempts', input.maxAttempts, DEFAULT_RECONNECT.maxAttempts, 0, true),
    baseDelayMs: readMs('reconnect.baseDelayMs', input.baseDelayMs, DEFAULT_RECONNECT.baseDelayMs),
    maxDelayMs: readMs('reconnect.maxDelayMs', input.maxDelayMs, DEFAULT_RECONNECT.maxDelayMs),
    deadlineMs: readMs('reconnect.deadlineMs', input.deadlineMs, DEFAULT_RECONNECT.deadlineMs, true),
  };
  if (policy.maxDelayMs < policy.baseDelayMs)
    throw invalid('reconnect.maxDelayMs', `>= reconnect.baseDelayMs (${policy.baseDelayMs})`, policy.maxDelayMs);
  return policy;
}

function readThrottle(value: unknown): ResolvedOptions['throttle'] {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as { acquire?: unknown }).acquire !== 'function') {
    throw invalid('throttle', 'an object with acquire({ signal, key, timeoutMs })', value);
  }
  return value as ResolvedOptions['throttle'];
}

function readRegistry(value: unknown): ResolvedOptions['registry'] {
  if (value === undefined) return getRegistry();
  if (!isRegistry(value)) throw invalid('registry', 'a registry (version 1)', value);
  return value;
}

function readHeartbeat(value: unknown): Required<HeartbeatOptions> | false {
  if (value === undefined || value === false) return false;
  if (typeof value !== 'object' || value === null)
    throw invalid('heartbeat', 'false or { intervalMs, timeoutMs }', value);
  const input = value as HeartbeatOptions;
  const intervalMs = readMs('heartbeat.intervalMs', input.intervalMs, Number.NaN);
  const timeoutMs = readMs('heartbeat.timeoutMs', input.timeoutMs, Number.NaN);
  if (!(intervalMs > 0)) throw invalid('heartbeat.intervalMs', 'a finite number > 0', input.intervalMs);
  if (!(timeoutMs > 0)) throw invalid('heartbeat.timeoutMs', 'a finite number > 0', input.timeoutMs);
  return { intervalMs, timeoutMs };
}

function readClock(value: unknown): Clock {
  if (value === undefined) return systemClock;
  const clock = value as Partial<Clock>;
  if (
    typeof value !== 'object' ||
    value === null ||
    typeof clock.now !== 'function' ||
    typeof clock.setTimeout !== 'function' ||
    typeof clock.clearTimeout !== 'function'
  ) {
    throw invalid('clock', 'an object with now(), setTimeout(fn, ms) and clearTimeout(id)', value);
  }
  return value as Clock;
}

function readMs(name: string, value: unknown, fallback: number, allowInfinity = false): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' && !Number.isNaN(value) && value >= 0 && (allowInfinity || Number.isFinite(value));
  if (!ok) throw invalid(name, allowInfinity ? 'a number >= 0 (Infinity allowed)' : 'a finite number >= 0', value);
  return value;
}

function readCount(name: string, value: unknown, fallback: number, min: number, allowInfinity = false): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' &&
    value >= min &&
    (Number.isInteger(value) || (allowInfinity && value === Number.POSITIVE_INFINITY));
  if (!ok) throw invalid(name, `an integer >= ${min}${allowInfinity ? ' (or Infinity)' : ''}`, value);
  return value;
}

function readOptionalString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw invalid(name, 'a non-empty string', value);
  return value;
}

function readFunction(name: string, value: unknown, fallback: unknown): unknown {
  if (value === undefined) return fallback;
  if (typeof value !== 'function') throw invalid(name, 'a function', value);
  return value;
}
