import { SocketDriver, type CloseInfo, type SocketHandlers } from '../src/socket-driver';
import type { IncomingData } from '../src/messages';
import type { WebSocketConstructor } from '../src';
import { waitForEvent } from '@ws-isolation/test-utils';
import { EventEmitter } from 'node:events';

/**
 * The smallest WHATWG-shaped socket (EventTarget events, readyState) that lets
 * the test dispatch what a browser would: ArrayBuffer or Blob payloads.
 */
class DispatchingSocket extends EventTarget {
  static last: DispatchingSocket | undefined;
  readyState = 0;
  binaryType = 'blob';
  readonly sent: unknown[] = [];
  constructor(readonly url: string) {
    super();
    DispatchingSocket.last = this;
  }
  send(data: unknown): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  message(data: unknown): void {
    const event = new Event('message') as Event & { data: unknown };
    event.data = data;
    this.dispatchEvent(event);
  }
  closed(code: number): void {
    const event = new Event('close') as Event & { code: number; reason: string; wasClean: boolean };
    Object.assign(event, { code, reason: 'bye', wasClean: true });
    this.dispatchEvent(event);
  }
}

function record(): { handlers: SocketHandlers; log: (IncomingData | CloseInfo)[]; events: EventEmitter } {
  const log: (IncomingData | CloseInfo)[] = [];
  const events = new EventEmitter();
  return {
    log,
    events,
    handlers: {
      open: () => undefined,
      error: () => undefined,
      message: (data) => {
        log.push(data);
        events.emit('entry');
      },
      close: (info) => {
        log.push(info);
        events.emit('entry');
      },
    },
  };
}

describe('SocketDriver with a WHATWG-style socket', () => {
  it('asks for ArrayBuffer binary data and delivers it as bytes', () => {
    const { handlers, log } = record();
    new SocketDriver(DispatchingSocket as unknown as WebSocketConstructor, 'ws://x/', handlers);
    const socket = DispatchingSocket.last!;
    expect(socket.binaryType).toBe('arraybuffer');
    socket.message('text');
    socket.message(new Uint8Array([9, 8]).buffer);
    expect(log[0]).toBe('text');
    expect([...(log[1] as Uint8Array)]).toEqual([9, 8]);
  });

  it('decodes Blob payloads and keeps every later event behind them, in order', async () => {
    const { handlers, log, events } = record();
    new SocketDriver(DispatchingSocket as unknown as WebSocketConstructor, 'ws://x/', handlers);
    const socket = DispatchingSocket.last!;
    socket.message(new Blob([new Uint8Array([1, 2, 3])]));
    socket.message('after the blob');
    socket.closed(1000);
    expect(log).toEqual([]);
    while (log.length < 3) await waitForEvent(events, 'entry');
    expect([...(log[0] as Uint8Array)]).toEqual([1, 2, 3]);
    expect(log[1]).toBe('after the blob');
    expect(log[2]).toEqual({ code: 1000, reason: 'bye', wasClean: true });
  });

  it('delivers nothing after detach()', () => {
    const { handlers, log } = record();
    const driver = new SocketDriver(DispatchingSocket as unknown as WebSocketConstructor, 'ws://x/', handlers);
    driver.detach();
    DispatchingSocket.last!.message('late');
    expect(log).toEqual([]);
  });

  it('refuses a constructor that does not make a WHATWG-style socket', () => {
    const NotASocket = function NotASocket(this: object) {} as unknown as WebSocketConstructor;
    expect(() => new SocketDriver(NotASocket, 'ws://x/', record().handlers)).toThrow(
      expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }),
    );
  });
});
