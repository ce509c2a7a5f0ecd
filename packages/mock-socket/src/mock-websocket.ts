import { getRegistry, TRACKED_HANDLE_KEY, type Registry, type TrackedInstance } from '@ws-isolation/registry';
import { validateClientClose } from './close-validation';
import { decodeForClient, encodeClientData, type ClientSendData, type MockBinaryType } from './data';
import { EventHandlerSlots } from './event-handlers';
import { deliverText, frameText, NO_BYTES_YET, type Frame, type FrameSink } from './frames';
import { nextId } from './ids';
import { defineReadyStateConstants } from './ready-state';
import { guarded, nextHop } from './microtask';
import { routeToHttpServer } from './http-route';
import { getMockNetwork, type ConnectAttempt } from './network';
import { readHeaders } from './request-headers';
import { fireClose, fireMessage, fireSimple, SocketEventTarget } from './socket-events';
import { parseClientUrl, parseProtocols, type ClientUrl } from './websocket-url';

/** Options beyond the WHATWG constructor, for `ws`-style callers. */
export interface MockWebSocketOptions {
  /**
   * Extra request headers the server sees on `request.headers` (names are lower-cased).
   * @example new MockWebSocket(url, [], { headers: { authorization: 'Bearer t' } })
   */
  headers?: Record<string, string>;
}

const STATE_NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'] as const;
type ReadyState = 0 | 1 | 2 | 3;

/** What the attempt and the tracked handle reach inside a socket; set by the class's static block. */
let clientSide: {
  receive(socket: MockWebSocket, frame: Frame): void;
  receiveText(socket: MockWebSocket, text: string): void;
  signal(socket: MockWebSocket): AbortSignal;
  accept(socket: MockWebSocket, sink: FrameSink): void;
  refuse(socket: MockWebSocket): void;
  closeForCleanup(socket: MockWebSocket): Promise<void>;
};

/**
 * An in-memory WebSocket client that follows the WHATWG standard: it connects
 * to a `MockServer` on the ambient mock network, and everything it does
 * (events, their order, `readyState`, close codes, DOMExceptions) is what a
 * browser does. Delivery is a turn per frame on the shared delivery queue, never a timer.
 *
 * @example
 * const server = new MockServer({ url: 'ws://localhost:8080' });
 * const socket = new MockWebSocket('ws://localhost:8080');
 * socket.onopen = () => socket.send('hello');
 */
export class MockWebSocket extends SocketEventTarget implements WebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;

  // On the prototype (see the static block), as the standard's constants are.
  declare readonly CONNECTING: 0;
  declare readonly OPEN: 1;
  declare readonly CLOSING: 2;
  declare readonly CLOSED: 3;

  readonly url: string;
  readonly #url: ClientUrl;
  // The attribute handlers, the close waiters and the drain callback are made when first needed:
  // a socket costs what it uses (a test opens thousands).
  #handlers: EventHandlerSlots | undefined;
  // Made only when a server reads the attempt's signal (a delayed open does).
  #abort: AbortController | undefined;
  #aborted = false;
  #closeWaiters: Array<() => void> | undefined;
  // The registry it is tracked in: untracking calls it, with no closure kept per socket.
  readonly #registry: Registry;
  readonly #handle: TrackedInstance;
  readonly #id = nextId('mock-socket');
  #readyState: ReadyState = 0;
  #protocol = '';
  #extensions = '';
  #binaryType: MockBinaryType = 'blob';
  #bufferedAmount = 0;
  /** Bytes sent since the last drain of `bufferedAmount`. */
  #handedOver = 0;
  #draining = false;
  #drainBuffered: (() => void) | undefined;
  #server: FrameSink | undefined;
  #closeSent = false;
  // The Close frame received: its code (undefined until one came) and reason, as fields, not an object.
  #closeCode: number | undefined;
  #closeReason = '';
  #requested: readonly string[] = [];

  constructor(url: string | URL, protocols?: string | string[], options?: MockWebSocketOptions | null) {
    super();
    this.#url = parseClientUrl(url);
    this.url = this.#url.url.href;
    const requested = parseProtocols(protocols);
    this.#requested = requested;
    const headers = readHeaders(options);
    this.#handle = new ClientHandle(this, this.#id);
    this.#registry = getRegistry();
    this.#registry.track(this.#handle, { createdBy: new.target });
    nextHop(() => this.#connect(requested, headers));
  }

  get readyState(): ReadyState {
    return this.#readyState;
  }
  get protocol(): string {
    return this.#protocol;
  }
  get extensions(): string {
    return this.#extensions;
  }
  get bufferedAmount(): number {
    return this.#bufferedAmount;
  }

  /** `blob` (the standard's default), `arraybuffer`, or `nodebuffer` (a Node `Buffer`, as `ws` gives). */
  get binaryType(): BinaryType {
    return this.#binaryType as BinaryType;
  }
  set binaryType(value: BinaryType | 'nodebuffer') {
    // An enum attribute ignores values outside the enum, as browsers do.
    if (value === 'blob' || value === 'arraybuffer' || value === 'nodebuffer') this.#binaryType = value;
  }

  get onopen(): WebSocket['onopen'] {
    return (this.#handlers?.get('open') ?? null) as WebSocket['onopen'];
  }
  set onopen(handler: WebSocket['onopen']) {
    this.#slots().set('open', handler);
  }
  get onmessage(): WebSocket['onmessage'] {
    return (this.#handlers?.get('message') ?? null) as WebSocket['onmessage'];
  }
  set onmessage(handler: WebSocket['onmessage']) {
    this.#slots().set('message', handler);
  }
  get onerror(): WebSocket['onerror'] {
    return (this.#handlers?.get('error') ?? null) as WebSocket['onerror'];
  }
  set onerror(handler: WebSocket['onerror']) {
    this.#slots().set('error', handler);
  }
  get onclose(): WebSocket['onclose'] {
    return (this.#handlers?.get('close') ?? null) as WebSocket['onclose'];
  }
  set onclose(handler: WebSocket['onclose']) {
    this.#slots().set('close', handler);
  }

  /** The attribute handlers, made on the first `on…` set. */
  #slots(): EventHandlerSlots {
    return (this.#handlers ??= new EventHandlerSlots(this));
  }

  /** The handle the registry tracks this socket by, so an owner (such as a Connection) can adopt it with `untrackOwned`. */
  get [TRACKED_HANDLE_KEY](): TrackedInstance {
    return this.#handle;
  }

  override addEventListener<K extends keyof WebSocketEventMap>(
    type: K,
    listener: (this: WebSocket, event: WebSocketEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | AddEventListenerOptions,
  ): void;
  override addEventListener(
    ...args: [
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ]
  ): void {
    // The arguments as given: with the listener missing, EventTarget throws a TypeError, as WebIDL says.
    super.addEventListener(...args);
  }

  override removeEventListener<K extends keyof WebSocketEventMap>(
    type: K,
    listener: (this: WebSocket, event: WebSocketEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: boolean | EventListenerOptions,
  ): void;
  override removeEventListener(
    ...args: [
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | EventListenerOptions,
    ]
  ): void {
    super.removeEventListener(...args);
  }

  /** Sends a message. Throws `InvalidStateError` while CONNECTING; after close it only grows `bufferedAmount`, as the standard says. */
  send(data: ClientSendData): void {
    if (this.#readyState === 0)
      throw new DOMException('Cannot send data while the WebSocket is still CONNECTING.', 'InvalidStateError');
    const encoded = encodeClientData(data);
    this.#bufferedAmount += encoded.size;
    if (this.#readyState !== 1 || this.#closeSent) return;
    if (encoded.text !== undefined) {
      if (this.#server !== undefined) deliverText(this.#server, encoded.text);
    } else {
      this.#sendBinary(encoded.bytes);
    }
    // The bytes leave the buffer once the frame is handed over: one hop for every send of a burst.
    this.#handedOver += encoded.size;
    if (!this.#draining) {
      this.#draining = true;
      nextHop(
        (this.#drainBuffered ??= () => {
          this.#draining = false;
          this.#bufferedAmount = Math.max(0, this.#bufferedAmount - this.#handedOver);
          this.#handedOver = 0;
        }),
      );
    }
  }

  #sendBinary(bytes: Buffer | Promise<Buffer>): void {
    const frame: Frame = { type: 'message', data: Buffer.isBuffer(bytes) ? bytes : NO_BYTES_YET, isBinary: true };
    if (!Buffer.isBuffer(bytes))
      bytes.then(
        (resolved) => (frame.data = resolved),
        () => undefined,
      );
    this.#sendFrame(frame, Buffer.isBuffer(bytes) ? undefined : bytes);
  }

  /** Starts the closing handshake; validates code (1000, 3000–4999) and reason (≤ 123 UTF-8 bytes) as the standard does. */
  close(code?: number, reason?: string): void {
    const frame = validateClientClose(code, reason);
    if (this.#readyState === 2 || this.#readyState === 3) return;
    if (this.#readyState === 0) {
      this.#readyState = 2;
      this.#fail();
      return;
    }
    this.#readyState = 2;
    this.#closeSent = true;
    this.#sendFrame({ type: 'close', code: frame.code, reason: frame.reason });
  }

  /**
   * Not in the standard: drops the connection at once, as a lost network
   * would. `readyState` is CLOSED when it returns; close 1006 follows.
   */
  terminate(): void {
    if (this.#readyState === 3) return;
    this.#abortConnect();
    this.#server?.deliver({ type: 'drop' });
    this.#server = undefined;
    this.#readyState = 3;
    this.#registry.untrack(this.#handle);
    nextHop(() => this.#dispatchClose(false));
  }

  #receive(frame: Frame): void {
    switch (frame.type) {
      case 'open':
        return this.#opened(frame.protocol, frame.extensions);
      case 'message': {
        // The standard drops messages unless OPEN (after close() they are ignored).
        if (this.#readyState !== 1) return;
        if (frame.isBinary) {
          fireMessage(this, decodeForClient(frame.data, this.#binaryType), this.#url.origin);
          return;
        }
        const text = frameText(frame);
        if (text === undefined) return this.#failWith(1007, 'invalid UTF-8 in a text frame');
        fireMessage(this, text, this.#url.origin);
        return;
      }
      case 'ping':
        // Browsers answer pings on their own and show nothing to the page.
        if (this.#readyState === 1) this.#sendFrame({ type: 'pong', data: frame.data });
        this.controlFrameReceived('ping', frame.data);
        return;
      case 'pong':
        this.controlFrameReceived('pong', frame.data);
        return;
      case 'close':
        if (frame.invalidUtf8 === true) return this.#failWith(1007, 'invalid UTF-8 in a close reason');
        return this.#closeFrameReceived(frame.code, frame.reason);
      case 'end':
        return this.#finish(false);
      case 'drop':
        return this.#finish(true);
    }
  }

  /** A text message that came as its string. The standard drops messages unless OPEN. */
  #receiveText(text: string): void {
    if (this.#readyState === 1) fireMessage(this, text, this.#url.origin);
  }

  /** For subclasses with a `ws`-style API: sends a ping or pong; false when not OPEN. */
  protected sendControlFrame(type: 'ping' | 'pong', data: Buffer): boolean {
    if (this.#readyState !== 1) return false;
    this.#sendFrame({ type, data });
    return true;
  }

  /** For subclasses with a `ws`-style API: a ping or pong arrived. The standard client shows nothing. */
  protected controlFrameReceived(_type: 'ping' | 'pong', _data: Buffer): void {}

  #connect(protocols: string[], headers: Record<string, string>): void {
    if (this.#readyState !== 0) return;
    const attempt = new ClientAttempt(this, protocols, headers);
    const server = getMockNetwork().find(this.#url.key);
    if (server !== undefined) server.connect(attempt);
    else if (!routeToHttpServer(this.#url.url, attempt)) this.#fail();
  }

  /** The server accepted: `sink` takes this client's frames (a client that gave up drops it). */
  #accepted(sink: FrameSink): void {
    if (this.#readyState === 0) this.#server = sink;
    else sink.deliver({ type: 'drop' });
  }

  /** Tells a server still opening the connection that the client gave up. */
  #abortConnect(): void {
    this.#aborted = true;
    this.#abort?.abort();
  }

  #connectSignal(): AbortSignal {
    if (this.#abort === undefined) {
      this.#abort = new AbortController();
      if (this.#aborted) this.#abort.abort();
    }
    return this.#abort.signal;
  }

  #opened(protocol: string, extensions: string): void {
    if (this.#readyState !== 0) return;
    // The server must confirm one of the offered subprotocols, or none when none was offered (WHATWG, RFC 6455 4.1).
    if (protocol === '' ? this.#requested.length > 0 : !this.#requested.includes(protocol)) return this.#fail();
    this.#readyState = 1;
    this.#protocol = protocol;
    this.#extensions = extensions;
    fireSimple(this, 'open');
  }

  #closeFrameReceived(code: number | undefined, reason: string): void {
    if (this.#closeCode !== undefined || this.#readyState === 3) return;
    this.#closeCode = code ?? 1005;
    this.#closeReason = reason;
    if (!this.#closeSent) {
      this.#closeSent = true;
      // Echo the status code, as RFC 6455 section 5.5.1 suggests.
      this.#sendFrame({ type: 'close', code, reason: '' });
    }
    this.#readyState = 2;
  }

  /** Fails the connection: error, then close 1006, on the next hop. */
  #fail(): void {
    this.#abortConnect();
    this.#server?.deliver({ type: 'drop' });
    this.#server = undefined;
    nextHop(() => this.#finish(true));
  }

  /**
   * Fails an open connection over a protocol error in what the server sent:
   * a Close with `code` goes out and the transport ends, without waiting for
   * the server's answer; the page sees error, then close 1006.
   */
  #failWith(code: number, reason: string): void {
    if (!this.#closeSent) {
      this.#closeSent = true;
      this.#sendFrame({ type: 'close', code, reason });
    }
    this.#sendFrame({ type: 'end' });
    this.#server = undefined;
    this.#readyState = 2;
    nextHop(() => this.#finish(true));
  }

  #finish(failed: boolean): void {
    if (this.#readyState === 3) return;
    this.#readyState = 3;
    this.#server = undefined;
    this.#registry.untrack(this.#handle);
    if (failed) fireSimple(this, 'error');
    this.#dispatchClose(!failed && this.#closeSent && this.#closeCode !== undefined);
  }

  #dispatchClose(wasClean: boolean): void {
    fireClose(this, this.#closeCode ?? 1006, this.#closeReason, wasClean);
    const waiters = this.#closeWaiters;
    this.#closeWaiters = undefined;
    if (waiters !== undefined) for (const resolve of waiters) guarded(resolve);
  }

  #sendFrame(frame: Frame, pending?: Promise<unknown>): void {
    this.#server?.deliver(frame, pending);
  }

  #closeForCleanup(): Promise<void> {
    if (this.#readyState === 3) return Promise.resolve();
    const closed = new Promise<void>((resolve) => (this.#closeWaiters ??= []).push(resolve));
    this.close();
    return closed;
  }

  static {
    defineReadyStateConstants(this.prototype);
    clientSide = {
      receive: (socket, frame) => socket.#receive(frame),
      receiveText: (socket, text) => socket.#receiveText(text),
      signal: (socket) => socket.#connectSignal(),
      accept: (socket, sink) => socket.#accepted(sink),
      refuse: (socket) => socket.#fail(),
      closeForCleanup: (socket) => socket.#closeForCleanup(),
    };
  }
}

/**
 * A client's attempt, as a server sees it, and the sink the server's frames go to. One object with
 * its methods on the prototype, where an object of closures would cost a socket several allocations.
 */
class ClientAttempt implements ConnectAttempt, FrameSink {
  readonly url: string;
  readonly protocols: readonly string[];
  readonly headers: Readonly<Record<string, string>>;
  readonly #socket: MockWebSocket;

  constructor(socket: MockWebSocket, protocols: readonly string[], headers: Readonly<Record<string, string>>) {
    this.url = socket.url;
    this.protocols = protocols;
    this.headers = headers;
    this.#socket = socket;
  }

  /** Made only when a server reads it (a delayed open does). */
  get signal(): AbortSignal {
    return clientSide.signal(this.#socket);
  }
  get client(): FrameSink {
    return this;
  }
  deliver(frame: Frame): void {
    clientSide.receive(this.#socket, frame);
  }
  deliverText(text: string): void {
    clientSide.receiveText(this.#socket, text);
  }
  accept(sink: FrameSink): void {
    clientSide.accept(this.#socket, sink);
  }
  refuse(): void {
    clientSide.refuse(this.#socket);
  }
}

/** The handle the registry tracks a client by. */
class ClientHandle implements TrackedInstance {
  readonly kind = 'mock-socket';
  readonly id: string;
  readonly #socket: MockWebSocket;

  constructor(socket: MockWebSocket, id: string) {
    this.#socket = socket;
    this.id = id;
  }

  get state(): string {
    return STATE_NAMES[this.#socket.readyState];
  }
  describe(): string {
    return `mock-socket ${this.id} ${this.#socket.url} ${this.state}`;
  }
  close(): Promise<void> {
    return clientSide.closeForCleanup(this.#socket);
  }
  terminate(): void {
    this.#socket.terminate();
  }
}
