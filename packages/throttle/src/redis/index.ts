import type { RedisStore } from './redis-store';
import { RedisThrottleStore } from './redis-store';
import type { RedisStoreOptions } from './redis-store-options';

/**
 * A store that keeps a throttle's slots, token bucket and wait queue in Redis,
 * so that every process using it (Jest workers, CI shards, server instances)
 * shares one cap. Pass `{ url }` (the store connects with `ioredis`, which you
 * install) or `{ client }` (an `ioredis` client of yours).
 *
 * @example
 * const store = createRedisStore({ url: 'redis://127.0.0.1:6379' });
 * const throttle = createThrottle({ concurrency: 3, store });
 * // ...
 * await store.close();
 */
export function createRedisStore(options: RedisStoreOptions): RedisStore {
  return new RedisThrottleStore(options);
}

export type { RedisStore } from './redis-store';
export type {
  FailMode,
  RedisClientStoreOptions,
  RedisStoreOptions,
  RedisUrlStoreOptions,
  ResolvedRedisStoreOptions,
} from './redis-store-options';
export type { RedisClientLike } from './redis-client';
export { createSharedThrottle, REDIS_URL_VARIABLE } from './shared-throttle';
export type { SharedThrottle, SharedThrottleOptions } from './shared-throttle';
