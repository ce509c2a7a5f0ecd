/** A queued entry; `remove()` takes it out wherever it is, in constant time. */
export interface QueueNode<T> {
  readonly value: T;
  readonly key: string | undefined;
}

interface Node<T> extends QueueNode<T> {
  prev: Node<T> | undefined;
  next: Node<T> | undefined;
  lane: Lane<T> | undefined;
}

interface Lane<T> {
  head: Node<T> | undefined;
  tail: Node<T> | undefined;
}

/**
 * Waiters in one FIFO lane per key (`undefined` is a key of its own), served
 * round robin across lanes: `shift()` takes the head of the lane served least
 * recently, so a key with a thousand waiters cannot starve a key with one.
 */
export class WaitQueue<T> {
  /** Non-empty lanes in serving order: a Map keeps insertion order, and re-inserting moves a lane to the back. */
  #lanes = new Map<string | undefined, Lane<T>>();
  #size = 0;

  get size(): number {
    return this.#size;
  }

  push(key: string | undefined, value: T): QueueNode<T> {
    let lane = this.#lanes.get(key);
    if (lane === undefined) {
      lane = { head: undefined, tail: undefined };
      this.#lanes.set(key, lane);
    }
    const node: Node<T> = { value, key, prev: lane.tail, next: undefined, lane };
    if (lane.tail === undefined) lane.head = node;
    else lane.tail.next = node;
    lane.tail = node;
    this.#size += 1;
    return node;
  }

  /** Takes the next waiter in round-robin order, or undefined when empty. */
  shift(): T | undefined {
    const first = this.#lanes.entries().next();
    if (first.done === true) return undefined;
    const [key, lane] = first.value;
    const node = lane.head!;
    this.#unlink(node);
    // The lane just served goes to the back of the rotation.
    if (this.#lanes.delete(key) && lane.head !== undefined) this.#lanes.set(key, lane);
    return node.value;
  }

  /** Removes a node that is still queued; returns false if it already left. */
  remove(handle: QueueNode<T>): boolean {
    const node = handle as Node<T>;
    const lane = node.lane;
    if (lane === undefined) return false;
    this.#unlink(node);
    if (lane.head === undefined) this.#lanes.delete(node.key);
    return true;
  }

  /** Empties the queue and returns every waiter, in round-robin order. */
  drain(): T[] {
    const values: T[] = [];
    for (let value = this.shift(); value !== undefined; value = this.shift()) values.push(value);
    return values;
  }

  #unlink(node: Node<T>): void {
    const lane = node.lane!;
    if (node.prev === undefined) lane.head = node.next;
    else node.prev.next = node.next;
    if (node.next === undefined) lane.tail = node.prev;
    else node.next.prev = node.prev;
    node.prev = undefined;
    node.next = undefined;
    node.lane = undefined;
    this.#size -= 1;
  }
}
