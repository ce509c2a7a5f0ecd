import type { Clock } from './clock';

interface Timer {
  id: number;
  due: number;
  fn: () => void;
}

/**
 * A simulated clock: time moves only when the test calls `advance`. Timers
 * fire in due order (ties in creation order), each with `now()` at its due time.
 *
 * @example
 * const clock = new ManualClock();
 * clock.setTimeout(fire, 100);
 * clock.advance(100); // fire() ran
 */
export class ManualClock implements Clock {
  #now: number;
  #nextId = 1;
  #timers = new Map<number, Timer>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  setTimeout(fn: () => void, ms: number): number {
    const id = this.#nextId++;
    this.#timers.set(id, { id, due: this.#now + Math.max(0, ms), fn });
    return id;
  }

  clearTimeout(id: unknown): void {
    this.#timers.delete(id as number);
  }

  /** How many timers are waiting. */
  get pending(): number {
    return this.#timers.size;
  }

  /** Moves time forward by `ms`, firing every timer that falls due on the way. */
  advance(ms: number): void {
    const target = this.#now + ms;
    for (;;) {
      const next = this.#nextDue();
      if (next === undefined || next.due > target) break;
      this.#timers.delete(next.id);
      this.#now = next.due;
      next.fn();
    }
    this.#now = target;
  }

  /**
   * Like `advance`, but lets promise callbacks run after each timer, so code
   * that awaits between timers sees time move as it would for real.
   */
  async advanceAsync(ms: number): Promise<void> {
    const target = this.#now + ms;
    await flushMicrotasks();
    for (;;) {
      const next = this.#nextDue();
      if (next === undefined || next.due > target) break;
      this.#timers.delete(next.id);
      this.#now = next.due;
      next.fn();
      await flushMicrotasks();
    }
    this.#now = target;
  }

  #nextDue(): Timer | undefined {
    let best: Timer | undefined;
    for (const timer of this.#timers.values()) {
      if (best === undefined || timer.due < best.due || (timer.due === best.due && timer.id < best.id)) best = timer;
    }
    return best;
  }
}

/** Lets queued promise callbacks run (several hops deep). */
export async function flushMicrotasks(rounds = 20): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
