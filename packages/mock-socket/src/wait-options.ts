import type { OptionReader } from '@ws-isolation/internal';
import { optionReader } from './errors';

/** How long a helper's wait lasts unless its options say otherwise. */
const DEFAULT_WAIT_MS = 1000;
const WAIT_KEYS = ['timeoutMs'];
const readers = new Map<string, OptionReader>();

/**
 * Reads the options of a waiting helper (`call`, e.g. `'nextMessage()'`):
 * `timeoutMs` a finite number >= 0, and no key but `timeoutMs` and `extraKeys`,
 * else ERR_WSI_INVALID_OPTION. Returns the reader, for the extra keys.
 */
export function readWaitOptions(
  call: string,
  options: unknown,
  extraKeys: readonly string[] = [],
): { timeoutMs: number; given: Record<string, unknown>; read: OptionReader } {
  let read = readers.get(call);
  if (read === undefined) readers.set(call, (read = optionReader(call)));
  const given = read.object(options, extraKeys.length === 0 ? WAIT_KEYS : [...WAIT_KEYS, ...extraKeys]) ?? {};
  return { timeoutMs: read.ms('timeoutMs', given.timeoutMs) ?? DEFAULT_WAIT_MS, given, read };
}

/** The `timeoutMs` of a waiting helper's `{ timeoutMs? }` (see `readWaitOptions`). */
export function readWaitMs(call: string, options: unknown): number {
  return readWaitOptions(call, options).timeoutMs;
}
