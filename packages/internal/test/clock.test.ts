import { fakeableClock, unfakeableClock } from '../src/clock';

afterEach(() => {
  jest.useRealTimers();
});

describe('fakeableClock', () => {
  it('is driven by fake timers installed after it was created', () => {
    jest.useFakeTimers({ now: 5_000 });
    const fired = jest.fn();
    fakeableClock.setTimeout(fired, 100);
    expect(fakeableClock.now()).toBe(5_000);
    jest.advanceTimersByTime(99);
    expect(fired).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    expect(fired).toHaveBeenCalledTimes(1);
    expect(fakeableClock.now()).toBe(5_100);
  });

  it('clears a timer it set', () => {
    jest.useFakeTimers();
    const fired = jest.fn();
    fakeableClock.clearTimeout(fakeableClock.setTimeout(fired, 10));
    jest.advanceTimersByTime(20);
    expect(fired).not.toHaveBeenCalled();
  });
});

describe('unfakeableClock', () => {
  it('fires in real time while fake timers are installed and never advanced', async () => {
    jest.useFakeTimers();
    const before = unfakeableClock.now();
    const fired = new Promise<number>((resolve) => {
      unfakeableClock.setTimeout(() => resolve(unfakeableClock.now()), 1);
    });
    // Bounded by the test timeout, which Jest keeps on real timers.
    await expect(fired).resolves.toBeGreaterThanOrEqual(before);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('clears a timer it set', async () => {
    const fired = jest.fn();
    unfakeableClock.clearTimeout(unfakeableClock.setTimeout(fired, 0));
    // A later real timer has fired, so the cleared one, due earlier, would have too.
    await new Promise<void>((resolve) => unfakeableClock.setTimeout(resolve, 5));
    expect(fired).not.toHaveBeenCalled();
  });

  it('reads a monotonic now() that fake timers do not move', () => {
    jest.useFakeTimers({ now: 0 });
    const first = unfakeableClock.now();
    jest.advanceTimersByTime(60_000);
    expect(unfakeableClock.now() - first).toBeLessThan(60_000);
  });
});
