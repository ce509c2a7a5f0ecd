import { CoreError, CoreErrorCode } from './errors';
import { isArrayBuffer } from './binary';
import type { OutgoingData } from './messages';

/**
 * Messages sent before READY, kept in order up to a bound. Past the bound
 * `push` throws, so nothing is dropped without the caller knowing.
 */
export class SendQueue {
  readonly #limit: number;
  #items: OutgoingData[] = [];

  constructor(limit: number) {
    this.#limit = limit;
  }

  get size(): number {
    return this.#items.length;
  }

  push(data: OutgoingData): void {
    if (this.#items.length >= this.#limit) {
      throw new CoreError(
        CoreErrorCode.QUEUE_FULL,
        `send() before READY: the queue already holds maxQueuedMessages (${this.#limit}) messages`,
      );
    }
    this.#items.push(data);
  }

  /** Removes and returns everything, oldest first. */
  drain(): OutgoingData[] {
    const items = this.#items;
    this.#items = [];
    return items;
  }

  /** Puts messages back at the front (ones a flush could not send). */
  unshift(items: OutgoingData[]): void {
    this.#items = [...items, ...this.#items];
  }
}

/** Whether a value is something `send()` accepts. */
export function isOutgoingData(value: unknown): value is OutgoingData {
  return typeof value === 'string' || isArrayBuffer(value) || ArrayBuffer.isView(value);
}
