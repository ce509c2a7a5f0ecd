import type { TimelineEvent } from '../src';

const STACK =
  '    at openConnection (/project/test/connections.ts:15:22)\n    at Object.<anonymous> (/project/test/a.test.ts:9:5)';

/**
 * The events of a test like `test_parallel_connections` under the hang fault:
 * `count` connections reach READY, the test ends with them open, cleanup
 * starts and, two seconds later, forces every one of them.
 */
export function forcedConnections(test: string, count: number, start = 10_000): TimelineEvent[] {
  const ids = Array.from({ length: count }, (_, index) => `c${index + 1}`);
  return [
    { type: 'test-start', t: start, test },
    ...ids.flatMap((id, index): TimelineEvent[] => [
      {
        type: 'created',
        t: start + 1 + index,
        id,
        kind: 'connection',
        label: `ws://127.0.0.1/ ${id}`,
        state: 'DISCONNECTED',
        scope: 'test',
        stack: STACK,
      },
      { type: 'state', t: start + 2 + index, id, to: 'CONNECTING' },
      { type: 'state', t: start + 20 + index, id, to: 'CONNECTED' },
      { type: 'state', t: start + 30 + index, id, to: 'READY' },
    ]),
    { type: 'test-end', t: start + 100, test, status: 'pass' },
    { type: 'cleanup-start', t: start + 101, scope: 'test', count, timeoutMs: 2000 },
    ...ids.flatMap((id): TimelineEvent[] => [
      { type: 'forced', t: start + 2101, id, byCleanup: true },
      { type: 'leak', t: start + 2102, id, owner: `test "${test}"`, outcome: 'forced' },
    ]),
  ];
}

/** A test that opens one connection and closes it itself. */
export function cleanConnection(test: string, start = 20_000): TimelineEvent[] {
  return [
    { type: 'test-start', t: start, test },
    {
      type: 'created',
      t: start + 1,
      id: 'k1',
      kind: 'connection',
      label: 'ws://127.0.0.1/ k1',
      state: 'DISCONNECTED',
      scope: 'test',
      stack: STACK,
    },
    { type: 'state', t: start + 5, id: 'k1', to: 'READY' },
    { type: 'state', t: start + 40, id: 'k1', to: 'CLOSING' },
    { type: 'state', t: start + 45, id: 'k1', to: 'DISCONNECTED' },
    { type: 'closed', t: start + 45, id: 'k1', byCleanup: false },
    { type: 'test-end', t: start + 50, test, status: 'pass' },
  ];
}
