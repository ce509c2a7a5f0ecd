import fc from 'fast-check';
import { ChunkedQueue } from '../src/chunked-queue';

describe('ChunkedQueue', () => {
  it('keeps order across chunk boundaries; dropping a prefix, all of it or more leaves the rest in order', () => {
    const queue = new ChunkedQueue<number>();
    for (let i = 0; i < 2500; i++) queue.push(i);
    expect(queue.size).toBe(2500);
    queue.dropFirst(1023);
    queue.dropFirst(2);
    expect(queue.toArray()).toEqual(Array.from({ length: 1475 }, (_, i) => i + 1025));
    queue.push(2500);
    queue.dropFirst(1475);
    expect(queue.toArray()).toEqual([2500]);
    queue.dropFirst(10);
    expect(queue.size).toBe(0);
    expect(queue.toArray()).toEqual([]);
    queue.push(7);
    expect(queue.toArray()).toEqual([7]);
    queue.clear();
    expect(queue.size).toBe(0);
    expect(queue.toArray()).toEqual([]);
  });

  it('behaves as an array with push and a prefix removed, for any sequence of pushes, drops and clears', () => {
    const step = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 3000 }) }),
      fc.record({ drop: fc.integer({ min: 0, max: 3000 }) }),
      fc.constant({ clear: true }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 12 }), (steps) => {
        const queue = new ChunkedQueue<number>();
        let model: number[] = [];
        let next = 0;
        for (const s of steps) {
          if ('push' in s) {
            for (let i = 0; i < s.push; i++) {
              queue.push(next);
              model.push(next++);
            }
          } else if ('drop' in s) {
            queue.dropFirst(s.drop);
            model = model.slice(s.drop);
          } else {
            queue.clear();
            model = [];
          }
          expect(queue.size).toBe(model.length);
        }
        expect(queue.toArray()).toEqual(model);
      }),
      { numRuns: 200 },
    );
  });
});
