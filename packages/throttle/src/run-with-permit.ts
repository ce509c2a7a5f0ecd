import { ThrottleError, ThrottleErrorCode } from './errors';
import type { AcquireOptions } from './options';
import type { Throttle } from './throttle';

/** `throttle.run()`: acquires, runs `fn`, and releases however `fn` ends. */
export async function runWithPermit<T>(
  throttle: Throttle,
  fn: () => T | PromiseLike<T>,
  options: AcquireOptions | undefined,
): Promise<T> {
  const permit = await throttle.acquire(options);
  try {
    return await fn();
  } finally {
    permit.release();
  }
}

export function notAFunction(fn: unknown): ThrottleError {
  return new ThrottleError(ThrottleErrorCode.INVALID_OPTION, `run(fn) expects a function; received ${String(fn)}`);
}
