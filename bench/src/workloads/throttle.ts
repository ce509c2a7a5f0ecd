import { performance } from 'node:perf_hooks';
import { importOurs, OUR_PACKAGES } from '../ours';
import type { RunMetrics } from './metrics';

type ThrottleModule = typeof import('@ws-isolation/throttle');

export type ThrottleShape = 'concurrency' | 'concurrency+rate';

/** `n` sequential acquire/release pairs on a throttle nobody else uses. */
export async function throttleUncontended(shape: ThrottleShape, n: number): Promise<RunMetrics> {
  const { createThrottle } = await importOurs<ThrottleModule>(OUR_PACKAGES.throttle);
  // The bucket holds more tokens than the run uses, so no acquire ever waits.
  const throttle = createThrottle(
    shape === 'concurrency' ? { concurrency: 8 } : { concurrency: 8, rate: { tokens: n * 2, intervalMs: 60_000 } },
  );
  return timePairs(throttle, n);
}

/** Times `n` sequential acquire/release pairs on `throttle`. */
export async function timePairs(throttle: { acquire(): Promise<{ release(): void }> }, n: number): Promise<RunMetrics> {
  const start = performance.now();
  for (let i = 0; i < n; i += 1) {
    const permit = await throttle.acquire();
    permit.release();
  }
  const ms = performance.now() - start;
  return { ms, opsPerSec: (n / ms) * 1000, nsPerOp: (ms * 1e6) / n };
}
