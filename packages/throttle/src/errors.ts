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
} as const;

export type ThrottleErrorCode = (typeof ThrottleErrorCode)[keyof typeof ThrottleErrorCode];

/** Every error the throttle throws or rejects with; it stays usable afterwards (except after `close()`). */
export class ThrottleError extends Error {
  readonly code: ThrottleErrorCode;

  constructor(code: ThrottleErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ThrottleError';
    this.code = code;
  }
}
