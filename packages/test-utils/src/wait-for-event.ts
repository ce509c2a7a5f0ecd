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

export interface WaitForEventOptions {
  /**
   * How long to wait before rejecting. Generous on purpose: the bound only
   * guards against a hang, and a loaded CI machine can be slow to deliver.
   * @default 10000
   */
  timeoutMs?: number;
  /** Only resolve for arguments that pass this check. */
  filter?: (...args: unknown[]) => boolean;
}

/**
 * Waits for one event from an EventEmitter-like (`on`/`off`) or an
 * EventTarget-like (`addEventListener`) object. Resolves with the listener's
 * arguments; rejects after `timeoutMs`.
 *
 * @example
 * const [socket] = await waitForEvent(server, 'connection');
 */
export function waitForEvent(
  target: EmitterLike | EventTargetLike,
  event: string,
  options: WaitForEventOptions = {},
): Promise<unknown[]> {
  const { timeoutMs = 10_000, filter } = options;
  let detach: () => void = () => undefined;
  const waiting = new Promise<unknown[]>((resolve) => {
    const listener = (...args: unknown[]): void => {
      if (filter && !filter(...args)) return;
      detach();
      resolve(args);
    };
    if ('addEventListener' in target) {
      target.addEventListener(event, listener);
      detach = () => target.removeEventListener(event, listener);
    } else {
      target.on(event, listener);
      detach = () => {
        if (target.off) target.off(event, listener);
        else target.removeListener?.(event, listener);
      };
    }
  });
  return withTimeout(waiting, timeoutMs, `event "${event}"`).finally(() => detach());
}
