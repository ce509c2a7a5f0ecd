import type { ThrottleClock } from './clock';
import type { Throttle } from './throttle';

/** A throttle's options after validation, with defaults applied: what a store builds a throttle from. */
export interface StoreThrottleOptions {
  readonly concurrency: number | undefined;
  readonly rate: { readonly tokens: number; readonly intervalMs: number; readonly burst: number } | undefined;
  readonly maxQueue: number;
  readonly timeoutMs: number | undefined;
  readonly clock: ThrottleClock;
}

/**
 * Where a throttle keeps its state: the concurrency slots, the token bucket and
 * the wait queue. Without a `store`, `createThrottle` keeps them in the process
 * (nothing shared, nothing to connect to). `createRedisStore()` from
 * `@ws-isolation/throttle/redis` keeps them in Redis, so every process that
 * uses the same store shares one cap.
 */
export interface ThrottleStore {
  /** What keeps the state, e.g. `"redis"`. */
  readonly kind: string;
  /** Makes a throttle whose state lives in this store; `createThrottle` calls it with checked options. */
  openThrottle(options: StoreThrottleOptions): Throttle;
}
