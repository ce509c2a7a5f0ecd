import { ManualClock, flushMicrotasks } from '@ws-isolation/test-utils';
import { createThrottle, type Permit } from '../src';

/** Queues `count` acquires and records the clock time each permit arrives at. */
function queueAcquires(throttle: ReturnType<typeof createThrottle>, clock: ManualClock, count: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < count; i++) void throttle.acquire().then(() => times.push(clock.now()));
  return times;
}

describe('token bucket', () => {
  it('starts full: burst defaults to rate.tokens, all granted at once', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ rate: { tokens: 10, intervalMs: 1000 }, clock });
    const times = queueAcquires(throttle, clock, 11);
    await flushMicrotasks();
    expect(times).toEqual(Array(10).fill(0));
    expect(throttle.stats()).toMatchObject({ tokens: 0, queued: 1, granted: 10 });
  });

  it('at 10 per second, grants one token every 100 ms exactly after the burst', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ rate: { tokens: 10, intervalMs: 1000 }, clock, maxQueue: 100 });
    const times = queueAcquires(throttle, clock, 60);
    await clock.advanceAsync(5000);
    const expected = [...Array(10).fill(0), ...Array.from({ length: 50 }, (_, i) => (i + 1) * 100)];
    expect(times).toEqual(expected);
  });

  it('spreads a rate that does not divide evenly, with zero drift over 10,000 intervals', async () => {
    const clock = new ManualClock();
    const intervals = 10_000;
    const throttle = createThrottle({ rate: { tokens: 3, intervalMs: 1000 }, clock, maxQueue: 3 * intervals });
    let granted = 0;
    for (let i = 0; i < 3 + 3 * intervals; i++) void throttle.acquire().then(() => granted++);
    await flushMicrotasks();
    expect(granted).toBe(3);
    for (let k = 1; k <= intervals; k++) {
      const before = granted;
      clock.advance(1000);
      await flushMicrotasks();
      // Every window of one interval gets exactly rate.tokens grants, the last one as well as the first.
      if (granted - before !== 3) throw new Error(`interval ${k}: ${granted - before} grants`);
    }
    expect(clock.now()).toBe(intervals * 1000);
    expect(granted).toBe(3 + 3 * intervals);
    expect(throttle.stats()).toMatchObject({ queued: 0, tokens: 0 });
  });

  it('places fractional spacing on the earliest whole millisecond: 3 per second at 334, 667, 1000', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ rate: { tokens: 3, intervalMs: 1000 }, clock });
    const times = queueAcquires(throttle, clock, 9);
    await clock.advanceAsync(2000);
    expect(times).toEqual([0, 0, 0, 334, 667, 1000, 1334, 1667, 2000]);
  });

  it('never holds more than burst tokens, however long it sits idle', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ rate: { tokens: 10, intervalMs: 1000 }, burst: 3, clock });
    const times = queueAcquires(throttle, clock, 3);
    await flushMicrotasks();
    expect(times).toEqual([0, 0, 0]);
    clock.advance(60_000);
    expect(throttle.stats().tokens).toBe(3);
    const later = queueAcquires(throttle, clock, 5);
    await clock.advanceAsync(200);
    expect(later).toEqual([60_000, 60_000, 60_000, 60_100, 60_200]);
  });

  it('allows a burst larger than the rate', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ rate: { tokens: 2, intervalMs: 1000 }, burst: 5, clock });
    expect(throttle.stats().tokens).toBe(5);
    const times = queueAcquires(throttle, clock, 6);
    await clock.advanceAsync(500);
    expect(times).toEqual([0, 0, 0, 0, 0, 500]);
  });

  it('wakes token waiters with one timer for the next token, not one per waiter or a poll', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ rate: { tokens: 1, intervalMs: 1000 }, clock });
    const times = queueAcquires(throttle, clock, 500);
    await flushMicrotasks();
    expect(clock.pending).toBe(1);
    clock.advance(999);
    expect(clock.pending).toBe(1);
    expect(throttle.stats().granted).toBe(1);
    clock.advance(1);
    expect(throttle.stats().granted).toBe(2);
    expect(clock.pending).toBe(1);
    await flushMicrotasks();
    expect(times).toEqual([0, 1000]);
  });

  it('drops the timer when the last token waiter leaves', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ rate: { tokens: 1, intervalMs: 1000 }, clock });
    await throttle.acquire();
    const controller = new AbortController();
    const waiting = throttle.acquire({ signal: controller.signal });
    expect(clock.pending).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'ERR_WSI_ABORTED' });
    expect(clock.pending).toBe(0);
    // The token it did not take is still earned on time.
    clock.advance(1000);
    expect(throttle.stats().tokens).toBe(1);
  });
});

describe('concurrency and rate together', () => {
  it('waits on whichever limit binds, with no timer while only a release can help', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ concurrency: 2, rate: { tokens: 10, intervalMs: 1000 }, clock });
    const permits: Permit[] = [];
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      void throttle.acquire().then((permit) => {
        permits.push(permit);
        times.push(clock.now());
      });
    }
    await flushMicrotasks();
    expect(times).toEqual([0, 0]);
    expect(clock.pending).toBe(0);
    // Eight quick releases spend the rest of the burst.
    for (let i = 0; i < 8; i++) {
      permits[i]!.release();
      await flushMicrotasks();
    }
    expect(throttle.stats()).toMatchObject({ granted: 10, tokens: 0, active: 2 });
    permits[8]!.release();
    expect(clock.pending).toBe(1);
    await clock.advanceAsync(100);
    expect(times.slice(10)).toEqual([100]);
    expect(throttle.stats()).toMatchObject({ active: 2, queued: 1 });
    expect(clock.pending).toBe(0);
  });
});

describe('default clock', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('follows Jest fake timers installed after the throttle was made', async () => {
    const throttle = createThrottle({ rate: { tokens: 1, intervalMs: 1000 } });
    jest.useFakeTimers({ now: 1_000_000 });
    await throttle.acquire();
    let second: Permit | undefined;
    void throttle.acquire().then((permit) => (second = permit));
    jest.advanceTimersByTime(999);
    await flushMicrotasks();
    expect(second).toBeUndefined();
    jest.advanceTimersByTime(1);
    await flushMicrotasks();
    expect(second).toBeDefined();
  });
});
