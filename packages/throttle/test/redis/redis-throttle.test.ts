import { Redis } from 'ioredis';
import { withTimeout } from '@ws-isolation/test-utils';
import { createThrottle, type Permit, type Throttle } from '../../src';
import { createRedisStore, type RedisStore } from '../../src/redis';
import { eventually } from './eventually';
import { testRedis, uniqueName } from './redis-server';

// Two stores are two processes as far as Redis can tell: their own connections, their own ids.
let redis: Awaited<ReturnType<typeof testRedis>>;
let inspect: Redis;
const stores: RedisStore[] = [];

beforeAll(async () => {
  redis = await testRedis();
  inspect = new Redis(redis.url);
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
});
afterAll(async () => {
  await inspect.quit();
  await redis.stop();
});

function store(name: string, options: { leaseMs?: number; failMode?: 'open' | 'closed' } = {}): RedisStore {
  const made = createRedisStore({ url: redis.url, name, commandTimeoutMs: 10_000, ...options });
  stores.push(made);
  return made;
}

/** Waiters Redis holds for this throttle name, across every process. */
function waitingInRedis(name: string): Promise<number> {
  return inspect.zcard(`wsi:throttle:{${name}}:waiting`);
}

/**
 * Waits until the store grants at all. A Redis server started less than a lease ago grants nothing for one
 * lease (its recovery window, for permits held before a restart): this file's own server, when a test runs
 * alone, is that young, and "grants now" would not hold for a reason that is not the test's.
 */
async function pastRecovery(throttle: Throttle): Promise<void> {
  (await throttle.acquire({ timeoutMs: 30_000 })).release();
}

/** Starts acquires and records the order their permits arrive in. */
function acquireAll(throttle: Throttle, keys: Array<string | undefined>, order: string[], permits: Permit[]): void {
  keys.forEach((key, i) => {
    void throttle.acquire({ key }).then((permit) => {
      order.push(`${key ?? '-'}${i}`);
      permits.push(permit);
    });
  });
}

describe('Redis store: the throttle behaves as in-process', () => {
  it('serves each key first in, first out, and keys round robin', async () => {
    const name = uniqueName('lanes');
    const throttle = createThrottle({ concurrency: 1, store: store(name) });
    const holder = await throttle.acquire();
    const order: string[] = [];
    const permits: Permit[] = [];
    acquireAll(throttle, ['a', 'a', 'a', 'a', 'b', 'c', 'b'], order, permits);
    await eventually(async () => (await waitingInRedis(name)) === 7, '7 waiters in Redis');
    holder.release();
    for (let i = 0; i < 7; i++) {
      await eventually(() => permits.length === i + 1, `grant ${i + 1}`);
      permits[i]!.release();
    }
    expect(order).toEqual(['a0', 'b4', 'c5', 'a1', 'b6', 'a2', 'a3']);
  });

  it('serves waiters of two processes in the order they reached Redis', async () => {
    const name = uniqueName('fifo');
    const one = createThrottle({ concurrency: 1, store: store(name) });
    const two = createThrottle({ concurrency: 1, store: store(name) });
    const holder = await one.acquire();
    const order: string[] = [];
    // Each waiter reaches Redis before the next is sent, from the other process.
    const queue = async (throttle: Throttle, label: string, position: number): Promise<{ permit: Promise<Permit> }> => {
      const permit = throttle.acquire({ key: 'url' }).then((granted) => (order.push(label), granted));
      await eventually(async () => (await waitingInRedis(name)) === position, `${label} queued`);
      return { permit };
    };
    const first = await queue(two, 'two:first', 1);
    const second = await queue(one, 'one:second', 2);
    const third = await queue(two, 'two:third', 3);
    holder.release();
    for (const { permit } of [first, second, third]) (await withTimeout(permit, 10_000, 'a grant')).release();
    expect(order).toEqual(['two:first', 'one:second', 'two:third']);
  });

  it('abort removes the waiter from Redis at once; a later release frees nothing it did not hold', async () => {
    const name = uniqueName('abort');
    const throttle = createThrottle({ concurrency: 1, store: store(name) });
    const holder = await throttle.acquire();
    const controller = new AbortController();
    const aborted = throttle.acquire({ signal: controller.signal });
    await eventually(async () => (await waitingInRedis(name)) === 1, 'queued');
    const reason = new Error('user left');
    controller.abort(reason);
    await expect(aborted).rejects.toMatchObject({ code: 'ERR_WSI_ABORTED', cause: reason });
    expect(throttle.stats()).toMatchObject({ active: 1, queued: 0, rejected: 1 });
    await eventually(async () => (await waitingInRedis(name)) === 0, 'the waiter gone from Redis');
    holder.release();
    const next = await throttle.acquire({ timeoutMs: 10_000 });
    expect(throttle.stats()).toMatchObject({ active: 1, granted: 2 });
    next.release();
  });

  it('timeoutMs rejects with ERR_WSI_THROTTLE_TIMEOUT; timeoutMs 0 grants now or rejects now', async () => {
    const name = uniqueName('timeout');
    const throttle = createThrottle({ concurrency: 1, store: store(name) });
    await pastRecovery(throttle);
    const holder = await throttle.acquire({ timeoutMs: 0 });
    await expect(throttle.acquire({ timeoutMs: 0 })).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_TIMEOUT' });
    await expect(throttle.acquire({ timeoutMs: 50 })).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_TIMEOUT' });
    await eventually(async () => (await waitingInRedis(name)) === 0, 'timed-out waiter gone from Redis');
    holder.release();
    // Two grants: the one that waited out the recovery window, and the one at timeoutMs 0.
    expect(throttle.stats()).toMatchObject({ active: 0, granted: 2, rejected: 2 });
  });

  it('keeps its scripts in the order sent on a server that does not know them yet (fresh, restarted or flushed)', async () => {
    const name = uniqueName('script-order');
    const throttle = createThrottle({ concurrency: 1, store: store(name) });
    await pastRecovery(throttle);
    const permit = await throttle.acquire({ timeoutMs: 0 });
    // The server forgets every script: the release below is one it does not know.
    await inspect.script('FLUSH');
    permit.release();
    // Sent after the release, so it runs after it: the slot is free.
    const next = await throttle.acquire({ timeoutMs: 0 });
    next.release();
    expect(throttle.stats()).toMatchObject({ active: 0, granted: 3, rejected: 0 });
  });

  it('maxQueue bounds the queue shared by every process', async () => {
    const name = uniqueName('max-queue');
    const one = createThrottle({ concurrency: 1, maxQueue: 2, store: store(name) });
    const two = createThrottle({ concurrency: 1, maxQueue: 2, store: store(name) });
    const holder = await one.acquire();
    const queued = [one.acquire(), two.acquire()];
    await eventually(async () => (await waitingInRedis(name)) === 2, 'two queued');
    await expect(two.acquire()).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_QUEUE_FULL' });
    holder.release();
    for (const permit of queued) (await withTimeout(permit, 10_000, 'a grant')).release();
  });

  it('close() rejects waiters and later acquires with ERR_WSI_THROTTLE_CLOSED; held permits still release', async () => {
    const name = uniqueName('close');
    const throttle = createThrottle({ concurrency: 1, store: store(name) });
    const other = createThrottle({ concurrency: 1, store: store(name) });
    const holder = await throttle.acquire();
    const waiting = throttle.acquire();
    await eventually(async () => (await waitingInRedis(name)) === 1, 'queued');
    throttle.close();
    await expect(waiting).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_CLOSED' });
    await expect(throttle.acquire()).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_CLOSED' });
    expect(throttle.closed).toBe(true);
    holder.release();
    // The slot went back to Redis: another process gets it.
    (await other.acquire({ timeoutMs: 10_000 })).release();
  });

  it('run() holds a permit while fn runs and gives it back however fn ends', async () => {
    const name = uniqueName('run');
    const throttle = createThrottle({ concurrency: 1, store: store(name) });
    await expect(throttle.run(() => 'done')).resolves.toBe('done');
    await expect(throttle.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(throttle.run(5 as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    await expect(throttle.acquire({ priority: 1 } as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    (await throttle.acquire({ timeoutMs: 10_000 })).release();
    expect(throttle.stats()).toMatchObject({ active: 0, granted: 3, rejected: 2 });
  });

  it('store.close() gives back the permits still held, so other processes get them at once', async () => {
    const name = uniqueName('store-close');
    const leaving = store(name);
    const mine = createThrottle({ concurrency: 2, store: leaving });
    const theirs = createThrottle({ concurrency: 2, store: store(name) });
    const held = [await mine.acquire(), await mine.acquire()];
    const waiting = [theirs.acquire(), theirs.acquire()];
    await eventually(async () => (await waitingInRedis(name)) === 2, 'two queued');
    await leaving.close();
    expect(held.every((permit) => permit.released)).toBe(true);
    for (const permit of await withTimeout(Promise.all(waiting), 10_000, 'grants')) permit.release();
  });

  it('works over an ioredis client of yours, and leaves it open when the store closes', async () => {
    const name = uniqueName('client');
    const client = new Redis(redis.url);
    const yours = createRedisStore({ client, name });
    const throttle = createThrottle({ concurrency: 1, store: yours });
    const other = createThrottle({ concurrency: 1, store: store(name) });
    const permit = await throttle.acquire();
    await expect(other.acquire({ timeoutMs: 0 })).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_TIMEOUT' });
    permit.release();
    (await other.acquire({ timeoutMs: 10_000 })).release();
    await yours.close();
    expect(client.status).toBe('ready');
    await expect(client.ping()).resolves.toBe('PONG');
    await client.quit();
  });

  it('store.connect() resolves once Redis answers', async () => {
    await expect(store(uniqueName('connect')).connect()).resolves.toBeUndefined();
  });
});
