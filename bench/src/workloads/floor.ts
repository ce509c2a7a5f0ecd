import { EventEmitter } from 'node:events';
import { performance } from 'node:perf_hooks';
import { median, percentile } from '../stats';
import type { RunMetrics } from './metrics';

/**
 * The physical floor: the same number of deliveries as a workload, with no
 * socket at all. `emitter`: each delivery is one synchronous EventEmitter emit.
 * `promise`: each delivery is one `await` (one microtask hop), in a chain.
 */
export type FloorKind = 'emitter' | 'promise';

/** How many deliveries each workload makes: the counts the floors reproduce. */
export const deliveries = {
  openClose: (n: number) => 2 * n,
  echo: (n: number) => 2 * n,
  fanOut: (clients: number, broadcasts: number) => clients * broadcasts,
  teardown: (n: number) => n,
};

function emitMany(count: number): number {
  const emitter = new EventEmitter();
  let seen = 0;
  emitter.on('data', () => {
    seen += 1;
  });
  const start = performance.now();
  for (let i = 0; i < count; i += 1) emitter.emit('data', i);
  const ms = performance.now() - start;
  if (seen !== count) throw new Error(`emitter floor saw ${seen} of ${count}`);
  return ms;
}

async function awaitMany(count: number): Promise<number> {
  const start = performance.now();
  let seen = 0;
  for (let i = 0; i < count; i += 1) {
    await null;
    seen += 1;
  }
  const ms = performance.now() - start;
  if (seen !== count) throw new Error(`promise floor saw ${seen} of ${count}`);
  return ms;
}

/**
 * The floor of a workload that moves `count` deliveries. Its rate is named as
 * the workload names its own (`msgsPerSec`, `opsPerSec`) and counts what the
 * workload counts: `units` (an echoed message is two deliveries, one unit).
 */
export async function floorThroughput(
  kind: FloorKind,
  count: number,
  rateKey = 'perSec',
  units = count,
): Promise<RunMetrics> {
  const ms = kind === 'emitter' ? emitMany(count) : await awaitMany(count);
  return { ms, [rateKey]: (units / ms) * 1000, nsPerOp: (ms * 1e6) / units };
}

/** The floor of the fan-out: one emitter with `clients` listeners, `broadcasts` emits. */
export async function floorFanOut(kind: FloorKind, clients: number, broadcasts: number): Promise<RunMetrics> {
  if (kind === 'promise') return floorThroughput(kind, deliveries.fanOut(clients, broadcasts), 'deliveriesPerSec');
  const emitter = new EventEmitter();
  emitter.setMaxListeners(clients + 1);
  let seen = 0;
  for (let c = 0; c < clients; c += 1) {
    emitter.on('data', () => {
      seen += 1;
    });
  }
  const start = performance.now();
  for (let b = 0; b < broadcasts; b += 1) emitter.emit('data', b);
  const ms = performance.now() - start;
  if (seen !== clients * broadcasts) throw new Error(`fan-out floor saw ${seen}`);
  return { ms, deliveriesPerSec: ((clients * broadcasts) / ms) * 1000 };
}

/** The floor of `n` sequential round trips: two deliveries each, timed one by one. */
export async function floorLatency(kind: FloorKind, n: number): Promise<RunMetrics> {
  const samples = new Array<number>(n);
  const client = new EventEmitter();
  const server = new EventEmitter();
  server.on('message', (data: unknown) => client.emit('message', data));
  let answered = 0;
  client.on('message', () => {
    answered += 1;
  });
  const start = performance.now();
  for (let i = 0; i < n; i += 1) {
    const sent = performance.now();
    if (kind === 'emitter') {
      server.emit('message', i);
    } else {
      await null;
      await null;
      answered += 1;
    }
    samples[i] = performance.now() - sent;
  }
  const ms = performance.now() - start;
  if (answered !== n) throw new Error(`latency floor answered ${answered} of ${n}`);
  return { ms, medianUs: median(samples) * 1000, p99Us: percentile(samples, 99) * 1000 };
}
