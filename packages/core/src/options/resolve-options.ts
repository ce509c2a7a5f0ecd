import { getRegistry, isRegistry } from '@ws-isolation/registry';
import WebSocketClient from 'ws';
import type { BackoffPolicy } from '../backoff';
import { DEFAULT_MAX_PAYLOAD, fakeableClock, OptionReader, show } from '@ws-isolation/internal';
import { CoreError, CoreErrorCode } from '../errors';
import { assertClientId, createClientId } from '../ids';
import {
  DEFAULT_CLOSE_TIMEOUT_MS,
  DEFAULT_CONNECT_TIMEOUT_MS,
  DEFAULT_HANDSHAKE_TIMEOUT_MS,
  DEFAULT_MAX_QUEUED_MESSAGES,
  DEFAULT_RECONNECT,
  type ConnectionOptions,
  type HeartbeatOptions,
  type ReconnectOptions,
  type ResolvedOptions,
  type WebSocketConstructor,
} from './connection-options';

const read = new OptionReader('Connection', (message) => new CoreError(CoreErrorCode.INVALID_OPTION, message));

// Written as an object so the compiler insists every option is listed: an option left out would be refused.
const CONNECTION_KEYS = Object.keys({
  url: true,
  WebSocket: true,
  clientId: true,
  handshake: true,
  reconnect: true,
  throttle: true,
  throttleKey: true,
  registry: true,
  closeTimeoutMs: true,
  connectTimeoutMs: true,
  handshakeTimeoutMs: true,
  maxQueuedMessages: true,
  maxPayload: true,
  heartbeat: true,
  clock: true,
  random: true,
} satisfies Record<keyof ConnectionOptions, true>);
const RECONNECT_KEYS = Object.keys({
  maxAttempts: true,
  baseDelayMs: true,
  maxDelayMs: true,
  deadlineMs: true,
} satisfies Record<keyof ReconnectOptions, true>);
const HEARTBEAT_KEYS = Object.keys({ intervalMs: true, timeoutMs: true } satisfies Record<
  keyof HeartbeatOptions,
  true
>);

/** Checks every option eagerly and fills in the defaults; an unknown key is refused, not ignored. */
export function resolveOptions(options: ConnectionOptions): ResolvedOptions {
  if (options === undefined) throw read.invalid('url', 'a ws: or wss: URL', undefined);
  const given: Partial<ConnectionOptions> = read.object<ConnectionOptions>(options, CONNECTION_KEYS) ?? {};
  const clientId = given.clientId === undefined ? createClientId() : given.clientId;
  assertClientId(clientId, 'Connection option clientId');
  return {
    url: readUrl(given.url),
    WebSocket: readWebSocket(given.WebSocket),
    clientId,
    handshake: readHandshake(given.handshake),
    reconnect: readReconnect(given.reconnect),
    throttle: readThrottle(given.throttle),
    throttleKey: read.string('throttleKey', given.throttleKey),
    registry: readRegistry(given.registry),
    closeTimeoutMs: read.ms('closeTimeoutMs', given.closeTimeoutMs) ?? DEFAULT_CLOSE_TIMEOUT_MS,
    connectTimeoutMs: read.ms('connectTimeoutMs', given.connectTimeoutMs) ?? DEFAULT_CONNECT_TIMEOUT_MS,
    handshakeTimeoutMs: read.ms('handshakeTimeoutMs', given.handshakeTimeoutMs) ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    maxQueuedMessages: read.count('maxQueuedMessages', given.maxQueuedMessages, 1) ?? DEFAULT_MAX_QUEUED_MESSAGES,
    maxPayload: read.count('maxPayload', given.maxPayload, 1) ?? DEFAULT_MAX_PAYLOAD,
    heartbeat: readHeartbeat(given.heartbeat),
    clock: read.clock('clock', given.clock) ?? fakeableClock,
    random: read.function<() => number>('random', given.random) ?? Math.random,
  };
}

function readUrl(value: unknown): string {
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
    throw read.invalid('WebSocket', 'a WebSocket constructor', value);
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
  throw read.invalid('handshake', "'session', 'none' or a handshake function", value);
}

function readReconnect(value: unknown): BackoffPolicy | false {
  if (value === undefined || value === true) return { ...DEFAULT_RECONNECT };
  if (value === false) return false;
  if (typeof value !== 'object' || value === null)
    throw read.invalid('reconnect', 'a boolean or { maxAttempts, baseDelayMs, maxDelayMs, deadlineMs }', value);
  const input: ReconnectOptions = read.object<ReconnectOptions>(value, RECONNECT_KEYS, 'reconnect') ?? {};
  const policy: BackoffPolicy = {
    maxAttempts:
      read.count('reconnect.maxAttempts', input.maxAttempts, 0, { infinity: true }) ?? DEFAULT_RECONNECT.maxAttempts,
    baseDelayMs: read.ms('reconnect.baseDelayMs', input.baseDelayMs) ?? DEFAULT_RECONNECT.baseDelayMs,
    maxDelayMs: read.ms('reconnect.maxDelayMs', input.maxDelayMs) ?? DEFAULT_RECONNECT.maxDelayMs,
    deadlineMs: read.ms('reconnect.deadlineMs', input.deadlineMs, { infinity: true }) ?? DEFAULT_RECONNECT.deadlineMs,
  };
  if (policy.maxDelayMs < policy.baseDelayMs)
    throw read.invalid('reconnect.maxDelayMs', `>= reconnect.baseDelayMs (${policy.baseDelayMs})`, policy.maxDelayMs);
  return policy;
}

function readThrottle(value: unknown): ResolvedOptions['throttle'] {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || typeof (value as { acquire?: unknown }).acquire !== 'function') {
    throw read.invalid('throttle', 'an object with acquire({ signal, key, timeoutMs })', value);
  }
  return value as ResolvedOptions['throttle'];
}

function readRegistry(value: unknown): ResolvedOptions['registry'] {
  if (value === undefined) return getRegistry();
  if (!isRegistry(value)) throw read.invalid('registry', 'a registry (version 1)', value);
  return value;
}

function readHeartbeat(value: unknown): Required<HeartbeatOptions> | false {
  if (value === undefined || value === false) return false;
  if (typeof value !== 'object' || value === null)
    throw read.invalid('heartbeat', 'false or { intervalMs, timeoutMs }', value);
  const input: Partial<HeartbeatOptions> = read.object<HeartbeatOptions>(value, HEARTBEAT_KEYS, 'heartbeat') ?? {};
  const intervalMs = read.positiveMs('heartbeat.intervalMs', input.intervalMs);
  const timeoutMs = read.positiveMs('heartbeat.timeoutMs', input.timeoutMs);
  if (intervalMs === undefined) throw read.invalid('heartbeat.intervalMs', 'a finite number > 0', undefined);
  if (timeoutMs === undefined) throw read.invalid('heartbeat.timeoutMs', 'a finite number > 0', undefined);
  return { intervalMs, timeoutMs };
}
