import type { Clock } from '@ws-isolation/internal';
import { startDeadline } from './deadline';
import type { IncomingData } from './messages';
import type { SocketDriver } from './socket-driver';

/** How a socket's close ended. */
export interface CloseOutcome {
  forced: boolean;
  code: number;
  reason: string;
  /** The peer finished the closing handshake (so it read everything sent before it). */
  clean: boolean;
}

export interface CloseSocketInput {
  driver: SocketDriver;
  code: number;
  reason: string;
  timeoutMs: number;
  clock: Clock;
  /** Resolves when `terminate()` cuts the wait short. */
  terminated: Promise<void>;
  /** Messages still arriving while closing are delivered, not lost. */
  onMessage(data: IncomingData): void;
}

/**
 * Starts the closing handshake and waits for the peer's close, at most
 * `timeoutMs`: past it the socket is terminated and the outcome is `forced`.
 */
export function closeSocket(input: CloseSocketInput): Promise<CloseOutcome> {
  const { driver, clock } = input;
  return new Promise<CloseOutcome>((resolve) => {
    let done = false;
    const finish = (outcome: CloseOutcome): void => {
      if (done) return;
      done = true;
      deadline.cancel();
      driver.detach();
      resolve(outcome);
    };
    const forced = (): void => {
      if (done) return;
      driver.terminate();
      finish({ forced: true, code: 1006, reason: '', clean: false });
    };
    driver.setHandlers({
      open: () => undefined,
      message: input.onMessage,
      error: () => undefined,
      close: (info) => finish({ forced: false, code: info.code, reason: info.reason, clean: info.wasClean }),
    });
    const deadline = startDeadline(clock, input.timeoutMs, forced);
    void input.terminated.then(forced);
    if (!driver.close(input.code, input.reason)) forced();
  });
}
