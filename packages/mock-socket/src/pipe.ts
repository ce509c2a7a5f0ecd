import type { AsyncResource } from 'node:async_hooks';
import type { MockClock } from './clock';
import { enqueueDelivery, type DeliveryGroup, type DeliveryTarget, type QueuedFrame } from './delivery-queue';
import { anyLatencyFault } from './faults';
import type { Frame, FrameSink } from './frames';

/** A frame that cannot be delivered yet (latency, or bytes still being read), and what holds it. */
interface Waiting {
  frame: QueuedFrame;
  ready: boolean;
  timer?: unknown;
}

/** The empty queue every pipe starts with (shared: a pipe makes its own on its first waiting frame). */
const NONE_WAITING: readonly (Waiting | undefined)[] = Object.freeze([]);

/** Where a pipe reads its latency from, each time a frame is sent. */
export interface LatencySource {
  latencyMs(): number;
  readonly clock: MockClock;
}

/**
 * One direction of a connection: frames arrive in the order they were sent,
 * each in a turn of its own on the shared delivery queue (see
 * `delivery-queue.ts`), so code that awaits promises between frames sees
 * what it would see on a real network. With latency, each frame waits on the
 * injected clock, and order still holds.
 */
export class Pipe implements DeliveryTarget, FrameSink {
  readonly #deliver: (frame: QueuedFrame) => void;
  readonly #latency: LatencySource;
  // Frames not ready yet, and every frame sent after the first of them (order holds).
  // A queue with a moving head: taking the head is O(1) where Array#shift would make a burst quadratic.
  #waiting = NONE_WAITING as (Waiting | undefined)[];
  #waitHead = 0;
  /** Frames on the delivery queue, not delivered yet. */
  #queued = 0;
  #cut = false;

  readonly context: AsyncResource | undefined;

  /**
   * `deliver` gets each frame in order, in the async `context` when given; a
   * string is a text message (see `FrameSink.deliverText`).
   */
  constructor(deliver: (frame: QueuedFrame) => void, latency: LatencySource, context?: AsyncResource) {
    this.#deliver = deliver;
    this.#latency = latency;
    this.context = context;
  }

  /** Sends a frame; a `drop` overtakes everything in flight and ends the pipe. */
  push(frame: QueuedFrame, pending?: Promise<unknown>): void {
    if (this.#cut) return;
    if (typeof frame !== 'string' && frame.type === 'drop') {
      this.cut();
      enqueueDelivery(this, frame);
      return;
    }
    const ms = anyLatencyFault() ? this.#latency.latencyMs() : 0;
    if (ms === 0 && pending === undefined && this.#waitHead === this.#waiting.length) {
      this.#queued += 1;
      enqueueDelivery(this, frame);
      return;
    }
    // Ready now but behind a waiting frame: released when the frames before it are.
    const entry: Waiting = { frame, ready: ms === 0 && pending === undefined };
    if (this.#waiting === NONE_WAITING) this.#waiting = [];
    this.#waiting.push(entry);
    if (!entry.ready) this.#wait(entry, ms, pending);
  }

  /** As a sink (the client's frames go into the connection's from-client pipe): `push`. */
  deliver(frame: Frame, pending?: Promise<unknown>): void {
    this.push(frame, pending);
  }
  deliverText(text: string): void {
    this.push(text);
  }

  /**
   * Joins `group` (one frame for several pipes, queued once) where a frame
   * sent now would go straight onto the delivery queue: no latency and
   * nothing waiting. False otherwise: the caller sends the frame with `push`.
   */
  joinGroup(group: DeliveryGroup): boolean {
    if (this.#cut || this.#waitHead !== this.#waiting.length) return false;
    if (anyLatencyFault() && this.#latency.latencyMs() !== 0) return false;
    this.#queued += 1;
    group.add(this);
    return true;
  }

  /** Frames waiting to be delivered. */
  get inFlight(): number {
    return this.#cut ? 0 : this.#queued + this.#waiting.length - this.#waitHead;
  }

  /** Discards what is in flight and ignores later frames. */
  cut(): void {
    this.#cut = true;
    for (let i = this.#waitHead; i < this.#waiting.length; i++) {
      const timer = this.#waiting[i]?.timer;
      if (timer !== undefined) this.#latency.clock.clearTimeout(timer);
    }
    this.#waiting = NONE_WAITING as (Waiting | undefined)[];
    this.#waitHead = 0;
  }

  /** The delivery queue's turn for one of this pipe's frames; after a cut only the `drop` is still delivered. */
  receiveQueued(frame: QueuedFrame | undefined): boolean {
    if (frame === undefined || (this.#cut && (typeof frame === 'string' || frame.type !== 'drop'))) return false;
    this.#queued -= 1;
    this.#deliver(frame);
    return true;
  }

  #wait(entry: Waiting, ms: number, pending: Promise<unknown> | undefined): void {
    const elapsed =
      ms === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            entry.timer = this.#latency.clock.setTimeout(resolve, ms);
          });
    void Promise.all([elapsed, pending]).then(() => {
      entry.ready = true;
      entry.timer = undefined;
      if (!this.#cut) this.#release();
    });
  }

  /** Moves each frame that is now ready, with every frame before it ready, to the delivery queue. */
  #release(): void {
    while (this.#waitHead < this.#waiting.length && this.#waiting[this.#waitHead]!.ready) {
      const entry = this.#waiting[this.#waitHead]!;
      this.#waiting[this.#waitHead] = undefined;
      this.#waitHead += 1;
      this.#queued += 1;
      enqueueDelivery(this, entry.frame);
    }
    if (this.#waitHead === this.#waiting.length) {
      this.#waiting = NONE_WAITING as (Waiting | undefined)[];
      this.#waitHead = 0;
    } else if (this.#waitHead >= 1024 && this.#waitHead * 2 >= this.#waiting.length) {
      this.#waiting = this.#waiting.slice(this.#waitHead);
      this.#waitHead = 0;
    }
  }
}
