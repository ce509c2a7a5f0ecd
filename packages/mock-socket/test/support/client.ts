import { setImmediate as nodeSetImmediate } from 'node:timers';
import { waitForEvent } from '@ws-isolation/test-utils';
import type { MockWebSocket } from '../../src';

/** What a client's close event said. */
export interface CloseSeen {
  code: number;
  reason: string;
  wasClean: boolean;
  errorBefore: boolean;
}

/**
 * Resolves once `socket` closed, with the close event and whether an error
 * event came first. Attach before the close can happen.
 */
export function whenClosed(socket: MockWebSocket, timeoutMs = 10_000): Promise<CloseSeen> {
  let errorBefore = false;
  socket.addEventListener('error', () => (errorBefore = true));
  return waitForEvent(socket, 'close', { timeoutMs }).then(([event]) => {
    const close = event as CloseEvent;
    return { code: close.code, reason: close.reason, wasClean: close.wasClean, errorBefore };
  });
}

export function whenOpen(socket: MockWebSocket, timeoutMs = 10_000): Promise<unknown> {
  return waitForEvent(socket, 'open', { timeoutMs });
}

/** Collects message data as strings (text) or hex (binary, with binaryType arraybuffer). */
export function collectMessages(socket: MockWebSocket): string[] {
  const seen: string[] = [];
  socket.binaryType = 'arraybuffer';
  socket.addEventListener('message', (event) => {
    const data: unknown = event.data;
    seen.push(typeof data === 'string' ? data : Buffer.from(data as ArrayBuffer).toString('hex'));
  });
  return seen;
}

/**
 * Lets `turns` event-loop tasks run (a frame is one task): for checks that
 * something did not happen. Node's own setImmediate, so fake timers cannot stop it.
 */
export async function afterTasks(turns = 5): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => nodeSetImmediate(resolve));
}
