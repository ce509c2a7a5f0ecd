import { readClock, readMs, type MockClock } from './clock';
import { invalidOption, MockSocketError, MockSocketErrorCode, show } from './errors';
import { DEFAULT_MAX_PAYLOAD } from './payload-limit';
import type { MockUpgradeRequest } from './upgrade-request';

export interface MockServerOptions {
  /**
   * The URL to listen on: scheme, host and port pick the server; a path
   * other than `/` only accepts clients that ask for it.
   * @example new MockServer({ url: 'ws://localhost:8080' })
   */
  url?: string | URL;
  /**
   * `ws`-style alternative to `url`: `0` picks a free port on the mock
   * network (read it from `server.url` or `server.address().port`).
   * @example new MockServer({ port: 0 })
   */
  port?: number;
  /**
   * With `port`: the host name in the URL.
   * @default '127.0.0.1'
   */
  host?: string;
  /**
   * With `port`: only accept clients asking for this path.
   * @default every path
   */
  path?: string;
  /**
   * Picks the subprotocol from those the client offered, as `ws`'s option:
   * return one of them, or `false` for none.
   * @default the first one offered
   */
  handleProtocols?: (protocols: Set<string>, request: MockUpgradeRequest) => string | false;
  /**
   * The clock for the `delay-open` and `latency` faults. (`close()`'s
   * timeout always runs on real timers, so teardown cannot stall.)
   * @default Node's timers (`node:timers`), which fake timers do not replace
   * @example new MockServer({ port: 0, clock: new ManualClock() })
   */
  clock?: MockClock;
  /**
   * How long `close()` waits for each connection's closing handshake
   * before it terminates the connection.
   * @default 1000
   */
  closeTimeoutMs?: number;
  /**
   * The largest message, in bytes, a client may send, as `ws`'s option of
   * the same name. A larger one closes that connection with 1009 (the client
   * sees `close` 1009, `wasClean: true`) and the server connection emits
   * `error` with code `WS_ERR_UNSUPPORTED_MESSAGE_LENGTH`, then `close` 1006,
   * as on `ws`. A message of exactly `maxPayload` bytes is delivered. `0`
   * means no limit.
   * @default 104857600 (100 MiB, as `ws`)
   * @example new MockServer({ port: 0, maxPayload: 64 * 1024 })
   */
  maxPayload?: number;
}

export interface ResolvedServerOptions {
  url: URL;
  path: string | undefined;
  handleProtocols: MockServerOptions['handleProtocols'];
  clock: MockClock | undefined;
  closeTimeoutMs: number;
  maxPayload: number;
}

const KNOWN = new Set(['url', 'port', 'host', 'path', 'handleProtocols', 'clock', 'closeTimeoutMs', 'maxPayload']);

/** Validates the constructor's options; `allocatePort` serves `{ port: 0 }`. */
export function resolveServerOptions(
  options: unknown,
  allocatePort: (scheme: string) => number,
): ResolvedServerOptions {
  if (options === null || typeof options !== 'object') throw invalidOption('MockServer options', 'an object', options);
  const given = options as MockServerOptions;
  for (const key of Object.keys(given)) {
    if (!KNOWN.has(key)) throw invalidOption(`MockServer option ${key}`, `one of ${[...KNOWN].join(', ')}`, key);
  }
  if (given.handleProtocols !== undefined && typeof given.handleProtocols !== 'function') {
    throw invalidOption('MockServer option handleProtocols', 'a function', given.handleProtocols);
  }
  const url = given.url !== undefined ? parseServerUrl(given.url, given) : portUrl(given, allocatePort);
  return {
    url,
    path: url.pathname === '/' ? undefined : url.pathname,
    handleProtocols: given.handleProtocols,
    clock: readClock('MockServer option clock', given.clock),
    closeTimeoutMs: readMs('MockServer option closeTimeoutMs', given.closeTimeoutMs, 1000),
    maxPayload: readMaxPayload(given.maxPayload),
  };
}

function readMaxPayload(value: unknown): number {
  if (value === undefined) return DEFAULT_MAX_PAYLOAD;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidOption('MockServer option maxPayload', 'an integer >= 0 (bytes; 0 means no limit)', value);
  }
  return value;
}

function parseServerUrl(input: unknown, given: MockServerOptions): URL {
  if (given.port !== undefined || given.host !== undefined || given.path !== undefined) {
    throw invalidOption('MockServer options', 'either url, or port with host and path', given);
  }
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new MockSocketError(
      MockSocketErrorCode.INVALID_URL,
      `MockServer option url must be a ws:, wss:, http: or https: URL; received ${show(input)}`,
    );
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  if ((url.protocol !== 'ws:' && url.protocol !== 'wss:') || url.hash !== '' || String(input).includes('#')) {
    throw new MockSocketError(
      MockSocketErrorCode.INVALID_URL,
      `MockServer option url must be a ws:, wss:, http: or https: URL without a fragment; received ${show(String(input))}`,
    );
  }
  url.search = '';
  return url;
}

function portUrl(given: MockServerOptions, allocatePort: (scheme: string) => number): URL {
  const { port = 0, host = '127.0.0.1', path = '/' } = given;
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw invalidOption('MockServer option port', 'an integer from 0 to 65535', port);
  }
  if (typeof host !== 'string' || host === '' || /[/?#@\s]/.test(host))
    throw invalidOption('MockServer option host', 'a host name', host);
  if (typeof path !== 'string' || !path.startsWith('/'))
    throw invalidOption('MockServer option path', "a path starting with '/'", path);
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const chosen = port === 0 ? allocatePort('ws:') : port;
  return new URL(`ws://${hostPart}:${chosen}${path}`);
}
