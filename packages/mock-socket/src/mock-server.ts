import type { IncomingMessage } from 'node:http';
import { AsyncResource } from 'node:async_hooks';
import { EventEmitter } from 'eventemitter3';
import { unfakeableClock } from '@ws-isolation/internal';
import { getRegistry } from '@ws-isolation/registry';
import type { MockClock } from './clock';
import { MockSocketError, MockSocketErrorCode } from './errors';
import { FaultSet, type FaultOptions, type ServerFault } from './faults';
import { chooseProtocol, verifyClient } from './handshake';
import { nextId } from './ids';
import { Inbox } from './inbox';
import { afterDeliveries, DeliveryGroup, enqueueDelivery } from './delivery-queue';
import { guarded, nextHop } from './microtask';
import { getMockNetwork, type ConnectAttempt, type NetworkServer } from './network';
import { abortHandshake, responseHeaders } from './upgrade-response';
import {
  inboundOf,
  joinBroadcast,
  openSocket,
  sendPayload,
  MockServerSocket,
  type ReceivedMessage,
  type ServerSocketHost,
  CONTEXT_NAME,
  type WaitOptions,
} from './server-socket';
import { encodeServerData } from './server-data';
import { readWaitMs, readWaitOptions } from './wait-options';
import {
  liveOptions,
  resolveServerOptions,
  type HttpServerLike,
  type MockServerLiveOptions,
  type MockServerOptions,
  type ResolvedServerOptions,
} from './server-options';
import { createUpgradeRequest, type MockUpgradeRequest } from './upgrade-request';
import { asUpgradeSocket, completeUpgradeOn, isUpgraded, isUpgradePending, upgradeAttempt } from './upgrade-socket';
import type { MockUpgradeSocket } from './upgrade-socket';
import { originKey } from './websocket-url';

/** Events of a mock server, as `ws`'s WebSocketServer emits them (plus `crash`). */
export interface MockServerEvents {
  connection: (socket: MockServerSocket, request: MockUpgradeRequest) => void;
  /** The response header lines, before they are sent, as in `ws` (emitted only when listened to). */
  headers: (headers: string[], request: MockUpgradeRequest) => void;
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

/** What `handleUpgrade` calls with the new connection, as in `ws`. */
export type UpgradeCallback = (socket: MockServerSocket, request: MockUpgradeRequest) => void;

/** What a server's connections call on it (set in `MockServer`'s static block, which can reach its private members). */
let serverSide: {
  received(server: MockServer, message: ReceivedMessage): void;
  opened(server: MockServer, socket: MockServerSocket): void;
  closed(server: MockServer, socket: MockServerSocket): void;
};

/**
 * A server as its connections see it. One class for every server, with its
 * methods on the prototype: an object of closures made per server would give
 * each server's connections code of their own to optimize, thrown away with
 * the server.
 */
class SocketHost implements ServerSocketHost {
  readonly clock: MockClock;
  readonly context = new AsyncResource(CONTEXT_NAME);
  readonly faults: FaultSet;
  readonly #server: MockServer;

  constructor(server: MockServer) {
    this.#server = server;
    this.clock = server.clock;
    this.faults = server.faults;
  }

  get maxPayload(): number {
    return this.#server.maxPayload;
  }
  socketReceived(_socket: MockServerSocket, message: ReceivedMessage): void {
    serverSide.received(this.#server, message);
  }
  socketOpened(socket: MockServerSocket): void {
    serverSide.opened(this.#server, socket);
  }
  socketClosed(socket: MockServerSocket): void {
    serverSide.closed(this.#server, socket);
  }
}

/**
 * An in-memory server with the `ws` WebSocketServer API: server code written
 * for `ws` runs on it unchanged. It listens on the ambient mock network (or,
 * with `server`, takes the upgrades of an in-process HTTP server; with
 * `noServer`, those handed to `handleUpgrade()`), is tracked in the ambient
 * registry (kind `mock-server`), and frees its URL when it closes.
 *
 * @example
 * const server = new MockServer({ url: 'ws://localhost:8080' });
 * server.on('connection', (socket) => socket.on('message', (data) => socket.send(data)));
 */
export class MockServer extends EventEmitter<MockServerEvents> {
  /**
   * The server that closed last, held until another closes. A server and its
   * connections make objects of some twenty classes; once a full collection
   * finds none of them alive (between two tests, each with a server of its own),
   * V8 drops their hidden classes and the code it optimized for them, and the
   * next test's connections run unoptimized code again. Holding the last closed
   * server holds one of each. It costs the memory of that one server and what it
   * still references (its connections, its received messages, its listeners),
   * which the next server to close lets go; it holds no handle and no timer.
   */
  // Written, never read: holding it is the point.
  // eslint-disable-next-line no-unused-private-class-members
  static #lastClosed: MockServer | undefined;

  readonly id = nextId('mock-server');
  /** Open connections (removed when they close), as `ws`'s `server.clients`. */
  readonly clients = new Set<MockServerSocket>();
  /** The server's faults; see `fault()`. */
  readonly faults = new FaultSet('server');
  readonly clock: MockClock;
  /**
   * The options, as `ws` keeps them in `wss.options`: `handleProtocols`,
   * `verifyClient`, `path` and `maxPayload` are read at each handshake, so a
   * library can set them after construction (graphql-ws sets `handleProtocols`).
   */
  readonly options: MockServerLiveOptions;
  readonly #resolved: ResolvedServerOptions;
  readonly #connections = new Inbox<MockServerSocket>('a connection');
  readonly #messages = new Inbox<ReceivedMessage>('a message');
  readonly #untrack: () => void;
  readonly #closeWaiters = new Map<MockServerSocket, () => void>();
  readonly #host: ServerSocketHost;
  readonly #entry: NetworkServer;
  #detach: (() => void) | undefined;
  #state: MockServerState = 'listening';
  #accepted = 0;

  constructor(options: MockServerOptions = {}) {
    super();
    const network = getMockNetwork();
    this.#resolved = resolveServerOptions(options, (scheme) => network.allocatePort(scheme));
    this.clock = this.#resolved.clock ?? unfakeableClock;
    this.options = liveOptions(this.#resolved, options);
    this.#host = new SocketHost(this);
    const { url, server } = this.#resolved;
    // A server without a URL is on the network too, under a key no client dials, so resetMockNetwork() closes it.
    this.#entry = {
      key: url === undefined ? `upgrades-only:${this.id}` : originKey(url),
      url: url?.href ?? '',
      connect: (attempt) => this.#connect(attempt),
      close: () => this.close(),
    };
    network.listen(this.#entry);
    this.#untrack = getRegistry().track(this.#trackedHandle(), { createdBy: new.target });
    if (server !== undefined) this.#detach = this.#attach(server);
    else if (url !== undefined) nextHop(() => this.emit('listening'));
  }

  /**
   * Where clients connect: the URL on the mock network; with `server`, the
   * HTTP server's loopback address and `path` once it listens (else `''`);
   * with `noServer`, `''`.
   */
  get url(): string {
    if (this.#resolved.url !== undefined) return this.#entry.url;
    const address: unknown = this.#resolved.server?.address();
    if (address === null || typeof address !== 'object') return '';
    const { port } = address as { port: number };
    return `ws://127.0.0.1:${port}${this.#resolved.path ?? '/'}`;
  }

  get state(): MockServerState {
    return this.#state;
  }

  /** The largest message a client may send, in bytes (0: no limit); `options.maxPayload`, as in `ws`. */
  get maxPayload(): number {
    const value = this.options.maxPayload;
    return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : this.#resolved.maxPayload;
  }

  /** Every connection this server accepted, open or closed, in order. */
  get connections(): readonly MockServerSocket[] {
    return this.#connections.items;
  }

  /** Every message from every connection, in arrival order. */
  get messages(): readonly ReceivedMessage[] {
    return this.#messages.items;
  }

  /**
   * As `ws`: `{ address, family, port }`; with `server`, the HTTP server's
   * address. With `noServer` it throws ERR_WSI_NO_SERVER, as `ws` throws.
   */
  address(): { address: string; family: string; port: number } {
    const { url, mode, server } = this.#resolved;
    if (mode === 'noServer')
      throw new MockSocketError(MockSocketErrorCode.NO_SERVER, 'The mock server is operating in "noServer" mode');
    if (url === undefined) return server?.address() as { address: string; family: string; port: number };
    const { hostname, port, protocol } = url;
    return {
      address: hostname,
      family: hostname.includes(':') ? 'IPv6' : 'IPv4',
      port: Number(port || (protocol === 'wss:' ? 443 : 80)),
    };
  }

  /** As `ws`: whether this server takes a request for `request.url` (its `path`, if one is set). */
  shouldHandle(request: { url?: string }): boolean {
    const path = this.options.path;
    if (typeof path !== 'string' || path === '') return true;
    const target = request.url ?? '/';
    const query = target.indexOf('?');
    return (query === -1 ? target : target.slice(0, query)) === path;
  }

  /**
   * As `ws`: completes the handshake of an upgrade request that an HTTP
   * server's `upgrade` listener got for a `MockWebSocket`, then calls
   * `callback(socket, request)` (which usually emits `connection`). A path
   * this server does not take is answered with 400 and `verifyClient` runs
   * first, as in `ws`. A socket from a real client cannot join the mock
   * network: it is destroyed. Completing the same request twice throws
   * ERR_WSI_UPGRADE_HANDLED.
   *
   * @example
   * httpServer.on('upgrade', (request, socket, head) =>
   *   wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request)));
   */
  handleUpgrade(
    request: MockUpgradeRequest | IncomingMessage,
    socket: unknown,
    head: Buffer,
    callback: UpgradeCallback,
  ): void {
    void head;
    const standIn = asUpgradeSocket(socket);
    if (standIn === undefined) {
      (socket as { destroy?: () => void } | null)?.destroy?.();
      return;
    }
    if (isUpgraded(standIn))
      throw new MockSocketError(
        MockSocketErrorCode.UPGRADE_HANDLED,
        'handleUpgrade() was called more than once with the same socket',
      );
    // Only the mock's own upgrade requests come with a stand-in socket; Node's types call them IncomingMessage.
    this.#handshake(upgradeAttempt(standIn), request as MockUpgradeRequest, standIn, callback);
  }

  /** The next connection not yet returned by `nextConnection()`; one made before the call counts. */
  nextConnection(options?: WaitOptions): Promise<MockServerSocket> {
    return settle(() => this.#connections.next(readWaitMs('nextConnection()', options)));
  }

  /** The nth connection (from 1) this server accepted, once it exists. */
  waitForConnection(options?: WaitForConnectionOptions): Promise<MockServerSocket> {
    return settle(() => {
      const { timeoutMs, given, read } = readWaitOptions('waitForConnection()', options, ['nth']);
      const nth = read.count('nth', given.nth, 1) ?? 1;
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
    // A text message is queued once for every client that can take it at once: each still gets a
    // turn of its own, in this order, from the group's one place in the queue.
    const group = payload.text === undefined ? undefined : new DeliveryGroup();
    let reached = 0;
    for (const socket of this.clients) {
      if (socket.readyState !== 1) continue;
      if (group === undefined || !joinBroadcast(socket, group)) sendPayload(socket, payload);
      reached += 1;
    }
    if (group !== undefined && group.size > 0) enqueueDelivery(group, payload.text);
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
    // One more turn of the delivery queue: the clients' last frames (queued before it) have arrived.
    return Promise.all(closing)
      .then(() => new Promise<void>((resolve) => afterDeliveries(resolve)))
      .then(() => {
        this.emit('close');
        if (callback !== undefined) guarded(() => callback());
      });
  }

  /** Stops at once: frees the URL and drops every connection. */
  terminate(): void {
    if (this.#state !== 'closed') this.#stop();
    for (const socket of [...this.clients]) socket.terminate();
  }

  /** A client's handshake on the mock network (listening mode). */
  #connect(attempt: ConnectAttempt): void {
    if (this.#state !== 'listening' || this.faults.take('refuse') !== undefined) return attempt.refuse();
    const connect = (): void =>
      this.#handshake(attempt, createUpgradeRequest(attempt), undefined, this.#emitConnection);
    const delay = this.faults.take('delay-open');
    if (delay === undefined) return connect();
    // A client can give up only after `connect` returns, so only a delayed accept reads the signal (which saves the client making one).
    const timer = this.clock.setTimeout(() => {
      if (!attempt.signal.aborted) connect();
    }, delay);
    attempt.signal.addEventListener('abort', () => this.clock.clearTimeout(timer), { once: true });
  }

  readonly #emitConnection: UpgradeCallback = (socket, request) => this.emit('connection', socket, request);

  /** `ws`'s handshake from the path check on: `verifyClient`, then the 101 and the new connection. */
  #handshake(
    attempt: ConnectAttempt,
    request: MockUpgradeRequest,
    standIn: MockUpgradeSocket | undefined,
    callback: UpgradeCallback,
  ): void {
    if (!this.shouldHandle(request)) return refuseHandshake(attempt, standIn, 400);
    const hook = this.options.verifyClient;
    // Most servers have no hook: their handshake makes no closure and no `info`.
    if (typeof hook !== 'function') return this.#complete(attempt, request, standIn, callback);
    const info = { origin: request.headers.origin, secure: attempt.url.startsWith('wss:'), req: request };
    verifyClient(
      hook,
      info,
      () => this.#complete(attempt, request, standIn, callback),
      (status) => refuseHandshake(attempt, standIn, status),
    );
  }

  #complete(
    attempt: ConnectAttempt,
    request: MockUpgradeRequest,
    standIn: MockUpgradeSocket | undefined,
    callback: UpgradeCallback,
  ): void {
    // As ws: a request that was answered or whose socket is gone cannot be upgraded.
    if (standIn !== undefined && !isUpgradePending(standIn)) return void standIn.destroy();
    if (this.#state !== 'listening') return standIn === undefined ? attempt.refuse() : abortHandshake(standIn, 503);
    const protocol = chooseProtocol(this.options.handleProtocols, attempt.protocols, request);
    if (this.listenerCount('headers') > 0) this.emit('headers', responseHeaders(request, protocol), request);
    this.#accepted += 1;
    const socket = new MockServerSocket(`conn-${this.#accepted}`, protocol, attempt.client, this.#host);
    attempt.accept(inboundOf(socket));
    openSocket(socket);
    if (standIn !== undefined)
      completeUpgradeOn(standIn, { refuse: () => socket.terminate(), drop: () => socket.terminate() });
    this.clients.add(socket);
    guarded(() => callback(socket, request));
  }

  /** `server` mode: take the HTTP server's upgrades, and pass on its `listening` and `error`, as `ws` does. */
  #attach(server: HttpServerLike): () => void {
    const listeners = {
      upgrade: (request: MockUpgradeRequest, socket: unknown, head: Buffer) =>
        this.handleUpgrade(request, socket, head, this.#emitConnection),
      listening: () => this.emit('listening'),
      error: (error: Error) => this.emit('error', error),
    };
    for (const [event, listener] of Object.entries(listeners)) server.on(event, listener as () => void);
    return () => {
      for (const [event, listener] of Object.entries(listeners)) server.removeListener(event, listener as () => void);
    };
  }

  #socketReceived(message: ReceivedMessage): void {
    this.#messages.push(message);
  }

  // Handed out only now, so a client is OPEN by the time `nextConnection()` resolves.
  #socketOpened(socket: MockServerSocket): void {
    this.#connections.push(socket);
  }

  #socketClosed(socket: MockServerSocket): void {
    this.clients.delete(socket);
    const waiter = this.#closeWaiters.get(socket);
    this.#closeWaiters.delete(socket);
    waiter?.();
  }

  static {
    serverSide = {
      received: (server, message) => server.#socketReceived(message),
      opened: (server, socket) => server.#socketOpened(socket),
      closed: (server, socket) => server.#socketClosed(socket),
    };
  }

  #stop(): void {
    this.#state = 'closed';
    MockServer.#lastClosed = this;
    getMockNetwork().unlisten(this.#entry);
    this.#detach?.();
    this.#detach = undefined;
    this.#untrack();
    const closed = (): MockSocketError =>
      new MockSocketError(MockSocketErrorCode.CLOSED, `The mock server at ${this.url} closed`);
    this.#connections.close(closed);
    this.#messages.close(closed);
  }

  #closeOne(socket: MockServerSocket): Promise<void> {
    return new Promise<void>((resolve) => {
      // Real timers, not the injected clock: a manual clock nobody advances must not stall teardown.
      const timer = unfakeableClock.setTimeout(() => socket.terminate(), this.#resolved.closeTimeoutMs);
      this.#closeWaiters.set(socket, () => {
        unfakeableClock.clearTimeout(timer);
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
      describe: () =>
        `mock-server ${this.id} ${this.url || this.#resolved.mode} ${this.#state} (${this.clients.size} open)`,
      close: () => this.close(),
      terminate: () => this.terminate(),
    };
  }
}

/** Refuses a handshake: a mock-network client fails; an HTTP server's upgrade gets `status`. */
function refuseHandshake(attempt: ConnectAttempt, standIn: MockUpgradeSocket | undefined, status: number): void {
  if (standIn === undefined) attempt.refuse();
  else abortHandshake(standIn, status);
}

/** Runs a helper, turning bad input it throws into a rejection: helpers that wait always return a promise. */
function settle<T>(start: () => Promise<T>): Promise<T> {
  try {
    return start();
  } catch (error) {
    return Promise.reject(error);
  }
}
