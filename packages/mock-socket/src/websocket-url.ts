// RFC 7230 token characters, the only ones allowed in a subprotocol name.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A client's URL, with what a client reads from it worked out once: the network key and the origin. */
export interface ClientUrl {
  readonly url: Readonly<URL>;
  /** The key a server listens under (see `originKey`). */
  readonly key: string;
  /** The origin a client's message events carry. */
  readonly origin: string;
}

/** The last string parsed, and its result: a test opens many clients to one URL, and `new URL` is the costly part. */
let lastParsed: { input: string; parsed: ClientUrl } | undefined;

/**
 * Parses a client URL as the WHATWG standard does: http(s) becomes ws(s),
 * any other scheme or a fragment is a SyntaxError DOMException. The result is
 * shared between clients given the same string: read it, never change it.
 */
export function parseClientUrl(input: string | URL): ClientUrl {
  if (typeof input === 'string' && lastParsed?.input === input) return lastParsed.parsed;
  const url = parseUrl(input);
  const parsed: ClientUrl = { url, key: originKey(url), origin: url.origin };
  if (typeof input === 'string') lastParsed = { input, parsed };
  return parsed;
}

function parseUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(String(input));
  } catch {
    throw new DOMException(`The URL '${String(input)}' is invalid.`, 'SyntaxError');
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new DOMException(
      `The URL's scheme must be either 'http', 'https', 'ws', or 'wss'. '${url.protocol}' is not allowed.`,
      'SyntaxError',
    );
  }
  if (url.hash !== '' || String(input).includes('#')) {
    throw new DOMException(
      `The URL contains a fragment identifier ('${url.hash}'). Fragment identifiers are not allowed in WebSocket URLs.`,
      'SyntaxError',
    );
  }
  return url;
}

/** Validates requested subprotocols: tokens, no duplicates (case-insensitive), else SyntaxError. */
export function parseProtocols(protocols: unknown): string[] {
  const list = toProtocolList(protocols);
  const seen = new Set<string>();
  for (const protocol of list) {
    if (!TOKEN.test(protocol)) throw new DOMException(`The subprotocol '${protocol}' is invalid.`, 'SyntaxError');
    const key = protocol.toLowerCase();
    if (seen.has(key)) throw new DOMException(`The subprotocol '${protocol}' is duplicated.`, 'SyntaxError');
    seen.add(key);
  }
  return list;
}

/**
 * WebIDL's conversion of `(DOMString or sequence<DOMString>)`: an iterable
 * object is a list, anything else one string (so `{}` is the invalid token
 * `[object Object]`, a SyntaxError, as in browsers).
 */
function toProtocolList(protocols: unknown): string[] {
  if (protocols === undefined) return [];
  if (
    (typeof protocols === 'object' || typeof protocols === 'function') &&
    protocols !== null &&
    typeof (protocols as Iterable<unknown>)[Symbol.iterator] === 'function'
  ) {
    return Array.from(protocols as Iterable<unknown>, (protocol) => toDomString(protocol));
  }
  return [toDomString(protocols)];
}

/** WebIDL DOMString: a symbol cannot be converted and is a TypeError, as in browsers. */
function toDomString(value: unknown): string {
  if (typeof value === 'symbol') throw new TypeError('Cannot convert a Symbol value to a string');
  return String(value);
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '0.0.0.0', '[::]']);

/** A name of this machine: loopback, or the any-address a server binds to. */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK.has(hostname);
}

/**
 * The key a server listens under: scheme, host and port (the path is the
 * server's own filter). Loopback names are one host, as on a real machine,
 * so a server on 127.0.0.1 takes a client that dials localhost.
 */
export function originKey(url: URL): string {
  const host = LOOPBACK.has(url.hostname) ? 'localhost' : url.hostname;
  const port = url.port === '' ? (url.protocol === 'wss:' ? '443' : '80') : url.port;
  return `${url.protocol}//${host}:${port}`;
}
