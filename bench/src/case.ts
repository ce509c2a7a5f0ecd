/**
 * One case in its own process: the parent forks this file with the case as
 * JSON in argv, and gets one message per measured run, then the peak RSS.
 * A fresh process per case keeps libraries that patch globals or keep
 * module-level state (mock-socket, the interceptors) from touching each other.
 */
import type { CaseSpec, FloorId, TransportId } from './plan';
import { STUCK_TIMEOUT_MS } from './plan';
import type { CaseMessage } from './protocol';
import { loadTransport } from './transports/load';
import { connectionLatency, connectionThroughput, type ConnectionSide } from './workloads/connection';
import { deliveries, floorFanOut, floorLatency, floorThroughput, type FloorKind } from './workloads/floor';
import type { RunMetrics } from './workloads/metrics';
import { echo, fanOut, latency, openClose, openFanOut, teardown } from './workloads/mock-transport';
import { registryCleanup } from './workloads/registry';
import { grantsAcrossProcesses, storePairs, type StoreKind } from './workloads/redis-throttle';
import { throttleUncontended, type ThrottleShape } from './workloads/throttle';

type RunOnce = () => Promise<RunMetrics>;

function floorRun(spec: CaseSpec): RunOnce {
  const kind: FloorKind = (spec.subject as FloorId) === 'floor:emitter' ? 'emitter' : 'promise';
  switch (spec.section) {
    case 'open-close':
      return () => floorThroughput(kind, deliveries.openClose(spec.size));
    case 'echo':
      return () => floorThroughput(kind, deliveries.echo(spec.size), 'msgsPerSec', spec.size);
    case 'fan-out':
      return () => floorFanOut(kind, spec.size, spec.size2!);
    case 'latency':
      return () => floorLatency(kind, spec.size);
    case 'teardown':
      return () => floorThroughput(kind, deliveries.teardown(spec.size));
    case 'throttle':
      return () => floorThroughput('promise', spec.size, 'opsPerSec');
    default:
      throw new Error(`no floor for ${spec.section}`);
  }
}

async function transportRun(spec: CaseSpec): Promise<RunOnce> {
  const transport = await loadTransport(spec.subject as TransportId);
  if (spec.section === 'fan-out-open') {
    // One server and its clients for every run of the process; the process exits after its last run.
    let open: Awaited<ReturnType<typeof openFanOut>> | undefined;
    return async () => {
      open ??= await openFanOut(await transport.start(), spec.size);
      return open.run(spec.size2!);
    };
  }
  const workload = {
    'open-close': openClose,
    echo,
    'fan-out': (server: Parameters<typeof openClose>[0], n: number) => fanOut(server, n, spec.size2!),
    latency,
    teardown,
  }[spec.section as 'open-close' | 'echo' | 'fan-out' | 'latency' | 'teardown'];
  return async () => {
    const server = await transport.start();
    try {
      return await workload(server, spec.size);
    } finally {
      await server.dispose();
    }
  };
}

async function prepare(spec: CaseSpec): Promise<RunOnce> {
  if (spec.subject.startsWith('floor:')) return floorRun(spec);
  switch (spec.section) {
    case 'connection-throughput':
      return () => connectionThroughput(spec.subject as ConnectionSide, spec.size);
    case 'connection-latency':
      return () => connectionLatency(spec.subject as ConnectionSide, spec.size);
    case 'registry-cleanup':
      return () => registryCleanup(spec.size, spec.size2 ?? 0, spec.size2 ? STUCK_TIMEOUT_MS : 1000);
    case 'throttle':
      return () => throttleUncontended(spec.subject as ThrottleShape, spec.size);
    case 'throttle-store':
      return () => storePairs(spec.subject as StoreKind, spec.size);
    case 'throttle-processes':
      return () => grantsAcrossProcesses(spec.size2!, spec.size / spec.size2!);
    case 'jest-environment':
      throw new Error('the Jest environment cases run from the parent process');
    default:
      return transportRun(spec);
  }
}

function send(message: CaseMessage): Promise<void> {
  return new Promise((resolve) => {
    process.send!(message, () => resolve());
  });
}

async function main(): Promise<void> {
  const spec = JSON.parse(process.argv[2]!) as CaseSpec;
  const gc = (globalThis as { gc?: () => void }).gc;
  try {
    const runOnce = await prepare(spec);
    for (let i = 0; i < spec.warmup + spec.runs; i += 1) {
      gc?.();
      const metrics = await runOnce();
      if (i >= spec.warmup) await send({ type: 'run', metrics });
    }
    await send({ type: 'done', maxRssKb: process.resourceUsage().maxRSS });
  } catch (error) {
    await send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
  // Some libraries leave timers or sockets behind by design; the case is over either way.
  process.exit(0);
}

void main();
