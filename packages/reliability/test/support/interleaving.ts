import { Connection, ConnectionState } from '@ws-isolation/core';
import { createRegistry } from '@ws-isolation/registry';
import { withTimeout } from '@ws-isolation/test-utils';
import fc from 'fast-check';
import { setImmediate as nativeSetImmediate } from 'node:timers';
import { createThrottle } from '@ws-isolation/throttle';
import { Ledger } from './ledger';
import { mockTransport } from './transports';

/** How many connections one run juggles. */
const CONNECTIONS = 3;
/** What every pending operation of a run must settle within. */
const BOUND_MS = 3000;
const CLOSE_TIMEOUT_MS = 100;

/** One step of a run; `settle` lets the event loop turn once after it. */
export type Command =
  | { kind: 'connect'; target: number; settle: boolean }
  | { kind: 'send'; target: number; count: number; settle: boolean }
  | { kind: 'drop'; settle: boolean }
  | { kind: 'close'; target: number; settle: boolean }
  | { kind: 'terminate'; target: number; settle: boolean }
  | { kind: 'cleanupAll'; settle: boolean };

export function commandArbitrary(): fc.Arbitrary<Command> {
  const target = fc.integer({ min: 0, max: CONNECTIONS - 1 });
  const settle = fc.boolean();
  return fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('connect' as const), target, settle }) },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('send' as const),
        target,
        count: fc.integer({ min: 1, max: 5 }),
        settle,
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('drop' as const), settle }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('close' as const), target, settle }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('terminate' as const), target, settle }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('cleanupAll' as const), settle }) },
  );
}

const turn = (): Promise<void> => new Promise((resolve) => nativeSetImmediate(resolve));

/**
 * Runs `commands` against a fresh mock server, registry and ledger, closes
 * everything, and returns what broke an invariant (empty when none did).
 */
export async function runInterleaving(commands: readonly Command[]): Promise<string[]> {
  const server = await mockTransport.start();
  const registry = createRegistry();
  // Shared by the run's connections: fewer permits than connections, so attempts queue.
  const throttle = createThrottle({ concurrency: 2 });
  const ledger = new Ledger();
  const pending: Promise<unknown>[] = [];
  const problems: string[] = [];
  const connections: Connection[] = Array.from({ length: CONNECTIONS }, () => {
    const connection = new Connection({
      url: server.url,
      WebSocket: mockTransport.WebSocket,
      registry,
      throttle,
      closeTimeoutMs: CLOSE_TIMEOUT_MS,
      reconnect: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5 },
    });
    ledger.watch(connection);
    // Lost connections and listener failures are expected here; they are events, not crashes.
    connection.on('error', () => undefined);
    return connection;
  });
  const track = (promise: Promise<unknown>): void => {
    pending.push(promise.catch(() => undefined));
  };
  try {
    for (const command of commands) {
      switch (command.kind) {
        case 'connect':
          track(connections[command.target]!.connect());
          break;
        case 'send':
          ledger.sendMany(connections[command.target]!, `c${command.target}`, command.count);
          break;
        case 'drop':
          server.dropAll();
          break;
        case 'close':
          track(connections[command.target]!.close());
          break;
        case 'terminate':
          connections[command.target]!.terminate();
          if (connections[command.target]!.state !== ConnectionState.DISCONNECTED)
            problems.push(`terminate() returned in ${connections[command.target]!.state}`);
          break;
        case 'cleanupAll':
          track(registry.cleanupAll({ timeoutMs: CLOSE_TIMEOUT_MS }));
          break;
      }
      if (command.settle) await turn();
    }
    await withTimeout(Promise.all(pending), BOUND_MS, 'the operations of the run');
    await withTimeout(
      Promise.all(connections.map((connection) => connection.close())),
      BOUND_MS,
      'the final close of every connection',
    );
    await turn();
    for (const [i, connection] of connections.entries())
      if (connection.state !== ConnectionState.DISCONNECTED)
        problems.push(`connection ${i} ended in ${connection.state}`);
    const { active, queued } = throttle.stats();
    if (active !== 0 || queued !== 0) problems.push(`throttle still holds ${active} permits and ${queued} waiters`);
    if (registry.size !== 0)
      problems.push(
        `registry still tracks ${registry
          .list()
          .map((entry) => entry.label)
          .join(', ')}`,
      );
    problems.push(...ledger.problems(server.received));
  } catch (error) {
    problems.push(String(error));
  } finally {
    await registry.cleanupAll({ timeoutMs: 100 });
    await server.close();
  }
  return problems;
}
