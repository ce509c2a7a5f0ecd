import { createThrottle } from '../create-throttle';
import type { ThrottleOptions } from '../options';
import type { Throttle } from '../throttle';
import { RedisThrottleStore } from './redis-store';
import type { RedisUrlStoreOptions } from './redis-store-options';

/** The environment variable `createSharedThrottle()` reads the Redis URL from. */
export const REDIS_URL_VARIABLE = 'WSI_THROTTLE_REDIS_URL';

export interface SharedThrottleOptions extends Omit<RedisUrlStoreOptions, 'url' | 'client'> {
  /**
   * The environment variable that holds the Redis URL.
   * @default "WSI_THROTTLE_REDIS_URL"
   */
  variable?: string;
}

/** A throttle from `createSharedThrottle()`, and what it was built on. */
export interface SharedThrottle {
  readonly throttle: Throttle;
  /** `"redis"` when the variable held a URL, `"in-process"` when it was unset or empty. */
  readonly store: 'redis' | 'in-process';
  /** Closes the throttle and, with Redis, its connections. Idempotent. */
  close(): Promise<void>;
}

/**
 * One cap for a whole test suite: with the Redis URL in the environment
 * (`WSI_THROTTLE_REDIS_URL`), every Jest worker and every CI shard that reads
 * it shares the throttle's slots, bucket and queue; without it, the throttle
 * lives in this process, which holds the cap when the suite runs in one
 * process (`jest --runInBand`) and per worker otherwise.
 *
 * @example
 * const { throttle, close } = createSharedThrottle({ concurrency: 3 });
 * afterAll(close);
 */
export function createSharedThrottle(
  options: Omit<ThrottleOptions, 'store'>,
  shared: SharedThrottleOptions = {},
): SharedThrottle {
  const { variable = REDIS_URL_VARIABLE, ...storeOptions } = shared;
  const url = process.env[variable];
  if (url === undefined || url === '') {
    const throttle = createThrottle(options);
    return { throttle, store: 'in-process', close: async () => throttle.close() };
  }
  const store = new RedisThrottleStore({ ...storeOptions, url });
  const throttle = createThrottle({ ...options, store });
  return { throttle, store: 'redis', close: () => store.close() };
}
