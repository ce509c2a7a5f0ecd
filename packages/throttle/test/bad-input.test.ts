import { ManualClock, thrownBy } from '@ws-isolation/test-utils';
import { createThrottle, ThrottleError, type Permit, type Throttle, type ThrottleOptions } from '../src';

/** The throttle still grants (and takes back) permits. */
async function expectGrants(throttle: Throttle): Promise<void> {
  const before = throttle.stats();
  const permit = await throttle.acquire({ timeoutMs: 0 });
  expect(throttle.stats().active).toBe(before.active + 1);
  permit.release();
  expect(throttle.stats().active).toBe(before.active);
}

const clock = { now: () => 0, setTimeout: () => 0, clearTimeout: () => undefined };

describe('createThrottle() with bad options', () => {
  const bad: Array<[string, unknown]> = [
    ['no options', undefined],
    ['options null', null],
    ['options a number', 5],
    ['options an array', [1]],
    ['neither concurrency nor rate', {}],
    ['concurrency 0', { concurrency: 0 }],
    ['concurrency -1', { concurrency: -1 }],
    ['concurrency 1.5', { concurrency: 1.5 }],
    ['concurrency NaN', { concurrency: Number.NaN }],
    ['concurrency Infinity', { concurrency: Number.POSITIVE_INFINITY }],
    ["concurrency '2'", { concurrency: '2' }],
    ['concurrency null', { concurrency: null }],
    ['concurrency above MAX_SAFE_INTEGER', { concurrency: 2 ** 53 }],
    ['rate a number', { rate: 10 }],
    ['rate null', { rate: null }],
    ['rate an array', { rate: [1, 1000] }],
    ['rate without tokens', { rate: { intervalMs: 1000 } }],
    ['rate without intervalMs', { rate: { tokens: 1 } }],
    ['rate.tokens 0', { rate: { tokens: 0, intervalMs: 1000 } }],
    ['rate.tokens -1', { rate: { tokens: -1, intervalMs: 1000 } }],
    ['rate.tokens 0.5', { rate: { tokens: 0.5, intervalMs: 1000 } }],
    ['rate.tokens NaN', { rate: { tokens: Number.NaN, intervalMs: 1000 } }],
    ["rate.tokens '5'", { rate: { tokens: '5', intervalMs: 1000 } }],
    ['rate.intervalMs 0', { rate: { tokens: 1, intervalMs: 0 } }],
    ['rate.intervalMs -5', { rate: { tokens: 1, intervalMs: -5 } }],
    ['rate.intervalMs NaN', { rate: { tokens: 1, intervalMs: Number.NaN } }],
    ['rate.intervalMs Infinity', { rate: { tokens: 1, intervalMs: Number.POSITIVE_INFINITY } }],
    ["rate.intervalMs '1000'", { rate: { tokens: 1, intervalMs: '1000' } }],
    ['rate with an unknown key', { rate: { tokens: 1, intervalMs: 1000, burst: 2 } }],
    ['burst 0', { rate: { tokens: 1, intervalMs: 10 }, burst: 0 }],
    ['burst -1', { rate: { tokens: 1, intervalMs: 10 }, burst: -1 }],
    ['burst 1.5', { rate: { tokens: 1, intervalMs: 10 }, burst: 1.5 }],
    ["burst '2'", { rate: { tokens: 1, intervalMs: 10 }, burst: '2' }],
    ['burst without rate', { concurrency: 1, burst: 3 }],
    ['maxQueue -1', { concurrency: 1, maxQueue: -1 }],
    ['maxQueue 1.5', { concurrency: 1, maxQueue: 1.5 }],
    ['maxQueue NaN', { concurrency: 1, maxQueue: Number.NaN }],
    ['maxQueue Infinity', { concurrency: 1, maxQueue: Number.POSITIVE_INFINITY }],
    ["maxQueue '10'", { concurrency: 1, maxQueue: '10' }],
    ['timeoutMs -1', { concurrency: 1, timeoutMs: -1 }],
    ['timeoutMs NaN', { concurrency: 1, timeoutMs: Number.NaN }],
    ['timeoutMs Infinity', { concurrency: 1, timeoutMs: Number.POSITIVE_INFINITY }],
    ["timeoutMs '100'", { concurrency: 1, timeoutMs: '100' }],
    ['clock null', { concurrency: 1, clock: null }],
    ['clock a function', { concurrency: 1, clock: () => 0 }],
    ['clock without timers', { concurrency: 1, clock: { now: () => 0 } }],
    ['clock.now not a function', { concurrency: 1, clock: { ...clock, now: 0 } }],
    ['clock.clearTimeout missing', { concurrency: 1, clock: { now: clock.now, setTimeout: clock.setTimeout } }],
    ['a misspelt option', { concurrency: 1, maxQeue: 5 }],
    ['an own __proto__ key from JSON', JSON.parse('{"concurrency":1,"__proto__":{"concurrency":9}}')],
  ];

  it.each(bad)('refuses %s with ERR_WSI_INVALID_OPTION', (_name, options) => {
    const error = thrownBy(() => createThrottle(options as ThrottleOptions));
    expect(error).toBeInstanceOf(ThrottleError);
    expect(error).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    // A message names what was wrong; a later, correct throttle is unaffected.
    expect((error as Error).message.length).toBeGreaterThan(0);
    expect(createThrottle({ concurrency: 1 }).stats().active).toBe(0);
  });

  it('names the unknown option', () => {
    expect(thrownBy(() => createThrottle({ concurrency: 1, concurency: 2 } as ThrottleOptions))).toMatchObject({
      message: expect.stringContaining('"concurency"'),
    });
  });

  it('does not read options through an own __proto__ key, and leaves Object.prototype alone', () => {
    const parsed = JSON.parse('{"rate":{"tokens":1,"intervalMs":10,"__proto__":{"polluted":true}}}') as ThrottleOptions;
    expect(thrownBy(() => createThrottle(parsed))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('acquire() with bad options', () => {
  const bad: Array<[string, unknown]> = [
    ['options null', null],
    ['options a string', 'fast'],
    ['options an array', []],
    ['signal an object that is not an AbortSignal', { signal: { aborted: false } }],
    ['signal a string', { signal: 'abort' }],
    ['signal true', { signal: true }],
    ['signal an AbortController', { signal: new AbortController() }],
    ['key a number', { key: 42 }],
    ['key null', { key: null }],
    ['key a symbol', { key: Symbol('k') }],
    ['key an object', { key: { toString: () => 'k' } }],
    ['timeoutMs -1', { timeoutMs: -1 }],
    ['timeoutMs NaN', { timeoutMs: Number.NaN }],
    ['timeoutMs Infinity', { timeoutMs: Number.POSITIVE_INFINITY }],
    ["timeoutMs '100'", { timeoutMs: '100' }],
    ['timeoutMs null', { timeoutMs: null }],
    ['an unknown option', { priority: 1 }],
  ];

  it.each(bad)('rejects %s with ERR_WSI_INVALID_OPTION and still grants permits', async (_name, options) => {
    const throttle = createThrottle({ concurrency: 1 });
    await expect(throttle.acquire(options as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(throttle.stats()).toMatchObject({ active: 0, queued: 0, granted: 0, rejected: 1 });
    await expectGrants(throttle);
  });

  it.each(bad)('rejects %s while others wait, and the queue keeps its order', async (_name, options) => {
    const throttle = createThrottle({ concurrency: 1 });
    const holder = await throttle.acquire();
    const order: string[] = [];
    const first = throttle.acquire({ key: 'a', timeoutMs: 1000 }).then((permit) => (order.push('first'), permit));
    await expect(throttle.acquire(options as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    const second = throttle.acquire({ key: 'a', timeoutMs: 1000 }).then((permit) => (order.push('second'), permit));
    expect(throttle.stats().queued).toBe(2);
    holder.release();
    (await first).release();
    (await second).release();
    expect(order).toEqual(['first', 'second']);
    await expectGrants(throttle);
  });

  it('run() refuses something that is not a function, and bad options, without taking a permit', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    await expect(throttle.run('nope' as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    await expect(throttle.run(() => 1, { timeoutMs: -1 })).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(throttle.stats()).toMatchObject({ active: 0, granted: 0, rejected: 2 });
    await expect(throttle.run(() => 'ran')).resolves.toBe('ran');
  });
});

describe('keys that are Object.prototype members', () => {
  const keys = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf'];

  it.each(keys)('%s is an ordinary key: FIFO within it', async (key) => {
    const throttle = createThrottle({ concurrency: 1 });
    const holder = await throttle.acquire({ key });
    const order: number[] = [];
    const waiting = [1, 2, 3].map((n) =>
      throttle.acquire({ key, timeoutMs: 1000 }).then((permit) => (order.push(n), permit)),
    );
    expect(throttle.stats().queued).toBe(3);
    holder.release();
    for (const permit of waiting) (await permit).release();
    expect(order).toEqual([1, 2, 3]);
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('head');
    await expectGrants(throttle);
  });

  it('round robin across __proto__, constructor, hasOwnProperty and the shared key', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const holder = await throttle.acquire();
    const order: string[] = [];
    const waiting: Array<Promise<Permit>> = [];
    for (const key of ['__proto__', '__proto__', 'constructor', 'constructor', 'hasOwnProperty', undefined]) {
      const label = key ?? '(shared)';
      // Each waiter releases as soon as it is granted, so the grant order is the serving order.
      waiting.push(
        throttle.acquire(key === undefined ? { timeoutMs: 1000 } : { key, timeoutMs: 1000 }).then((permit) => {
          order.push(label);
          permit.release();
          return permit;
        }),
      );
    }
    expect(throttle.stats().queued).toBe(6);
    holder.release();
    await Promise.all(waiting);
    expect(order).toEqual(['__proto__', 'constructor', 'hasOwnProperty', '(shared)', '__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).head).toBeUndefined();
    expect(typeof Object.prototype.hasOwnProperty).toBe('function');
    await expectGrants(throttle);
  });

  it('an aborted __proto__ waiter leaves the others queued', async () => {
    const throttle = createThrottle({ rate: { tokens: 1, intervalMs: 100 }, clock: new ManualClock() });
    const first = await throttle.acquire({ key: '__proto__' });
    first.release();
    const controller = new AbortController();
    const aborted = throttle.acquire({ key: '__proto__', signal: controller.signal });
    const kept = throttle.acquire({ key: 'constructor', timeoutMs: 1000 });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ERR_WSI_ABORTED' });
    expect(throttle.stats().queued).toBe(1);
    throttle.close();
    await expect(kept).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_CLOSED' });
  });
});
