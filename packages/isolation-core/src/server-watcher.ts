import diagnosticsChannel from 'node:diagnostics_channel';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Server, Socket } from 'node:net';
import tls from 'node:tls';
import { captureStack, type Clock } from '@ws-isolation/internal';
import type { RegistryEntry } from '@ws-isolation/registry';
import { raceDeadline } from './deadline';
import { CREATION_STACK } from './creation-stack';
import type { TimelineRecorder } from './timeline-recorder';

/** The tracing channel Node (20.12 and later) publishes every `server.listen()` call on. */
const SERVER_LISTEN_CHANNEL = 'tracing:net.server.listen:asyncStart';

interface WatchedServer {
  readonly id: string;
  readonly server: Server;
  readonly scope: string;
  /** Formatted when a report reads it. */
  readonly stack: () => string;
  readonly createdAt: number;
  /** Connections the server accepted, so closing it can destroy them: `close()` alone waits for every one. */
  readonly connections: Set<Socket>;
}

export interface ServerWatcherOptions {
  /** The scope a server started now belongs to, or undefined when it is none of ours. */
  scopeNow(): string | undefined;
  clock: Clock;
  debug?(message: () => string): void;
  /** Records each server's life, when the isolation runner asked for a timeline. */
  timeline?: TimelineRecorder | undefined;
}

/**
 * Sees every `net.Server` (so `http`, `https`, `tls` and `ws` servers) that
 * starts listening while a scope is active, and closes the ones still
 * listening when their scope ends: their connections are destroyed first, so
 * the close is bounded, and each one is a leak at the line that started it.
 */
export class ServerWatcher {
  readonly #options: ServerWatcherOptions;
  readonly #records = new Map<Server, WatchedServer>();
  #nextId = 1;
  #watching = false;

  constructor(options: ServerWatcherOptions) {
    this.#options = options;
  }

  readonly #onListen = (message: unknown): void => {
    const server = (message as { server?: Server } | null)?.server;
    const scope = this.#options.scopeNow();
    if (server === undefined || scope === undefined || this.#records.has(server)) return;
    const record: WatchedServer = {
      id: `server-${this.#nextId++}`,
      server,
      scope,
      stack: captureStack(this.#onListen, CREATION_STACK),
      createdAt: Date.now(),
      connections: new Set(),
    };
    const onConnection = (socket: Socket): void => {
      record.connections.add(socket);
      socket.once('close', () => record.connections.delete(socket));
    };
    server.on('connection', onConnection);
    server.once('close', () => {
      server.off('connection', onConnection);
      this.#records.delete(server);
      this.#options.timeline?.ended('closed', record.id);
    });
    this.#records.set(server, record);
    // The listen event comes before `listening` is set: the server is listening from here on.
    this.#options.timeline?.created({ ...entry(record), state: 'listening' });
    this.#options.debug?.(() => `Watching ${record.id} (${serverKind(server)}) in scope ${scope}`);
  };

  start(): void {
    if (this.#watching) return;
    this.#watching = true;
    diagnosticsChannel.subscribe(SERVER_LISTEN_CHANNEL, this.#onListen);
  }

  stop(): void {
    if (!this.#watching) return;
    this.#watching = false;
    diagnosticsChannel.unsubscribe(SERVER_LISTEN_CHANNEL, this.#onListen);
  }

  /** Servers of a scope (or all) that are still listening, as report entries. */
  list(scope?: string): RegistryEntry[] {
    return this.#listening(scope).map((record) => entry(record));
  }

  /** Whether a server of `scope` is still listening: what `list(scope)` would find, without listing it. */
  hasListening(scope: string): boolean {
    if (this.#records.size === 0) return false;
    for (const record of this.#records.values()) if (record.scope === scope && record.server.listening) return true;
    return false;
  }

  /** Whether `socket` was accepted by a server of the scope (or any) that is still listening. */
  accepted(scope: string | undefined): (socket: Socket) => boolean {
    const servers = this.#listening(scope);
    return (socket) => servers.some((record) => record.connections.has(socket));
  }

  /**
   * Closes the servers of a scope (or all) that are still listening, destroys
   * their connections, waits for the closes at most `timeoutMs`, and returns
   * them as leaks. A server being closed is not listening: it is not one.
   */
  async settle(scope: string | undefined, timeoutMs: number): Promise<RegistryEntry[]> {
    const leaked = this.#listening(scope);
    if (leaked.length === 0) return [];
    const entries = leaked.map((record) => entry(record));
    const closes = leaked.map((record) => this.#close(record));
    await raceDeadline(Promise.all(closes), timeoutMs, this.#options.clock, () => []);
    return entries;
  }

  #close(record: WatchedServer): Promise<void> {
    this.#options.debug?.(() => `Closing ${record.id} (${describeServer(record.server)})`);
    // Cleanup closes it because its test did not: forced, even if the close itself goes well.
    this.#options.timeline?.ended('forced', record.id);
    const closed = new Promise<void>((resolve) => {
      try {
        record.server.close(() => resolve());
      } catch {
        resolve();
      }
    });
    for (const socket of record.connections) socket.destroy();
    record.connections.clear();
    return closed;
  }

  #listening(scope: string | undefined): WatchedServer[] {
    const open = [...this.#records.values()].filter((record) => record.server.listening);
    return scope === undefined ? open : open.filter((record) => record.scope === scope);
  }
}

function entry(record: WatchedServer): RegistryEntry {
  return {
    id: record.id,
    kind: 'server',
    label: describeServer(record.server),
    state: record.server.listening ? 'listening' : 'closed',
    stack: record.stack(),
    scope: record.scope,
    createdAt: record.createdAt,
  };
}

function serverKind(server: Server): string {
  if (server instanceof https.Server) return 'HTTPS server';
  if (server instanceof http.Server) return 'HTTP server';
  if (server instanceof tls.Server) return 'TLS server';
  return 'TCP server';
}

function describeServer(server: Server): string {
  const address = server.address();
  if (address === null) return `${serverKind(server)} (not bound)`;
  if (typeof address === 'string') return `${serverKind(server)} listening on ${address}`;
  const { address: host, port } = address as AddressInfo;
  return `${serverKind(server)} listening on ${host.includes(':') ? `[${host}]` : host}:${port}`;
}
