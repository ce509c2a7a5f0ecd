import { setTimeout as nodeSetTimeout, clearTimeout as nodeClearTimeout } from 'node:timers';

export interface Deferred<T> {
  readonly promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

export function deferred<T = void>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Rejects when `promise` has not settled after `ms`: no wait in the bench is unbounded. */
export async function bounded<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof nodeSetTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = nodeSetTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    nodeClearTimeout(timer);
  }
}

/** Resolves after `ms` (used only to bound how long a check waits, never to pace a workload). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => nodeSetTimeout(resolve, ms));
}

/** A counter that resolves once it reaches `target`. */
export function countdown(target: number): { tick(): void; readonly count: number; readonly done: Promise<void> } {
  const done = deferred();
  let count = 0;
  if (target === 0) done.resolve();
  return {
    tick() {
      count += 1;
      if (count === target) done.resolve();
    },
    get count() {
      return count;
    },
    done: done.promise,
  };
}
