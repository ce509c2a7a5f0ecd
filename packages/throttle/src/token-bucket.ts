/**
 * A token bucket that refills one token every `intervalMs / tokens` ms, up to
 * `burst`. It starts full.
 *
 * Refill is counted, not accumulated: the number of tokens earned by time `t`
 * is `floor((t - origin) * tokens / intervalMs)` from a fixed origin, and the
 * bucket credits the difference since its last reading. Adding fractional
 * tokens reading by reading would drift; this cannot, however many intervals
 * pass.
 */
export class TokenBucket {
  readonly #tokens: number;
  readonly #intervalMs: number;
  readonly #burst: number;
  #origin: number;
  #lastNow: number;
  /** Tokens earned from the origin up to the last reading. */
  #earned = 0;
  #available: number;

  constructor(rate: { tokens: number; intervalMs: number; burst: number }, now: number) {
    this.#tokens = rate.tokens;
    this.#intervalMs = rate.intervalMs;
    this.#burst = rate.burst;
    this.#origin = now;
    this.#lastNow = now;
    this.#available = rate.burst;
  }

  /** Tokens available at `now`. */
  available(now: number): number {
    this.#refill(now);
    return this.#available;
  }

  /** Takes one token; the caller checked `available(now) > 0`. */
  take(now: number): void {
    this.#refill(now);
    if (this.#available <= 0) throw new Error('TokenBucket.take() with no token available');
    this.#available -= 1;
  }

  /** Milliseconds from `now` until the next token is earned; at least 1, so a waker never spins. */
  msUntilNextToken(now: number): number {
    this.#refill(now);
    const next = this.#earned + 1;
    let ms = Math.max(1, Math.ceil((next * this.#intervalMs) / this.#tokens - (now - this.#origin)));
    // Division can overshoot an exact boundary by a hair; one step back corrects it.
    if (ms > 1 && this.#earnedBy(now + ms - 1) >= next) ms -= 1;
    return ms;
  }

  #refill(now: number): void {
    if (now < this.#lastNow) {
      // The clock stepped back (fake timers installed, a wall clock reset): move
      // the origin with it, so no time is taken to have passed and nothing is lost.
      this.#origin -= this.#lastNow - now;
    }
    this.#lastNow = now;
    const earned = this.#earnedBy(now);
    if (earned <= this.#earned) return;
    this.#available = Math.min(this.#burst, this.#available + (earned - this.#earned));
    this.#earned = earned;
  }

  #earnedBy(now: number): number {
    return Math.floor(((now - this.#origin) * this.#tokens) / this.#intervalMs);
  }
}
