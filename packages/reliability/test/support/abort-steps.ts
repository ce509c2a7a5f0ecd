import type { Connection } from '@ws-isolation/core';
import { createThrottle, type Throttle } from '@ws-isolation/throttle';
import { flushMicrotasks, waitForEvent } from '@ws-isolation/test-utils';
import type { Cell } from './cell';
import type { SessionServerOptions } from './transports';

/** The steps of a connection's life an abort signal can fire in. */
export const ABORT_STEPS = ['throttle-wait', 'CONNECTING', 'handshake', 'READY', 'reconnect-backoff'] as const;
export type AbortStep = (typeof ABORT_STEPS)[number];

/** A connection whose `connect({ signal })` is at `step`, and what that took. */
export interface AtStep {
  connection: Connection;
  /** The `connect()` promise (already settled at READY). */
  connecting: Promise<void>;
  controller: AbortController;
  /** Puts the server back to health, so a later connect() can succeed. */
  heal(): Promise<void>;
  /** Releases what the step holds (the throttle's other permit). */
  release(): void;
  /** The throttle, at the throttle-wait step. */
  throttle: Throttle | undefined;
}

/** The server each step needs. */
export function serverFor(step: AbortStep): SessionServerOptions {
  return step === 'handshake' ? { behaviour: 'silent' } : {};
}

/**
 * Brings a fresh connection of `cell` to `step` with a signal in hand; `queued`
 * messages are sent just after connect() starts.
 */
export async function bringToStep(cell: Cell, step: AbortStep, queued: number): Promise<AtStep> {
  const controller = new AbortController();
  let throttle: Throttle | undefined;
  let heal = (): Promise<void> => cell.server.restart();
  let release = (): void => undefined;
  const options: Parameters<Cell['connection']>[0] = { connectTimeoutMs: 60_000, handshakeTimeoutMs: 60_000 };
  if (step === 'throttle-wait') {
    throttle = createThrottle({ concurrency: 1 });
    const held = await throttle.acquire();
    release = () => held.release();
    heal = async () => release();
    options.throttle = throttle;
  }
  if (step === 'CONNECTING') options.url = await cell.server.slowOpenUrl();
  if (step === 'reconnect-backoff') {
    cell.server.refuse();
    options.reconnect = { maxAttempts: 5, baseDelayMs: 60_000, maxDelayMs: 60_000, deadlineMs: 600_000 };
    options.random = () => 1;
  }
  const connection = cell.connection(options);
  const connecting = connection.connect({ signal: controller.signal });
  cell.ledger.sendMany(connection, 'queued', queued);
  if (step === 'throttle-wait') {
    await flushMicrotasks();
    expect(throttle!.stats()).toMatchObject({ active: 1, queued: 1 });
  }
  if (step === 'CONNECTING') expect(connection.state).toBe('CONNECTING');
  if (step === 'handshake')
    await waitForEvent(connection, 'state', { filter: (change) => (change as { to: string }).to === 'CONNECTED' });
  if (step === 'READY') await cell.within(300, connecting, 'connect()');
  if (step === 'reconnect-backoff') await waitForEvent(connection, 'reconnecting');
  return { connection, connecting, controller, heal, release, throttle };
}
