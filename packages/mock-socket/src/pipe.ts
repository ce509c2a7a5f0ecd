import type { MockClock } from './clock';
import type { Frame } from './frames';
import { nextTask } from './microtask';

interface Entry {
  frame: Frame;
  ready: boolean;
  timer?: unknown;
}

/** Where a pipe reads its latency from, each time a frame is sent. */
export interface LatencySource {
  latencyMs(): number;
  readonly clock: MockClock;
}

/**
 * One direction of a connection: frames arrive in the order they were sent,
 * each in a task of its own (as the standard queues a task per message), so
 * code that awaits promises between frames sees what it would see on a real
 * network. With latency, each frame waits on the injected clock, and order
 * still holds.
 */
export class Pipe {
  readonly #deliver: (frame: Frame) => void;
  readonly #latency: LatencySource;
  // A queue with a moving head: taking the head is O(1) where Array#shift
  // would move every frame still in flight, which made a pipelined burst quadratic.
  #queue: (Entry | undefined)[] = [];
  #head = 0;
  // Entries before this index are ready and each has its task queued: a frame
  // gets its task only once every frame before it is ready, so tasks run in order.
  #scheduledEnd = 0;
  #cut = false;
  readonly #deliverHead = (): void => {
    const head = this.#queue[this.#head];
    if (this.#cut || head === undefined) return;
    this.#take();
    this.#deliver(head.frame);
  };

  constructor(deliver: (frame: Frame) => void, latency: LatencySource) {
    this.#deliver = deliver;
    this.#latency = latency;
  }

  /** Sends a frame; a `drop` overtakes everything in flight and ends the pipe. */
  push(frame: Frame, pending?: Promise<unknown>): void {
    if (this.#cut) return;
    if (frame.type === 'drop') {
      this.cut();
      nextTask(() => this.#deliver(frame));
      return;
    }
    const ms = this.#latency.latencyMs();
    const entry: Entry = { frame, ready: ms === 0 && pending === undefined };
    this.#queue.push(entry);
    if (entry.ready) this.#schedule();
    else this.#wait(entry, ms, pending);
  }

  /** Frames waiting to be delivered. */
  get inFlight(): number {
    return this.#queue.length - this.#head;
  }

  /** Discards what is in flight and ignores later frames. */
  cut(): void {
    this.#cut = true;
    for (let i = this.#head; i < this.#queue.length; i++) {
      const timer = this.#queue[i]?.timer;
      if (timer !== undefined) this.#latency.clock.clearTimeout(timer);
    }
    this.#queue = [];
    this.#head = 0;
    this.#scheduledEnd = 0;
  }

  #wait(entry: Entry, ms: number, pending: Promise<unknown> | undefined): void {
    const elapsed =
      ms === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            entry.timer = this.#latency.clock.setTimeout(resolve, ms);
          });
    void Promise.all([elapsed, pending]).then(() => {
      entry.ready = true;
      entry.timer = undefined;
      if (!this.#cut) this.#schedule();
    });
  }

  /** Queues a task for each frame that is now ready with every frame before it ready. */
  #schedule(): void {
    while (this.#scheduledEnd < this.#queue.length && this.#queue[this.#scheduledEnd]?.ready === true) {
      this.#scheduledEnd += 1;
      nextTask(this.#deliverHead);
    }
  }

  /** Drops the head; the delivered part of the array is released once it is the larger half. */
  #take(): void {
    this.#queue[this.#head] = undefined;
    this.#head += 1;
    if (this.#head === this.#queue.length) {
      this.#queue = [];
      this.#head = 0;
      this.#scheduledEnd = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#queue.length) {
      this.#queue = this.#queue.slice(this.#head);
      this.#scheduledEnd -= this.#head;
      this.#head = 0;
    }
  }
}
