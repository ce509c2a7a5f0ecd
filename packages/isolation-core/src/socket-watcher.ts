import { AsyncLocalStorage } from 'node:async_hooks';
import diagnosticsChannel from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { captureStack, type Clock } from '@ws-isolation/internal';
import type { RegistryEntry } from '@ws-isolation/registry';
import { raceDeadline } from './deadline';
import { describeTarget, targetFromArgs, type SocketTarget } from './socket-target';
import { CREATION_STACK } from './creation-stack';
import type { TimelineRecorder } from './timeline-recorder';

/** The diagnostics channels Node publishes new TCP sockets on. */
const CLIENT_SOCKET_CHANNEL = 'net.client.socket';
const SERVER_SOCKET_CHANNEL = 'net.server.socket';

type Side = 'client' | 'tls-client' | 'server';

/** Who made a socket, when it was made for something more telling than a TCP client (a page's WebSocket). */
export interface SocketCreator {
  readonly kind: string;
  /** Goes before the socket's own endpoints in the label, e.g. `page WebSocket ws://127.0.0.1:4000/`. */
  readonly label: string;
  /** The creation stack to report instead of the socket's own (the line that made the WebSocket). */
  readonly stack: string;
  /** Filled with the sockets it opens, so its owner can destroy them. */
  readonly opened: Set<Socket>;
}

interface WatchedSocket {
  readonly id: string;
  readonly side: Side;
  readonly socket: Socket;
  readonly scope: string;
  /** Formatted when a report reads it: most sockets close and nobody does. */
  readonly stack: () => string;
  readonly createdAt: number;
  readonly creator: SocketCreator | undefined;
  target: SocketTarget | undefined;
  /** Already reported when it was made (late work of an ended test): destroyed at its scope's end, not reported again. */
  reported: boolean;
  /** Resolves when the socket emits `close`. */
  readonly closed: Promise<void>;
  /** Resolves when a connection attempt ends: connected, or failed and closed. */
  readonly attempted: Promise<void>;
}

export interface SocketWatcherOptions {
  /** The scope a socket created now belongs to, or undefined when it is none of ours (no test of this file is running). */
  scopeNow(): string | undefined;
  clock: Clock;
  /**
   * Called synchronously when a client socket is made: a callback to report it
   * with when the code running now is late work of a test that already ended,
   * else undefined. The callback gets the entry once the target is known.
   */
  lateOwner?(): ((entry: RegistryEntry) => void) | undefined;
  /** Debug lines (built lazily). */
  debug?(message: () => string): void;
  /** Records each socket's life, when the isolation runner asked for a timeline. */
  timeline?: TimelineRecorder | undefined;
}

/** What `settle()` is told about the scope's end. */
export interface SettleOptions {
  /** How long an open socket may take to close on its own. */
  graceMs: number;
  /** How long a connection still being attempted (DNS, TCP connect) is followed before it is judged. */
  connectMs: number;
  /** Accepted connections not to report (those of a server that is itself reported). */
  quiet?(socket: Socket): boolean;
}

/**
 * Sees raw TCP sockets that tests open without ws-isolation (a plain `ws`
 * client, `net.connect`, `tls.connect` through `watchClient`, and connections
 * an in-process server accepts), and destroys the ones left open. The
 * channels are process-wide, so only sockets made while `scopeNow()` names a
 * scope are recorded.
 */
export class SocketWatcher {
  readonly #options: SocketWatcherOptions;
  readonly #records = new Map<Socket, WatchedSocket>();
  /** Local endpoints of every client socket seen, so the server side of our own client is not reported twice. */
  readonly #clientEndpoints = new Set<string>();
  #nextId = 1;
  #watching = false;
  /** Async context, not a field: jsdom opens a page socket's TCP connection later, from a promise. */
  readonly #creator = new AsyncLocalStorage<SocketCreator>();

  constructor(options: SocketWatcherOptions) {
    this.#options = options;
  }

  readonly #onClient = (message: unknown): void => {
    this.#record((message as { socket?: Socket } | null)?.socket, 'client', this.#onClient);
  };
  readonly #onServer = (message: unknown): void => {
    this.#record((message as { socket?: Socket } | null)?.socket, 'server', this.#onServer);
  };

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
    this.#creator.disable();
  }

  /** Records a client socket that no channel publishes (a `tls.connect()` socket), with its target. */
  watchClient(socket: Socket, target: SocketTarget | undefined, above: (...args: never[]) => unknown): void {
    if (!this.#watching) return;
    const record = this.#record(socket, 'tls-client', above);
    if (record !== undefined && target !== undefined) record.target = target;
  }

  /**
   * Runs `make` with `creator` naming the sockets it opens, then or later
   * from work it starts. Those sockets are the creator's to report (a page
   * WebSocket is tracked in the registry): they are destroyed with their
   * scope, never reported here.
   */
  withCreator<T>(creator: SocketCreator, make: () => T): T {
    return this.#creator.run(creator, make);
  }

  /** Sockets of a scope (or all) that are still open, as report entries. */
  list(scope?: string): RegistryEntry[] {
    return this.#select(scope).map((record) => this.#entry(record));
  }

  /** Whether a socket of `scope` is still open: what `list(scope)` would find, without listing it. */
  hasOpen(scope: string): boolean {
    if (this.#records.size === 0) return false;
    for (const record of this.#records.values()) if (record.scope === scope && !record.socket.destroyed) return true;
    return false;
  }

  /**
   * Follows connections still being attempted in a scope (or all) to their
   * outcome, at most `connectMs`; gives open sockets `graceMs` to close on
   * their own; then destroys the rest and returns them as leaks. Destroyed
   * but not reported: the server side of a connection whose client side we
   * saw (the client is the leak), sockets `quiet` names, sockets reported
   * when they were made, and unref'd sockets, which is how HTTP keep-alive
   * pools (http.Agent, fetch) park idle sockets: they cannot keep the process
   * alive, and every test that makes an HTTP request leaves one.
   */
  async settle(scope: string | undefined, options: SettleOptions): Promise<RegistryEntry[]> {
    const open = this.#select(scope);
    if (open.length === 0) return [];
    const { clock, debug } = this.#options;
    const connecting = open.filter((record) => record.socket.connecting);
    if (connecting.length > 0) {
      debug?.(() => `Following ${connecting.length} connection attempt(s) for up to ${options.connectMs} ms`);
      await raceDeadline(Promise.all(connecting.map((record) => record.attempted)), options.connectMs, clock, () => []);
    }
    const left = open.filter((record) => !record.socket.destroyed);
    debug?.(() => `Waiting up to ${options.graceMs} ms for ${left.length} socket(s) of scope ${scope ?? '*'} to close`);
    // A socket that is still connecting had its bound already; it is judged now.
    const waiting = left.filter((record) => !record.socket.connecting).map((record) => record.closed);
    if (waiting.length > 0) await raceDeadline(Promise.all(waiting), options.graceMs, clock, () => []);
    const leaked = left.filter((record) => !record.socket.destroyed);
    const reported = leaked
      .filter(
        (record) =>
          !record.reported &&
          !this.#isOwnPeer(record) &&
          !(record.side === 'server' && options.quiet?.(record.socket) === true) &&
          holdsProcess(record.socket),
      )
      .map((record) => this.#entry(record));
    for (const record of leaked) this.#destroy(record);
    return reported;
  }

  #record(socket: Socket | undefined, side: Side, above: (...args: never[]) => unknown): WatchedSocket | undefined {
    const scope = this.#options.scopeNow();
    if (scope === undefined || socket === undefined || this.#records.has(socket)) return undefined;
    const id = `socket-${this.#nextId++}`;
    const closed = new Promise<void>((resolve) => {
      socket.once('close', () => {
        this.#records.delete(socket);
        this.#options.debug?.(() => `Socket ${id} closed`);
        this.#options.timeline?.ended('closed', id);
        resolve();
      });
    });
    const attempted = new Promise<void>((resolve) => {
      socket.once('connect', () => resolve());
      void closed.then(resolve);
    });
    const creator = side === 'server' ? undefined : this.#creator.getStore();
    if (creator !== undefined) {
      creator.opened.add(socket);
      socket.once('close', () => creator.opened.delete(socket));
    }
    const record: WatchedSocket = {
      id,
      side,
      socket,
      scope,
      stack: creator === undefined ? captureStack(above, CREATION_STACK) : () => creator.stack,
      createdAt: Date.now(),
      creator,
      target: undefined,
      reported: creator !== undefined,
      closed,
      attempted,
    };
    this.#records.set(socket, record);
    if (side !== 'server') this.#watchConnect(record);
    this.#recordTimeline(record);
    this.#options.debug?.(() => `Watching ${side} socket ${id} in scope ${scope}`);
    return record;
  }

  #watchConnect(record: WatchedSocket): void {
    const { socket } = record;
    socket.once('connect', () => this.#clientEndpoints.add(localEndpoint(socket)));
    if (record.side === 'client') captureTarget(record);
    if (record.creator !== undefined) return;
    const report = this.#options.lateOwner?.();
    if (report !== undefined) {
      record.reported = true;
      // After the creating call returned, so connect() has named the target.
      queueMicrotask(() => report(this.#entry(record)));
    }
  }

  /** A socket a tracked instance made is drawn as that instance: only the others get lanes of their own. */
  #recordTimeline(record: WatchedSocket): void {
    const timeline = this.#options.timeline;
    if (timeline === undefined || record.creator !== undefined) return;
    timeline.created(this.#entry(record));
    record.socket.once('connect', () => timeline.state(record.id, record.socket.readyState));
  }

  #isOwnPeer(record: WatchedSocket): boolean {
    if (record.side !== 'server') return false;
    for (const client of this.#records.values()) {
      if (client.side !== 'server' && !client.socket.destroyed) this.#clientEndpoints.add(localEndpoint(client.socket));
    }
    return this.#clientEndpoints.has(remoteEndpoint(record.socket));
  }

  #destroy(record: WatchedSocket): void {
    this.#options.debug?.(
      () =>
        `Destroying ${record.side} socket ${record.id} (${describeSocket(record)}${holdsProcess(record.socket) ? '' : ", unref'd"})`,
    );
    this.#records.delete(record.socket);
    this.#options.timeline?.ended('forced', record.id);
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
      kind: record.creator?.kind ?? (record.side === 'server' ? 'server-socket' : 'socket'),
      label: describeSocket(record),
      state: record.socket.readyState,
      stack: record.stack(),
      scope: record.scope,
      createdAt: record.createdAt,
    };
  }
}

/**
 * `net.connect()` publishes its socket before it calls `connect()` on it, so
 * the target is read from that one call: an own `connect` on this instance
 * that records its arguments and removes itself.
 */
function captureTarget(record: WatchedSocket): void {
  const { socket } = record;
  const inherited = socket.connect;
  const capture = function (this: Socket, ...args: unknown[]): Socket {
    delete (socket as { connect?: unknown }).connect;
    record.target = targetFromArgs(args);
    return (inherited as (...a: unknown[]) => Socket).apply(this, args);
  };
  Object.defineProperty(socket, 'connect', { value: capture, configurable: true, writable: true });
}

/**
 * Whether the socket keeps the event loop alive. Node has no public API for
 * this on a socket; the handle's `hasRef()` says it (for a TLS socket, the
 * TCP handle under its TLS wrap, `_parent`), and without one the socket
 * counts as holding the process (reported rather than missed).
 */
function holdsProcess(socket: Socket): boolean {
  type Handle = { hasRef?: () => boolean; _parent?: Handle | null } | null | undefined;
  const handle = (socket as unknown as { _handle?: Handle })._handle;
  const refs = typeof handle?.hasRef === 'function' ? handle : handle?._parent;
  return typeof refs?.hasRef === 'function' ? refs.hasRef() : true;
}

function describeSocket(record: WatchedSocket): string {
  const { socket } = record;
  if (record.side === 'server') return `accepted TCP connection ${localEndpoint(socket)} <- ${remoteEndpoint(socket)}`;
  const what = record.side === 'tls-client' ? 'TLS client' : 'TCP client';
  const asked = describeTarget(record.target);
  const wire =
    socket.remotePort === undefined
      ? `${what} -> ${asked} (${socket.connecting ? 'still connecting' : 'not connected'})`
      : `${what} ${localEndpoint(socket)} -> ${remoteEndpoint(socket)} (asked for ${asked})`;
  return record.creator === undefined ? wire : `${record.creator.label} over ${wire}`;
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
