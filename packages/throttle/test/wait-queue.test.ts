import { WaitQueue } from '../src/wait-queue';

describe('WaitQueue', () => {
  it('is FIFO within a key and round robin across keys, undefined being a key of its own', () => {
    const queue = new WaitQueue<string>();
    for (const [key, value] of [
      ['a', 'a1'],
      ['a', 'a2'],
      [undefined, 'u1'],
      ['b', 'b1'],
      ['a', 'a3'],
      [undefined, 'u2'],
    ] as const)
      queue.push(key, value);
    expect(queue.size).toBe(6);
    expect(queue.drain()).toEqual(['a1', 'u1', 'b1', 'a2', 'u2', 'a3']);
    expect(queue.size).toBe(0);
    expect(queue.shift()).toBeUndefined();
  });

  it('removes from the head, middle or tail of a lane, once', () => {
    const queue = new WaitQueue<number>();
    const nodes = [1, 2, 3, 4].map((n) => queue.push('k', n));
    expect(queue.remove(nodes[1]!)).toBe(true);
    expect(queue.remove(nodes[1]!)).toBe(false);
    expect(queue.remove(nodes[0]!)).toBe(true);
    expect(queue.remove(nodes[3]!)).toBe(true);
    expect(queue.size).toBe(1);
    expect(queue.drain()).toEqual([3]);
    expect(queue.remove(nodes[2]!)).toBe(false);
  });

  it('drops an emptied lane from the rotation; a new waiter of that key joins at the back', () => {
    const queue = new WaitQueue<string>();
    const a = queue.push('a', 'a1');
    queue.push('b', 'b1');
    queue.push('c', 'c1');
    queue.remove(a);
    queue.push('a', 'a2');
    expect(queue.drain()).toEqual(['b1', 'c1', 'a2']);
  });
});
