import type { Clock } from '@ws-isolation/internal';

/**
 * The time source a throttle uses: `now()` for token refill and timers for
 * waking token waiters and for `timeoutMs`. Tests pass a simulated clock and
 * drive time instead of sleeping. The one `Clock` shape of every ws-isolation package.
 */
export type ThrottleClock = Clock;

/**
 * The default clock: `performance.now()` (monotonic, unlike `Date.now`) and the
 * global timers, looked up at each call. Looking them up late keeps `now()` and
 * the timers consistent when a test installs Jest fake timers after the
 * throttle was made: both are then faked.
 */
export function systemClock(): ThrottleClock {
  return {
    now: () => globalThis.performance.now(),
    setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
    clearTimeout: (id) => globalThis.clearTimeout(id as ReturnType<typeof globalThis.setTimeout>),
  };
}
