import { createRegistry } from '@ws-isolation/registry';
import { createThrottle } from '@ws-isolation/throttle';
import { EventEmitter } from 'node:events';
import { ManualClock, trackConcurrency, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { Connection, type ConnectionState } from '../src';
import { type SessionServer, transports } from './support/transports';

const CONNECTING_STATES: ConnectionState[] = ['CONNECTING', 'CONNECTED'];

describe.each(transports)('Connection with @ws-isolation/throttle (%s)', (_name, { start }) => {
  let server: SessionServer;
  const registry = createRegistry();
  beforeEach(async () => {
    server = await start();
  });
  afterEach(async () => {
    await registry.cleanupAll({ timeoutMs: 200 });
    await server.close();
  });

  it('100 connections sharing a throttle of concurrency 5 never have more than 5 connecting at once', async () => {
    const throttle = createThrottle({ concurrency: 5 });
    const connections = Array.from(
      { length: 100 },
      () => new Connection({ url: server.url, WebSocket: server.WebSocket, registry, throttle }),
    );
    const connecting = trackConcurrency(connections, CONNECTING_STATES);
    await withTimeout(Promise.all(connections.map((c) => c.connect())), 10_000, '100 connects');
    expect(connecting.max).toBe(5);
    expect(connections.every((c) => c.state === 'READY')).toBe(true);
    expect(throttle.stats()).toMatchObject({ active: 0, queued: 0, granted: 100 });
  });

  it('with a rate of 10 per second on a simulated clock, attempts start exactly on schedule', async () => {
    const clock = new ManualClock();
    const throttle = createThrottle({ rate: { tokens: 10, intervalMs: 1000 }, clock });
    const startedAt: number[] = [];
    const started = new EventEmitter();
    const connections = Array.from({ length: 30 }, () => {
      const c = new Connection({ url: server.url, WebSocket: server.WebSocket, registry, throttle, clock });
      c.on('state', ({ to }) => {
        if (to !== 'CONNECTING') return;
        startedAt.push(clock.now());
        started.emit('started', startedAt.length);
      });
      return c;
    });
    // The bucket starts full: ten attempts start before time moves.
    const firstTen = waitForEvent<[number]>(started, 'started', { filter: (count) => count === 10 });
    const all = Promise.all(connections.map((c) => c.connect()));
    await firstTen;
    for (let step = 0; step < 20; step++) await clock.advanceAsync(100);
    await withTimeout(all, 10_000, '30 connects');
    const expected = [...Array.from({ length: 10 }, () => 0), ...Array.from({ length: 20 }, (_, i) => (i + 1) * 100)];
    expect(startedAt).toEqual(expected);
  });
});
