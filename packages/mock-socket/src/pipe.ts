import type { MockClock } from './clock';
import type { Frame } from './frames';
import { nextHop } from './microtask';

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
 * one per microtask hop (as a browser delivers one message per task). With
 * latency, each frame waits on the injected clock, and order still holds.
 */
export class Pipe {
  readonly #deliver: (frame: Frame) => void;
  readonly #latency: LatencySource;
  #queue: Entry[] = [];
  #scheduled = false;
  #cut = false;

  constructor(deliver: (frame: Frame) => void, latency: LatencySource) {
    this.#deliver = deliver;
    this.#latency = latency;
  }

  /** Sends a frame; a `drop` overtakes everything in flight and ends the pipe. */
  push(frame: Frame, pending?: Promise<unknown>): void {
    if (this.#cut) return;
    if (frame.type === 'drop') {
      this.cut();
      nextHop(() => this.#deliver(frame));
      return;
    }
    const ms = this.#latency.latencyMs();
    const entry: Entry = { frame, ready: ms === 0 && pending === undefined };
    this.#queue.push(entry);
    if (!entry.ready) this.#wait(entry, ms, pending);
    this.#kick();
  }

  /** Frames waiting to be delivered. */
  get inFlight(): number {
    return this.#queue.length;
  }

  /** Discards what is in flight and ignores later frames. */
  cut(): void {
    this.#cut = true;
    for (const entry of this.#queue) if (entry.timer !== undefined) this.#latency.clock.clearTimeout(entry.timer);
    this.#queue = [];
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
      this.#kick();
    });
  }

  #kick(): void {
    if (this.#scheduled || this.#queue[0]?.ready !== true) return;
    this.#scheduled = true;
    nextHop(() => {
      this.#scheduled = false;
      const head = this.#queue[0];
      if (head?.ready !== true) return;
      this.#queue.shift();
      this.#deliver(head.frame);
      this.#kick();
    });
  }
}
