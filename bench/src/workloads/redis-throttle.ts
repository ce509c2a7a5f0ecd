import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { importOurs, OUR_PACKAGES } from '../ours';
import { redisUrl } from '../redis-url';
import type { RunMetrics } from './metrics';
import { timePairs } from './throttle';

type ThrottleModule = typeof import('@ws-isolation/throttle');
type RedisModule = typeof import('@ws-isolation/throttle/redis');

const GRANTS_WORKER = fileURLToPath(new URL('./redis-grants-worker.js', import.meta.url));

export type StoreKind = 'in-process' | 'redis';

let runs = 0;

/** A name of its own for each run, so runs never share a queue or a bucket. */
function runName(label: string): string {
  runs += 1;
  return `bench:${label}:${process.pid}:${runs}`;
}

/** `n` sequential acquire/release pairs on a throttle nobody else uses, its state in the process or in Redis. */
export async function storePairs(kind: StoreKind, n: number): Promise<RunMetrics> {
  const { createThrottle } = await importOurs<ThrottleModule>(OUR_PACKAGES.throttle);
  const store =
    kind === 'redis'
      ? (await importOurs<RedisModule>(OUR_PACKAGES.throttleRedis)).createRedisStore({
          url: redisUrl(),
          name: runName('pairs'),
        })
      : undefined;
  await store?.connect();
  const throttle = createThrottle({ concurrency: 8, store });
  try {
    return await timePairs(throttle, n);
  } finally {
    await store?.close();
  }
}

/**
 * Grants per second across `processes` Node processes sharing one Redis store
 * (concurrency 8): each keeps 4 acquires in flight and releases each permit at
 * once, until it has `perProcess` grants. Timed from "go" to the last "done".
 */
export async function grantsAcrossProcesses(processes: number, perProcess: number): Promise<RunMetrics> {
  const name = runName('grants');
  const children = Array.from({ length: processes }, () =>
    fork(GRANTS_WORKER, [JSON.stringify({ url: redisUrl(), name, grants: perProcess })], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  try {
    await Promise.all(children.map((child) => message(child, 'ready')));
    const start = performance.now();
    const done = children.map((child) => message(child, 'done'));
    for (const child of children) child.send('go');
    await Promise.all(done);
    const ms = performance.now() - start;
    const total = processes * perProcess;
    return { ms, opsPerSec: (total / ms) * 1000, nsPerOp: (ms * 1e6) / total };
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  }
}

/** The child's next message of this type; an error message or an exit before it rejects. Bounded by the case's limit. */
function message(child: ReturnType<typeof fork>, type: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onMessage = (received: { type: string; message?: string }): void => {
      if (received.type === type) finish(resolve);
      else if (received.type === 'error') finish(() => reject(new Error(received.message)));
    };
    const onExit = (code: number | null): void =>
      finish(() => reject(new Error(`worker exited (${code}) before ${type}`)));
    const finish = (then: () => void): void => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      then();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}
