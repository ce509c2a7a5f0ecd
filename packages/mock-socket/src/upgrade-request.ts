import type { ConnectAttempt } from './network';

/**
 * The upgrade request a `connection` listener gets, shaped like the parts of
 * Node's `IncomingMessage` that `ws` server code reads.
 */
export interface MockUpgradeRequest {
  readonly method: 'GET';
  /** Path and query, e.g. `/chat?room=1`. */
  readonly url: string;
  /** Lower-case header names, as Node gives them. */
  readonly headers: Readonly<Record<string, string>>;
  readonly httpVersion: '1.1';
  /** The connection: its address, and under an HTTP server the socket stand-in (see `MockUpgradeSocket`). */
  readonly socket: { readonly remoteAddress: string; readonly remotePort: number };
}

let nextRemotePort = 40000;

// A mock never checks the key, so it is 16 bytes from a counter, not from crypto: unique and cheap.
const keyBytes = Buffer.alloc(16, 0x5a);
let keyCounter = 0;

function nextWebSocketKey(): string {
  keyCounter = keyCounter >= 0xffffffffffff ? 0 : keyCounter + 1;
  keyBytes.writeUIntBE(keyCounter, 10, 6);
  return keyBytes.toString('base64');
}

/** The next client port a request appears to come from. */
export function nextClientPort(): number {
  nextRemotePort = nextRemotePort >= 60999 ? 40000 : nextRemotePort + 1;
  return nextRemotePort;
}

/**
 * The upgrade request of `attempt`. `socket`: the stand-in an HTTP server's
 * `upgrade` listeners get (a listening mock server gives a plain address).
 */
export function createUpgradeRequest(
  attempt: ConnectAttempt,
  socket: MockUpgradeRequest['socket'] = { remoteAddress: '127.0.0.1', remotePort: nextClientPort() },
): MockUpgradeRequest {
  const target = targetOf(attempt.url);
  const headers: Record<string, string> = {
    host: target.host,
    connection: 'Upgrade',
    upgrade: 'websocket',
    'sec-websocket-version': '13',
    'sec-websocket-key': nextWebSocketKey(),
    ...attempt.headers,
  };
  if (attempt.protocols.length > 0) headers['sec-websocket-protocol'] = attempt.protocols.join(', ');
  return { method: 'GET', url: target.path, headers, httpVersion: '1.1', socket };
}

/** The last URL read, with its host and path: a test opens many clients to one URL. */
let lastTarget: { url: string; host: string; path: string } | undefined;

function targetOf(href: string): { host: string; path: string } {
  if (lastTarget?.url === href) return lastTarget;
  const url = new URL(href);
  lastTarget = { url: href, host: url.host, path: `${url.pathname}${url.search}` };
  return lastTarget;
}
