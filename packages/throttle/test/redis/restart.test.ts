import { Redis } from 'ioredis';
import { withTimeout } from '@ws-isolation/test-utils';
import { createThrottle, type Permit } from '../../src';
import { createRedisStore, type RedisStore, type RedisStoreOptions } from '../../src/redis';
import { eventually } from './eventually';
import { startRedisServer, uniqueName, type RedisServer } from './redis-server';

// These tests kill and restart Redis, so each runs a redis-server of its own on another loopback port.
let server: RedisServer;
let inspect: Redis;
const stores: RedisStore[] = [];

jest.setTimeout(60_000);

beforeEach(async () => {
  server = await startRedisServer();
  inspect = new Redis(server.url, { retryStrategy: () => 50, maxRetriesPerRequest: null });
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  inspect.disconnect();
  await server.kill();
});

function store(options: Omit<RedisStoreOptions, 'url' | 'client'>): RedisStore {
  const made = createRedisStore({ url: server.url, ...options } as RedisStoreOptions);
  stores.push(made);
  return made;
}

describe('Redis restarting mid-run', () => {
  it('held permits register again, nothing is granted twice, queued waiters carry on', async () => {
    const name = uniqueName('restart');
    const leaseMs = 5000;
    const one = createThrottle({ concurrency: 3, store: store({ name, leaseMs }) });
    const two = createThrottle({ concurrency: 3, store: store({ name, leaseMs }) });
    let overCap = 0;
    const granted = (permit: Permit): Permit => {
      if (one.stats().active + two.stats().active > 3) overCap += 1;
      return permit;
    };
    // A fresh server grants nothing for one lease after it started: the recovery window.
    const held = [await one.acquire().then(granted), await one.acquire().then(granted)];
    const theirs: Permit[] = [];
    for (let i = 0; i < 3; i++) void two.acquire({ timeoutMs: 50_000 }).then((permit) => theirs.push(granted(permit)));
    await eventually(() => theirs.length === 1, 'the free slot granted');
    await eventually(async () => (await inspect.zcard(`wsi:throttle:{${name}}:waiting`)) === 2, 'two queued');

    await server.kill();
    // While Redis is down: failing closed refuses with a code; failing open grants from the process.
    const closed = createThrottle({ concurrency: 3, store: store({ name, commandTimeoutMs: 300 }) });
    await expect(closed.acquire()).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_STORE_UNAVAILABLE' });
    const open = createThrottle({ concurrency: 3, store: store({ name, commandTimeoutMs: 300, failMode: 'open' }) });
    (await open.acquire()).release();
    await server.start();

    // The restarted server knows nothing; every process registers what it holds and what waits.
    await eventually(async () => {
      // A grant past the cap (a slot held before the restart given again) fails at once.
      expect(overCap).toBe(0);
      const holders = await inspect.zcard(`wsi:throttle:{${name}}:holders`);
      return holders === 3 && (await inspect.zcard(`wsi:throttle:{${name}}:waiting`)) === 2;
    }, 'permits and waiters registered again');
    expect(two.stats()).toMatchObject({ active: 1, queued: 2 });
    held[0]!.release();
    await eventually(() => theirs.length === 2, 'a released slot granted');
    expect(two.stats()).toMatchObject({ active: 2, queued: 1 });
    held[1]!.release();
    await eventually(() => theirs.length === 3, 'the last waiter granted');
    for (const permit of theirs) permit.release();
    expect(overCap).toBe(0);
    expect(one.stats()).toMatchObject({ granted: 2, rejected: 0 });
    expect(two.stats()).toMatchObject({ granted: 3, rejected: 0 });
  });

  it('an outage longer than a lease rejects queued waiters with ERR_WSI_THROTTLE_STORE_UNAVAILABLE', async () => {
    const name = uniqueName('outage');
    const options = { name, leaseMs: 3000, commandTimeoutMs: 1000 };
    const pair = [store(options), store(options)];
    // Connected first: the connection's round trips are not what this test races against the deadline.
    await Promise.all(pair.map((made) => made.connect()));
    const one = createThrottle({ concurrency: 1, store: pair[0]! });
    const two = createThrottle({ concurrency: 1, store: pair[1]! });
    const holder = await one.acquire({ timeoutMs: 20_000 });
    const waiting = two.acquire();
    await eventually(async () => (await inspect.zcard(`wsi:throttle:{${name}}:waiting`)) === 1, 'queued');
    await server.kill();
    await expect(withTimeout(waiting, 20_000, 'the rejection')).rejects.toMatchObject({
      code: 'ERR_WSI_THROTTLE_STORE_UNAVAILABLE',
    });
    expect(two.stats()).toMatchObject({ queued: 0, rejected: 1 });
    holder.release();
  });

  it('an outage longer than a lease hands queued waiters to the process when failing open', async () => {
    const name = uniqueName('outage-open');
    const options = { name, leaseMs: 3000, commandTimeoutMs: 1000, failMode: 'open' as const };
    const pair = [store(options), store(options)];
    // Connected first: the connection's round trips are not what this test races against the deadline.
    await Promise.all(pair.map((made) => made.connect()));
    const one = createThrottle({ concurrency: 1, store: pair[0]! });
    const two = createThrottle({ concurrency: 1, store: pair[1]! });
    const holder = await one.acquire({ timeoutMs: 20_000 });
    const waiting = two.acquire();
    await eventually(async () => (await inspect.zcard(`wsi:throttle:{${name}}:waiting`)) === 1, 'queued');
    await server.kill();
    const permit = await withTimeout(waiting, 20_000, 'the grant from the process');
    expect(two.stats()).toMatchObject({ active: 1, granted: 1 });
    permit.release();
    holder.release();
  });
});
