import { createRegistry } from '@ws-isolation/registry';
import { Connection, type ConnectionOptions } from '../src';

const url = 'ws://127.0.0.1:1/';

describe('Connection options are validated eagerly', () => {
  const registry = createRegistry();
  afterEach(() => expect(registry.size).toBe(0));

  it.each([['not a url'], ['http://127.0.0.1/'], [''], [42], [undefined]])('refuses url %j with ERR_WSI_INVALID_URL', (bad) => {
    expect(() => new Connection({ url: bad as string, registry })).toThrow(expect.objectContaining({ code: 'ERR_WSI_INVALID_URL' }));
  });

  it('names the option and shows the value received', () => {
    expect(() => new Connection({ url, registry, closeTimeoutMs: -5 })).toThrow('Connection option closeTimeoutMs must be a finite number >= 0; received -5');
  });

  const bad: [string, Partial<ConnectionOptions>][] = [
    ['WebSocket', { WebSocket: 'ws' as never }],
    ['handshake', { handshake: 'hello' as never }],
    ['reconnect', { reconnect: 3 as never }],
    ['reconnect.maxAttempts', { reconnect: { maxAttempts: -1 } }],
    ['reconnect.maxAttempts (fraction)', { reconnect: { maxAttempts: 1.5 } }],
    ['reconnect.baseDelayMs', { reconnect: { baseDelayMs: Number.NaN } }],
    ['reconnect.maxDelayMs below base', { reconnect: { baseDelayMs: 100, maxDelayMs: 10 } }],
    ['reconnect.deadlineMs', { reconnect: { deadlineMs: -1 } }],
    ['throttle', { throttle: {} as never }],
    ['throttleKey', { throttleKey: '' }],
    ['registry', { registry: {} as never }],
    ['closeTimeoutMs', { closeTimeoutMs: Number.POSITIVE_INFINITY }],
    ['connectTimeoutMs', { connectTimeoutMs: '10' as never }],
    ['handshakeTimeoutMs', { handshakeTimeoutMs: -1 }],
    ['maxQueuedMessages', { maxQueuedMessages: 2.5 }],
    ['heartbeat', { heartbeat: true as never }],
    ['heartbeat.intervalMs', { heartbeat: { intervalMs: 0, timeoutMs: 10 } }],
    ['heartbeat.timeoutMs', { heartbeat: { intervalMs: 10, timeoutMs: Number.NaN } }],
    ['clock', { clock: { now: () => 0 } as never }],
    ['random', { random: 0.5 as never }],
  ];

  it.each(bad)('refuses a bad %s with ERR_WSI_INVALID_OPTION', (_name, options) => {
    expect(() => new Connection({ url, registry, ...options })).toThrow(expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }));
  });

  it('refuses a missing options object', () => {
    expect(() => new Connection(undefined as never)).toThrow(expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }));
  });

  it('accepts a URL object and Infinity attempts', () => {
    const c = new Connection({ url: new URL('ws://127.0.0.1:1/x'), registry, reconnect: { maxAttempts: Number.POSITIVE_INFINITY } });
    expect(c.url).toBe('ws://127.0.0.1:1/x');
    c.terminate();
  });
});

describe('bad input to methods leaves the connection usable', () => {
  it('send() refuses non-message values with ERR_WSI_INVALID_MESSAGE', () => {
    const registry = createRegistry();
    const c = new Connection({ url, registry });
    for (const value of [42, {}, null, undefined]) {
      expect(() => c.send(value as never)).toThrow(expect.objectContaining({ code: 'ERR_WSI_INVALID_MESSAGE' }));
    }
    c.send('still fine');
    expect(c.queuedMessages).toBe(1);
    c.terminate();
  });

  it('send() past maxQueuedMessages throws ERR_WSI_QUEUE_FULL and keeps what was queued', () => {
    const registry = createRegistry();
    const c = new Connection({ url, registry, maxQueuedMessages: 2 });
    c.send('a');
    c.send(new Uint8Array([1]));
    expect(() => c.send('c')).toThrow(expect.objectContaining({ code: 'ERR_WSI_QUEUE_FULL' }));
    expect(c.queuedMessages).toBe(2);
    c.terminate();
  });

  it.each([
    [{ code: 1001 }],
    [{ code: 2999 }],
    [{ code: 5000 }],
    [{ code: 3000.5 }],
    [{ reason: 'x'.repeat(124) }],
    [{ reason: 7 }],
    [{ timeoutMs: -1 }],
    ['soon'],
  ])('close(%j) rejects with ERR_WSI_INVALID_OPTION and the connection can still close', async (options) => {
    const registry = createRegistry();
    const c = new Connection({ url, registry });
    await expect(c.close(options as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(registry.size).toBe(1);
    await expect(c.close()).resolves.toMatchObject({ forced: false });
    expect(registry.size).toBe(0);
  });

  it('connect() refuses a signal that is not an AbortSignal', async () => {
    const registry = createRegistry();
    const c = new Connection({ url, registry });
    await expect(c.connect({ signal: 'stop' as never })).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(c.state).toBe('DISCONNECTED');
    c.terminate();
  });

  it('send() after close throws ERR_WSI_CLOSED; close() and terminate() are idempotent', async () => {
    const registry = createRegistry();
    const c = new Connection({ url, registry });
    c.send('never left');
    const first = await c.close();
    expect(first.unsent).toEqual(['never left']);
    expect(await c.close()).toBe(first);
    c.terminate();
    c.terminate();
    expect(() => c.send('late')).toThrow(expect.objectContaining({ code: 'ERR_WSI_CLOSED' }));
    expect(registry.size).toBe(0);
  });
});
