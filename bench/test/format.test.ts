import { markdownTable } from '../src/report/markdown-table';
import { ms, rate, spread, us } from '../src/report/format';

describe('format', () => {
  it('keeps about three significant digits', () => {
    expect(ms(1234.5)).toBe('1,235 ms');
    expect(ms(12.345)).toBe('12.3 ms');
    expect(ms(0.1234)).toBe('0.123 ms');
    expect(us(2500)).toBe('2.50 ms');
    expect(rate(1_234_567)).toBe('1.23 M/s');
    expect(rate(45_600)).toBe('45.6 k/s');
  });

  it('shows a repeated measurement as median (min – max)', () => {
    expect(spread({ median: 2, min: 1, max: 3, runs: 3 }, ms)).toBe('2.00 ms (1.00 ms – 3.00 ms)');
  });

  it('escapes pipes so a reason cannot break a table', () => {
    expect(markdownTable(['a'], [['x | y']])).toBe('| a |\n| --- |\n| x \\| y |');
  });
});
