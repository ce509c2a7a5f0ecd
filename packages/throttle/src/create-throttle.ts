import { InProcessThrottle } from './in-process-throttle';
import { resolveThrottleOptions, type ThrottleOptions } from './options';
import type { Throttle } from './throttle';

/**
 * Makes a throttle. Either `concurrency` or `rate` (or both) is required.
 * With a `store`, the state lives there (e.g. in Redis, shared by every
 * process using it); without one, in this process.
 *
 * @example
 * const throttle = createThrottle({ concurrency: 5, rate: { tokens: 10, intervalMs: 1000 } });
 * const permit = await throttle.acquire({ signal, timeoutMs: 5000 });
 * try { await connect(); } finally { permit.release(); }
 */
export function createThrottle(options: ThrottleOptions): Throttle {
  const resolved = resolveThrottleOptions(options);
  return resolved.store === undefined ? new InProcessThrottle(resolved) : resolved.store.openThrottle(resolved);
}
