import { appendFileSync, readFileSync } from 'node:fs';
import { EVENTS_FILE_ENV, ORDER_FILE_ENV, type JestEvent } from './events';

interface JestTest {
  path: string;
}

/** A deterministic shuffle (mulberry32): the same seed gives the same order on every machine. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [result[i], result[j]] = [result[j]!, result[i]!];
  }
  return result;
}

/** The order file: the files in the order to run (others follow by path), or, with none listed, a seed to shuffle by. */
type OrderFile = string[] | { files: string[]; seed?: number };

/**
 * A Jest test sequencer that runs files in the order listed in the JSON file
 * named by `WS_ISOLATION_ORDER_FILE`. Jest's own sequencer orders by cached
 * timings, which change from run to run; a bisection must replay one order.
 * It writes the order it chose to the events file, so the runner learns the
 * project's files from the run itself.
 */
class OrderedSequencer {
  sort(tests: JestTest[]): JestTest[] {
    const orderFile = process.env[ORDER_FILE_ENV];
    const read: OrderFile = orderFile ? (JSON.parse(readFileSync(orderFile, 'utf8')) as OrderFile) : [];
    const { files: order, seed } = Array.isArray(read) ? { files: read, seed: undefined } : read;
    const rank = new Map(order.map((path, index) => [path, index]));
    const position = (test: JestTest): number => rank.get(test.path) ?? order.length;
    let sorted = [...tests].sort(
      (a, b) => position(a) - position(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0),
    );
    if (order.length === 0 && seed !== undefined) sorted = seededShuffle(sorted, seed);
    const eventsFile = process.env[EVENTS_FILE_ENV];
    if (eventsFile) {
      const event: JestEvent = { type: 'run-files', time: Date.now(), files: sorted.map((test) => test.path) };
      appendFileSync(eventsFile, JSON.stringify(event) + '\n');
    }
    return sorted;
  }

  shard(tests: JestTest[]): JestTest[] {
    return tests;
  }

  allFailedTests(tests: JestTest[]): JestTest[] {
    return tests;
  }

  cacheResults(): void {
    // Nothing to cache: the order comes from the runner, not from history.
  }
}

// Jest loads a sequencer module by path and wants the class as its default export.
// eslint-disable-next-line no-restricted-syntax
export default OrderedSequencer;
