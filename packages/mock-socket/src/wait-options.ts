import { invalidOption } from './errors';

/** How long a helper's wait lasts unless its options say otherwise. */
const DEFAULT_WAIT_MS = 1000;

/** Reads `{ timeoutMs? }` of a waiting helper: a finite number >= 0, else ERR_WSI_INVALID_OPTION. */
export function readWaitMs(call: string, options: unknown): number {
  if (options === undefined) return DEFAULT_WAIT_MS;
  if (options === null || typeof options !== 'object') throw invalidOption(`${call} options`, 'an object', options);
  const { timeoutMs } = options as { timeoutMs?: unknown };
  if (timeoutMs === undefined) return DEFAULT_WAIT_MS;
  if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
    throw invalidOption(`${call} option timeoutMs`, 'a finite number >= 0', timeoutMs);
  }
  return timeoutMs;
}
