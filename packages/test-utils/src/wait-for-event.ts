import { withTimeout } from './timeout';

type EmitterLike = {
  on(event: string, listener: (...args: unknown[]) => void): unknown;
  off?(event: string, listener: (...args: unknown[]) => void): unknown;
  removeListener?(event: string, listener: (...args: unknown[]) => void): unknown;
};

type EventTargetLike = {
  addEventListener(type: string, listener: (event: unknown) => void): unknown;
  removeEventListener(type: string, listener: (event: unknown) => void): unknown;
};

export interface WaitForEventOptions<Args extends unknown[] = unknown[]> {
  /**
   * How long to wait before rejecting. Generous on purpose: the bound only
   * guards against a hang, and a loaded CI machine can be slow to deliver.
   * @default 10000
   */
  timeoutMs?: number;
  /** Only resolve for arguments that pass this check. */
  filter?: (...args: Args) => boolean;
  /**
   * Ends the wait early: it rejects with the signal's reason, and neither its
   * listener nor its timer is left behind (a timer would keep Jest alive).
   */
  signal?: AbortSignal;
}

/**
 * Waits for one event from an EventEmitter-like (`on`/`off`) or an
 * EventTarget-like (`addEventListener`) object. Resolves with the listener's
 * arguments, typed by `Args` (the listener's parameter list); rejects after `timeoutMs`.
 *
 * @example
 * const [socket] = await waitForEvent<[WebSocket]>(server, 'connection');
 * const [change] = await waitForEvent<[StateChange]>(connection, 'state', { filter: ({ to }) => to === 'READY' });
 */
export function waitForEvent<Args extends unknown[] = unknown[]>(
  target: EmitterLike | EventTargetLike,
  event: string,
  options: WaitForEventOptions<Args> = {},
): Promise<Args> {
  const { timeoutMs = 10_000, filter, signal } = options;
  let detach: () => void = () => undefined;
  const waiting = new Promise<Args>((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      detach();
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const listener = (...received: unknown[]): void => {
      const args = received as Args;
      if (filter && !filter(...args)) return;
      detach();
      resolve(args);
    };
    if ('addEventListener' in target) {
      target.addEventListener(event, listener);
      detach = () => {
        signal?.removeEventListener('abort', onAbort);
        target.removeEventListener(event, listener);
      };
    } else {
      target.on(event, listener);
      detach = () => {
        signal?.removeEventListener('abort', onAbort);
        if (target.off) target.off(event, listener);
        else target.removeListener?.(event, listener);
      };
    }
  });
  return withTimeout(waiting, timeoutMs, `event "${event}"`).finally(() => detach());
}
