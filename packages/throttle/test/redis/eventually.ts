import { setTimeout as nativeSetTimeout } from 'node:timers/promises';

/**
 * Waits until `check` holds, reading again every 10 ms, for at most `timeoutMs`.
 * For state that lives in Redis, which sends no event when it changes; the
 * bound only guards against a hang.
 */
export async function eventually<T>(check: () => Promise<T> | T, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await nativeSetTimeout(10);
  }
}
