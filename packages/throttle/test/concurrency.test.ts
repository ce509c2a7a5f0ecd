import { deferred, flushMicrotasks, withTimeout } from '@ws-isolation/test-utils';
import { createThrottle, type Permit } from '../src';

/** Starts acquires and records the order their permits arrive in. */
function acquireAll(
  throttle: ReturnType<typeof createThrottle>,
  keys: Array<string | undefined>,
  order: string[],
  permits: Permit[],
): void {
  keys.forEach((key, i) => {
    void throttle.acquire({ key }).then((permit) => {
      order.push(`${key ?? '-'}${i}`);
      permits.push(permit);
    });
  });
}

describe('concurrency cap', () => {
  it('grants up to the cap at once, queues the rest, and grants one per release', async () => {
    const throttle = createThrottle({ concurrency: 2 });
    const order: string[] = [];
    const permits: Permit[] = [];
    acquireAll(throttle, [undefined, undefined, undefined, undefined], order, permits);
    await flushMicrotasks();
    expect(order).toEqual(['-0', '-1']);
    expect(throttle.stats()).toEqual({ active: 2, queued: 2, granted: 2, rejected: 0 });
    permits[0]!.release();
    await flushMicrotasks();
    expect(order).toEqual(['-0', '-1', '-2']);
    expect(throttle.stats()).toMatchObject({ active: 2, queued: 1 });
  });

  it('release() is idempotent: a second call frees nothing', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const first = await throttle.acquire();
    const order: string[] = [];
    const permits: Permit[] = [];
    acquireAll(throttle, ['a', 'a'], order, permits);
    first.release();
    first.release();
    await flushMicrotasks();
    expect(first.released).toBe(true);
    expect(order).toEqual(['a0']);
    expect(throttle.stats()).toMatchObject({ active: 1, queued: 1 });
  });

  it('serves each key first in, first out', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const holder = await throttle.acquire();
    const order: string[] = [];
    const permits: Permit[] = [];
    acquireAll(throttle, ['a', 'a', 'a', 'a'], order, permits);
    holder.release();
    for (let i = 0; i < 4; i++) {
      await flushMicrotasks();
      permits[i]!.release();
    }
    await flushMicrotasks();
    expect(order).toEqual(['a0', 'a1', 'a2', 'a3']);
  });

  it('serves keys round robin, so a busy key cannot starve a quiet one', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const holder = await throttle.acquire();
    const order: string[] = [];
    const permits: Permit[] = [];
    acquireAll(throttle, ['a', 'a', 'a', 'a', 'b', 'c', 'b'], order, permits);
    holder.release();
    for (let i = 0; i < 7; i++) {
      await flushMicrotasks();
      permits[i]!.release();
    }
    await flushMicrotasks();
    expect(order).toEqual(['a0', 'b4', 'c5', 'a1', 'b6', 'a2', 'a3']);
  });

  it('carries the key on the permit', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const permit = await throttle.acquire({ key: 'ws://a' });
    expect(permit.key).toBe('ws://a');
    expect(permit.released).toBe(false);
  });
});

describe('run()', () => {
  it('holds a permit while fn runs and returns its result', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const gate = deferred<string>();
    const running = throttle.run(() => gate.promise);
    await flushMicrotasks();
    expect(throttle.stats().active).toBe(1);
    gate.resolve('done');
    await expect(withTimeout(running, 10_000, 'run')).resolves.toBe('done');
    expect(throttle.stats().active).toBe(0);
  });

  it('releases the permit when fn throws or rejects', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const boom = new Error('boom');
    await expect(
      throttle.run(() => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    await expect(throttle.run(() => Promise.reject(boom))).rejects.toBe(boom);
    expect(throttle.stats()).toMatchObject({ active: 0, granted: 2 });
  });

  it('passes acquire options through, so run() can be aborted while it waits', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const holder = await throttle.acquire();
    const controller = new AbortController();
    let ran = false;
    const running = throttle.run(
      () => {
        ran = true;
      },
      { signal: controller.signal },
    );
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'ERR_WSI_ABORTED' });
    expect(ran).toBe(false);
    holder.release();
  });
});
