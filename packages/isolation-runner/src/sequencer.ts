import { readFileSync } from 'node:fs';
import { ORDER_FILE_ENV } from './events';

interface JestTest {
  path: string;
}

/**
 * A Jest test sequencer that runs files in the order listed in the JSON file
 * named by `WS_ISOLATION_ORDER_FILE`. Jest's own sequencer orders by cached
 * timings, which change from run to run; a bisection must replay one order.
 */
class OrderedSequencer {
  sort(tests: JestTest[]): JestTest[] {
    const orderFile = process.env[ORDER_FILE_ENV];
    const order: string[] = orderFile ? (JSON.parse(readFileSync(orderFile, 'utf8')) as string[]) : [];
    const rank = new Map(order.map((path, index) => [path, index]));
    const position = (test: JestTest): number => rank.get(test.path) ?? order.length;
    return [...tests].sort((a, b) => position(a) - position(b) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
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
