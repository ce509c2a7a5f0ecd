import { ManualClock, withTimeout } from '@ws-isolation/test-utils';
import * as timers from 'node:timers';
import { fakeableClock } from '@ws-isolation/internal';
import { startDeadline } from '../src/deadline';

// Node's timers, watched: the backstop must be on them, and only on the default clock.
jest.mock('node:timers', () => {
  const actual = jest.requireActual<typeof import('node:timers')>('node:timers');
  return { ...actual, setTimeout: jest.fn(actual.setTimeout), clearTimeout: jest.fn(actual.clearTimeout) };
});

const realSetTimeout = timers.setTimeout as unknown as jest.Mock;
const realClearTimeout = timers.clearTimeout as unknown as jest.Mock;

describe('startDeadline', () => {
  beforeEach(() => {
    realSetTimeout.mockClear();
    realClearTimeout.mockClear();
  });
  afterEach(() => {
    jest.useRealTimers();
  });

  it('on an injected clock: fires on that clock only, with no real-time backstop', () => {
    const clock = new ManualClock();
    const fire = jest.fn();
    startDeadline(clock, 100, fire);
    expect(realSetTimeout).not.toHaveBeenCalled();
    clock.advance(99);
    expect(fire).not.toHaveBeenCalled();
    clock.advance(1);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(clock.pending).toBe(0);
  });

  it('on the default clock: a fake-timer deadline fires first, once, and clears the unref()ed backstop', () => {
    jest.useFakeTimers();
    const fire = jest.fn();
    startDeadline(fakeableClock, 60_000, fire);
    expect(realSetTimeout).toHaveBeenCalledTimes(1);
    expect(realSetTimeout.mock.calls[0]![1]).toBe(60_000);
    const backstop = realSetTimeout.mock.results[0]!.value as ReturnType<typeof timers.setTimeout>;
    expect(backstop.hasRef()).toBe(false);
    jest.advanceTimersByTime(60_000);
    expect(fire).toHaveBeenCalledTimes(1);
    expect(realClearTimeout).toHaveBeenCalledWith(backstop);
  });

  it('on the default clock: the real-time backstop fires when fake time stands still, once, and clears the fake timer', async () => {
    jest.useFakeTimers();
    let fired = 0;
    const done = new Promise<void>((resolve) =>
      startDeadline(fakeableClock, 5, () => {
        fired += 1;
        resolve();
      }),
    );
    expect(jest.getTimerCount()).toBe(1);
    await withTimeout(done, 5000, 'the backstop');
    expect(jest.getTimerCount()).toBe(0);
    jest.advanceTimersByTime(10);
    expect(fired).toBe(1);
  });

  it('cancel() clears both timers and nothing fires', () => {
    jest.useFakeTimers();
    const fire = jest.fn();
    const deadline = startDeadline(fakeableClock, 1000, fire);
    deadline.cancel();
    deadline.cancel();
    expect(jest.getTimerCount()).toBe(0);
    expect(realClearTimeout).toHaveBeenCalledTimes(1);
    jest.advanceTimersByTime(1000);
    expect(fire).not.toHaveBeenCalled();
  });
});
