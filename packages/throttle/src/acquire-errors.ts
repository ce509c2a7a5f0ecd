import { ThrottleError, ThrottleErrorCode } from './errors';

/** The errors `acquire()` rejects with, worded once for every store. */
export function closedError(): ThrottleError {
  return new ThrottleError(ThrottleErrorCode.CLOSED, 'acquire() refused: the throttle is closed');
}

export function abortedError(reason: unknown): ThrottleError {
  return new ThrottleError(ThrottleErrorCode.ABORTED, 'acquire() was aborted before a permit was granted', {
    cause: reason,
  });
}

export function timeoutError(timeoutMs: number): ThrottleError {
  return new ThrottleError(ThrottleErrorCode.TIMEOUT, `acquire() timed out: no permit within ${timeoutMs} ms`);
}

export function queueFullError(queued: number, maxQueue: number): ThrottleError {
  return new ThrottleError(
    ThrottleErrorCode.QUEUE_FULL,
    `acquire() refused: ${queued} waiters already queued (maxQueue ${maxQueue})`,
  );
}
