import type { ThrottleLike, PermitLike } from '../../src';

interface Waiter {
  grant(permit: PermitLike): void;
  fail(error: unknown): void;
  key: string | undefined;
}

/**
 * A small FIFO concurrency limiter with the throttle `acquire` shape, that
 * counts what the connection does with it.
 */
export class TestThrottle implements ThrottleLike {
  active = 0;
  maxActive = 0;
  acquired = 0;
  released = 0;
  readonly keys: (string | undefined)[] = [];
  readonly signals: (AbortSignal | undefined)[] = [];
  #queue: Waiter[] = [];

  constructor(readonly concurrency: number) {}

  get queued(): number {
    return this.#queue.length;
  }

  acquire(options: { signal?: AbortSignal; key?: string; timeoutMs?: number }): Promise<PermitLike> {
    this.keys.push(options.key);
    this.signals.push(options.signal);
    return new Promise<PermitLike>((resolve, reject) => {
      const waiter: Waiter = { grant: resolve, fail: reject, key: options.key };
      const signal = options.signal;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      signal?.addEventListener('abort', () => {
        const index = this.#queue.indexOf(waiter);
        if (index === -1) return;
        this.#queue.splice(index, 1);
        reject(Object.assign(new Error('aborted'), { code: 'ERR_WSI_ABORTED' }));
      });
      this.#queue.push(waiter);
      this.#pump();
    });
  }

  #pump(): void {
    while (this.active < this.concurrency && this.#queue.length > 0) {
      const waiter = this.#queue.shift()!;
      this.active += 1;
      this.acquired += 1;
      this.maxActive = Math.max(this.maxActive, this.active);
      let released = false;
      waiter.grant({
        release: () => {
          if (released) return;
          released = true;
          this.active -= 1;
          this.released += 1;
          this.#pump();
        },
      });
    }
  }
}
