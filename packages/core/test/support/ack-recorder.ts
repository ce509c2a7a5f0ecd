import { EventEmitter } from 'node:events';
import { waitForEvent } from '@ws-isolation/test-utils';
import type { WebSocketConstructor } from '../../src';

/** The `received` counts of every `session.ack` the client sockets got, in order. */
export interface AckRecorder {
  /** A client constructor whose sockets report every `session.ack` they receive. */
  readonly WebSocket: WebSocketConstructor;
  readonly acks: number[];
  /** Waits until an ack with at least `received` arrived (the connection has handled it when this resolves). */
  waitForAck(received: number): Promise<void>;
}

interface ListeningSocket {
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

/**
 * Wraps a client constructor so the test sees the acks the connection takes
 * (it never shows them to `message` listeners). The recorder's listener is
 * added first, and listeners run in order in one dispatch, so the connection
 * has handled an ack by the time a wait on it resumes.
 */
export function recordAcks(Base: WebSocketConstructor): AckRecorder {
  const events = new EventEmitter();
  const acks: number[] = [];
  const Recording = class extends (Base as new (url: string, protocols?: string | string[]) => ListeningSocket) {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.addEventListener('message', ({ data }) => {
        if (typeof data !== 'string' || !data.startsWith('{"type":"session.ack"')) return;
        acks.push((JSON.parse(data) as { received: number }).received);
        events.emit('ack');
      });
    }
  };
  return {
    WebSocket: Recording as unknown as WebSocketConstructor,
    acks,
    async waitForAck(received) {
      while (!acks.some((n) => n >= received)) await waitForEvent(events, 'ack', { timeoutMs: 5000 });
    },
  };
}
