import type { TLSSocket } from 'node:tls';
import tls from 'node:tls';
import { targetFromArgs } from './socket-target';
import type { SocketWatcher } from './socket-watcher';

type Connect = typeof tls.connect;

const WATCHERS = new Set<SocketWatcher>();
let original: Connect | undefined;
let installed: Connect | undefined;

/**
 * Node 20 publishes no channel for `tls.connect()`, so TLS clients (`wss://`,
 * `https://`) are seen by wrapping `tls.connect` on the `node:tls` module
 * while a file of this environment runs. `ws`, `https` and test code call it
 * through the module object (`tls.connect(…)`), and a test file's
 * `require('node:tls')` under Jest is that same object, so they all see the
 * wrapper. Code that took `connect` off the module before (a destructured
 * import in a module loaded outside the test) is not seen.
 */
export function watchTlsClients(watcher: SocketWatcher): () => void {
  WATCHERS.add(watcher);
  if (installed === undefined) install();
  return () => {
    WATCHERS.delete(watcher);
    if (WATCHERS.size === 0) uninstall();
  };
}

function install(): void {
  const inner = tls.connect;
  original = inner;
  const connect = function (this: unknown, ...args: unknown[]): TLSSocket {
    const socket = (inner as (...a: unknown[]) => TLSSocket).apply(this, args);
    const target = targetFromArgs(args);
    for (const watcher of WATCHERS) watcher.watchClient(socket, target, connect);
    return socket;
  } as Connect;
  installed = connect;
  tls.connect = connect;
}

function uninstall(): void {
  // Someone may have wrapped ours since: then theirs stays, and ours passes through with no watcher.
  if (tls.connect === installed && original !== undefined) tls.connect = original;
  installed = undefined;
  original = undefined;
}
