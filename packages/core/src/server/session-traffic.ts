import { setImmediate as nodeSetImmediate } from 'node:timers';
import { encodeAck, encodePong, mayBeJsonObject, parseSessionMessage, toText } from '../protocol';
import { detach, type DetachableSocket } from './detach';
import type { SessionStore } from './session-store';

/** The server socket surface the session listener needs (a subset of ServerSocketLike). */
interface FollowedSocket extends DetachableSocket {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  send(data: string): void;
}

/** What `followSession` does for a session after its welcome. */
export interface SessionDuties {
  sessionId: string;
  sessions: SessionStore;
  /** Count application messages and send `session.ack` (the hello asked for acknowledgements). */
  acknowledge: boolean;
  /** Answer `session.ping` with `session.pong`. */
  answerPings: boolean;
}

/**
 * The server side of a session after the welcome, in one `message` listener
 * (a second one would make the socket's emitter copy its listener list at
 * every message): answers pings, and counts the application messages
 * (session traffic left out), keeping the count in the session store at every
 * message, so a resume after a crash of the socket knows it.
 *
 * The `session.ack` with the total goes out at most once per event loop turn,
 * on Node's own `setImmediate` (from `node:timers`, which fake timers never
 * replace, so it works under Jest fake timers): every message the socket
 * delivers in one turn (all the reads of one poll, or a mock transport's
 * burst) is counted by one ack. Stops when the socket closes.
 */
export function followSession(socket: FollowedSocket, duties: SessionDuties): void {
  const { sessionId, sessions, acknowledge, answerPings } = duties;
  if (!acknowledge && !answerPings) return;
  let received = 0;
  let acked = 0;
  let scheduled = false;
  let closed = false;
  const flush = (): void => {
    scheduled = false;
    if (closed || received === acked) return;
    acked = received;
    send(socket, encodeAck(received));
  };
  const onMessage = (data: unknown, isBinary: unknown): void => {
    if (closed) return;
    // Most application messages are ruled out by their first byte, before any decode or parse.
    if (isBinary !== true && mayBeJsonObject(data)) {
      const message = parseSessionMessage(toText(data));
      if (message !== undefined) {
        if (answerPings && message.type === 'session.ping' && typeof message.id === 'number')
          send(socket, encodePong(message.id));
        return;
      }
    }
    if (!acknowledge) return;
    received += 1;
    sessions.setReceived?.(sessionId, received);
    if (scheduled) return;
    scheduled = true;
    nodeSetImmediate(flush);
  };
  const onClose = (): void => {
    closed = true;
    detach(socket, 'message', onMessage);
    detach(socket, 'close', onClose);
  };
  socket.on('message', onMessage as (...args: unknown[]) => void);
  socket.on('close', onClose);
}

function send(socket: FollowedSocket, text: string): void {
  try {
    socket.send(text);
  } catch {
    // The socket is going away: the client treats what it did not see acknowledged as in doubt,
    // and its heartbeat deadline notices a missing pong.
  }
}
