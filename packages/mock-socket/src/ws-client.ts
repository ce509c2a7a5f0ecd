import { EventEmitter } from 'eventemitter3';
import type { ClientSendData } from './data';
import { MockSocketError, MockSocketErrorCode, readCallback } from './errors';
import { guarded, nextHop } from './microtask';
import { MockWebSocket, type MockWebSocketOptions } from './mock-websocket';
import { encodeControlData } from './server-data';

/** Events of the `ws` client API. */
export interface MockWsClientEvents {
  open: () => void;
  message: (data: Buffer | ArrayBuffer | Buffer[] | Blob, isBinary: boolean) => void;
  close: (code: number, reason: Buffer) => void;
  error: (error: Error) => void;
  ping: (data: Buffer) => void;
  pong: (data: Buffer) => void;
}

type SendCallback = (error?: Error) => void;

/**
 * A `MockWebSocket` that also speaks the `ws` client API: `on('message',
 * (data, isBinary))`, `on('close', (code, reason))`, `send(data, options, cb)`,
 * `ping`, `terminate`, and `binaryType` `nodebuffer` by default. What
 * `createWsModule()` puts where `ws`'s WebSocket was.
 */
export class MockWsClient extends MockWebSocket {
  // Untyped inside: the public methods carry the event types.
  readonly #emitter = new EventEmitter();

  constructor(
    address: string | URL,
    protocols?: string | string[] | MockWebSocketOptions,
    options?: MockWebSocketOptions,
  ) {
    const [list, opts] =
      typeof protocols === 'object' && !Array.isArray(protocols) ? [undefined, protocols] : [protocols, options];
    // ws hands the options it does not know to http.request: only `headers` means something here.
    const given: unknown = opts;
    super(address, list, typeof given === 'object' && given !== null ? { headers: opts?.headers } : opts);
    this.binaryType = 'nodebuffer';
    this.addEventListener('open', () => this.#emitter.emit('open'));
    this.addEventListener('message', (event) => {
      const data: unknown = event.data;
      if (typeof data === 'string') this.#emitter.emit('message', Buffer.from(data), false);
      else this.#emitter.emit('message', data as Buffer, true);
    });
    this.addEventListener('error', () =>
      this.#emitter.emit(
        'error',
        new MockSocketError(MockSocketErrorCode.CONNECTION_FAILED, `The connection to ${this.url} failed or dropped`),
      ),
    );
    this.addEventListener('close', (event) => this.#emitter.emit('close', event.code, Buffer.from(event.reason)));
  }

  on<E extends keyof MockWsClientEvents>(event: E, listener: MockWsClientEvents[E]): this {
    this.#emitter.on(event, listener);
    return this;
  }

  once<E extends keyof MockWsClientEvents>(event: E, listener: MockWsClientEvents[E]): this {
    this.#emitter.once(event, listener);
    return this;
  }

  off<E extends keyof MockWsClientEvents>(event: E, listener?: MockWsClientEvents[E]): this {
    this.#emitter.off(event, listener);
    return this;
  }

  addListener<E extends keyof MockWsClientEvents>(event: E, listener: MockWsClientEvents[E]): this {
    return this.on(event, listener);
  }

  removeListener<E extends keyof MockWsClientEvents>(event: E, listener?: MockWsClientEvents[E]): this {
    return this.off(event, listener);
  }

  removeAllListeners(event?: keyof MockWsClientEvents): this {
    this.#emitter.removeAllListeners(event);
    return this;
  }

  listenerCount(event: keyof MockWsClientEvents): number {
    return this.#emitter.listenerCount(event);
  }

  /**
   * As `ws`: throws while CONNECTING; once closing, the data is not sent
   * and the callback (if any) gets ERR_WSI_NOT_OPEN.
   */
  override send(
    data: ClientSendData | Buffer,
    options?: { binary?: boolean } | SendCallback,
    callback?: SendCallback,
  ): void {
    const cb = readCallback<SendCallback>('send() callback', typeof options === 'function' ? options : callback);
    const binary = typeof options === 'object' ? options.binary : undefined;
    if (this.readyState === 0)
      throw new MockSocketError(MockSocketErrorCode.NOT_OPEN, 'WebSocket is not open: readyState 0 (CONNECTING)');
    if (this.readyState !== 1) {
      const error = new MockSocketError(
        MockSocketErrorCode.NOT_OPEN,
        `WebSocket is not open: readyState ${this.readyState}`,
      );
      if (cb !== undefined) nextHop(() => guarded(() => cb(error)));
      return;
    }
    let payload: ClientSendData = data;
    if (binary === true && typeof data === 'string') payload = Buffer.from(data);
    else if (binary === false && typeof data !== 'string' && ArrayBuffer.isView(data))
      payload = Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('utf8');
    super.send(payload);
    if (cb !== undefined) nextHop(() => guarded(() => cb()));
  }

  /** As `ws`: `ping(data?, mask?, cb?)`, or `ping(cb)`; data up to 125 bytes. */
  ping(data?: unknown, mask?: boolean | SendCallback, callback?: SendCallback): void {
    if (typeof data === 'function') this.#control('ping', undefined, data);
    else this.#control('ping', data, typeof mask === 'function' ? mask : callback);
  }

  /** As `ws`: `pong(data?, mask?, cb?)`, or `pong(cb)`; data up to 125 bytes. */
  pong(data?: unknown, mask?: boolean | SendCallback, callback?: SendCallback): void {
    if (typeof data === 'function') this.#control('pong', undefined, data);
    else this.#control('pong', data, typeof mask === 'function' ? mask : callback);
  }

  protected override controlFrameReceived(type: 'ping' | 'pong', data: Buffer): void {
    this.#emitter.emit(type, data);
  }

  #control(type: 'ping' | 'pong', data: unknown, given: unknown): void {
    if (this.readyState === 0)
      throw new MockSocketError(MockSocketErrorCode.NOT_OPEN, 'WebSocket is not open: readyState 0 (CONNECTING)');
    const callback = readCallback<SendCallback>(`${type}() callback`, given);
    const { bytes } = encodeControlData(data, `${type}(data)`);
    if (!Buffer.isBuffer(bytes)) {
      // A Blob's bytes come later; the frame goes once they are read.
      void bytes.then(
        (resolved) => this.#sendControl(type, resolved, callback),
        (error: unknown) => callback?.(error as Error),
      );
      return;
    }
    this.#sendControl(type, bytes, callback);
  }

  #sendControl(type: 'ping' | 'pong', bytes: Buffer, callback: SendCallback | undefined): void {
    const sent = this.sendControlFrame(type, bytes);
    if (callback === undefined) return;
    const error = sent
      ? undefined
      : new MockSocketError(MockSocketErrorCode.NOT_OPEN, `WebSocket is not open: readyState ${this.readyState}`);
    nextHop(() => guarded(() => callback(error)));
  }
}
