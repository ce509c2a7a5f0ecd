import { ManualClock, flushMicrotasks } from '@ws-isolation/test-utils';
import { createThrottle, type Permit } from '../src';

describe('abort', () => {
  it('removes the waiter at once and rejects with ERR_WSI_ABORTED carrying the reason', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const holder = await throttle.acquire();
    const controller = new AbortController();
    const waiting = throttle.acquire({ signal: controller.signal });
    expect(throttle.stats().queued).toBe(1);
    const reason = new Error('user left');
    controller.abort(reason);
    // Synchronously gone: nothing is granted to it when the holder releases.
    expect(throttle.stats()).toMatchObject({ queued: 0, active: 1, rejected: 1 });
    await expect(waiting).rejects.toMatchObject({ code: 'ERR_WSI_ABORTED', cause: reason });
    holder.release();
    expect(throttle.stats()).toMatchObject({ active: 0, granted: 1 });
  });

  it('rejects at once when the signal is already aborted, even with a permit free', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    await expect(throttle.acquire({ signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ERR_WSI_ABORTED' });
    expect(throttle.stats()).toEqual({ active: 0, queued: 0, granted: 0, rejected: 1 });
  });

  it('frees nothing it did not hold: the next waiter in line keeps waiting', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const holder = await throttle.acquire();
    const controller = new AbortController();
    const aborted = throttle.acquire({ signal: controller.signal });
    let next: Permit | undefined;
    void throttle.acquire().then((permit) => (next = permit));
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ code: 'ERR_WSI_ABORTED' });
    await flushMicrotasks();
    expect(next).toBeUndefined();
    expect(throttle.stats()).toMatchObject({ active: 1, queued: 1 });
    holder.release();
    await flushMicrotasks();
    expect(next).toBeDefined();
  });

  it('has no effect once the permit is granted', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const controller = new AbortController();
    const permit = await throttle.acquire({ signal: controller.signal });
    controller.abort();
    expect(permit.released).toBe(false);
    expect(throttle.stats()).toMatchObject({ active: 1, rejected: 0 });
    permit.release();
    expect(throttle.stats().active).toBe(0);
  });

  it('keeps the order of the other waiters of its key', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const holder = await throttle.acquire();
    const controller = new AbortController();
    const order: number[] = [];
    const permits: Permit[] = [];
    const track = (i: number) => (permit: Permit) => {
      order.push(i);
      permits.push(permit);
    };
    void throttle.acquire({ key: 'k' }).then(track(0));
    throttle.acquire({ key: 'k', signal: controller.signal }).catch(() => order.push(-1));
    void throttle.acquire({ key: 'k' }).then(track(2));
    controller.abort();
    holder.release();
    await flushMicrotasks();
    permits[0]!.release();
    await flushMicrotasks();
    expect(order).toEqual([-1, 0, 2]);
  });
});

describe('timeout', () => {
  it('rejects with ERR_WSI_THROTTLE_TIMEOUT when no permit comes in time, and removes the waiter', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ concurrency: 1, clock });
    const holder = await throttle.acquire();
    const waiting = throttle.acquire({ timeoutMs: 500 });
    clock.advance(499);
    expect(throttle.stats().queued).toBe(1);
    clock.advance(1);
    expect(throttle.stats()).toMatchObject({ queued: 0, rejected: 1 });
    await expect(waiting).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_TIMEOUT' });
    holder.release();
    expect(throttle.stats()).toMatchObject({ active: 0, granted: 1 });
  });

  it('clears the timer when the permit is granted first', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ concurrency: 1, clock });
    const holder = await throttle.acquire();
    const waiting = throttle.acquire({ timeoutMs: 500 });
    expect(clock.pending).toBe(1);
    holder.release();
    const permit = await waiting;
    expect(clock.pending).toBe(0);
    clock.advance(1000);
    expect(permit.released).toBe(false);
    expect(throttle.stats()).toMatchObject({ active: 1, rejected: 0 });
  });

  it('timeoutMs 0 grants now or rejects now, without queueing', async () => {
    const throttle = createThrottle({ concurrency: 1 });
    const permit = await throttle.acquire({ timeoutMs: 0 });
    await expect(throttle.acquire({ timeoutMs: 0 })).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_TIMEOUT' });
    expect(throttle.stats()).toMatchObject({ active: 1, queued: 0, rejected: 1 });
    permit.release();
  });

  it("uses the throttle's timeoutMs when acquire() gives none, and acquire's own when it does", async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ concurrency: 1, timeoutMs: 100, clock });
    await throttle.acquire();
    const byDefault = throttle.acquire();
    const ownTimeout = throttle.acquire({ timeoutMs: 300 });
    clock.advance(100);
    await expect(byDefault).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_TIMEOUT' });
    expect(throttle.stats().queued).toBe(1);
    clock.advance(200);
    await expect(ownTimeout).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_TIMEOUT' });
  });
});

describe('queue bound', () => {
  it('rejects past maxQueue with ERR_WSI_THROTTLE_QUEUE_FULL and accepts again once there is room', async () => {
    const throttle = createThrottle({ concurrency: 1, maxQueue: 2 });
    const holder = await throttle.acquire();
    const queued = [throttle.acquire(), throttle.acquire()];
    await expect(throttle.acquire()).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_QUEUE_FULL' });
    expect(throttle.stats()).toMatchObject({ queued: 2, rejected: 1 });
    holder.release();
    const first = await queued[0]!;
    const third = throttle.acquire();
    expect(throttle.stats().queued).toBe(2);
    first.release();
    (await queued[1]!).release();
    (await third).release();
    expect(throttle.stats()).toEqual({ active: 0, queued: 0, granted: 4, rejected: 1 });
  });

  it('maxQueue 0 never waits', async () => {
    const throttle = createThrottle({ concurrency: 1, maxQueue: 0 });
    await throttle.acquire();
    await expect(throttle.acquire()).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_QUEUE_FULL' });
  });
});

describe('close()', () => {
  it('rejects every waiter with ERR_WSI_THROTTLE_CLOSED, and every later acquire', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ concurrency: 1, rate: { tokens: 1, intervalMs: 1000 }, clock });
    const holder = await throttle.acquire();
    const waiters = [throttle.acquire({ key: 'a', timeoutMs: 5000 }), throttle.acquire({ key: 'b' })];
    throttle.close();
    expect(throttle.closed).toBe(true);
    for (const waiting of waiters) await expect(waiting).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_CLOSED' });
    await expect(throttle.acquire()).rejects.toMatchObject({ code: 'ERR_WSI_THROTTLE_CLOSED' });
    // No timer is left behind: neither a waiter's timeout nor the token waker.
    expect(clock.pending).toBe(0);
    holder.release();
    expect(throttle.stats()).toMatchObject({ active: 0, queued: 0, granted: 1, rejected: 3 });
    throttle.close();
  });
});
