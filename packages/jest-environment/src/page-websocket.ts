import type { Socket } from 'node:net';
import { captureStack } from '@ws-isolation/internal';
import type { Registry } from '@ws-isolation/registry';
import { CREATION_STACK, type SocketWatcher } from '@ws-isolation/isolation-core';

/** The parts of the page's (jsdom's) WebSocket this reads. */
interface PageSocket {
  readonly url: string;
  readonly readyState: number;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'close', listener: () => void, options?: { once?: boolean }): void;
}

const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];
const CLOSED = 3;

/**
 * Makes the page's `WebSocket` (jsdom's own) tracked: each one a test makes
 * is a registry instance of that test, created at the test's line, closed by
 * cleanup with a close handshake and, past the deadline, by destroying its
 * TCP socket. jsdom opens that socket later, from a promise the constructor
 * chains; the socket watcher names it after its page socket and leaves the
 * report to the registry, so a leak is reported once.
 */
export function trackPageWebSockets(page: { WebSocket?: unknown }, registry: Registry, sockets?: SocketWatcher): void {
  const Original = page.WebSocket as (new (...args: unknown[]) => PageSocket) | undefined;
  if (typeof Original !== 'function') return;
  let nextId = 1;
  const construct = (target: typeof Original, args: unknown[], newTarget: unknown): PageSocket => {
    const stack = captureStack(construct, CREATION_STACK)();
    const opened = new Set<Socket>();
    const make = (): PageSocket => Reflect.construct(target, args, newTarget as typeof Original) as PageSocket;
    const socket = sockets
      ? sockets.withCreator({ kind: 'websocket', label: `page WebSocket ${String(args[0])}`, stack, opened }, make)
      : make();
    const id = `page-websocket-${nextId++}`;
    const handle = {
      id,
      kind: 'websocket',
      get state(): string {
        return STATES[socket.readyState] ?? String(socket.readyState);
      },
      describe: (): string => `page WebSocket ${socket.url} readyState=${STATES[socket.readyState]}`,
      close: (): Promise<void> =>
        new Promise<void>((resolve) => {
          if (socket.readyState === CLOSED) return resolve();
          socket.addEventListener('close', () => resolve(), { once: true });
          socket.close(1000, 'ws-isolation cleanup');
        }),
      terminate: (): void => {
        for (const tcp of opened) tcp.destroy();
        if (socket.readyState !== CLOSED) socket.close();
      },
    };
    // The stack starts at the caller of the constructor: the test's line that made the socket.
    const untrack = registry.track(handle, { createdBy: construct });
    socket.addEventListener('close', () => untrack(), { once: true });
    return socket;
  };
  page.WebSocket = new Proxy(Original, { construct });
}
