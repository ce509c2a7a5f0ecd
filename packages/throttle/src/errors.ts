import { CodedError } from '@ws-isolation/internal';

/** Stable error codes of @ws-isolation/throttle; each is listed in the README. */
export const ThrottleErrorCode = {
  /** An option had the wrong type or range, or neither `concurrency` nor `rate` was given. */
  INVALID_OPTION: 'ERR_WSI_INVALID_OPTION',
  /** The waiter's `signal` aborted (or was already aborted) before a permit was granted. */
  ABORTED: 'ERR_WSI_ABORTED',
  /** No permit was granted within `timeoutMs`. */
  TIMEOUT: 'ERR_WSI_THROTTLE_TIMEOUT',
  /** `maxQueue` waiters were already queued. */
  QUEUE_FULL: 'ERR_WSI_THROTTLE_QUEUE_FULL',
  /** The throttle was closed: waiters are rejected and new acquires fail at once. */
  CLOSED: 'ERR_WSI_THROTTLE_CLOSED',
  /** The shared store (Redis) could not be reached in time, and the store fails closed. */
  STORE_UNAVAILABLE: 'ERR_WSI_THROTTLE_STORE_UNAVAILABLE',
  /** `createRedisStore({ url })` needs the `ioredis` package, and it is not installed. */
  REDIS_CLIENT_MISSING: 'ERR_WSI_THROTTLE_REDIS_CLIENT_MISSING',
} as const;

export type ThrottleErrorCode = (typeof ThrottleErrorCode)[keyof typeof ThrottleErrorCode];

/**
 * Marks every ThrottleError, whichever copy of the package made it: the
 * `./redis` entry point is bundled on its own, and an application may load the
 * ESM and the CommonJS build side by side. `instanceof` reads the mark, so an
 * error from any copy is a `ThrottleError` to every copy.
 */
const THROTTLE_ERROR = Symbol.for('ws-isolation.throttle-error/v1');

/** Every error the throttle throws or rejects with; it stays usable afterwards (except after `close()`). */
export class ThrottleError extends CodedError<ThrottleErrorCode> {
  constructor(code: ThrottleErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'ThrottleError';
    Object.defineProperty(this, THROTTLE_ERROR, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[THROTTLE_ERROR] === true;
  }
}
