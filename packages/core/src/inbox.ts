import type { IncomingData } from './messages';

/**
 * Messages that arrive during a handshake. The handshake pulls them one by
 * one; whatever it did not pull is handed to the application afterwards.
 */
export class Inbox {
  #items: IncomingData[] = [];
  #waiter: { resolve(data: IncomingData): void; reject(error: unknown): void } | undefined;
  #failure: { error: unknown } | undefined;

  push(data: IncomingData): void {
    const waiter = this.#waiter;
    if (waiter !== undefined) {
      this.#waiter = undefined;
      waiter.resolve(data);
    } else {
      this.#items.push(data);
    }
  }

  /** Every later `next()` rejects with `error` (the socket closed, or the handshake was aborted). */
  fail(error: unknown): void {
    this.#failure ??= { error };
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.reject(error);
  }

  next(): Promise<IncomingData> {
    const item = this.#items.shift();
    if (item !== undefined) return Promise.resolve(item);
    if (this.#failure !== undefined) return Promise.reject(this.#failure.error);
    if (this.#waiter !== undefined)
      return Promise.reject(new Error('nextMessage() called again before the previous one settled'));
    return new Promise<IncomingData>((resolve, reject) => {
      this.#waiter = { resolve, reject };
    });
  }

  drain(): IncomingData[] {
    const items = this.#items;
    this.#items = [];
    return items;
  }
}
