import type { Clock } from '@ws-isolation/internal';

/** The result of racing work against a deadline. */
export type Raced<T> = { readonly done: true; readonly value: T } | { readonly done: false };

/**
 * Waits for `work` at most `ms` on `clock`. Never rejects: a rejection of
 * `work` rejects nothing here, it is returned as `{ done: true, value }` of
 * the `onError` mapping, so no await in a Jest handler can throw or hang.
 */
export function raceDeadline<T>(
  work: Promise<T>,
  ms: number,
  clock: Clock,
  onError: (error: unknown) => T,
): Promise<Raced<T>> {
  return new Promise<Raced<T>>((resolve) => {
    let settled = false;
    const finish = (result: Raced<T>): void => {
      if (settled) return;
      settled = true;
      clock.clearTimeout(timer);
      resolve(result);
    };
    const timer = clock.setTimeout(() => finish({ done: false }), ms);
    work.then(
      (value) => finish({ done: true, value }),
      (error: unknown) => finish({ done: true, value: onError(error) }),
    );
  });
}
