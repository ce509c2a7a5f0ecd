import { waitForEvent } from '@ws-isolation/test-utils';
import type { SessionServer } from './transports';

/** What a raw client saw after its one message: both waits end when the socket closes, so neither outlives the test. */
export interface RawExchange {
  /** The close event's arguments. */
  closed: Promise<unknown[]>;
  /** The first message the server sent back; rejects once the socket closed without one. */
  replied: Promise<unknown[]>;
}

/**
 * Opens a raw WHATWG client (not a Connection) to a session server and sends
 * one message once it is open. A refused hello gets no reply: that wait is
 * stopped when the socket closes instead of running out its timer, which
 * would keep Jest alive after the test.
 */
export async function sendRaw(server: SessionServer, data: string | Uint8Array): Promise<RawExchange> {
  const socket = new server.WebSocket(server.url) as unknown as EventTarget & { send(data: string | Uint8Array): void };
  await waitForEvent(socket, 'open', { timeoutMs: 5000 });
  const gone = new AbortController();
  const closed = waitForEvent(socket, 'close', { timeoutMs: 5000 });
  const replied = waitForEvent(socket, 'message', { timeoutMs: 5000, signal: gone.signal });
  closed.then(
    () => gone.abort(new Error('the socket closed without a reply')),
    () => gone.abort(new Error('the socket did not close')),
  );
  replied.catch(() => undefined);
  socket.send(data);
  return { closed, replied };
}
