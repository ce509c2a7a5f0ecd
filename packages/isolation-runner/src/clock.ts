import { unfakeableClock, type Clock } from '@ws-isolation/internal';

export type { Clock };

/**
 * Node's own timers, which a caller's fake timers never stop, and wall-clock
 * `Date.now()`: the reporter stamps each Jest event with `Date.now()` in the
 * Jest process, and hang durations subtract those stamps from this clock.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => unfakeableClock.setTimeout(fn, ms),
  clearTimeout: (id) => unfakeableClock.clearTimeout(id),
};
