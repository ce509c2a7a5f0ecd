import { clearTimeout as nodeClearTimeout, setTimeout as nodeSetTimeout } from 'node:timers';
import { performance as nodePerformance } from 'node:perf_hooks';

/**
 * The time source every timer of a ws-isolation package goes through, so a
 * test can inject a simulated one (`ManualClock`) and drive time instead of
 * sleeping. Only differences between two `now()` readings mean anything.
 */
export interface Clock {
  /** Milliseconds; only differences between readings matter. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

/**
 * The global timers and `Date.now()`, looked up at every call: a test's
 * `jest.useFakeTimers()` drives this clock, even when the fake timers are
 * installed after the object that uses it was made. The default for delays a
 * user expects to control from a test (backoff, heartbeats, timeouts).
 */
export const fakeableClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof globalThis.setTimeout>),
};

const now = nodePerformance.now.bind(nodePerformance);

/**
 * Node's own timers and monotonic `performance.now()`, bound when this module
 * loads from `node:timers` and `node:perf_hooks`: `jest.useFakeTimers()`
 * replaces the globals, not these, so this clock keeps real time under fake
 * timers. For deadlines that must fire even when a test installed fake timers
 * and never advanced them (cleanup, teardown, helper waits).
 */
export const unfakeableClock: Clock = {
  now: () => now(),
  setTimeout: (fn, ms) => nodeSetTimeout(fn, ms),
  clearTimeout: (id) => nodeClearTimeout(id as ReturnType<typeof nodeSetTimeout>),
};
