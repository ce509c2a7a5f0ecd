import { LogTail } from '../src/jest/log-tail';

describe('LogTail', () => {
  it('joins partial chunks per stream, strips colours and keeps the last lines', () => {
    let now = 0;
    const tail = new LogTail(3, () => ++now);
    tail.push('stdout', 'one\ntw');
    tail.push('stderr', '\u001b[31mred\u001b[39m\n');
    tail.push('stdout', 'o\nthree\n\nfour');
    tail.flush();
    expect(tail.lines().map((line) => [line.stream, line.text])).toEqual([
      ['stdout', 'two'],
      ['stdout', 'three'],
      ['stdout', 'four'],
    ]);
    expect(tail.lines().map((line) => line.time)).toEqual([3, 4, 5]);
  });
});
