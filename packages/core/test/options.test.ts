import { createRegistry } from '@ws-isolation/registry';
import { thrownBy } from '@ws-isolation/test-utils';
import { Connection, type ConnectionOptions } from '../src';

const url = 'ws://127.0.0.1:1/';

describe('Connection options are validated eagerly', () => {
  const registry = createRegistry();
  afterEach(() => expect(registry.size).toBe(0));

  it.each([
    ['not a url'],
    ['http://127.0.0.1/'],
    [''],
    [42],
    [undefined],
    [null],
    [{}],
    [true],
    ['ws://'],
    ['ws://127.0.0.1:1/#fragment'],
    ['ws://127.0.0.1:1/#'],
    [new URL('wss://127.0.0.1:1/path#x')],
  ])('refuses url %j with ERR_WSI_INVALID_URL', (bad) => {
    expect(() => new Connection({ url: bad as string, registry })).toThrow(
      expect.objectContaining({ code: 'ERR_WSI_INVALID_URL' }),
    );
  });

  it.each([[42], [''], ['x'.repeat(129)], ['has spaces'], [null], [{}]])(
    'refuses clientId %j with ERR_WSI_INVALID_CLIENT_ID',
    (bad) => {
      expect(() => new Connection({ url, registry, clientId: bad as string })).toThrow(
        expect.objectContaining({ code: 'ERR_WSI_INVALID_CLIENT_ID' }),
      );
    },
  );

  it('names the option and shows the value received', () => {
    expect(() => new Connection({ url, registry, closeTimeoutMs: -5 })).toThrow(
      'Connection option closeTimeoutMs must be a finite number >= 0; received -5',
    );
  });

  it('refuses a misspelt option, naming the one it probably meant', () => {
    expect(() => new Connection({ url, registry, reconect: false } as ConnectionOptions)).toThrow(
      'Connection has no option "reconect"; did you mean "reconnect"?',
    );
  });

  const bad: [string, Partial<ConnectionOptions>][] = [
    ['WebSocket', { WebSocket: 'ws' as never }],
    ['WebSocket (an arrow function)', { WebSocket: (() => ({})) as never }],
    ['WebSocket (a method)', { WebSocket: { make() {} }.make as never }],
    ['WebSocket (an object)', { WebSocket: {} as never }],
    ['handshake', { handshake: 'hello' as never }],
    ['reconnect', { reconnect: 3 as never }],
    ['reconnect.maxAttempts', { reconnect: { maxAttempts: -1 } }],
    ['reconnect.maxAttempts (fraction)', { reconnect: { maxAttempts: 1.5 } }],
    ['reconnect.baseDelayMs', { reconnect: { baseDelayMs: Number.NaN } }],
    ['reconnect.maxDelayMs below base', { reconnect: { baseDelayMs: 100, maxDelayMs: 10 } }],
    ['reconnect.deadlineMs', { reconnect: { deadlineMs: -1 } }],
    ['reconnect.maxAttempts (NaN)', { reconnect: { maxAttempts: Number.NaN } }],
    ['reconnect.baseDelayMs (negative)', { reconnect: { baseDelayMs: -1 } }],
    ['reconnect.baseDelayMs (Infinity)', { reconnect: { baseDelayMs: Number.POSITIVE_INFINITY } }],
    ['reconnect.maxDelayMs (NaN)', { reconnect: { maxDelayMs: Number.NaN } }],
    ['reconnect.maxDelayMs (negative)', { reconnect: { maxDelayMs: -1 } }],
    ['reconnect.deadlineMs (NaN)', { reconnect: { deadlineMs: Number.NaN } }],
    ['reconnect.maxAttempts (a string)', { reconnect: { maxAttempts: '3' as never } }],
    ['throttle', { throttle: {} as never }],
    ['throttle (acquire not a function)', { throttle: { acquire: 1 } as never }],
    ['throttleKey', { throttleKey: '' }],
    ['registry', { registry: {} as never }],
    ['registry (without track)', { registry: { untrack() {}, cleanupAll() {} } as never }],
    ...(['closeTimeoutMs', 'connectTimeoutMs', 'handshakeTimeoutMs'] as const).flatMap(
      (name): [string, Partial<ConnectionOptions>][] => [
        [`${name} (negative)`, { [name]: -1 }],
        [`${name} (NaN)`, { [name]: Number.NaN }],
        [`${name} (Infinity)`, { [name]: Number.POSITIVE_INFINITY }],
        [`${name} (a string)`, { [name]: '10' as never }],
      ],
    ),
    ['maxQueuedMessages', { maxQueuedMessages: 2.5 }],
    ['maxQueuedMessages (0)', { maxQueuedMessages: 0 }],
    ['maxQueuedMessages (1.5)', { maxQueuedMessages: 1.5 }],
    ['maxPayload (0)', { maxPayload: 0 }],
    ['maxPayload (negative)', { maxPayload: -1 }],
    ['maxPayload (1.5)', { maxPayload: 1.5 }],
    ['maxPayload (NaN)', { maxPayload: Number.NaN }],
    ['maxPayload (Infinity)', { maxPayload: Number.POSITIVE_INFINITY }],
    ['maxPayload (a string)', { maxPayload: '1024' as never }],
    ['heartbeat', { heartbeat: true as never }],
    ['heartbeat.intervalMs', { heartbeat: { intervalMs: 0, timeoutMs: 10 } }],
    ['heartbeat.timeoutMs', { heartbeat: { intervalMs: 10, timeoutMs: Number.NaN } }],
    ['heartbeat (empty)', { heartbeat: {} as never }],
    ['heartbeat.intervalMs (negative)', { heartbeat: { intervalMs: -1, timeoutMs: 10 } }],
    ['heartbeat.intervalMs (Infinity)', { heartbeat: { intervalMs: Number.POSITIVE_INFINITY, timeoutMs: 10 } }],
    ['heartbeat.timeoutMs (missing)', { heartbeat: { intervalMs: 10 } as never }],
    ['heartbeat.timeoutMs (0)', { heartbeat: { intervalMs: 10, timeoutMs: 0 } }],
    ['clock', { clock: { now: () => 0 } as never }],
    ['clock (without setTimeout)', { clock: { now: () => 0, clearTimeout: () => undefined } as never }],
    ['clock (not an object)', { clock: 'fake' as never }],
    ['random', { random: 0.5 as never }],
    ['random (a string)', { random: 'Math.random' as never }],
    ['misspelt option reconect', { reconect: false } as never],
    ['unknown option timeout', { timeout: 5 } as never],
    ['own toString', { toString: () => 'x' } as never],
    ['reconnect with a misspelt maxAttempt', { reconnect: { maxAttempt: 3 } as never }],
    ['heartbeat with an unknown key', { heartbeat: { intervalMs: 10, timeoutMs: 10, jitter: 1 } as never }],
  ];

  it.each(bad)(
    'refuses a bad %s with ERR_WSI_INVALID_OPTION, and the same options without it still make a connection',
    (_name, options) => {
      expect(() => new Connection({ url, registry, ...options })).toThrow(
        expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }),
      );
      expect(registry.size).toBe(0);
      const good = new Connection({ url, registry });
      expect(registry.size).toBe(1);
      good.terminate();
    },
  );

  it('refuses an options object parsed from JSON with an own "__proto__" key, as any unknown option', () => {
    const options = JSON.parse(
      '{"url":"ws://127.0.0.1:1/","__proto__":{"closeTimeoutMs":-1,"clientId":"injected"}}',
    ) as ConnectionOptions;
    expect(thrownBy(() => new Connection({ ...options, registry }))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(({} as { closeTimeoutMs?: unknown }).closeTimeoutMs).toBeUndefined();
    const direct = Object.assign(JSON.parse('{"url":"ws://127.0.0.1:1/","__proto__":{"maxPayload":0}}') as object, {
      registry,
    });
    expect(thrownBy(() => new Connection(direct as ConnectionOptions))).toMatchObject({
      code: 'ERR_WSI_INVALID_OPTION',
    });
    expect(registry.size).toBe(0);
  });

  it('refuses a missing options object', () => {
    expect(() => new Connection(undefined as never)).toThrow(
      expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }),
    );
  });

  it('accepts a URL object and Infinity attempts', () => {
    const c = new Connection({
      url: new URL('ws://127.0.0.1:1/x'),
      registry,
      reconnect: { maxAttempts: Number.POSITIVE_INFINITY },
    });
    expect(c.url).toBe('ws://127.0.0.1:1/x');
    c.terminate();
  });
});

describe('bad input to methods leaves the connection usable', () => {
  it('send() refuses non-message values with ERR_WSI_INVALID_MESSAGE', () => {
    const registry = createRegistry();
    const c = new Connection({ url, registry });
    const blobLike = { size: 3, type: '', arrayBuffer: async () => new ArrayBuffer(3) };
    for (const value of [
      42,
      {},
      null,
      undefined,
      true,
      [1, 2],
      blobLike,
      new Blob(['abc']),
      Symbol('s'),
      () => 'data',
    ]) {
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
    [{ code: 999 }],
    [{ code: 1001 }],
    [{ code: 1004 }],
    [{ code: 1005 }],
    [{ code: 1006 }],
    [{ code: 1015 }],
    [{ code: 2999 }],
    [{ code: 5000 }],
    [{ code: 3000.5 }],
    [{ code: '1000' }],
    [{ code: Number.NaN }],
    [{ reason: 'x'.repeat(124) }],
    [{ reason: 'é'.repeat(62) }],
    [{ reason: `${'x'.repeat(121)}€` }],
    [{ reason: 7 }],
    [{ reason: null }],
    [{ timeoutMs: -1 }],
    [{ timeoutMs: Number.NaN }],
    ['soon'],
    [null],
  ])('close(%j) rejects with ERR_WSI_INVALID_OPTION; send() and a good close() still work', async (options) => {
    const registry = createRegistry();
    const c = new Connection({ url, registry });
    await expect(c.close(options as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(registry.size).toBe(1);
    c.send('after the bad close');
    await expect(c.close({ code: 4000, reason: `${'x'.repeat(121)}é` })).resolves.toMatchObject({
      forced: false,
      unsent: ['after the bad close'],
    });
    expect(registry.size).toBe(0);
  });

  it.each([['x'], [{}], [null], [42], [{ aborted: false }]])(
    'connect({ signal: %j }) rejects with ERR_WSI_INVALID_OPTION and leaves the connection usable',
    async (signal) => {
      const registry = createRegistry();
      const c = new Connection({ url, registry });
      await expect(c.connect({ signal: signal as never })).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
      expect(c.state).toBe('DISCONNECTED');
      c.send('still usable');
      expect(c.queuedMessages).toBe(1);
      await expect(c.close()).resolves.toMatchObject({ unsent: ['still usable'] });
    },
  );

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
