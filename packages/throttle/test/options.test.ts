import { ManualClock } from '@ws-isolation/test-utils';
import { createThrottle, DEFAULT_MAX_QUEUE, ThrottleError, type ThrottleOptions } from '../src';

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ThrottleError);
    return (error as ThrottleError).code;
  }
  return undefined;
}

describe('createThrottle options', () => {
  const bad: Array<[string, unknown]> = [
    ['no options', undefined],
    ['neither concurrency nor rate', {}],
    ['options not an object', 5],
    ['concurrency 0', { concurrency: 0 }],
    ['negative concurrency', { concurrency: -1 }],
    ['fractional concurrency', { concurrency: 1.5 }],
    ['infinite concurrency', { concurrency: Infinity }],
    ['NaN concurrency', { concurrency: NaN }],
    ['string concurrency', { concurrency: '5' }],
    ['rate not an object', { rate: 10 }],
    ['rate without tokens', { rate: { intervalMs: 1000 } }],
    ['rate without intervalMs', { rate: { tokens: 1 } }],
    ['zero tokens', { rate: { tokens: 0, intervalMs: 1000 } }],
    ['fractional tokens', { rate: { tokens: 0.5, intervalMs: 1000 } }],
    ['zero intervalMs', { rate: { tokens: 1, intervalMs: 0 } }],
    ['negative intervalMs', { rate: { tokens: 1, intervalMs: -5 } }],
    ['infinite intervalMs', { rate: { tokens: 1, intervalMs: Infinity } }],
    ['zero burst', { rate: { tokens: 1, intervalMs: 10 }, burst: 0 }],
    ['burst without rate', { concurrency: 1, burst: 3 }],
    ['negative maxQueue', { concurrency: 1, maxQueue: -1 }],
    ['infinite maxQueue', { concurrency: 1, maxQueue: Infinity }],
    ['negative timeoutMs', { concurrency: 1, timeoutMs: -1 }],
    ['NaN timeoutMs', { concurrency: 1, timeoutMs: NaN }],
    ['clock without timers', { concurrency: 1, clock: { now: () => 0 } }],
  ];

  it.each(bad)('refuses %s with ERR_WSI_INVALID_OPTION', (_name, options) => {
    expect(codeOf(() => createThrottle(options as ThrottleOptions))).toBe('ERR_WSI_INVALID_OPTION');
  });

  it('names the option and shows the value received', () => {
    expect(() => createThrottle({ concurrency: -2 })).toThrow(expect.objectContaining({ message: expect.stringMatching(/concurrency.*-2/) }));
    expect(() => createThrottle({ rate: { tokens: 1, intervalMs: NaN } })).toThrow(expect.objectContaining({ message: expect.stringMatching(/rate\.intervalMs.*NaN/) }));
  });

  it('accepts concurrency alone, rate alone, or both, with maxQueue 0 and a fractional interval', () => {
    expect(createThrottle({ concurrency: 1 }).stats()).toEqual({ active: 0, queued: 0, granted: 0, rejected: 0 });
    expect(createThrottle({ rate: { tokens: 3, intervalMs: 0.5 }, clock: new ManualClock() }).stats().tokens).toBe(3);
    expect(createThrottle({ concurrency: 2, rate: { tokens: 4, intervalMs: 1000 }, burst: 1, maxQueue: 0 }).stats().tokens).toBe(1);
  });

  it('exports the default queue bound', () => {
    expect(DEFAULT_MAX_QUEUE).toBe(10_000);
  });
});

describe('acquire options', () => {
  const bad: Array<[string, unknown]> = [
    ['options not an object', 'fast'],
    ['a signal that is not an AbortSignal', { signal: { aborted: false } }],
    ['a key that is not a string', { key: 42 }],
    ['a negative timeoutMs', { timeoutMs: -1 }],
    ['an infinite timeoutMs', { timeoutMs: Infinity }],
  ];

  it.each(bad)('rejects %s with ERR_WSI_INVALID_OPTION and stays usable', async (_name, options) => {
    const throttle = createThrottle({ concurrency: 1 });
    await expect(throttle.acquire(options as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(throttle.stats()).toMatchObject({ active: 0, queued: 0, rejected: 1 });
    const permit = await throttle.acquire();
    expect(throttle.stats().active).toBe(1);
    permit.release();
  });

  it('run() refuses something that is not a function', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    await expect(throttle.run('nope' as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(throttle.stats()).toMatchObject({ active: 0, granted: 0 });
  });
});
