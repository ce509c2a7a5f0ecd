import { appendFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { withTimeout } from '@ws-isolation/test-utils';
import { WarmFeed, type FeedTest } from '../src/jest/warm-feed';
import { tempDir } from './helpers';

const dir = tempDir('wsi-feed-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let counter = 0;
function feedFile(): string {
  counter += 1;
  return join(dir, `feed-${counter}.jsonl`);
}

function next(feed: WarmFeed): Promise<FeedTest | undefined> {
  return withTimeout(feed.next(), 10_000, 'the next test of the feed');
}

describe('WarmFeed', () => {
  it('hands out tests as the lines arrive, in order, and ends at the end line', async () => {
    const path = feedFile();
    const feed = new WarmFeed(path, () => undefined);
    try {
      // Nothing written yet: the worker waits, and the first line wakes it.
      const first = next(feed);
      appendFileSync(path, `${JSON.stringify({ file: '/a.test.js', names: ['a one', 'a two'] })}\n`);
      expect(await first).toEqual({ file: '/a.test.js', name: 'a one' });
      expect(await next(feed)).toEqual({ file: '/a.test.js', name: 'a two' });
      const third = next(feed);
      appendFileSync(path, `${JSON.stringify({ file: '/b.test.js', names: ['b'] })}\n{"end":true}\n`);
      expect(await third).toEqual({ file: '/b.test.js', name: 'b' });
      expect(await next(feed)).toBeUndefined();
      expect(await next(feed)).toBeUndefined();
    } finally {
      feed.close();
    }
  });

  it('reads a line written in two parts only once it is whole', async () => {
    const path = feedFile();
    const line = `${JSON.stringify({ file: '/a.test.js', names: ['split'] })}\n`;
    appendFileSync(path, line.slice(0, 10));
    let beaten: () => void = () => undefined;
    const beat = new Promise<void>((resolve) => (beaten = resolve));
    const feed = new WarmFeed(path, () => beaten());
    try {
      let settled = false;
      const waiting = next(feed).finally(() => (settled = true));
      // A heartbeat comes only after the feed has read the file, torn half and all, many times over.
      await withTimeout(beat, 10_000, 'a heartbeat');
      expect(settled).toBe(false);
      appendFileSync(path, `${line.slice(10)}{"end":true}\n`);
      expect(await waiting).toEqual({ file: '/a.test.js', name: 'split' });
      expect(await next(feed)).toBeUndefined();
    } finally {
      feed.close();
    }
  });

  it('beats while a worker waits, so a long suite is not taken for a hang', async () => {
    const path = feedFile();
    let beats = 0;
    let beaten: () => void = () => undefined;
    const beat = new Promise<void>((resolve) => (beaten = resolve));
    const feed = new WarmFeed(path, () => {
      beats += 1;
      beaten();
    });
    try {
      const waiting = next(feed);
      await withTimeout(beat, 10_000, 'a heartbeat');
      expect(beats).toBeGreaterThanOrEqual(1);
      feed.close();
      expect(await waiting).toBeUndefined();
    } finally {
      feed.close();
    }
  });
});
