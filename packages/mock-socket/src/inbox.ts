import { unfakeableClock } from '@ws-isolation/internal';
import { MockSocketError, MockSocketErrorCode } from './errors';

/** The empty list every inbox starts with: most are never awaited. */
const NO_WAITERS: Array<Waiter<never>> = Object.freeze([]) as never;

interface Waiter<T> {
  index: number;
  resolve(value: T): void;
  reject(error: unknown): void;
  timer: unknown;
}

/**
 * A growing list that can be awaited: `next()` hands out items in order, one
 * per call (an item that arrived before the call counts), `at(n)` waits for
 * the nth. Waits run on Node's own timers, so fake timers cannot stall them.
 */
export class Inbox<T> {
  readonly items: T[] = [];
  readonly #what: string;
  #cursor = 0;
  #waiters: Array<Waiter<T>> = NO_WAITERS;
  #makeError: (() => MockSocketError) | undefined;
  #error: MockSocketError | undefined;

  constructor(what: string) {
    this.#what = what;
  }

  push(item: T): void {
    this.items.push(item);
    // Most items are never awaited: no array is made for them.
    if (this.#waiters.length === 0) return;
    const index = this.items.length - 1;
    for (const waiter of this.#waiters.filter((w) => w.index === index))
      this.#settle(waiter, () => waiter.resolve(item));
  }

  /** The next item not yet handed out by `next()`. */
  next(timeoutMs: number): Promise<T> {
    return this.at(this.#cursor++, timeoutMs);
  }

  /** The item at `index` (0-based), once it exists. */
  at(index: number, timeoutMs: number): Promise<T> {
    if (index < this.items.length) return Promise.resolve(this.items[index] as T);
    if (this.#makeError !== undefined) return Promise.reject(this.#closedError());
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter<T> = { index, resolve, reject, timer: undefined };
      waiter.timer = unfakeableClock.setTimeout(() => {
        this.#settle(waiter, () =>
          reject(
            new MockSocketError(
              MockSocketErrorCode.TIMEOUT,
              `Timed out after ${timeoutMs} ms waiting for ${this.#what} #${index + 1}`,
            ),
          ),
        );
      }, timeoutMs);
      if (this.#waiters === NO_WAITERS) this.#waiters = [];
      this.#waiters.push(waiter);
    });
  }

  /**
   * Rejects every waiter, and later waits for missing items, with the error
   * `makeError` returns. It is made only if someone waits: every closing
   * socket closes its inbox, and most have no waiter.
   */
  close(makeError: () => MockSocketError): void {
    this.#makeError = makeError;
    if (this.#waiters.length === 0) return;
    for (const waiter of [...this.#waiters]) this.#settle(waiter, () => waiter.reject(this.#closedError()));
  }

  #closedError(): MockSocketError {
    return (this.#error ??= this.#makeError!());
  }

  #settle(waiter: Waiter<T>, action: () => void): void {
    unfakeableClock.clearTimeout(waiter.timer);
    this.#waiters = this.#waiters.filter((w) => w !== waiter);
    action();
  }
}
