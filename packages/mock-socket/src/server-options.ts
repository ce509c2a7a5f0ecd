import { DEFAULT_MAX_PAYLOAD, show } from '@ws-isolation/internal';
import type { MockClock } from './clock';
import { MockSocketError, MockSocketErrorCode, optionReader } from './errors';
import type { Server as NetServer } from 'node:net';
import type { HandleProtocols, VerifyClient } from './handshake';

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
  handleProtocols?: HandleProtocols;
  /**
   * As `ws`'s option: accepts or refuses each client before the handshake
   * completes, `(info) => boolean` or `(info, done) => void` (see
   * `VerifyClient`). A refused client sees `error`, then `close` 1006. Read
   * from `server.options` at each handshake, so it can be set after construction.
   * @default every client is accepted
   * @example new MockServer({ port: 0, verifyClient: ({ req }) => req.headers.authorization === 'Bearer t' })
   */
  verifyClient?: VerifyClient;
  /**
   * As `ws`'s option: an in-process `node:http` or `https` server. Instead of
   * listening on the mock network, this server handles the `upgrade`
   * requests of `MockWebSocket`s connecting to that server's port (with
   * `path`, only those for that path; others are refused with 400, as `ws`
   * does). The HTTP server listens for real (on 127.0.0.1, port 0 is fine).
   * @example new MockServer({ server: httpServer, path: '/chat' })
   */
  server?: HttpServerLike;
  /**
   * As `ws`'s option: listen nowhere; the application hands requests over
   * with `handleUpgrade()` from its own HTTP server's `upgrade` listener.
   * @default false
   */
  noServer?: boolean;
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

/** A `node:http` or `https` server (any `net.Server`), as `ws`'s `server` option takes. */
export type HttpServerLike = NetServer;

/** How a server takes its clients: on the mock network, from an HTTP server's upgrades, or from handleUpgrade only. */
type ServerMode = 'listen' | 'server' | 'noServer';

export interface ResolvedServerOptions {
  mode: ServerMode;
  /** Where it listens, in `listen` mode. */
  url: URL | undefined;
  server: HttpServerLike | undefined;
  path: string | undefined;
  handleProtocols: MockServerOptions['handleProtocols'];
  verifyClient: VerifyClient | undefined;
  clock: MockClock | undefined;
  closeTimeoutMs: number;
  maxPayload: number;
}

/** Every option a `MockServer` takes. */
export const SERVER_OPTION_KEYS: readonly string[] = [
  'url',
  'port',
  'host',
  'path',
  'handleProtocols',
  'verifyClient',
  'server',
  'noServer',
  'clock',
  'closeTimeoutMs',
  'maxPayload',
];
const read = optionReader('MockServer');

/** Validates the constructor's options; `allocatePort` serves `{ port: 0 }`. */
export function resolveServerOptions(
  options: unknown,
  allocatePort: (scheme: string) => number,
): ResolvedServerOptions {
  const given: MockServerOptions = read.object(options, SERVER_OPTION_KEYS) ?? {};
  // `ws` takes null for "none" here.
  for (const hook of ['handleProtocols', 'verifyClient'] as const) {
    if (given[hook] !== null) read.function(hook, given[hook]);
  }
  const mode = readMode(given);
  const url =
    mode !== 'listen'
      ? undefined
      : given.url !== undefined
        ? parseServerUrl(given.url, given)
        : portUrl(given, allocatePort);
  return {
    mode,
    url,
    server: mode === 'server' ? given.server : undefined,
    path: url === undefined ? readPath(given.path) : url.pathname === '/' ? undefined : url.pathname,
    handleProtocols: given.handleProtocols ?? undefined,
    verifyClient: given.verifyClient ?? undefined,
    clock: read.clock('clock', given.clock),
    closeTimeoutMs: read.ms('closeTimeoutMs', given.closeTimeoutMs) ?? 1000,
    maxPayload: read.count('maxPayload', given.maxPayload, 0) ?? DEFAULT_MAX_PAYLOAD,
  };
}

/** One of `url`/`port` (the default), `server` or `noServer`, as `ws` requires. */
function readMode(given: MockServerOptions): ServerMode {
  const { server, noServer } = given;
  if (noServer !== undefined && typeof noServer !== 'boolean') throw read.invalid('noServer', 'a boolean', noServer);
  if (server !== undefined && server !== null) {
    const candidate = server as Partial<HttpServerLike>;
    if (
      typeof candidate !== 'object' ||
      typeof candidate.on !== 'function' ||
      typeof candidate.removeListener !== 'function' ||
      typeof candidate.address !== 'function'
    )
      throw read.invalid('server', 'a node:http or https server', server);
  }
  const hasServer = server !== undefined && server !== null;
  const listens = given.url !== undefined || given.port !== undefined || given.host !== undefined;
  if ([hasServer, noServer === true, listens].filter(Boolean).length > 1)
    throw read.invalid('url, server and noServer', 'given one at most (url with port and host counts as one)', given);
  if (hasServer) return 'server';
  return noServer === true ? 'noServer' : 'listen';
}

function readPath(path: unknown): string | undefined {
  if (path === undefined || path === null) return undefined;
  if (typeof path !== 'string' || !path.startsWith('/')) throw read.invalid('path', "a path starting with '/'", path);
  return path;
}

function parseServerUrl(input: unknown, given: MockServerOptions): URL {
  if (given.port !== undefined || given.host !== undefined || given.path !== undefined) {
    throw read.invalid('url', 'given alone, without port, host or path', given);
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
    throw read.invalid('port', 'an integer from 0 to 65535', port);
  }
  if (typeof host !== 'string' || host === '' || /[/?#@\s]/.test(host)) throw read.invalid('host', 'a host name', host);
  if (typeof path !== 'string' || !path.startsWith('/')) throw read.invalid('path', "a path starting with '/'", path);
  const hostPart = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const chosen = port === 0 ? allocatePort('ws:') : port;
  return new URL(`ws://${hostPart}:${chosen}${path}`);
}

/**
 * A server's options as `ws` keeps them in `wss.options`: every option given,
 * over `ws`'s defaults. Libraries read and set them after construction.
 */
export interface MockServerLiveOptions {
  handleProtocols: HandleProtocols | null;
  verifyClient: VerifyClient | null;
  path: string | null;
  maxPayload: number;
  noServer: boolean;
  server: HttpServerLike | null;
  port: number | null;
  host: string | null;
  clientTracking: boolean;
  [option: string]: unknown;
}

/** The `options` object of a new server: `ws`'s defaults, then what was given, then what was resolved. */
export function liveOptions(resolved: ResolvedServerOptions, given: MockServerOptions): MockServerLiveOptions {
  const port = resolved.url === undefined ? null : Number(resolved.url.port);
  return {
    clientTracking: true,
    perMessageDeflate: false,
    ...given,
    handleProtocols: resolved.handleProtocols ?? null,
    verifyClient: resolved.verifyClient ?? null,
    path: resolved.path ?? null,
    maxPayload: resolved.maxPayload,
    noServer: resolved.mode === 'noServer',
    server: resolved.server ?? null,
    port,
    host: resolved.url === undefined ? null : resolved.url.hostname,
  };
}
