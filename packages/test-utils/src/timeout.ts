import { setTimeout as nativeSetTimeout, clearTimeout as nativeClearTimeout } from 'node:timers';

/** Thrown when a test helper's wait runs out. */
export class WaitTimeoutError extends Error {
  readonly code = 'ERR_WSI_TEST_TIMEOUT';

  constructor(what: string, timeoutMs: number) {
    super(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    this.name = 'WaitTimeoutError';
  }
}

/**
 * Resolves or rejects with `promise`, or rejects with WaitTimeoutError after
 * `timeoutMs`. Uses Node's own timers, so fake timers in a test do not stall it.
 */
export function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what = 'a promise'): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = nativeSetTimeout(() => reject(new WaitTimeoutError(what, timeoutMs)), timeoutMs);
    promise.then(
      (value) => {
        nativeClearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        nativeClearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** A promise with its resolve and reject in hand. */
export function deferred<T = void>(): {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
} {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
