import { thrownBy } from '@ws-isolation/test-utils';
import { createThrottle, ThrottleError, type ThrottleOptions } from '../../src';
import { createRedisStore, type RedisStoreOptions } from '../../src/redis';

/** Enough of a client to pass the shape check; never called. */
const client = {
  status: 'ready',
  eval: async () => undefined,
  duplicate: () => client,
  subscribe: async () => undefined,
  ping: async () => undefined,
  on: () => client,
  quit: async () => undefined,
  disconnect: () => undefined,
};

describe('createRedisStore() with bad options', () => {
  const bad: Array<[string, unknown]> = [
    ['no options', undefined],
    ['options null', null],
    ['options a string (a URL not in an object)', 'redis://127.0.0.1:6379'],
    ['neither url nor client', {}],
    ['both url and client', { url: 'redis://127.0.0.1:6379', client }],
    ['url a number', { url: 6379 }],
    ['url empty', { url: '' }],
    ['url without a scheme', { url: '127.0.0.1:6379' }],
    ['url http', { url: 'http://127.0.0.1:6379' }],
    ['url ws', { url: 'ws://127.0.0.1:6379' }],
    ['url with a bad port', { url: 'redis://127.0.0.1:99999' }],
    ['url without a host', { url: 'redis://:6379' }],
    ['url with a path that is no database number', { url: 'redis://127.0.0.1:6379/queue' }],
    ['url with spaces', { url: 'redis://127.0 .0.1:6379' }],
    ['client null', { client: null }],
    ['client a string', { client: 'redis' }],
    ['client without eval', { client: { ...client, eval: undefined } }],
    ['client without duplicate', { client: { ...client, duplicate: 1 } }],
    ['name empty', { url: 'redis://127.0.0.1', name: '' }],
    ['name a number', { url: 'redis://127.0.0.1', name: 5 }],
    ['name of 201 characters', { url: 'redis://127.0.0.1', name: 'n'.repeat(201) }],
    ['leaseMs 99', { url: 'redis://127.0.0.1', leaseMs: 99 }],
    ['leaseMs 1000.5', { url: 'redis://127.0.0.1', leaseMs: 1000.5 }],
    ["leaseMs '5000'", { url: 'redis://127.0.0.1', leaseMs: '5000' }],
    ['commandTimeoutMs 0', { url: 'redis://127.0.0.1', commandTimeoutMs: 0 }],
    ['commandTimeoutMs Infinity', { url: 'redis://127.0.0.1', commandTimeoutMs: Number.POSITIVE_INFINITY }],
    ['failMode "half"', { url: 'redis://127.0.0.1', failMode: 'half' }],
    ['failMode true', { url: 'redis://127.0.0.1', failMode: true }],
    ['a misspelt option', { url: 'redis://127.0.0.1', leaseMS: 5000 }],
    ['an own __proto__ key from JSON', JSON.parse('{"url":"redis://127.0.0.1","__proto__":{"leaseMs":1}}')],
  ];

  it.each(bad)('refuses %s with ERR_WSI_INVALID_OPTION', (_name, options) => {
    const error = thrownBy(() => createRedisStore(options as RedisStoreOptions));
    expect(error).toBeInstanceOf(ThrottleError);
    expect(error).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
  });

  it('accepts redis:// and rediss:// URLs with a user, a password and a database number, without connecting', async () => {
    for (const url of ['redis://127.0.0.1:6379', 'rediss://user:secret@localhost:6380/2', 'redis://[::1]:6379/']) {
      const store = createRedisStore({ url });
      expect(store.kind).toBe('redis');
      await store.close();
    }
  });

  it('applies the defaults', () => {
    expect(createRedisStore({ url: 'redis://127.0.0.1' }).options).toEqual({
      url: 'redis://127.0.0.1',
      name: 'default',
      leaseMs: 5000,
      commandTimeoutMs: 2000,
      failMode: 'closed',
    });
  });
});

describe('createThrottle() with a bad store', () => {
  it.each<[string, unknown]>([
    ['store null', null],
    ['store a string', 'redis'],
    ['store without openThrottle', { kind: 'redis' }],
    ['store without a kind', { openThrottle: () => undefined }],
  ])('refuses %s with ERR_WSI_INVALID_OPTION', (_name, store) => {
    expect(thrownBy(() => createThrottle({ concurrency: 1, store } as ThrottleOptions))).toMatchObject({
      code: 'ERR_WSI_INVALID_OPTION',
    });
  });

  it('refuses a closed store with ERR_WSI_THROTTLE_CLOSED', async () => {
    const store = createRedisStore({ url: 'redis://127.0.0.1' });
    await store.close();
    expect(thrownBy(() => createThrottle({ concurrency: 1, store }))).toMatchObject({
      code: 'ERR_WSI_THROTTLE_CLOSED',
    });
  });

  it('checks the throttle options before the store sees them', () => {
    const store = createRedisStore({ url: 'redis://127.0.0.1' });
    expect(thrownBy(() => createThrottle({ concurrency: 0, store }))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
  });
});

describe('a Redis nobody answers at', () => {
  it('fails closed: acquire() rejects with ERR_WSI_THROTTLE_STORE_UNAVAILABLE, the cause attached', async () => {
    // Port 1 on loopback: nothing listens there, so the connection is refused.
    const store = createRedisStore({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 300 });
    const throttle = createThrottle({ concurrency: 1, store });
    const error = await throttle.acquire().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ThrottleError);
    expect(error).toMatchObject({ code: 'ERR_WSI_THROTTLE_STORE_UNAVAILABLE' });
    expect((error as Error).cause).toMatchObject({ code: 'ECONNREFUSED' });
    expect(throttle.stats()).toMatchObject({ active: 0, queued: 0, granted: 0, rejected: 1 });
    await expect(store.connect()).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_STORE_UNAVAILABLE' });
    await store.close();
  });

  it('fails open when asked: permits come from an in-process throttle with the same cap', async () => {
    const store = createRedisStore({ url: 'redis://127.0.0.1:1', commandTimeoutMs: 300, failMode: 'open' });
    const throttle = createThrottle({ concurrency: 1, store });
    const first = await throttle.acquire();
    const second = throttle.acquire({ timeoutMs: 5000 });
    // The cap still holds in this process: the second waits for the first.
    await expect(throttle.acquire({ timeoutMs: 0 })).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_TIMEOUT' });
    first.release();
    (await second).release();
    expect(throttle.stats()).toMatchObject({ active: 0, granted: 2 });
    await store.close();
  });
});

describe('createRedisStore({ url }) without ioredis installed', () => {
  it('rejects the first acquire with ERR_WSI_THROTTLE_REDIS_CLIENT_MISSING, also when failing open', async () => {
    jest.resetModules();
    jest.doMock('ioredis', () => {
      throw Object.assign(new Error("Cannot find module 'ioredis'"), { code: 'MODULE_NOT_FOUND' });
    });
    const isolated = (await import('../../src/redis')) as typeof import('../../src/redis');
    const main = (await import('../../src')) as typeof import('../../src');
    const store = isolated.createRedisStore({ url: 'redis://127.0.0.1:1', failMode: 'open' });
    const throttle = main.createThrottle({ concurrency: 1, store });
    await expect(throttle.acquire()).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_REDIS_CLIENT_MISSING' });
    await store.close();
    jest.dontMock('ioredis');
  });
});

describe('ThrottleError across copies of the package', () => {
  it('is instanceof in every copy, as the ./redis entry point bundles its own', () => {
    let Copy: typeof ThrottleError | undefined;
    jest.isolateModules(() => {
      ({ ThrottleError: Copy } = jest.requireActual<typeof import('../../src/errors')>('../../src/errors'));
    });
    expect(Copy).not.toBe(ThrottleError);
    const fromCopy = new Copy!('ERR_WSI_ABORTED', 'aborted');
    expect(fromCopy).toBeInstanceOf(ThrottleError);
    expect(new ThrottleError('ERR_WSI_ABORTED', 'aborted')).toBeInstanceOf(Copy!);
    expect(new Error('plain')).not.toBeInstanceOf(ThrottleError);
    expect({ code: 'ERR_WSI_ABORTED' }).not.toBeInstanceOf(ThrottleError);
  });
});
