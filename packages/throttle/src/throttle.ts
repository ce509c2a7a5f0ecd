import type { AcquireOptions } from './options';
import type { Permit } from './permit';

/** A snapshot of a throttle's counters (for a shared store: this process's share). */
export interface ThrottleStats {
  /** Permits granted and not yet released. */
  readonly active: number;
  /** Waiters queued now. */
  readonly queued: number;
  /** Permits granted so far. */
  readonly granted: number;
  /** `acquire()` calls rejected so far (bad options, abort, timeout, full queue, closed). */
  readonly rejected: number;
  /** Tokens in the bucket now; present only when the throttle has a `rate` and keeps it in the process. */
  readonly tokens?: number;
}

/** A concurrency cap and/or token bucket in front of some work (typically connection attempts). */
export interface Throttle {
  /**
   * Resolves to a permit once one is free, in FIFO order per key and round
   * robin across keys. Rejects with a `ThrottleError` when aborted, timed out,
   * refused by a full queue, or when the throttle is closed.
   */
  acquire(options?: AcquireOptions): Promise<Permit>;
  /** Acquires a permit, runs `fn`, and releases the permit however `fn` ends. */
  run<T>(fn: () => T | PromiseLike<T>, options?: AcquireOptions): Promise<T>;
  stats(): ThrottleStats;
  /**
   * Rejects every waiter with `ERR_WSI_THROTTLE_CLOSED`, and every later
   * `acquire()` too. Permits already granted can still be released. Idempotent.
   */
  close(): void;
  readonly closed: boolean;
}
