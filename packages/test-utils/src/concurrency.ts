type StateEmitter = { on(event: 'state', listener: (change: { from: string; to: string }) => void): unknown };

/** How many of a group are in an active state now, and the most there ever were at once. */
export interface Concurrency {
  readonly current: number;
  readonly max: number;
}

/**
 * Counts, from their `state` events (`{ from, to }`, as a connection emits
 * them), how many of `targets` are in one of the `active` states at once.
 * Read `max` after the run to check a bound such as a throttle's concurrency.
 *
 * @example
 * const connecting = trackConcurrency(connections, ['CONNECTING', 'CONNECTED']);
 * await Promise.all(connections.map((c) => c.connect()));
 * expect(connecting.max).toBe(5);
 */
export function trackConcurrency(targets: Iterable<StateEmitter>, active: readonly string[]): Concurrency {
  let current = 0;
  let max = 0;
  for (const target of targets) {
    target.on('state', ({ from, to }) => {
      if (active.includes(to) && !active.includes(from)) current += 1;
      if (!active.includes(to) && active.includes(from)) current -= 1;
      max = Math.max(max, current);
    });
  }
  return {
    get current() {
      return current;
    },
    get max() {
      return max;
    },
  };
}
