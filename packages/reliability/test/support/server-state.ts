import { EventEmitter } from 'node:events';
import { acceptSession, isSessionControlMessage, type AcceptedSession, type ServerSocketLike } from '@ws-isolation/core';
import { waitForEvent } from '@ws-isolation/test-utils';
import type { ServerHarnessOptions } from './server-harness';

/** The part of a server socket both transports share. */
export interface ServerSocket extends ServerSocketLike {
  send(data: string): void;
  terminate(): void;
}

/** Bookkeeping and per-connection behaviour shared by the mock and the ws harness. */
export function createServerState(options: ServerHarnessOptions, onCrash: () => void) {
  const events = new EventEmitter();
  const received: string[] = [];
  const sessions: AcceptedSession[] = [];
  let crashed = false;
  let healthy = false;

  const handle = (socket: ServerSocket): void => {
    const behaviour = healthy ? 'session' : (options.behaviour ?? 'session');
    socket.on('message', (data: unknown, isBinary: unknown) => {
      if (crashed) return;
      if (behaviour === 'garbage') {
        socket.send('this is not a welcome');
        return;
      }
      if (behaviour === 'crash-on-hello') {
        crashed = true;
        onCrash();
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
      if (options.crashAfter !== undefined && received.length === options.crashAfter) {
        crashed = true;
        onCrash();
      }
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
