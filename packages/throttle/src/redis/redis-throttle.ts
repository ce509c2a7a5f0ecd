import { abortedError, closedError, queueFullError, timeoutError } from '../acquire-errors';
import { ThrottleError, ThrottleErrorCode } from '../errors';
import { InProcessThrottle } from '../in-process-throttle';
import { resolveAcquireOptions, type AcquireOptions } from '../options';
import { ThrottlePermit, type Permit } from '../permit';
import { notAFunction, runWithPermit } from '../run-with-permit';
import type { StoreThrottleOptions } from '../store';
import type { Throttle, ThrottleStats } from '../throttle';
// Leases live in Redis's time: renewals and deadlines keep real time even under Jest fake timers.
import { unfakeableClock } from '@ws-isolation/internal';
import { ioDeadline } from './io-deadline';
import type { ScriptReply, StoreConnection } from './redis-store';

interface Waiter {
  readonly id: string;
  readonly key: string | undefined;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  readonly startedAt: number;
  /** `sending` until Redis has answered the acquire; `queued` once it holds a place in the queue. */
  state: 'sending' | 'queued';
  resolve(permit: Permit): void;
  reject(error: ThrottleError): void;
  /** Detaches the abort listener and the timeout timer. */
  detach(): void;
}

/**
 * A throttle whose slots, bucket and queue live in Redis. This side keeps the
 * waiters and permits of its own process, renews their leases every third of
 * a lease, and learns of grants three ways: the acquire's answer, a message on
 * the store's channel, and each renewal's answer (so a lost message costs
 * time, never a permit).
 */
export class RedisThrottle implements Throttle {
  readonly #store: StoreConnection;
  readonly #options: StoreThrottleOptions;
  readonly #waiters = new Map<string, Waiter>();
  readonly #held = new Map<string, ThrottlePermit>();
  #fallback: InProcessThrottle | undefined;
  #granted = 0;
  #rejected = 0;
  #closed = false;
  #tick: unknown;
  #wake: { id: unknown; at: number } | undefined;
  /** When Redis last answered (performance.now()). */
  #lastContact = performance.now();

  constructor(store: StoreConnection, options: StoreThrottleOptions) {
    this.#store = store;
    this.#options = options;
  }

  get closed(): boolean {
    return this.#closed;
  }

  acquire(options?: AcquireOptions): Promise<Permit> {
    let resolved: ReturnType<typeof resolveAcquireOptions>;
    try {
      resolved = resolveAcquireOptions(options, this.#options.timeoutMs);
    } catch (error) {
      return this.#refuse(error as ThrottleError);
    }
    const { signal, key, timeoutMs } = resolved;
    if (this.#closed) return this.#refuse(closedError());
    if (signal?.aborted === true) return this.#refuse(abortedError(signal.reason));
    return new Promise<Permit>((resolve, reject) => {
      const waiter = this.#enqueue({ key, signal, timeoutMs, resolve, reject });
      const lane = key === undefined ? '-' : `=${key}`;
      const mayWait = timeoutMs === 0 ? '0' : '1';
      this.#store.call('acquire', this.#options, [waiter.id, lane, this.#options.maxQueue, mayWait]).then(
        (reply) => this.#onAcquired(waiter, reply),
        (error: ThrottleError) => this.#onStoreFailed(waiter, error),
      );
    });
  }

  run<T>(fn: () => T | PromiseLike<T>, options?: AcquireOptions): Promise<T> {
    if (typeof fn !== 'function') return this.#refuse(notAFunction(fn));
    return runWithPermit(this, fn, options);
  }

  stats(): ThrottleStats {
    const fallback = this.#fallback?.stats();
    return {
      active: this.#held.size + (fallback?.active ?? 0),
      queued: this.#waiters.size + (fallback?.queued ?? 0),
      granted: this.#granted,
      rejected: this.#rejected,
    };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const waiter of [...this.#waiters.values()]) this.#abandon(waiter, closedError());
    this.#fallback?.close();
  }

  /** The store is closing: close, and give back every permit still held. */
  shutDown(): void {
    this.close();
    for (const permit of [...this.#held.values()]) permit.release();
    this.#stopTimers();
  }

  /** Renews now (after a reconnect), so held permits register again within the recovery window. */
  renewSoon(): void {
    if (this.#held.size > 0 || this.#waiters.size > 0) this.#renew();
  }

  #enqueue(request: Pick<Waiter, 'key' | 'signal' | 'timeoutMs' | 'resolve' | 'reject'>): Waiter {
    const { signal, timeoutMs } = request;
    const clock = this.#options.clock;
    const onAbort = (): void => this.#abandon(waiter, abortedError(signal?.reason));
    // timeoutMs 0 is answered by Redis itself ("busy"): a timer would race the answer. Any other timeoutMs
    // races Redis's answers too: a grant that came in time is read before the waiter times out (io-deadline.ts).
    const deadline =
      timeoutMs === undefined || timeoutMs === 0
        ? undefined
        : ioDeadline(timeoutMs, () => this.#abandon(waiter, timeoutError(timeoutMs)), clock);
    const waiter: Waiter = {
      ...request,
      id: this.#store.newId(),
      startedAt: clock.now(),
      state: 'sending',
      detach: () => {
        signal?.removeEventListener('abort', onAbort);
        deadline?.clear();
      },
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    this.#waiters.set(waiter.id, waiter);
    this.#store.own(waiter.id, () => this.#grant(waiter));
    this.#keepTicking();
    return waiter;
  }

  #onAcquired(waiter: Waiter, reply: ScriptReply): void {
    this.#heard(reply);
    // Gone already: granted through the channel, or abandoned (its cancel follows the acquire in Redis).
    if (!this.#waiters.has(waiter.id)) return;
    if (reply.status === 'granted') this.#grant(waiter);
    else if (reply.status === 'queued') waiter.state = 'queued';
    else if (reply.status === 'busy') this.#settle(waiter, timeoutError(0));
    else this.#settle(waiter, queueFullError(this.#options.maxQueue, this.#options.maxQueue));
  }

  #onStoreFailed(waiter: Waiter, error: ThrottleError): void {
    if (!this.#waiters.has(waiter.id)) return;
    // The acquire may still run once Redis answers: its cancel, sent after it, takes it back.
    this.#cancel(waiter.id);
    if (error.code === ThrottleErrorCode.STORE_UNAVAILABLE && this.#store.failMode === 'open') {
      this.#failOpen(waiter);
    } else {
      this.#settle(waiter, error);
    }
  }

  #grant(waiter: Waiter): void {
    if (!this.#waiters.delete(waiter.id)) return;
    this.#store.disown(waiter.id);
    waiter.detach();
    const permit = new ThrottlePermit(waiter.key, () => this.#release(waiter.id));
    this.#held.set(waiter.id, permit);
    this.#granted += 1;
    waiter.resolve(permit);
  }

  #release(id: string): void {
    if (!this.#held.delete(id)) return;
    // A release that cannot reach Redis frees the slot when its lease runs out, one lease at most.
    this.#store.call('release', this.#options, [id]).then(
      (reply) => this.#heard(reply),
      () => undefined,
    );
  }

  /** Takes a waiter out because of abort, timeout or close; a waiter already granted or gone is left alone. */
  #abandon(waiter: Waiter, error: ThrottleError): void {
    if (!this.#waiters.has(waiter.id)) return;
    this.#settle(waiter, error);
    this.#cancel(waiter.id);
  }

  #cancel(id: string): void {
    this.#store.call('cancel', this.#options, [id]).then(
      (reply) => this.#heard(reply),
      () => undefined,
    );
  }

  #settle(waiter: Waiter, error: ThrottleError): void {
    this.#waiters.delete(waiter.id);
    this.#store.disown(waiter.id);
    waiter.detach();
    this.#rejected += 1;
    waiter.reject(error);
  }

  /** Fail open: the waiter is served by an in-process throttle with the same options, with what is left of its wait. */
  #failOpen(waiter: Waiter): void {
    this.#waiters.delete(waiter.id);
    this.#store.disown(waiter.id);
    waiter.detach();
    this.#fallback ??= new InProcessThrottle(this.#options);
    const { timeoutMs, signal, key } = waiter;
    const left =
      timeoutMs === undefined ? undefined : Math.max(0, timeoutMs - (this.#options.clock.now() - waiter.startedAt));
    this.#fallback.acquire({ key, signal, timeoutMs: left }).then(
      (permit) => {
        this.#granted += 1;
        waiter.resolve(permit);
      },
      (error: ThrottleError) => {
        this.#rejected += 1;
        waiter.reject(error);
      },
    );
  }

  #refuse<T>(error: ThrottleError): Promise<T> {
    this.#rejected += 1;
    return Promise.reject(error);
  }

  /** Redis answered: grants for this process are served, and a wake is set for the next possible grant. */
  #heard(reply: ScriptReply): void {
    this.#lastContact = performance.now();
    this.#store.dispatch(reply.ids);
    if (reply.wakeIn < 0 || this.#waiters.size === 0) return;
    const at = performance.now() + reply.wakeIn;
    if (this.#wake !== undefined && this.#wake.at <= at) return;
    if (this.#wake !== undefined) unfakeableClock.clearTimeout(this.#wake.id);
    this.#wake = {
      at,
      id: unfakeableClock.setTimeout(() => {
        this.#wake = undefined;
        this.#renew();
      }, reply.wakeIn),
    };
  }

  /** Extends every lease of this process, and learns which waiters were granted meanwhile. */
  #renew(): void {
    const held = [...this.#held.keys()];
    const queued = [...this.#waiters.values()].filter((waiter) => waiter.state === 'queued');
    const pairs = queued.flatMap((waiter) => [waiter.id, waiter.key === undefined ? '-' : `=${waiter.key}`]);
    this.#store.call('renew', this.#options, [held.length, ...held, ...pairs]).then(
      (reply) => this.#heard(reply),
      (error: ThrottleError) => this.#renewFailed(error),
    );
  }

  /** Queued waiters outlast an outage shorter than a lease; after that their places in Redis are gone too. */
  #renewFailed(error: ThrottleError): void {
    if (performance.now() - this.#lastContact < this.#store.leaseMs) return;
    for (const waiter of [...this.#waiters.values()]) {
      if (waiter.state !== 'queued') continue;
      if (this.#store.failMode === 'open') this.#failOpen(waiter);
      else this.#settle(waiter, error);
    }
  }

  #keepTicking(): void {
    if (this.#tick !== undefined) return;
    this.#tick = unfakeableClock.setTimeout(
      () => {
        this.#tick = undefined;
        if (this.#held.size === 0 && this.#waiters.size === 0) return;
        this.#renew();
        this.#keepTicking();
      },
      Math.floor(this.#store.leaseMs / 3),
    );
  }

  #stopTimers(): void {
    if (this.#tick !== undefined) unfakeableClock.clearTimeout(this.#tick);
    if (this.#wake !== undefined) unfakeableClock.clearTimeout(this.#wake.id);
    this.#tick = undefined;
    this.#wake = undefined;
  }
}
