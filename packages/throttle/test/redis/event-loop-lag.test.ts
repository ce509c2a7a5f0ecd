import { createServer, type AddressInfo, type Socket } from 'node:net';
import { once } from 'node:events';
import { setImmediate as nativeSetImmediate } from 'node:timers';
import { withTimeout } from '@ws-isolation/test-utils';
import { createThrottle } from '../../src';
import { createRedisStore, type RedisStore, type RedisStoreOptions } from '../../src/redis';
import { loopbackClient, type LoopbackClient } from './loopback-client';

// A process whose event loop is blocked (CPU starvation, a long GC, a synchronous stretch of code) past a
// deadline must not blame Redis for it: an answer that arrived in time is read, not timed out.

/**
 * Blocks the event loop for `ms`, as a starved or collecting process would be: the condition under test,
 * so a synchronous busy loop here, and bounded.
 */
function blockEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/**
 * Starts `fn` from the check phase, after which libuv runs expired timers before it polls sockets again: the
 * order in which a deadline would beat an answer already in the socket. Settles as `fn`'s promise does.
 */
function fromCheckPhase<T>(fn: () => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => nativeSetImmediate(() => fn().then(resolve, reject)));
}

let client: LoopbackClient;
const stores: RedisStore[] = [];

beforeEach(async () => {
  client = await loopbackClient();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((store) => store.close()));
  await client.close();
});

function store(options: Omit<RedisStoreOptions, 'client'>): RedisStore {
  const made = createRedisStore({ client, ...options } as RedisStoreOptions);
  stores.push(made);
  return made;
}

describe('an event loop blocked past a deadline while the answer waits in the socket', () => {
  it('commandTimeoutMs: the acquire is granted, not rejected with ERR_WSI_THROTTLE_STORE_UNAVAILABLE', async () => {
    const throttle = createThrottle({ concurrency: 1, store: store({ commandTimeoutMs: 50 }) });
    client.afterWrite = () => blockEventLoop(300);
    const permit = await withTimeout(
      fromCheckPhase(() => throttle.acquire()),
      10_000,
      'the acquire',
    );
    expect(throttle.stats()).toMatchObject({ active: 1, granted: 1, rejected: 0 });
    permit.release();
  });

  it('timeoutMs: the permit Redis granted in time is served, not rejected with ERR_WSI_THROTTLE_TIMEOUT', async () => {
    const throttle = createThrottle({ concurrency: 1, store: store({ commandTimeoutMs: 10_000 }) });
    client.afterWrite = () => blockEventLoop(300);
    const acquired = fromCheckPhase(() => throttle.acquire({ timeoutMs: 50 }));
    const permit = await withTimeout(acquired, 10_000, 'the acquire');
    expect(throttle.stats()).toMatchObject({ active: 1, granted: 1, rejected: 0 });
    permit.release();
  });
});

describe('a Redis that does not answer', () => {
  it('still rejects with ERR_WSI_THROTTLE_STORE_UNAVAILABLE after a blocked event loop', async () => {
    const throttle = createThrottle({ concurrency: 1, store: store({ commandTimeoutMs: 50 }) });
    client.answering = false;
    client.afterWrite = () => blockEventLoop(300);
    const acquired = fromCheckPhase(() => throttle.acquire());
    await expect(withTimeout(acquired, 10_000, 'the rejection')).rejects.toMatchObject({
      code: 'ERR_WSI_THROTTLE_STORE_UNAVAILABLE',
    });
    expect(throttle.stats()).toMatchObject({ active: 0, queued: 0, rejected: 1 });
  });

  it('rejects with ERR_WSI_THROTTLE_STORE_UNAVAILABLE when a server accepts the connection and stays silent', async () => {
    const silent = createServer();
    const sockets: Socket[] = [];
    silent.on('connection', (socket) => sockets.push(socket));
    silent.listen(0, '127.0.0.1');
    await once(silent, 'listening');
    const url = `redis://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const silentStore = createRedisStore({ url, commandTimeoutMs: 100 });
    stores.push(silentStore);
    const throttle = createThrottle({ concurrency: 1, store: silentStore });
    await expect(withTimeout(throttle.acquire(), 10_000, 'the rejection')).rejects.toMatchObject({
      code: 'ERR_WSI_THROTTLE_STORE_UNAVAILABLE',
    });
    await expect(withTimeout(silentStore.connect(), 10_000, 'the rejection')).rejects.toMatchObject({
      code: 'ERR_WSI_THROTTLE_STORE_UNAVAILABLE',
    });
    expect(sockets.length).toBeGreaterThan(0);
    await silentStore.close();
    for (const socket of sockets) socket.destroy();
    silent.close();
    await once(silent, 'close');
  });
});
