import { isArrayBuffer, isBlobLike, toBytes } from './binary';
import { CoreError, CoreErrorCode } from './errors';
import type { IncomingData, OutgoingData } from './messages';
import type { WebSocketConstructor } from './options';

/** How a socket's close ended. */
export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
}

export interface SocketHandlers {
  open(): void;
  message(data: IncomingData): void;
  close(info: CloseInfo): void;
  error(error: unknown): void;
}

/** The WHATWG surface we use; `terminate` is the `ws` client's extra. */
interface WhatwgSocket {
  readonly readyState: number;
  binaryType?: string;
  send(data: OutgoingData): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: unknown) => void): void;
  removeEventListener(type: string, listener: (event: unknown) => void): void;
  terminate?(): void;
}

const OPEN = 1;
const EVENTS = ['open', 'message', 'close', 'error'] as const;

/**
 * One socket, seen through WHATWG events whatever its implementation. The
 * handlers can be swapped as the connection moves on (attempt, ready,
 * closing), and `detach()` makes sure nothing more arrives.
 */
export class SocketDriver {
  readonly #socket: WhatwgSocket;
  #handlers: SocketHandlers;
  #listeners = new Map<string, (event: unknown) => void>();
  // Blob payloads decode asynchronously; later events wait behind them to keep order.
  #chain: Promise<void> | undefined;
  #chainDepth = 0;

  /** The socket this driver owns. */
  get socket(): object {
    return this.#socket;
  }

  constructor(WebSocket: WebSocketConstructor, url: string, handlers: SocketHandlers) {
    this.#handlers = handlers;
    const socket = new WebSocket(url) as WhatwgSocket;
    if (
      typeof socket.addEventListener !== 'function' ||
      typeof socket.send !== 'function' ||
      typeof socket.close !== 'function'
    ) {
      throw new CoreError(
        CoreErrorCode.INVALID_OPTION,
        'Connection option WebSocket must construct a WHATWG-style socket (addEventListener, send, close)',
      );
    }
    this.#socket = socket;
    try {
      socket.binaryType = 'arraybuffer';
    } catch {
      // Some implementations only support blobs; those are decoded below.
    }
    // Never removed: the `ws` client throws an error event that has no listener
    // (for example when terminated while CONNECTING), even after detach().
    socket.addEventListener('error', noop);
    for (const type of EVENTS) {
      const listener = (event: unknown): void => this.#receive(type, event);
      this.#listeners.set(type, listener);
      socket.addEventListener(type, listener);
    }
  }

  get isOpen(): boolean {
    return this.#socket.readyState === OPEN;
  }

  setHandlers(handlers: SocketHandlers): void {
    this.#handlers = handlers;
  }

  send(data: OutgoingData): void {
    this.#socket.send(data);
  }

  /** Starts the closing handshake; returns false if the implementation threw. */
  close(code: number, reason: string): boolean {
    try {
      this.#socket.close(code, reason);
      return true;
    } catch {
      return false;
    }
  }

  /** Stops listening and drops the socket at once (`ws` terminate, else a best-effort close). */
  terminate(): void {
    this.detach();
    try {
      if (typeof this.#socket.terminate === 'function') this.#socket.terminate();
      else this.#socket.close();
    } catch {
      // The socket is being thrown away; a failing close has nothing left to affect.
    }
  }

  detach(): void {
    for (const [type, listener] of this.#listeners) this.#socket.removeEventListener(type, listener);
    this.#listeners.clear();
    this.#handlers = DETACHED;
  }

  #receive(type: (typeof EVENTS)[number], event: unknown): void {
    const data = type === 'message' ? (event as { data?: unknown }).data : undefined;
    if (type === 'message' && isBlobLike(data)) {
      this.#enqueue(async () => {
        const bytes = new Uint8Array(await data.arrayBuffer());
        this.#handlers.message(bytes);
      });
      return;
    }
    // The common case (no blob ahead) makes no closure: this runs once per message.
    if (this.#chain === undefined) this.#dispatch(type, event, data);
    else this.#enqueue(() => this.#dispatch(type, event, data));
  }

  #dispatch(type: (typeof EVENTS)[number], event: unknown, data: unknown): void {
    const handlers = this.#handlers;
    if (type === 'open') handlers.open();
    else if (type === 'message') handlers.message(normalize(data));
    else if (type === 'error') handlers.error((event as { error?: unknown }).error ?? event);
    else handlers.close(readClose(event));
  }

  #enqueue(step: () => void | Promise<void>): void {
    this.#chainDepth += 1;
    const next = (this.#chain ?? Promise.resolve()).then(step).catch((error: unknown) => this.#handlers.error(error));
    this.#chain = next.then(() => {
      this.#chainDepth -= 1;
      if (this.#chainDepth === 0) this.#chain = undefined;
    });
  }
}

const noop = (): void => undefined;
const DETACHED: SocketHandlers = { open: noop, message: noop, close: noop, error: noop };

function normalize(data: unknown): IncomingData {
  if (typeof data === 'string') return data;
  if (isArrayBuffer(data) || ArrayBuffer.isView(data)) return toBytes(data);
  return String(data);
}

function readClose(event: unknown): CloseInfo {
  const { code, reason, wasClean } = (event ?? {}) as { code?: unknown; reason?: unknown; wasClean?: unknown };
  return {
    code: typeof code === 'number' ? code : 1006,
    reason: typeof reason === 'string' ? reason : '',
    wasClean: wasClean === true,
  };
}
