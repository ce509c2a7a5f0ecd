import { EventEmitter } from 'node:events';
import {
  acceptSession,
  isSessionControlMessage,
  type AcceptedSession,
  type ServerSocketLike,
} from '@ws-isolation/core';
import { waitForEvent } from '@ws-isolation/test-utils';
import type { ServerHarnessOptions } from './server-harness';

/** The part of a server socket both transports share. */
export interface ServerSocket extends ServerSocketLike {
  send(data: string): void;
  terminate(): void;
  removeAllListeners(event: 'message'): unknown;
}

/** Bookkeeping and per-connection behaviour shared by the mock and the ws harness. */
export function createServerState<S extends ServerSocket>(options: ServerHarnessOptions, onCrash: () => void) {
  const events = new EventEmitter();
  const received: string[] = [];
  const sessions: AcceptedSession[] = [];
  const live = new Set<S>();
  let crashed = false;
  let healthy = false;
  // A dead process reads nothing more: what its sockets still buffer is neither recorded nor counted by acceptSession.
  const crash = (): void => {
    crashed = true;
    for (const socket of live) socket.removeAllListeners('message');
    onCrash();
  };

  const handle = (socket: S): void => {
    const behaviour = healthy ? 'session' : (options.behaviour ?? 'session');
    live.add(socket);
    socket.on('close', () => live.delete(socket));
    socket.on('message', (data: unknown, isBinary: unknown) => {
      if (crashed) return;
      if (behaviour === 'garbage') {
        socket.send('this is not a welcome');
        return;
      }
      if (behaviour === 'crash-on-hello') {
        crash();
        return;
      }
      if (behaviour === 'drop-on-hello') {
        socket.terminate();
        return;
      }
      if (isSessionControlMessage(data, isBinary === true)) return;
      const text = Buffer.from(data as Uint8Array).toString();
      received.push(text);
      events.emit('received');
      if (options.echo === true) socket.send(text);
      if (options.crashAfter !== undefined && received.length === options.crashAfter) crash();
    });
    if (behaviour !== 'session') return;
    acceptSession(socket, { helloTimeoutMs: 2000 }).then(
      (session) => {
        sessions.push(session);
        events.emit('session');
      },
      // The client went away before its hello: nothing to record.
      () => undefined,
    );
  };

  return {
    handle,
    crash,
    /** The server sockets open now. */
    live: live as ReadonlySet<S>,
    /** Drops every open connection abruptly. */
    drop(): void {
      for (const socket of [...live]) socket.terminate();
    },
    received,
    sessions,
    /** From now on, a healthy session server. */
    restarted(): void {
      crashed = false;
      healthy = true;
    },
    async waitForReceived(count: number): Promise<void> {
      while (received.length < count) await waitForEvent(events, 'received', { timeoutMs: 5000 });
    },
    async waitForSessions(count: number): Promise<void> {
      while (sessions.length < count) await waitForEvent(events, 'session', { timeoutMs: 5000 });
    },
  };
}
