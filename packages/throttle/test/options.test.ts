import { ManualClock } from '@ws-isolation/test-utils';
import { createThrottle, DEFAULT_MAX_QUEUE } from '../src';

describe('createThrottle options', () => {
  it('names the option and shows the value received', () => {
    expect(() => createThrottle({ concurrency: -2 })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/concurrency.*-2/) }),
    );
    expect(() => createThrottle({ rate: { tokens: 1, intervalMs: NaN } })).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/rate\.intervalMs.*NaN/) }),
    );
  });

  it('accepts concurrency alone, rate alone, or both, with maxQueue 0 and a fractional interval', () => {
    expect(createThrottle({ concurrency: 1 }).stats()).toEqual({ active: 0, queued: 0, granted: 0, rejected: 0 });
    expect(createThrottle({ rate: { tokens: 3, intervalMs: 0.5 }, clock: new ManualClock() }).stats().tokens).toBe(3);
    expect(
      createThrottle({ concurrency: 2, rate: { tokens: 4, intervalMs: 1000 }, burst: 1, maxQueue: 0 }).stats().tokens,
    ).toBe(1);
  });

  it('exports the default queue bound', () => {
    expect(DEFAULT_MAX_QUEUE).toBe(10_000);
  });
});
