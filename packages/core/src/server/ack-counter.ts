import { encodeAck, isSessionControlMessage } from '../protocol';
import type { SessionStore } from './session-store';

/** The server socket surface the counter needs (a subset of ServerSocketLike). */
interface CountedSocket {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
  send(data: string): void;
}

// Captured at load: Jest's fake timers replace queueMicrotask, never a promise's then.
const resolved = Promise.resolve();

/**
 * Server side of delivery acknowledgements: counts the application messages
 * (session traffic left out) `socket` delivers in session `sessionId`, keeps
 * the count in `sessions` at every message (so a resume after a crash of the
 * socket knows it), and sends `session.ack` with the total at most once per
 * microtask batch. Never a timer, so it works under fake timers. Stops when
 * the socket closes.
 */
export function countReceived(socket: CountedSocket, sessionId: string, sessions: SessionStore): void {
  let received = 0;
  let acked = 0;
  let scheduled = false;
  let closed = false;
  const flush = (): void => {
    scheduled = false;
    if (closed || received === acked) return;
    acked = received;
    try {
      socket.send(encodeAck(received));
    } catch {
      // The socket is going away: the client treats what it did not see acknowledged as in doubt.
    }
  };
  const onMessage = (data: unknown, isBinary: unknown): void => {
    if (closed || isSessionControlMessage(data, isBinary === true)) return;
    received += 1;
    sessions.setReceived?.(sessionId, received);
    if (scheduled) return;
    scheduled = true;
    void resolved.then(flush);
  };
  const onClose = (): void => {
    closed = true;
    off(socket, 'message', onMessage as (...args: unknown[]) => void);
    off(socket, 'close', onClose);
  };
  socket.on('message', onMessage as (...args: unknown[]) => void);
  socket.on('close', onClose);
}

function off(socket: CountedSocket, event: string, listener: (...args: unknown[]) => void): void {
  if (typeof socket.off === 'function') socket.off(event, listener);
  else socket.removeListener?.(event, listener);
}
