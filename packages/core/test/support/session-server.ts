import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import {
  isSessionControlMessage,
  type AcceptedSession,
  type AcceptSessionOptions,
  type ServerSocketLike,
  type WebSocketConstructor,
} from '../../src';
import { waitForEvent } from '@ws-isolation/test-utils';

/** How the test server treats a new connection. */
type ServerBehaviour =
  /** acceptSession, then echo every application message back. */
  | 'session'
  /** Never answers the hello. */
  | 'silent'
  /** Answers the hello with something that is not a welcome (`reply`, or a fixed text). */
  | 'garbage'
  /** Sends one message, then closes (code 4001). */
  | 'greet-and-close'
  /** A server that predates acknowledgements: answers the hello with a bare welcome, then echoes; never sends session.ack. */
  | 'legacy';

export interface SessionServerOptions {
  behaviour?: ServerBehaviour;
  accept?: AcceptSessionOptions;
  /** What a 'garbage' server answers every message with (text, or bytes sent as binary). */
  reply?: string | Uint8Array;
  /**
   * The server crashes once, when this many application messages have
   * arrived: every socket stops reading and is dropped (1006). It keeps
   * listening, so clients can reconnect.
   */
  crashAfter?: number;
  /** Called at the crash, before the sockets drop (e.g. to empty the session store, as a restarted process would have). */
  onCrash?: () => void;
}

/** The transport-agnostic test server every connection test runs against. */
export interface SessionServer {
  readonly name: string;
  readonly url: string;
  readonly WebSocket: WebSocketConstructor;
  /** Sessions accepted so far, in order. */
  readonly sessions: AcceptedSession[];
  /** Application messages received (session traffic left out), as text or bytes. */
  readonly received: (string | Uint8Array)[];
  /** Session-protocol messages received (hellos, pings), as text. */
  readonly control: string[];
  /** Errors from acceptSession (bad hellos and the like). */
  readonly refusals: unknown[];
  /** Waits for the `index`-th accepted session (0-based). */
  session(index: number): Promise<AcceptedSession>;
  /** Waits for the `index`-th refusal of acceptSession (0-based). */
  refusal(index: number): Promise<unknown>;
  /** Waits until `received` has `count` messages. */
  waitForReceived(count: number): Promise<void>;
  /** Waits for the next session-protocol message. */
  nextControl(): Promise<string>;
  /** Sends `data` to every open connection (text for a string, binary for bytes). */
  sendToAll(data: string | Uint8Array): void;
  /** Drops every connection abruptly (no close frame). */
  dropAll(): void;
  /** From now on, the server never acknowledges a close. */
  ignoreClose(): void;
  close(): Promise<void>;
}

/** What the crash needs of a server socket: `ws` and mock server sockets both have it. */
interface CrashableSocket extends ServerSocketLike {
  removeAllListeners(event: string): unknown;
  terminate(): void;
}

/** The welcome of a server that knows nothing of acknowledgements. */
function legacyWelcome(socket: ServerSocketLike, hello: string): void {
  if ((JSON.parse(hello) as { type: string }).type !== 'session.hello') return;
  socket.send(JSON.stringify({ type: 'session.welcome', sessionId: randomUUID() }));
}

export type StartSessionServer = (options?: SessionServerOptions) => Promise<SessionServer>;

/** What each transport's server shares: bookkeeping and per-connection behaviour. */
export function createServerState() {
  const events = new EventEmitter();
  const sessions: AcceptedSession[] = [];
  const received: (string | Uint8Array)[] = [];
  const control: string[] = [];
  const refusals: unknown[] = [];
  const live = new Set<CrashableSocket>();
  let crashed = false;
  const crash = (options: SessionServerOptions): void => {
    crashed = true;
    options.onCrash?.();
    for (const socket of live) {
      // A dead process reads nothing more: whatever is still buffered is never delivered, nor counted.
      socket.removeAllListeners('message');
      socket.terminate();
    }
  };

  const handle = (
    socket: ServerSocketLike,
    options: SessionServerOptions,
    accept: (socket: ServerSocketLike) => Promise<AcceptedSession>,
  ): void => {
    const behaviour = options.behaviour ?? 'session';
    live.add(socket as CrashableSocket);
    socket.on('close', () => live.delete(socket as CrashableSocket));
    if (behaviour === 'greet-and-close') {
      socket.send('hi');
      socket.close(4001, 'bye');
      return;
    }
    socket.on('message', (data: unknown, isBinary: unknown) => {
      const binary = isBinary === true;
      const bytes = data as Uint8Array;
      if (behaviour === 'garbage') {
        const reply = options.reply ?? 'this is not a welcome';
        (socket as unknown as { send(data: unknown, options: { binary: boolean }): void }).send(reply, {
          binary: typeof reply !== 'string',
        });
        return;
      }
      if (isSessionControlMessage(data, binary)) {
        control.push(Buffer.from(bytes).toString());
        events.emit('control', control[control.length - 1]);
        if (behaviour === 'legacy') legacyWelcome(socket, control[control.length - 1]!);
        return;
      }
      const message = binary ? new Uint8Array(bytes) : Buffer.from(bytes).toString();
      received.push(message);
      events.emit('received');
      (socket as unknown as { send(data: unknown, options: { binary: boolean }): void }).send(message, { binary });
      if (!crashed && options.crashAfter !== undefined && received.length === options.crashAfter) crash(options);
    });
    if (behaviour !== 'session') return;
    accept(socket).then(
      (session) => {
        sessions.push(session);
        events.emit('session', session);
      },
      (error: unknown) => {
        refusals.push(error);
        events.emit('refusal', error);
      },
    );
  };

  const view = {
    sessions,
    received,
    control,
    refusals,
    async session(index: number): Promise<AcceptedSession> {
      while (sessions.length <= index) await waitForEvent(events, 'session', { timeoutMs: 5000 });
      return sessions[index]!;
    },
    async refusal(index: number): Promise<unknown> {
      while (refusals.length <= index) await waitForEvent(events, 'refusal', { timeoutMs: 5000 });
      return refusals[index];
    },
    async waitForReceived(count: number): Promise<void> {
      while (received.length < count) await waitForEvent(events, 'received', { timeoutMs: 5000 });
    },
    async nextControl(): Promise<string> {
      const [text] = await waitForEvent(events, 'control', { timeoutMs: 5000 });
      return text as string;
    },
  };
  return { handle, view };
}
