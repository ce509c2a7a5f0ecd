import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import type { RegistryClock, RegistryEntry } from '@ws-isolation/registry';
import { raceDeadline } from './deadline';
import { captureStack } from './stack';

/** The diagnostics channels Node publishes new TCP sockets on. */
export const CLIENT_SOCKET_CHANNEL = 'net.client.socket';
export const SERVER_SOCKET_CHANNEL = 'net.server.socket';

type Side = 'client' | 'server';

interface WatchedSocket {
  readonly id: string;
  readonly side: Side;
  readonly socket: Socket;
  readonly scope: string;
  readonly stack: string;
  readonly createdAt: number;
  /** Resolves when the socket emits `close`. */
  readonly closed: Promise<void>;
}

export interface SocketWatcherOptions {
  /** The scope a socket created now belongs to, or undefined when it is none of ours (no test of this file is running). */
  scopeNow(): string | undefined;
  clock: RegistryClock;
  /** Debug lines (built lazily). */
  debug?(message: () => string): void;
}

/**
 * Sees raw TCP sockets that tests open without ws-isolation (a plain `ws`
 * client, `net.connect`, and connections an in-process server accepts), and
 * destroys the ones left open. The channels are process-wide, so only sockets
 * made while `scopeNow()` names a scope are recorded.
 */
export class SocketWatcher {
  readonly #options: SocketWatcherOptions;
  readonly #records = new Map<Socket, WatchedSocket>();
  /** Local endpoints of every client socket seen, so the server side of our own client is not reported twice. */
  readonly #clientEndpoints = new Set<string>();
  #nextId = 1;
  #watching = false;

  constructor(options: SocketWatcherOptions) {
    this.#options = options;
  }

  readonly #onClient = (message: unknown): void => this.#record(message, 'client', this.#onClient);
  readonly #onServer = (message: unknown): void => this.#record(message, 'server', this.#onServer);

  start(): void {
    if (this.#watching) return;
    this.#watching = true;
    diagnosticsChannel.subscribe(CLIENT_SOCKET_CHANNEL, this.#onClient);
    diagnosticsChannel.subscribe(SERVER_SOCKET_CHANNEL, this.#onServer);
  }

  stop(): void {
    if (!this.#watching) return;
    this.#watching = false;
    diagnosticsChannel.unsubscribe(CLIENT_SOCKET_CHANNEL, this.#onClient);
    diagnosticsChannel.unsubscribe(SERVER_SOCKET_CHANNEL, this.#onServer);
  }

  /** Sockets of a scope (or all) that are still open, as report entries. */
  list(scope?: string): RegistryEntry[] {
    return this.#select(scope).map((record) => this.#entry(record));
  }

  /**
   * Gives the open sockets of a scope (or all) `graceMs` to close on their
   * own, then destroys the rest and returns them as leaks. Destroyed but not
   * reported: the server side of a connection whose client side we saw (the
   * client is the leak), and unref'd sockets, which is how HTTP keep-alive
   * pools (http.Agent, fetch) park idle sockets: they cannot keep the process
   * alive, and every test that makes an HTTP request leaves one.
   */
  async settle(scope: string | undefined, graceMs: number): Promise<RegistryEntry[]> {
    const open = this.#select(scope);
    if (open.length === 0) return [];
    this.#options.debug?.(
      () => `Waiting up to ${graceMs} ms for ${open.length} socket(s) of scope ${scope ?? '*'} to close`,
    );
    await raceDeadline(Promise.all(open.map((record) => record.closed)), graceMs, this.#options.clock, () => []);
    const leaked = open.filter((record) => !record.socket.destroyed);
    const reported = leaked
      .filter((record) => !this.#isOwnPeer(record) && holdsProcess(record.socket))
      .map((record) => this.#entry(record));
    for (const record of leaked) this.#destroy(record);
    return reported;
  }

  #record(message: unknown, side: Side, subscriber: (message: unknown) => void): void {
    const socket = (message as { socket?: Socket } | null)?.socket;
    const scope = this.#options.scopeNow();
    if (scope === undefined || socket === undefined || this.#records.has(socket)) return;
    const id = `socket-${this.#nextId++}`;
    const closed = new Promise<void>((resolve) => {
      socket.once('close', () => {
        this.#records.delete(socket);
        this.#options.debug?.(() => `Socket ${id} closed`);
        resolve();
      });
    });
    if (side === 'client') socket.once('connect', () => this.#clientEndpoints.add(localEndpoint(socket)));
    const record: WatchedSocket = {
      id,
      side,
      socket,
      scope,
      stack: captureStack(subscriber),
      createdAt: Date.now(),
      closed,
    };
    this.#records.set(socket, record);
    this.#options.debug?.(() => `Watching ${side} socket ${id} in scope ${scope}`);
  }

  #isOwnPeer(record: WatchedSocket): boolean {
    if (record.side !== 'server') return false;
    for (const client of this.#records.values()) {
      if (client.side === 'client' && !client.socket.destroyed) this.#clientEndpoints.add(localEndpoint(client.socket));
    }
    return this.#clientEndpoints.has(remoteEndpoint(record.socket));
  }

  #destroy(record: WatchedSocket): void {
    this.#options.debug?.(
      () =>
        `Destroying ${record.side} socket ${record.id} (${describeSocket(record)}${holdsProcess(record.socket) ? '' : ", unref'd"})`,
    );
    this.#records.delete(record.socket);
    try {
      record.socket.destroy();
    } catch {
      // A socket that cannot be destroyed is still reported; nothing else to do.
    }
  }

  #select(scope: string | undefined): WatchedSocket[] {
    const open = [...this.#records.values()].filter((record) => !record.socket.destroyed);
    return scope === undefined ? open : open.filter((record) => record.scope === scope);
  }

  #entry(record: WatchedSocket): RegistryEntry {
    return {
      id: record.id,
      kind: record.side === 'client' ? 'socket' : 'server-socket',
      label: describeSocket(record),
      state: record.socket.readyState,
      stack: record.stack,
      scope: record.scope,
      createdAt: record.createdAt,
    };
  }
}

/**
 * Whether the socket keeps the event loop alive. Node has no public API for
 * this on a socket; the handle's `hasRef()` says it, and without it the socket
 * counts as holding the process (reported rather than missed).
 */
function holdsProcess(socket: Socket): boolean {
  const handle = (socket as unknown as { _handle?: { hasRef?: () => boolean } | null })._handle;
  return typeof handle?.hasRef === 'function' ? handle.hasRef() : true;
}

function describeSocket(record: WatchedSocket): string {
  const { socket } = record;
  if (record.side === 'server') return `accepted TCP connection ${localEndpoint(socket)} <- ${remoteEndpoint(socket)}`;
  return `TCP client ${localEndpoint(socket)} -> ${remoteEndpoint(socket)}`;
}

function localEndpoint(socket: Socket): string {
  return endpoint(socket.localAddress, socket.localPort);
}

function remoteEndpoint(socket: Socket): string {
  return endpoint(socket.remoteAddress, socket.remotePort);
}

function endpoint(address: string | undefined, port: number | undefined): string {
  if (address === undefined || port === undefined) return '(not connected)';
  // A dual-stack server sees IPv4 peers as ::ffff:a.b.c.d; the client sees a.b.c.d.
  const plain = address.startsWith('::ffff:') ? address.slice('::ffff:'.length) : address;
  return plain.includes(':') ? `[${plain}]:${port}` : `${plain}:${port}`;
}
