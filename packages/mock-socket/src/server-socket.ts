import { AsyncResource } from 'node:async_hooks';
import { EventEmitter } from 'eventemitter3';
import type { MockClock } from './clock';
import { validateServerClose } from './close-validation';
import { MockSocketError, MockSocketErrorCode, readCallback } from './errors';
import { FaultSet, type ConnectionFault, type FaultOptions } from './faults';
import type { DeliveryGroup, QueuedFrame } from './delivery-queue';
import { deliverText, frameText, NO_BYTES_YET, TextFrame, type Frame, type FrameSink } from './frames';
import { Inbox } from './inbox';
import { guarded, nextHop } from './microtask';
import { exceedsMaxPayload, MESSAGE_TOO_BIG_CLOSE_CODE, MessageTooBigError } from './payload-limit';
import { Pipe, type LatencySource } from './pipe';
import { encodeControlData, encodeServerData, type ServerPayload } from './server-data';
import { readWaitMs } from './wait-options';
import { defineReadyStateConstants } from './ready-state';

/** A message as a server socket received it: text as a string, binary as a Buffer. */
export type ReceivedMessage = string | Buffer;

/** Events of a server socket, as `ws` emits them. */
export interface MockServerSocketEvents {
  message: (data: Buffer, isBinary: boolean) => void;
  close: (code: number, reason: Buffer) => void;
  ping: (data: Buffer) => void;
  pong: (data: Buffer) => void;
  error: (error: Error) => void;
}

/** What a server socket needs from its server. */
export interface ServerSocketHost {
  readonly clock: MockClock;
  /** The async context the server was made in: its connections' listeners run in it, as a real server's do. */
  readonly context: AsyncResource;
  readonly faults: FaultSet;
  /** The largest message a client may send, in bytes; 0 for no limit. */
  readonly maxPayload: number;
  socketReceived(socket: MockServerSocket, message: ReceivedMessage): void;
  /** The client has the handshake response: it is OPEN (or failed the connection) by now. */
  socketOpened(socket: MockServerSocket): void;
  socketClosed(socket: MockServerSocket): void;
}

/** The async resource type of a mock connection's deliveries (what async hooks see). */
export const CONTEXT_NAME = 'ws-isolation.mock-socket';

/** Options of a waiting helper. */
export interface WaitOptions {
  /**
   * How long to wait before rejecting with ERR_WSI_TIMEOUT (on real timers, so fake timers do not stall it).
   * @default 1000
   */
  timeoutMs?: number;
}

type SendCallback = (error?: Error) => void;

// Set by the class's static block; module-private, so absent from the public API and its declarations.
let serverSide: {
  sendPayload(socket: MockServerSocket, payload: ServerPayload): void;
  fromClient(socket: MockServerSocket): Pipe;
  toClient(socket: MockServerSocket): Pipe;
  open(socket: MockServerSocket): void;
};

/**
 * The server's end of one connection, with the `ws` WebSocket API
 * (`on('message', (data, isBinary))`, `send`, `close`, `terminate`, `ping`),
 * plus test helpers: a stable `id`, the `messages` it received, `nextMessage()`
 * and per-connection faults.
 */
export class MockServerSocket extends EventEmitter<MockServerSocketEvents> {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  // On the prototype (see the static block), as on `ws`'s WebSocket: not fields of every connection.
  declare readonly CONNECTING: 0;
  declare readonly OPEN: 1;
  declare readonly CLOSING: 2;
  declare readonly CLOSED: 3;

  /** Stable for the connection's life, e.g. `conn-3` (the third connection of its server). */
  readonly id: string;
  /** The subprotocol agreed in the handshake, or ''. */
  readonly protocol: string;
  get extensions(): '' {
    return '';
  }
  get binaryType(): 'nodebuffer' {
    return 'nodebuffer';
  }
  get bufferedAmount(): 0 {
    return 0;
  }
  /** This connection's own faults; they take precedence over the server's. */
  readonly faults = new FaultSet('connection');
  readonly #host: ServerSocketHost;
  readonly #toClient: Pipe;
  readonly #fromClient: Pipe;
  readonly #inbox = new Inbox<ReceivedMessage>('a message');
  #readyState: 0 | 1 | 2 | 3 = 1;
  #closeSent = false;
  #closeReceived: { code: number; reason: string } | undefined;

  constructor(id: string, protocol: string, client: FrameSink, host: ServerSocketHost) {
    super();
    this.id = id;
    this.protocol = protocol;
    this.#host = host;
    const latency = new SocketLatency(this.faults, host);
    // Made as the client connects, so in the context that made the client: its listeners run there.
    const clientContext = new AsyncResource(CONTEXT_NAME);
    this.#toClient = new Pipe(
      (frame) => {
        if (typeof frame === 'string') return deliverText(client, frame);
        client.deliver(frame);
        if (frame.type === 'open') host.socketOpened(this);
      },
      latency,
      clientContext,
    );
    this.#fromClient = new Pipe((frame) => this.#receive(frame), latency, host.context);
  }

  get readyState(): 0 | 1 | 2 | 3 {
    return this.#readyState;
  }

  /** Everything this connection received, in order (empty messages included). */
  get messages(): readonly ReceivedMessage[] {
    return this.#inbox.items;
  }

  /**
   * Resolves with the next message not yet returned by `nextMessage()`; one
   * that arrived before the call counts.
   */
  nextMessage(options?: WaitOptions): Promise<ReceivedMessage> {
    try {
      return this.#inbox.next(readWaitMs('nextMessage()', options));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Turns on a fault for this connection only; returns a function that turns it off. */
  fault(name: ConnectionFault, options?: FaultOptions): () => void {
    return this.faults.set(name, options);
  }

  /**
   * Sends like `ws`: strings and numbers as text, buffers, Blobs and byte
   * arrays as binary, unless `{ binary }` says otherwise. Data `ws` cannot
   * send throws ERR_WSI_INVALID_MESSAGE, and a callback that is not a
   * function ERR_WSI_INVALID_OPTION, before anything is sent.
   */
  send(data: unknown, options?: { binary?: boolean } | SendCallback, callback?: SendCallback): void {
    const cb = readCallback<SendCallback>('send() callback', typeof options === 'function' ? options : callback);
    const opts: { binary?: unknown } = typeof options === 'object' && options !== null ? options : {};
    const payload = encodeServerData(data, opts.binary);
    if (this.#readyState !== 1) {
      // As ws does: the data is not sent and the callback hears why.
      const error = new MockSocketError(
        MockSocketErrorCode.NOT_OPEN,
        `WebSocket is not open: readyState ${this.#readyState}`,
      );
      if (cb !== undefined) nextHop(() => guarded(() => cb(error)));
      else nextHop(() => this.emit('error', error));
      return;
    }
    this.#sendPayload(payload);
    if (cb !== undefined) nextHop(() => guarded(() => cb()));
  }

  /** Sends an encoded message while OPEN (what `broadcast` uses to encode once for every client). */
  #sendPayload(payload: ServerPayload): void {
    if (payload.text !== undefined) this.#toClient.push(payload.text);
    else this.#push({ type: 'message', data: NO_BYTES_YET, isBinary: payload.isBinary }, payload.bytes);
  }

  /** Starts the closing handshake (or completes it), validating code and reason as `ws` does. */
  close(code?: number, reason?: string | Buffer): void {
    const frame = validateServerClose(code, reason);
    if (this.#readyState === 3) return;
    this.#readyState = 2;
    if (!this.#closeSent) {
      this.#closeSent = true;
      this.#toClient.push({ type: 'close', ...frame });
    }
    if (this.#closeReceived !== undefined) this.#end();
  }

  /** Drops the connection at once: the client sees error, then close 1006 `wasClean: false`. */
  terminate(): void {
    if (this.#readyState === 3) return;
    this.#toClient.push({ type: 'drop' });
    this.#fromClient.cut();
    this.#closed();
  }

  /** As `ws`: `ping(data?, mask?, cb?)`, or `ping(cb)`; data up to 125 bytes. */
  ping(data?: unknown, mask?: boolean | SendCallback, callback?: SendCallback): void {
    this.#control('ping', ...controlArguments(data, mask, callback));
  }

  /** As `ws`: `pong(data?, mask?, cb?)`, or `pong(cb)`; data up to 125 bytes. */
  pong(data?: unknown, mask?: boolean | SendCallback, callback?: SendCallback): void {
    this.#control('pong', ...controlArguments(data, mask, callback));
  }

  /** A one-line description for reports. */
  describe(): string {
    return `${this.id} ${['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'][this.#readyState]}`;
  }

  #control(type: 'ping' | 'pong', data: unknown, callback: unknown): void {
    const cb = readCallback<SendCallback>(`${type}() callback`, callback);
    const { bytes } = encodeControlData(data, `${type}(data)`);
    if (this.#readyState !== 1) {
      if (cb !== undefined)
        nextHop(() =>
          guarded(() =>
            cb(
              new MockSocketError(
                MockSocketErrorCode.NOT_OPEN,
                `WebSocket is not open: readyState ${this.#readyState}`,
              ),
            ),
          ),
        );
      return;
    }
    this.#push({ type, data: NO_BYTES_YET }, bytes);
    if (cb !== undefined) nextHop(() => guarded(() => cb()));
  }

  /** Sends a frame whose bytes may still be on their way (a Blob): it keeps its place in the order. */
  #push(frame: Extract<Frame, { data: Buffer }>, bytes: Buffer | Promise<Buffer>): void {
    if (Buffer.isBuffer(bytes)) {
      frame.data = bytes;
      this.#toClient.push(frame);
      return;
    }
    const ready = bytes.then(
      (resolved) => {
        frame.data = resolved;
      },
      () => undefined,
    );
    this.#toClient.push(frame, ready);
  }

  #receive(frame: QueuedFrame): void {
    if (this.#readyState === 3) return;
    if (typeof frame === 'string') return this.#receiveText(frame);
    switch (frame.type) {
      case 'message': {
        const size = frame instanceof TextFrame ? frame.byteLength : frame.data.byteLength;
        if (exceedsMaxPayload(size, this.#host.maxPayload)) return this.#messageTooBig(size);
        // A copy of this package that sends only text it validated: frameText is defined.
        const message = frame.isBinary ? Buffer.from(frame.data) : (frameText(frame) ?? frame.data.toString('utf8'));
        this.#inbox.push(message);
        this.#host.socketReceived(this, message);
        // A text frame's Buffer is made only for a listener (ws gives Buffers).
        if (this.listenerCount('message') > 0) this.emit('message', frame.data, frame.isBinary);
        return;
      }
      case 'ping':
        this.#toClient.push({ type: 'pong', data: frame.data });
        this.emit('ping', frame.data);
        return;
      case 'pong':
        this.emit('pong', frame.data);
        return;
      case 'close':
        return this.#closeFrameReceived(frame.code, frame.reason);
      case 'open':
      case 'end':
      case 'drop':
        this.#fromClient.cut();
        this.#toClient.cut();
        return this.#closed();
    }
  }

  /** A text message that came as its string: the Buffer a `ws`-style listener gets is made only for a listener. */
  #receiveText(text: string): void {
    // A string's UTF-8 size is at most three bytes per UTF-16 unit: most messages need no count.
    const maxPayload = this.#host.maxPayload;
    if (maxPayload > 0 && text.length * 3 > maxPayload) {
      const size = Buffer.byteLength(text, 'utf8');
      if (exceedsMaxPayload(size, maxPayload)) return this.#messageTooBig(size);
    }
    this.#inbox.push(text);
    this.#host.socketReceived(this, text);
    if (this.listenerCount('message') > 0) this.emit('message', Buffer.from(text, 'utf8'), false);
  }

  #closeFrameReceived(code: number | undefined, reason: string): void {
    if (this.faults.has('ignore-close') || this.#host.faults.has('ignore-close')) return;
    this.#closeReceived = { code: code ?? 1005, reason };
    if (!this.#closeSent) {
      this.#closeSent = true;
      this.#readyState = 2;
      // ws echoes the client's code and reason.
      this.#toClient.push({ type: 'close', code, reason });
    }
    this.#end();
  }

  /**
   * As `ws` does when a message is over `maxPayload`: the server sends Close
   * 1009 and ends the transport without waiting for the client's answer, and
   * the connection emits `error` (while CLOSING), then `close` 1006.
   */
  #messageTooBig(size: number): void {
    this.#readyState = 2;
    if (!this.#closeSent) {
      this.#closeSent = true;
      this.#toClient.push({ type: 'close', code: MESSAGE_TOO_BIG_CLOSE_CODE, reason: '' });
    }
    this.#toClient.push({ type: 'end' });
    this.#fromClient.cut();
    guarded(() => this.emit('error', new MessageTooBigError(size, this.#host.maxPayload)));
    this.#closed();
  }

  /** Both Close frames are through: the server closes the transport, as RFC 6455 asks. */
  #end(): void {
    this.#toClient.push({ type: 'end' });
    this.#fromClient.cut();
    this.#closed();
  }

  #closed(): void {
    this.#readyState = 3;
    this.#inbox.close(
      () => new MockSocketError(MockSocketErrorCode.CLOSED, `${this.id} is closed; no more messages will arrive`),
    );
    this.#host.socketClosed(this);
    const received = this.#closeReceived;
    nextHop(() => {
      // The reason's Buffer is made only for a listener.
      if (this.listenerCount('close') > 0)
        this.emit('close', received?.code ?? 1006, Buffer.from(received?.reason ?? ''));
    });
  }

  static {
    defineReadyStateConstants(this.prototype);
    serverSide = {
      sendPayload: (socket, payload) => socket.#sendPayload(payload),
      fromClient: (socket) => socket.#fromClient,
      toClient: (socket) => socket.#toClient,
      open: (socket) => socket.#toClient.push({ type: 'open', protocol: socket.protocol, extensions: '' }),
    };
  }
}

/** A connection's latency: its own fault first, then its server's. */
class SocketLatency implements LatencySource {
  readonly #own: FaultSet;
  readonly #host: ServerSocketHost;

  constructor(own: FaultSet, host: ServerSocketHost) {
    this.#own = own;
    this.#host = host;
  }

  get clock(): MockClock {
    return this.#host.clock;
  }
  latencyMs(): number {
    return this.#own.latency() ?? this.#host.faults.latency() ?? 0;
  }
}

/** Sends an encoded message to an OPEN socket (what `broadcast` does for each client). */
export function sendPayload(socket: MockServerSocket, payload: ServerPayload): void {
  serverSide.sendPayload(socket, payload);
}

/**
 * Puts an OPEN socket in a broadcast's group, where its frame can be queued
 * with the others; false when it cannot (latency, frames waiting), and the
 * caller sends to it on its own.
 */
export function joinBroadcast(socket: MockServerSocket, group: DeliveryGroup): boolean {
  return serverSide.toClient(socket).joinGroup(group);
}

/** Where the client's frames go, for the client's `accept`. */
export function inboundOf(socket: MockServerSocket): FrameSink {
  return serverSide.fromClient(socket);
}

/** Sends the handshake response. */
export function openSocket(socket: MockServerSocket): void {
  serverSide.open(socket);
}

/** `ws` lets the callback take the place of `data` or `mask`. */
function controlArguments(data: unknown, mask: unknown, callback: unknown): [unknown, unknown] {
  if (typeof data === 'function') return [undefined, data];
  if (typeof mask === 'function') return [data, mask];
  return [data, callback];
}
