import { EventEmitter } from 'eventemitter3';
import { getRegistry } from '@ws-isolation/registry';
import { nativeClock, type MockClock } from './clock';
import { invalidOption, MockSocketError, MockSocketErrorCode } from './errors';
import { FaultSet, type FaultOptions, type ServerFault } from './faults';
import { nextId } from './ids';
import { Inbox } from './inbox';
import { guarded, nextHop } from './microtask';
import { getMockNetwork, type ConnectAttempt, type NetworkServer } from './network';
import { MockServerSocket, type ReceivedMessage, type ServerSocketHost, type WaitOptions } from './server-socket';
import { encodeServerData } from './server-data';
import { readWaitMs } from './wait-options';
import { resolveServerOptions, type MockServerOptions, type ResolvedServerOptions } from './server-options';
import { createUpgradeRequest, type MockUpgradeRequest } from './upgrade-request';
import { originKey } from './websocket-url';

/** Events of a mock server, as `ws`'s WebSocketServer emits them (plus `crash`). */
export interface MockServerEvents {
  connection: (socket: MockServerSocket, request: MockUpgradeRequest) => void;
  listening: () => void;
  close: () => void;
  error: (error: Error) => void;
  crash: () => void;
}

/** `listening`, `crashed` (refuses connections until `restart()`), or `closed` (URL freed). */
export type MockServerState = 'listening' | 'crashed' | 'closed';

/** Options of `waitForConnection`. */
export interface WaitForConnectionOptions extends WaitOptions {
  /**
   * Which connection, counting from 1 since the server was made.
   * @default 1
   */
  nth?: number;
}

/**
 * An in-memory server with the `ws` WebSocketServer API: server code written
 * for `ws` runs on it unchanged. It listens on the ambient mock network, is
 * tracked in the ambient registry (kind `mock-server`), and frees its URL
 * when it closes.
 *
 * @example
 * const server = new MockServer({ url: 'ws://localhost:8080' });
 * server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
 */
export class MockServer extends EventEmitter<MockServerEvents> implements NetworkServer, ServerSocketHost {
  readonly url: string;
  readonly key: string;
  readonly id = nextId('mock-server');
  /** Open connections (removed when they close), as `ws`'s `server.clients`. */
  readonly clients = new Set<MockServerSocket>();
  /** The server's faults; see `fault()`. */
  readonly faults = new FaultSet('server');
  readonly clock: MockClock;
  /** The largest message a client may send, in bytes (0: no limit); see the `maxPayload` option. */
  readonly maxPayload: number;
  readonly #options: ResolvedServerOptions;
  readonly #connections = new Inbox<MockServerSocket>('a connection');
  readonly #messages = new Inbox<ReceivedMessage>('a message');
  readonly #untrack: () => void;
  readonly #closeWaiters = new Map<MockServerSocket, () => void>();
  #state: MockServerState = 'listening';

  constructor(options: MockServerOptions = {}) {
    super();
    const network = getMockNetwork();
    this.#options = resolveServerOptions(options, (scheme) => network.allocatePort(scheme));
    this.clock = this.#options.clock ?? nativeClock;
    this.maxPayload = this.#options.maxPayload;
    this.url = this.#options.url.href;
    this.key = originKey(this.#options.url);
    network.listen(this);
    this.#untrack = getRegistry().track(this.#trackedHandle(), { createdBy: new.target });
    nextHop(() => this.emit('listening'));
  }

  get state(): MockServerState {
    return this.#state;
  }

  /** Every connection this server accepted, open or closed, in order. */
  get connections(): readonly MockServerSocket[] {
    return this.#connections.items;
  }

  /** Every message from every connection, in arrival order. */
  get messages(): readonly ReceivedMessage[] {
    return this.#messages.items;
  }

  /** As `ws`: `{ address, family, port }`. */
  address(): { address: string; family: string; port: number } {
    const { hostname, port, protocol } = this.#options.url;
    return {
      address: hostname,
      family: hostname.includes(':') ? 'IPv6' : 'IPv4',
      port: Number(port || (protocol === 'wss:' ? 443 : 80)),
    };
  }

  /** The next connection not yet returned by `nextConnection()`; one made before the call counts. */
  nextConnection(options?: WaitOptions): Promise<MockServerSocket> {
    return settle(() => this.#connections.next(readWaitMs('nextConnection()', options)));
  }

  /** The nth connection (from 1) this server accepted, once it exists. */
  waitForConnection(options?: WaitForConnectionOptions): Promise<MockServerSocket> {
    return settle(() => {
      const timeoutMs = readWaitMs('waitForConnection()', options);
      const nth = options?.nth ?? 1;
      if (typeof nth !== 'number' || !Number.isSafeInteger(nth) || nth < 1)
        throw invalidOption('waitForConnection() option nth', 'an integer >= 1', nth);
      return this.#connections.at(nth - 1, timeoutMs);
    });
  }

  /** The next message (from any connection) not yet returned by `nextMessage()`. */
  nextMessage(options?: WaitOptions): Promise<ReceivedMessage> {
    return settle(() => this.#messages.next(readWaitMs('nextMessage()', options)));
  }

  /** Sends to every open connection; returns how many it reached. */
  broadcast(data: unknown, options: { binary?: boolean } = {}): number {
    // Bad data is refused even when nobody is connected, as it would be with someone connected.
    // Encoded once for every client.
    const payload = encodeServerData(data, options?.binary, 'broadcast(data)');
    let reached = 0;
    for (const socket of this.clients) {
      if (socket.readyState !== 1) continue;
      socket.sendPayload(payload);
      reached += 1;
    }
    return reached;
  }

  /**
   * Turns a fault on for this server; returns a function that turns it off.
   * @example const heal = server.fault('refuse'); … heal();
   */
  fault(name: ServerFault, options?: FaultOptions): () => void {
    return this.faults.set(name, options);
  }

  /** Turns every server fault off (connections' own faults stay). */
  clearFaults(): void {
    this.faults.clear();
  }

  /**
   * Simulates the server process dying: every connection drops (the clients
   * see error, then close 1006 `wasClean: false`) and new attempts are
   * refused until `restart()`. The URL stays taken.
   */
  crash(): void {
    if (this.#state !== 'listening') return;
    this.#state = 'crashed';
    for (const socket of [...this.clients]) socket.terminate();
    this.emit('crash');
  }

  /** Accepts connections again after `crash()`. */
  restart(): void {
    if (this.#state === 'crashed') this.#state = 'listening';
  }

  /**
   * Stops listening, frees the URL and closes every connection (code 1001),
   * terminating those that do not finish within `closeTimeoutMs`. Unlike
   * `ws` 8, open connections are not left behind. Resolves when all are closed.
   */
  close(callback?: (error?: Error) => void): Promise<void> {
    if (this.#state === 'closed') {
      // As ws 7 and 8: `close` is emitted again (a teardown's `once('close')` resolves), and the callback hears why.
      const error = new MockSocketError(MockSocketErrorCode.CLOSED, `The mock server at ${this.url} is not running`);
      if (callback !== undefined) this.once('close', () => guarded(() => callback(error)));
      nextHop(() => this.emit('close'));
      return Promise.resolve();
    }
    this.#stop();
    const sockets = [...this.clients];
    const closing = sockets.map((socket) => this.#closeOne(socket));
    return Promise.all(closing).then(() => {
      this.emit('close');
      if (callback !== undefined) guarded(() => callback());
    });
  }

  /** Stops at once: frees the URL and drops every connection. */
  terminate(): void {
    if (this.#state !== 'closed') this.#stop();
    for (const socket of [...this.clients]) socket.terminate();
  }

  /** @internal The network's entry point for a client's handshake. */
  connect(attempt: ConnectAttempt): void {
    if (this.#state !== 'listening' || !this.#pathAccepted(attempt.url) || this.faults.take('refuse') !== undefined) {
      attempt.refuse();
      return;
    }
    const delay = this.faults.take('delay-open');
    if (delay === undefined) return this.#accept(attempt);
    const timer = this.clock.setTimeout(() => {
      if (!attempt.signal.aborted) this.#accept(attempt);
    }, delay);
    attempt.signal.addEventListener('abort', () => this.clock.clearTimeout(timer), { once: true });
  }

  /** @internal */
  socketReceived(_socket: MockServerSocket, message: ReceivedMessage): void {
    this.#messages.push(message);
  }

  /** @internal */
  socketClosed(socket: MockServerSocket): void {
    this.clients.delete(socket);
    const waiter = this.#closeWaiters.get(socket);
    this.#closeWaiters.delete(socket);
    waiter?.();
  }

  /** A client can give up only after `connect` returns, so only a delayed accept reads the signal (which saves the client making one). */
  #accept(attempt: ConnectAttempt): void {
    if (this.#state !== 'listening') return attempt.refuse();
    const request = createUpgradeRequest(attempt);
    const protocol = this.#chooseProtocol(attempt.protocols, request);
    const socket = new MockServerSocket(`conn-${this.#connections.items.length + 1}`, protocol, attempt.client, this);
    attempt.accept(socket.inbound);
    socket.open();
    this.clients.add(socket);
    this.#connections.push(socket);
    guarded(() => this.emit('connection', socket, request));
  }

  #chooseProtocol(offered: readonly string[], request: MockUpgradeRequest): string {
    if (offered.length === 0) return '';
    const { handleProtocols } = this.#options;
    if (handleProtocols === undefined) return offered[0] ?? '';
    // As ws: whatever the hook returns is sent (nothing for a falsy value); the client judges it, and fails
    // the connection when it offered protocols and none, or one it never offered, comes back.
    const chosen: unknown = handleProtocols(new Set(offered), request);
    return chosen ? String(chosen) : '';
  }

  #pathAccepted(url: string): boolean {
    return this.#options.path === undefined || new URL(url).pathname === this.#options.path;
  }

  #stop(): void {
    this.#state = 'closed';
    getMockNetwork().unlisten(this);
    this.#untrack();
    const closed = (): MockSocketError =>
      new MockSocketError(MockSocketErrorCode.CLOSED, `The mock server at ${this.url} closed`);
    this.#connections.close(closed);
    this.#messages.close(closed);
  }

  #closeOne(socket: MockServerSocket): Promise<void> {
    return new Promise<void>((resolve) => {
      // Real timers, not the injected clock: a manual clock nobody advances must not stall teardown.
      const timer = nativeClock.setTimeout(() => socket.terminate(), this.#options.closeTimeoutMs);
      this.#closeWaiters.set(socket, () => {
        nativeClock.clearTimeout(timer);
        resolve();
      });
      socket.close(1001, 'server closing');
    });
  }

  #trackedHandle(): {
    id: string;
    kind: string;
    readonly state: string;
    describe(): string;
    close(): Promise<void>;
    terminate(): void;
  } {
    const readState = (): string => this.#state;
    return {
      id: this.id,
      kind: 'mock-server',
      get state() {
        return readState();
      },
      describe: () => `mock-server ${this.id} ${this.url} ${this.#state} (${this.clients.size} open)`,
      close: () => this.close(),
      terminate: () => this.terminate(),
    };
  }
}

/** Runs a helper, turning bad input it throws into a rejection: helpers that wait always return a promise. */
function settle<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (error) {
    return Promise.reject(error);
  }
}
