import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { WarmFeedLine } from './events';

/** One test to run alone, as the feed names it. */
export interface FeedTest {
  file: string;
  name: string;
}

const POLL_MS = 25;
const HEARTBEAT_MS = 1000;

/**
 * The warm runner's end of the tests feed: the runner appends the tests of
 * each file as soon as the suite has named them, and an end line when it has
 * named them all. `next` hands out one test at a time, waiting for more while
 * the feed is open; the feed also ends when the runner that started this Jest
 * is gone, so a worker never waits for tests that cannot come.
 */
export class WarmFeed {
  readonly #path: string;
  readonly #heartbeat: () => void;
  readonly #parent = process.ppid;
  readonly #queue: FeedTest[] = [];
  readonly #waiters: (() => void)[] = [];
  #fd: number | undefined;
  #offset = 0;
  #partial = '';
  #ended = false;
  #lastBeat = Date.now();
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `heartbeat` is called every second while a worker waits for tests, so the wait does not look like a hang. */
  constructor(path: string, heartbeat: () => void) {
    this.#path = path;
    this.#heartbeat = heartbeat;
    this.#poll();
  }

  /** The next test, or undefined once the feed has ended and every test was handed out. */
  async next(): Promise<FeedTest | undefined> {
    while (this.#queue.length === 0 && !this.#ended) await new Promise<void>((wake) => this.#waiters.push(wake));
    return this.#queue.shift();
  }

  /** Stops reading: no more tests, and no more heartbeats. */
  close(): void {
    this.#end();
    for (const wake of this.#waiters.splice(0)) wake();
  }

  #poll(): void {
    this.#read();
    if (process.ppid !== this.#parent) this.#end();
    if (this.#waiters.length > 0 && Date.now() - this.#lastBeat >= HEARTBEAT_MS) {
      this.#heartbeat();
      this.#lastBeat = Date.now();
    }
    if (this.#queue.length > 0 || this.#ended) for (const wake of this.#waiters.splice(0)) wake();
    if (!this.#ended) this.#timer = setTimeout(() => this.#poll(), POLL_MS);
  }

  #read(): void {
    try {
      this.#fd ??= openSync(this.#path, 'r');
    } catch {
      return; // Not written yet: the suite has not named a test.
    }
    const size = fstatSync(this.#fd).size;
    if (size <= this.#offset) return;
    const chunk = Buffer.alloc(size - this.#offset);
    this.#offset += readSync(this.#fd, chunk, 0, chunk.length, this.#offset);
    const lines = (this.#partial + chunk.toString('utf8')).split('\n');
    // A line is appended whole, but a read can still land between its bytes: the rest comes with the next read.
    this.#partial = lines.pop()!;
    for (const line of lines) {
      if (line.trim() === '') continue;
      const entry = JSON.parse(line) as WarmFeedLine;
      if ('end' in entry) this.#end();
      else for (const name of entry.names) this.#queue.push({ file: entry.file, name });
    }
  }

  #end(): void {
    this.#ended = true;
    clearTimeout(this.#timer);
    if (this.#fd !== undefined) closeSync(this.#fd);
    this.#fd = undefined;
  }
}
