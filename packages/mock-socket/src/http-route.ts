import net from 'node:net';
import process from 'node:process';
import tls from 'node:tls';
import { guarded } from './microtask';
import type { ConnectAttempt } from './network';
import { createUpgradeRequest, nextClientPort } from './upgrade-request';
import { MockUpgradeSocket } from './upgrade-socket';
import { isLoopback } from './websocket-url';

/**
 * Where no mock server listens, a client's attempt goes to an in-process
 * `node:http` (or `https`) server listening on that loopback port, if there
 * is one: its `upgrade` listeners get a request with the client's headers
 * and a socket stand-in, as they would from a real client. Returns false
 * when there is no such server.
 */
export function routeToHttpServer(url: URL, attempt: ConnectAttempt): boolean {
  const server = findHttpServer(url);
  if (server === undefined) return false;
  // A server with no upgrade listener answers the request as a plain HTTP one: the handshake fails.
  if (server.listenerCount('upgrade') === 0) {
    attempt.refuse();
    return true;
  }
  const socket = new MockUpgradeSocket(
    attempt,
    { remote: nextClientPort(), local: portOf(url) },
    url.protocol === 'wss:',
  );
  attempt.signal.addEventListener('abort', () => socket.destroy(), { once: true });
  const request = createUpgradeRequest(attempt, socket);
  guarded(() => server.emit('upgrade', request, socket, Buffer.alloc(0)));
  return true;
}

function portOf(url: URL): number {
  return Number(url.port || (url.protocol === 'wss:' ? 443 : 80));
}

/**
 * The listening `net.Server` on the URL's port (a TLS one for `wss:`), found
 * among the process's active handles; an `unref()`ed server is not among them.
 */
function findHttpServer(url: URL): net.Server | undefined {
  if (!isLoopback(url.hostname)) return undefined;
  const port = portOf(url);
  const active = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? [];
  for (const handle of active) {
    if (!(handle instanceof net.Server) || handle instanceof tls.Server !== (url.protocol === 'wss:')) continue;
    const address = handle.address();
    if (address !== null && typeof address === 'object' && address.port === port) return handle;
  }
  return undefined;
}
