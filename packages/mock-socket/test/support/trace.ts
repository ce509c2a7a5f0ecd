import { withTimeout } from '@ws-isolation/test-utils';

/** One line of what a client saw or did. */
export type TraceEntry =
  | { type: 'open'; readyState: number; protocol: string; extensions: string }
  | { type: 'message'; readyState: number; data: string }
  | { type: 'error'; readyState: number }
  | { type: 'close'; readyState: number; code: number; reason: string; wasClean: boolean }
  | { type: 'throws'; call: string; name: string }
  | { type: 'state'; after: string; readyState: number }
  /** How the server's end of the connection closed, and the errors it emitted first. */
  | {
      type: 'server close';
      code: number;
      reason: string;
      errors: Array<{ name: string; code: string | undefined; readyState: number }>;
    };

export type WebSocketClass = new (url: string, protocols?: string | string[]) => WebSocket;

/** Records every event of a WHATWG WebSocket, with the readyState at the time. */
export class Trace {
  readonly entries: TraceEntry[] = [];
  readonly closed: Promise<void>;

  constructor(readonly socket: WebSocket) {
    socket.binaryType = 'arraybuffer';
    let resolveClosed!: () => void;
    this.closed = new Promise((resolve) => (resolveClosed = resolve));
    socket.addEventListener('open', () =>
      this.entries.push({
        type: 'open',
        readyState: socket.readyState,
        protocol: socket.protocol,
        extensions: socket.extensions,
      }),
    );
    socket.addEventListener('message', (event) =>
      this.entries.push({ type: 'message', readyState: socket.readyState, data: describeData(event.data) }),
    );
    socket.addEventListener('error', () => this.entries.push({ type: 'error', readyState: socket.readyState }));
    socket.addEventListener('close', (event) => {
      this.entries.push({
        type: 'close',
        readyState: socket.readyState,
        code: event.code,
        reason: event.reason,
        wasClean: event.wasClean,
      });
      resolveClosed();
    });
  }

  /** Calls `fn`, recording the DOMException name it throws, if any. */
  attempt(call: string, fn: () => void): void {
    try {
      fn();
    } catch (error) {
      this.entries.push({ type: 'throws', call, name: (error as Error).name });
    }
  }

  state(after: string): void {
    this.entries.push({ type: 'state', after, readyState: this.socket.readyState });
  }

  /** Resolves with the entries once the close event fired (bounded). */
  async done(timeoutMs = 5000): Promise<TraceEntry[]> {
    await withTimeout(this.closed, timeoutMs, 'the close event');
    return this.entries;
  }
}

function describeData(data: unknown): string {
  if (typeof data === 'string') return `text:${data}`;
  if (data instanceof ArrayBuffer) return `binary:${Buffer.from(data).toString('hex')}`;
  return `other:${Object.prototype.toString.call(data)}`;
}
