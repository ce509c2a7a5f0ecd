import { median, percentile, summarize } from '../src/stats';

describe('median', () => {
  it('takes the middle of an odd count, whatever the order', () => {
    expect(median([5, 1, 3])).toBe(3);
  });

  it('averages the two middle values of an even count', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('refuses an empty list and non-finite values', () => {
    expect(() => median([])).toThrow(RangeError);
    expect(() => median([1, Number.NaN])).toThrow(RangeError);
  });
});

describe('percentile', () => {
  const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);

  it('uses the nearest rank', () => {
    expect(percentile(hundred, 99)).toBe(99);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
  });

  it('sees the slow tail of 10,000 samples', () => {
    const samples = Array.from({ length: 10_000 }, (_, i) => (i < 9_900 ? 1 : 50));
    expect(percentile(samples, 99)).toBe(1);
    samples[9_899] = 50;
    expect(percentile(samples, 99)).toBe(50);
  });

  it('refuses a percentile out of range', () => {
    expect(() => percentile([1], 0)).toThrow(RangeError);
    expect(() => percentile([1], 101)).toThrow(RangeError);
  });
});

describe('summarize', () => {
  it('reports median, min, max and the number of runs', () => {
    expect(summarize([3, 9, 1])).toEqual({ median: 3, min: 1, max: 9, runs: 3 });
  });
});
