import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import OrderedSequencer, { seededShuffle } from '../src/jest/sequencer';
import { ORDER_FILE_ENV } from '../src/jest/events';
import { tempDir } from './helpers';

describe('OrderedSequencer', () => {
  it('sorts test files in the order the runner wrote, unknown files last by path', () => {
    const dir = tempDir('wsi-order-');
    const previous = process.env[ORDER_FILE_ENV];
    try {
      const orderFile = join(dir, 'order.json');
      writeFileSync(orderFile, JSON.stringify(['/p/c.test.js', '/p/a.test.js']));
      process.env[ORDER_FILE_ENV] = orderFile;
      const sorted = new OrderedSequencer().sort([
        { path: '/p/z.test.js' },
        { path: '/p/a.test.js' },
        { path: '/p/b.test.js' },
        { path: '/p/c.test.js' },
      ]);
      expect(sorted.map((test) => test.path)).toEqual(['/p/c.test.js', '/p/a.test.js', '/p/b.test.js', '/p/z.test.js']);
    } finally {
      if (previous === undefined) delete process.env[ORDER_FILE_ENV];
      else process.env[ORDER_FILE_ENV] = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('seededShuffle', () => {
  it('gives the same permutation for the same seed and keeps every item', () => {
    const items = Array.from({ length: 20 }, (_, i) => i);
    const first = seededShuffle(items, 42);
    expect(seededShuffle(items, 42)).toEqual(first);
    expect([...first].sort((a, b) => a - b)).toEqual(items);
    expect(seededShuffle(items, 43)).not.toEqual(first);
  });
});
