import type { ThrottleLike, PermitLike } from './options';

/**
 * Acquires a permit, bounded by `signal` even if the throttle ignores it: a
 * permit granted after the abort is released at once, so no place is kept.
 */
export function acquirePermit(
  throttle: ThrottleLike,
  key: string | undefined,
  signal: AbortSignal,
): Promise<PermitLike> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<PermitLike>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    const request = key === undefined ? { signal } : { signal, key };
    Promise.resolve()
      .then(() => throttle.acquire(request))
      .then(
        (permit) => {
          signal.removeEventListener('abort', onAbort);
          if (signal.aborted) safeRelease(permit);
          else resolve(permit);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(signal.aborted ? signal.reason : error);
        },
      );
  });
}

export function safeRelease(permit: PermitLike | undefined): void {
  try {
    permit?.release();
  } catch {
    // A throttle whose release throws cannot be helped by the connection.
  }
}
