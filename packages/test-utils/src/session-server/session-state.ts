import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { waitForEvent } from '../wait-for-event';
import type {
  ServerBehaviour,
  ServerSocket,
  SessionProtocol,
  SessionServer,
  SessionServerOptions,
  SessionTypes,
} from './session-server';

/** What a session server's waits allow: generous, they only guard against a hang. */
const WAIT_MS = 5000;

/** The welcome of a server that knows nothing of acknowledgements. */
function legacyWelcome(socket: ServerSocket, hello: string): void {
  if ((JSON.parse(hello) as { type: string }).type !== 'session.hello') return;
  socket.send(JSON.stringify({ type: 'session.welcome', sessionId: randomUUID() }));
}

/** The part of a session server that is the same on every transport. */
type SessionView<T extends SessionTypes> = Pick<
  SessionServer<T>,
  | 'sessions'
  | 'received'
  | 'control'
  | 'refusals'
  | 'session'
  | 'refusal'
  | 'waitForReceived'
  | 'nextControl'
  | 'sendToAll'
  | 'dropAll'
>;

/**
 * What both transports' servers share: the bookkeeping, the per-connection
 * behaviour and the crash. `goDown` is the transport's part of a crash with
 * `afterCrash: 'refuse'`: drop every connection and refuse new ones.
 */
export function createSessionState<T extends SessionTypes>(
  protocol: SessionProtocol<T>,
  options: SessionServerOptions<T['accept']>,
  goDown: () => void,
) {
  const events = new EventEmitter();
  const sessions: T['session'][] = [];
  const received: (string | Uint8Array)[] = [];
  const control: string[] = [];
  const refusals: unknown[] = [];
  const live = new Set<ServerSocket>();
  // After restart(), whatever the behaviour it started with.
  let healthy = false;

  const crash = (): void => {
    options.onCrash?.();
    // A dead process reads nothing more: what its sockets still buffer is never delivered, nor counted by acceptSession.
    for (const socket of live) socket.removeAllListeners('message');
    if (options.afterCrash === 'refuse') goDown();
    else for (const socket of [...live]) socket.terminate();
  };

  const onMessage = (socket: ServerSocket, behaviour: ServerBehaviour, data: Uint8Array, binary: boolean): void => {
    if (behaviour === 'garbage') {
      const reply = options.reply ?? 'this is not a welcome';
      socket.send(reply, { binary: typeof reply !== 'string' });
      return;
    }
    if (behaviour === 'crash-on-hello') return crash();
    if (behaviour === 'drop-on-hello') return socket.terminate();
    if (protocol.isSessionControlMessage(data, binary)) {
      const text = Buffer.from(data).toString();
      control.push(text);
      events.emit('control', text);
      if (behaviour === 'legacy') legacyWelcome(socket, text);
      return;
    }
    const message = binary ? new Uint8Array(data) : Buffer.from(data).toString();
    received.push(message);
    events.emit('received');
    if (options.echo ?? true) socket.send(message, { binary });
    if (received.length === options.crashAfter) crash();
  };

  const handle = (socket: ServerSocket): void => {
    const behaviour = healthy ? 'session' : (options.behaviour ?? 'session');
    live.add(socket);
    socket.on('close', () => live.delete(socket));
    if (behaviour === 'greet-and-close') {
      socket.send('hi');
      socket.close(4001, 'bye');
      return;
    }
    socket.on('message', (data, isBinary) => onMessage(socket, behaviour, data as Uint8Array, isBinary === true));
    if (behaviour !== 'session') return;
    protocol.acceptSession(socket, options.accept).then(
      (session) => {
        sessions.push(session);
        events.emit('session');
      },
      (error: unknown) => {
        refusals.push(error);
        events.emit('refusal');
      },
    );
  };

  const view: SessionView<T> = {
    sessions,
    received,
    control,
    refusals,
    async session(index) {
      while (sessions.length <= index) await waitForEvent(events, 'session', { timeoutMs: WAIT_MS });
      return sessions[index]!;
    },
    async refusal(index) {
      while (refusals.length <= index) await waitForEvent(events, 'refusal', { timeoutMs: WAIT_MS });
      return refusals[index];
    },
    async waitForReceived(count) {
      while (received.length < count) await waitForEvent(events, 'received', { timeoutMs: WAIT_MS });
    },
    async nextControl() {
      const [text] = await waitForEvent<[string]>(events, 'control', { timeoutMs: WAIT_MS });
      return text;
    },
    sendToAll(data) {
      for (const socket of live) socket.send(data, { binary: typeof data !== 'string' });
    },
    dropAll() {
      for (const socket of [...live]) socket.terminate();
    },
  };

  return {
    handle,
    view,
    /** From now on, a plain session server. */
    restarted(): void {
      healthy = true;
    },
  };
}
