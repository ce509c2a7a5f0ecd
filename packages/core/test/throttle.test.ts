import { ManualClock, deferred, flushMicrotasks, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { Connection, type ConnectionState, type PermitLike } from '../src';
import { useSessionFixture } from './support/session-fixture';
import { TestThrottle } from './support/test-throttle';
import { transports } from './support/transports';

const CONNECTING_STATES: ConnectionState[] = ['CONNECTING', 'CONNECTED'];

describe.each(transports)('throttle option (%s)', (_name, transport) => {
  const fixture = useSessionFixture(transport);
  const { registry, connection } = fixture;

  it('bounds how many connections sharing a throttle are connecting at once', async () => {
    const throttle = new TestThrottle(3);
    const connections = Array.from({ length: 20 }, () => connection({ throttle }));
    let connecting = 0;
    let maxConnecting = 0;
    for (const c of connections) {
      c.on('state', ({ from, to }) => {
        if (CONNECTING_STATES.includes(to) && !CONNECTING_STATES.includes(from)) connecting += 1;
        if (!CONNECTING_STATES.includes(to) && CONNECTING_STATES.includes(from)) connecting -= 1;
        maxConnecting = Math.max(maxConnecting, connecting);
      });
    }
    await withTimeout(Promise.all(connections.map((c) => c.connect())), 10_000, 'twenty connects');
    expect(connections.every((c) => c.state === 'READY')).toBe(true);
    expect(maxConnecting).toBe(3);
    expect(throttle.maxActive).toBe(3);
    expect(throttle.acquired).toBe(20);
    expect(throttle.released).toBe(20);
    expect(throttle.active).toBe(0);
  });

  it('waits for the permit in DISCONNECTED, and acquires again for every reconnect', async () => {
    const throttle = new TestThrottle(1);
    const held = await throttle.acquire({});
    const c = connection({ throttle, throttleKey: 'server-a', random: () => 0 });
    const connecting = c.connect();
    await flushMicrotasks();
    expect(c.state).toBe('DISCONNECTED');
    expect(throttle.queued).toBe(1);
    held.release();
    await withTimeout(connecting, 5000, 'connect');
    expect(throttle.keys.slice(1)).toEqual(['server-a']);
    const ready = waitForEvent(c, 'ready');
    fixture.server.dropAll();
    await ready;
    expect(throttle.acquired).toBe(3);
    expect(throttle.released).toBe(3);
  });

  it('releases the permit when the attempt fails', async () => {
    const throttle = new TestThrottle(1);
    const c = new Connection({
      url: await transport.refusedUrl(),
      WebSocket: transport.WebSocket,
      throttle,
      registry,
      reconnect: false,
    });
    await expect(withTimeout(c.connect(), 5000, 'connect')).rejects.toMatchObject({ code: 'ERR_WSI_CONNECT_FAILED' });
    expect(throttle.acquired).toBe(1);
    expect(throttle.released).toBe(1);
    expect(throttle.active).toBe(0);
  });

  it('gives its place back when closed while waiting', async () => {
    const throttle = new TestThrottle(1);
    const holder = await throttle.acquire({});
    const c = connection({ throttle });
    const connecting = c.connect();
    connecting.catch(() => undefined);
    await flushMicrotasks();
    expect(throttle.queued).toBe(1);
    await c.close();
    await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
    expect(throttle.queued).toBe(0);
    expect(throttle.signals[1]?.aborted).toBe(true);
    holder.release();
    expect(throttle.acquired).toBe(1);
    expect(throttle.active).toBe(0);
  });

  it('gives its place back when connect() is aborted while waiting', async () => {
    const throttle = new TestThrottle(1);
    const holder = await throttle.acquire({});
    const c = connection({ throttle });
    const controller = new AbortController();
    const connecting = c.connect({ signal: controller.signal });
    await flushMicrotasks();
    expect(throttle.queued).toBe(1);
    controller.abort();
    await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_ABORTED' });
    expect(throttle.queued).toBe(0);
    holder.release();
    expect(throttle.active).toBe(0);
  });

  it('releases at once a permit granted after the connection was closed, even by a throttle that ignores the signal', async () => {
    const grant = deferred<PermitLike>();
    const release = jest.fn();
    const c = connection({ throttle: { acquire: () => grant.promise } });
    const connecting = c.connect();
    connecting.catch(() => undefined);
    await withTimeout(c.close(), 10_000, 'close while waiting');
    await expect(connecting).rejects.toMatchObject({ code: 'ERR_WSI_CLOSED' });
    grant.resolve({ release });
    await flushMicrotasks();
    expect(release).toHaveBeenCalledTimes(1);
    expect(c.state).toBe('DISCONNECTED');
  });

  it('retries after a throttle that rejects, as a failed attempt', async () => {
    const clock = new ManualClock();
    let calls = 0;
    const c = connection({
      clock,
      random: () => 0,
      throttle: {
        acquire: () => {
          calls += 1;
          return calls === 1
            ? Promise.reject(new Error('throttle queue full'))
            : Promise.resolve({ release: () => undefined });
        },
      },
    });
    const retry = waitForEvent(c, 'reconnecting');
    const connecting = c.connect();
    await retry;
    clock.advance(0);
    await withTimeout(connecting, 5000, 'connect');
    expect(calls).toBe(2);
  });
});
