/** Slots per chunk: small enough for V8's fast elements, large enough that chunk changes are rare. */
const CHUNK_SIZE = 1024;

interface Chunk<T> {
  readonly items: (T | undefined)[];
  next: Chunk<T> | undefined;
}

function newChunk<T>(): Chunk<T> {
  return { items: new Array<T | undefined>(CHUNK_SIZE), next: undefined };
}

/**
 * A first-in first-out list of fixed chunks: `push` never copies what the
 * list holds (a growing array copies itself as it grows, and a burst of
 * 100,000 sends made it do so again and again), and dropping a prefix costs
 * one store per item dropped. Emptied chunks are let go.
 */
export class ChunkedQueue<T> {
  #head: Chunk<T> = newChunk();
  #tail: Chunk<T> = this.#head;
  #headIndex = 0;
  #tailIndex = 0;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(item: T): void {
    if (this.#tailIndex === CHUNK_SIZE) {
      const chunk = newChunk<T>();
      this.#tail.next = chunk;
      this.#tail = chunk;
      this.#tailIndex = 0;
    }
    this.#tail.items[this.#tailIndex] = item;
    this.#tailIndex += 1;
    this.#size += 1;
  }

  /** Drops the first `count` items (all of them when it is larger than the size). */
  dropFirst(count: number): void {
    let left = Math.min(count, this.#size);
    this.#size -= left;
    while (left > 0) {
      if (this.#headIndex === CHUNK_SIZE) {
        this.#head = this.#head.next!;
        this.#headIndex = 0;
      }
      const end = this.#head === this.#tail ? this.#tailIndex : CHUNK_SIZE;
      const take = Math.min(left, end - this.#headIndex);
      this.#head.items.fill(undefined, this.#headIndex, this.#headIndex + take);
      this.#headIndex += take;
      left -= take;
    }
    if (this.#size === 0) this.clear();
  }

  /** The items, oldest first, in a new array. */
  toArray(): T[] {
    const out = new Array<T>(this.#size);
    let n = 0;
    for (let chunk: Chunk<T> | undefined = this.#head; chunk !== undefined; chunk = chunk.next) {
      const from = chunk === this.#head ? this.#headIndex : 0;
      const to = chunk === this.#tail ? this.#tailIndex : CHUNK_SIZE;
      for (let i = from; i < to; i++) out[n++] = chunk.items[i] as T;
    }
    return out;
  }

  clear(): void {
    if (this.#head === this.#tail && this.#headIndex === 0 && this.#tailIndex === 0) return;
    this.#head = newChunk();
    this.#tail = this.#head;
    this.#headIndex = 0;
    this.#tailIndex = 0;
    this.#size = 0;
  }
}
