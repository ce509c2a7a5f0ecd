import { abortedError, closedError, queueFullError, timeoutError } from './acquire-errors';
import type { ThrottleClock } from './clock';
import type { ThrottleError } from './errors';
import { resolveAcquireOptions, type AcquireOptions } from './options';
import { ThrottlePermit, type Permit } from './permit';
import { notAFunction, runWithPermit } from './run-with-permit';
import type { StoreThrottleOptions } from './store';
import type { Throttle, ThrottleStats } from './throttle';
import { TokenBucket } from './token-bucket';
import { WaitQueue, type QueueNode } from './wait-queue';

interface Waiter {
  readonly key: string | undefined;
  node: QueueNode<Waiter> | undefined;
  resolve(permit: Permit): void;
  reject(error: ThrottleError): void;
  /** Detaches the abort listener and the timeout timer. */
  detach(): void;
}

/** The default store: the slots, the bucket and the queue live in this process. */
export class InProcessThrottle implements Throttle {
  readonly #concurrency: number | undefined;
  readonly #bucket: TokenBucket | undefined;
  readonly #maxQueue: number;
  readonly #timeoutMs: number | undefined;
  readonly #clock: ThrottleClock;
  readonly #queue = new WaitQueue<Waiter>();
  #active = 0;
  #granted = 0;
  #rejected = 0;
  #closed = false;
  /** The one timer that wakes token waiters when the next token is due. */
  #wake: { id: unknown } | undefined;

  constructor(resolved: StoreThrottleOptions) {
    this.#concurrency = resolved.concurrency;
    this.#maxQueue = resolved.maxQueue;
    this.#timeoutMs = resolved.timeoutMs;
    this.#clock = resolved.clock;
    this.#bucket = resolved.rate && new TokenBucket(resolved.rate, this.#clock.now());
  }

  get closed(): boolean {
    return this.#closed;
  }

  acquire(options?: AcquireOptions): Promise<Permit> {
    let resolved: ReturnType<typeof resolveAcquireOptions>;
    try {
      resolved = resolveAcquireOptions(options, this.#timeoutMs);
    } catch (error) {
      return this.#refuse(error as ThrottleError);
    }
    const { signal, key, timeoutMs } = resolved;
    if (this.#closed) return this.#refuse(closedError());
    if (signal?.aborted === true) return this.#refuse(abortedError(signal.reason));
    // Waiters already queued go first, including any whose token fell due before the wake timer fired.
    if (this.#queue.size > 0) this.#pump();
    const now = this.#clock.now();
    if (this.#queue.size === 0 && this.#canGrant(now)) return Promise.resolve(this.#grant(key, now));
    if (timeoutMs === 0) return this.#refuse(timeoutError(0));
    if (this.#queue.size >= this.#maxQueue) {
      return this.#refuse(queueFullError(this.#queue.size, this.#maxQueue));
    }
    return new Promise<Permit>((resolve, reject) => this.#enqueue({ key, signal, timeoutMs, resolve, reject }));
  }

  run<T>(fn: () => T | PromiseLike<T>, options?: AcquireOptions): Promise<T> {
    if (typeof fn !== 'function') return this.#refuse(notAFunction(fn));
    return runWithPermit(this, fn, options);
  }

  stats(): ThrottleStats {
    const counters = {
      active: this.#active,
      queued: this.#queue.size,
      granted: this.#granted,
      rejected: this.#rejected,
    };
    return this.#bucket === undefined ? counters : { ...counters, tokens: this.#bucket.available(this.#clock.now()) };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#disarmWake();
    for (const waiter of this.#queue.drain()) this.#reject(waiter, closedError());
  }

  #enqueue(request: {
    key: string | undefined;
    signal: AbortSignal | undefined;
    timeoutMs: number | undefined;
    resolve: (permit: Permit) => void;
    reject: (error: ThrottleError) => void;
  }): void {
    const { key, signal, timeoutMs } = request;
    const onAbort = (): void => this.#abandon(waiter, abortedError(signal?.reason));
    const timer =
      timeoutMs === undefined
        ? undefined
        : { id: this.#clock.setTimeout(() => this.#abandon(waiter, timeoutError(timeoutMs)), timeoutMs) };
    const waiter: Waiter = {
      key,
      node: undefined,
      resolve: request.resolve,
      reject: request.reject,
      detach: () => {
        signal?.removeEventListener('abort', onAbort);
        if (timer !== undefined) this.#clock.clearTimeout(timer.id);
      },
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    waiter.node = this.#queue.push(key, waiter);
    this.#armWake(this.#clock.now());
  }

  /** Grants queued waiters while there is room, then arms the token timer if tokens are what they wait for. */
  #pump(): void {
    const now = this.#clock.now();
    while (this.#queue.size > 0 && this.#canGrant(now)) {
      const waiter = this.#queue.shift()!;
      waiter.detach();
      waiter.resolve(this.#grant(waiter.key, now));
    }
    this.#armWake(now);
  }

  #canGrant(now: number): boolean {
    const slotFree = this.#concurrency === undefined || this.#active < this.#concurrency;
    return slotFree && (this.#bucket === undefined || this.#bucket.available(now) > 0);
  }

  #grant(key: string | undefined, now: number): Permit {
    this.#bucket?.take(now);
    this.#active += 1;
    this.#granted += 1;
    return new ThrottlePermit(key, () => {
      this.#active -= 1;
      this.#pump();
    });
  }

  /** Takes a waiter out because of abort or timeout; a waiter already granted or gone is left alone. */
  #abandon(waiter: Waiter, error: ThrottleError): void {
    if (waiter.node === undefined || !this.#queue.remove(waiter.node)) return;
    this.#reject(waiter, error);
    if (this.#queue.size === 0) this.#disarmWake();
  }

  #reject(waiter: Waiter, error: ThrottleError): void {
    waiter.detach();
    this.#rejected += 1;
    waiter.reject(error);
  }

  #refuse<T>(error: ThrottleError): Promise<T> {
    this.#rejected += 1;
    return Promise.reject(error);
  }

  #armWake(now: number): void {
    const bucket = this.#bucket;
    const slotFree = this.#concurrency === undefined || this.#active < this.#concurrency;
    // Waiting on a release needs no timer: release() pumps. Only a token shortage does.
    if (bucket === undefined || this.#queue.size === 0 || !slotFree || bucket.available(now) > 0) {
      this.#disarmWake();
      return;
    }
    if (this.#wake !== undefined) return;
    const wake = { id: undefined as unknown };
    this.#wake = wake;
    wake.id = this.#clock.setTimeout(() => {
      if (this.#wake !== wake) return;
      this.#wake = undefined;
      this.#pump();
    }, bucket.msUntilNextToken(now));
  }

  #disarmWake(): void {
    if (this.#wake === undefined) return;
    this.#clock.clearTimeout(this.#wake.id);
    this.#wake = undefined;
  }
}
