import { systemClock, type ThrottleClock } from './clock';
import { invalid, optionReader, readMethods, show } from './option-readers';
import type { StoreThrottleOptions, ThrottleStore } from './store';

/** The default bound on how many waiters may queue. */
export const DEFAULT_MAX_QUEUE = 10_000;

/** A token bucket's refill rate: `tokens` every `intervalMs`, spread evenly. */
export interface RateOption {
  /** Tokens added per interval; a positive integer. */
  tokens: number;
  /** The interval in milliseconds; a positive finite number. */
  intervalMs: number;
}

export interface ThrottleOptions {
  /**
   * How many permits may be held at once. Either this or `rate` (or both) is required.
   * @example createThrottle({ concurrency: 5 })
   */
  concurrency?: number;
  /**
   * A token bucket: each grant takes one token, and `rate.tokens` tokens come
   * back every `rate.intervalMs`, one every `intervalMs / tokens` ms. The bucket
   * starts full. Either this or `concurrency` (or both) is required.
   * @example createThrottle({ rate: { tokens: 10, intervalMs: 1000 } }) // 10 per second
   */
  rate?: RateOption;
  /**
   * The bucket's capacity: how many grants may happen back to back after a quiet period. Needs `rate`.
   * @default rate.tokens
   */
  burst?: number;
  /**
   * How many waiters may queue; past it `acquire()` rejects with `ERR_WSI_THROTTLE_QUEUE_FULL`.
   * `0` means never wait: a permit is granted at once or refused.
   * @default 10000
   */
  maxQueue?: number;
  /**
   * The default `timeoutMs` of every `acquire()` that does not pass its own.
   * @default none: a waiter waits until granted, aborted or the throttle is closed
   */
  timeoutMs?: number;
  /**
   * Where time comes from.
   * @default `performance.now()` and the global timers, looked up at each call (so Jest fake timers drive it)
   * @example createThrottle({ rate, clock: new ManualClock() })
   */
  clock?: ThrottleClock;
  /**
   * Where the slots, the bucket and the wait queue live. Pass `createRedisStore()` from
   * `@ws-isolation/throttle/redis` to share one cap across processes and machines.
   * @default in this process: nothing shared, nothing to connect to
   * @example createThrottle({ concurrency: 3, store: createRedisStore({ url: process.env.WSI_THROTTLE_REDIS_URL }) })
   */
  store?: ThrottleStore;
}

export interface AcquireOptions {
  /** Aborting it removes the waiter at once and rejects with `ERR_WSI_ABORTED`; no effect once granted. */
  signal?: AbortSignal;
  /**
   * Waiters are served first in, first out within a key, and round robin across keys,
   * so one busy key (a server, a client) cannot starve the others.
   * @default one shared key
   * @example throttle.acquire({ key: url })
   */
  key?: string;
  /**
   * How long to wait for a permit before rejecting with `ERR_WSI_THROTTLE_TIMEOUT`.
   * `0` means: grant now or reject now.
   * @default the throttle's `timeoutMs`, else none
   */
  timeoutMs?: number;
}

/** Options after validation, with defaults applied. */
export interface ResolvedThrottleOptions extends StoreThrottleOptions {
  readonly store: ThrottleStore | undefined;
}

const THROTTLE_KEYS: readonly string[] = ['concurrency', 'rate', 'burst', 'maxQueue', 'timeoutMs', 'clock', 'store'];
const RATE_KEYS: readonly string[] = ['tokens', 'intervalMs'];
const ACQUIRE_KEYS: readonly string[] = ['signal', 'key', 'timeoutMs'];

const read = optionReader('createThrottle()');
const readAcquire = optionReader('acquire()');

export function resolveThrottleOptions(options: unknown): ResolvedThrottleOptions {
  const given = read.object(options, THROTTLE_KEYS) ?? {};
  const concurrency = read.count('concurrency', given.concurrency, 1);
  const rateObject = read.object(given.rate, RATE_KEYS, 'rate');
  if (concurrency === undefined && rateObject === undefined) {
    throw invalid(`createThrottle() needs concurrency or rate (or both); received ${show(options)}`);
  }
  let rate: ResolvedThrottleOptions['rate'];
  if (rateObject !== undefined) {
    const tokens = required('rate.tokens', read.count('rate.tokens', rateObject.tokens, 1));
    const intervalMs = required('rate.intervalMs', read.positiveMs('rate.intervalMs', rateObject.intervalMs));
    rate = { tokens, intervalMs, burst: read.count('burst', given.burst, 1) ?? tokens };
  } else if (given.burst !== undefined) {
    throw invalid(`burst needs rate; received burst ${show(given.burst)} without rate`);
  }
  return {
    concurrency,
    rate,
    maxQueue: read.count('maxQueue', given.maxQueue, 0) ?? DEFAULT_MAX_QUEUE,
    timeoutMs: read.ms('timeoutMs', given.timeoutMs),
    clock: read.clock('clock', given.clock) ?? systemClock(),
    store: readStore(given.store),
  };
}

/** Validated acquire options; `timeoutMs` falls back to the throttle's. */
export function resolveAcquireOptions(
  options: unknown,
  fallbackTimeoutMs: number | undefined,
): { signal?: AbortSignal; key: string | undefined; timeoutMs: number | undefined } {
  const given = readAcquire.object(options, ACQUIRE_KEYS) ?? {};
  const signal = readAcquire.signal('signal', given.signal);
  if (given.key !== undefined && typeof given.key !== 'string') throw readAcquire.invalid('key', 'a string', given.key);
  return { signal, key: given.key, timeoutMs: readAcquire.ms('timeoutMs', given.timeoutMs) ?? fallbackTimeoutMs };
}

function readStore(value: unknown): ThrottleStore | undefined {
  const store = readMethods<ThrottleStore>(read, 'store', value, ['openThrottle']);
  if (store !== undefined && typeof store.kind !== 'string') throw read.invalid('store', 'a store with a kind', value);
  return store;
}

function required<T>(name: string, value: T | undefined): T {
  if (value === undefined) throw invalid(`${name} is required when rate is given; received undefined`);
  return value;
}
