import { createRegistry } from '@ws-isolation/registry';
import { ManualClock, waitForEvent, withTimeout } from '@ws-isolation/test-utils';
import { Connection, type CloseReport, type ConnectionOptions, type CoreError, type ReconnectingInfo } from '../src';
import { transports } from './support/transports';

async function nextRetry(c: Connection): Promise<ReconnectingInfo> {
  const [info] = await waitForEvent(c, 'reconnecting', { timeoutMs: 5000 });
  return info as ReconnectingInfo;
}

describe.each(transports)('reconnection policy (%s)', (_name, transport) => {
  const registry = createRegistry();
  afterEach(async () => {
    await registry.cleanupAll({ timeoutMs: 100 });
  });
  const connection = (options: Partial<ConnectionOptions> & { url: string }): Connection =>
    new Connection({ WebSocket: transport.WebSocket, registry, ...options });

  it('retries a refused connect with exponential backoff and full jitter, then gives up with the last error', async () => {
    const clock = new ManualClock();
    const c = connection({
      url: await transport.refusedUrl(),
      clock,
      random: () => 0.5,
      reconnect: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 1000 },
    });
    const closeEvents: CloseReport[] = [];
    c.on('close', (report) => closeEvents.push(report));
    c.send('queued');
    const first = nextRetry(c);
    const connecting = c.connect();
    connecting.catch(() => undefined);
    expect(await first).toMatchObject({ attempt: 1, delayMs: 50, error: { code: 'ERR_WSI_CONNECT_FAILED' } });
    const second = nextRetry(c);
    clock.advance(50);
    expect(await second).toMatchObject({ attempt: 2, delayMs: 100 });
    clock.advance(100);
    await expect(withTimeout(connecting, 5000, 'connect')).rejects.toMatchObject({ code: 'ERR_WSI_CONNECT_FAILED' });
    expect(closeEvents).toEqual([{ forced: false, code: 1006, reason: '', unsent: ['queued'], unconfirmed: [] }]);
    expect(registry.size).toBe(0);
  });

  it('gives up when the next retry would pass deadlineMs', async () => {
    const clock = new ManualClock();
    const c = connection({
      url: await transport.refusedUrl(),
      clock,
      random: () => 0.9,
      reconnect: { maxAttempts: 10, baseDelayMs: 100, deadlineMs: 120 },
    });
    const retries: ReconnectingInfo[] = [];
    c.on('reconnecting', (info) => retries.push(info));
    const first = nextRetry(c);
    const connecting = c.connect();
    connecting.catch(() => undefined);
    await first;
    clock.advance(90);
    await expect(withTimeout(connecting, 5000, 'connect')).rejects.toMatchObject({ code: 'ERR_WSI_CONNECT_FAILED' });
    expect(retries.map((r) => r.delayMs)).toEqual([90]);
  });

  it('makes one attempt with reconnect: false', async () => {
    const c = connection({ url: await transport.refusedUrl(), reconnect: false });
    const retried = jest.fn();
    c.on('reconnecting', retried);
    await expect(withTimeout(c.connect(), 5000, 'connect')).rejects.toMatchObject({ code: 'ERR_WSI_CONNECT_FAILED' });
    expect(retried).not.toHaveBeenCalled();
    expect(registry.size).toBe(0);
  });

  it('after a drop with reconnect: false, reports ERR_WSI_CONNECTION_LOST and stops tracking', async () => {
    const server = await transport.start();
    try {
      const c = connection({ url: server.url, reconnect: false });
      await c.connect();
      const error = waitForEvent(c, 'error');
      const closed = waitForEvent(c, 'close');
      server.dropAll();
      expect(((await error)[0] as CoreError).code).toBe('ERR_WSI_CONNECTION_LOST');
      await closed;
      expect(c.state).toBe('DISCONNECTED');
      expect(registry.size).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('after a drop with the server gone, retries, then reports ERR_WSI_CONNECTION_LOST and what was never sent', async () => {
    const server = await transport.start();
    const clock = new ManualClock();
    const c = connection({ url: server.url, clock, random: () => 0, reconnect: { maxAttempts: 1 } });
    await c.connect();
    const firstRetry = nextRetry(c);
    await server.close();
    await firstRetry;
    c.send('while away');
    const error = waitForEvent(c, 'error');
    const closed = waitForEvent(c, 'close');
    clock.advance(0);
    const [lost] = (await error) as [CoreError];
    expect(lost.code).toBe('ERR_WSI_CONNECTION_LOST');
    expect((lost.cause as CoreError).code).toBe('ERR_WSI_CONNECT_FAILED');
    expect(((await closed)[0] as CloseReport).unsent).toEqual(['while away']);
    expect(registry.size).toBe(0);
  });

  it('connect() during a reconnect joins it', async () => {
    const server = await transport.start();
    try {
      const clock = new ManualClock();
      const c = connection({ url: server.url, clock, random: () => 0 });
      await c.connect();
      const retry = nextRetry(c);
      server.dropAll();
      await retry;
      const joined = c.connect();
      clock.advance(0);
      await withTimeout(joined, 5000, 'joined reconnect');
      expect(c.state).toBe('READY');
      expect(server.sessions).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});
