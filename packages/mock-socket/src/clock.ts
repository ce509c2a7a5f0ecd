import { setTimeout as nodeSetTimeout, clearTimeout as nodeClearTimeout } from 'node:timers';
import { invalidOption } from './errors';

/** The clock shape every ws-isolation package accepts. */
export interface MockClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/**
 * Node's own timers, from `node:timers`: a test's `jest.useFakeTimers()`
 * replaces the globals, not these, so helper timeouts keep working.
 */
export const nativeClock: MockClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => nodeSetTimeout(fn, ms),
  clearTimeout: (id) => nodeClearTimeout(id as ReturnType<typeof nodeSetTimeout>),
};

export function readClock(name: string, value: unknown): MockClock | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<MockClock> | null;
  if (
    candidate === null ||
    typeof candidate !== 'object' ||
    typeof candidate.now !== 'function' ||
    typeof candidate.setTimeout !== 'function' ||
    typeof candidate.clearTimeout !== 'function'
  ) {
    throw invalidOption(name, 'an object with now(), setTimeout(fn, ms) and clearTimeout(id)', value);
  }
  return candidate as MockClock;
}

/** A finite, non-negative number of milliseconds, or the fallback when undefined. */
export function readMs(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidOption(name, 'a finite number >= 0', value);
  }
  return value;
}
