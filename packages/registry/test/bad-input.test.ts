import { thrownBy } from '@ws-isolation/test-utils';
import { createRegistry, RegistryError, type Registry, type TrackedInstance } from '../src';
import { fakeInstance } from './fixtures';

/** The registry still tracks, lists and cleans up after bad input. */
async function expectUsable(registry: Registry): Promise<void> {
  const instance = fakeInstance();
  registry.track(instance, { scope: 'after-bad-input' });
  expect(registry.list({ scope: 'after-bad-input' }).map((entry) => entry.id)).toEqual([instance.id]);
  const report = await registry.cleanupAll({ timeoutMs: 100, scope: 'after-bad-input' });
  expect(report.closed.map((entry) => entry.id)).toEqual([instance.id]);
  expect(registry.has(instance)).toBe(false);
}

const methods = { describe: () => 'x', close: () => undefined, terminate: () => undefined };

describe('track() with bad input', () => {
  const instances: Array<[string, unknown]> = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'socket'],
    ['a number', 42],
    ['a symbol', Symbol('socket')],
    ['an empty object', {}],
    ['an array', []],
    ['no id', { kind: 'x', ...methods }],
    ['id a number', { id: 7, kind: 'x', ...methods }],
    ['id an object', { id: { toString: () => 'a' }, kind: 'x', ...methods }],
    ['empty id', { id: '', kind: 'x', ...methods }],
    ['no kind', { id: 'a', ...methods }],
    ['empty kind', { id: 'a', kind: '', ...methods }],
    ['no describe', { id: 'a', kind: 'x', close: methods.close, terminate: methods.terminate }],
    ['no close', { id: 'a', kind: 'x', describe: methods.describe, terminate: methods.terminate }],
    ['close not a function', { id: 'a', kind: 'x', ...methods, close: 'close' }],
    ['no terminate', { id: 'a', kind: 'x', describe: methods.describe, close: methods.close }],
    ['terminate not a function', { id: 'a', kind: 'x', ...methods, terminate: true }],
    [
      'an id getter that throws',
      {
        get id(): string {
          throw new Error('boom');
        },
        kind: 'x',
        ...methods,
      },
    ],
  ];

  it.each(instances)('refuses %s with ERR_WSI_INVALID_INSTANCE and stays usable', async (_name, value) => {
    const registry = createRegistry();
    const error = thrownBy(() => registry.track(value as TrackedInstance));
    expect(error).toBeInstanceOf(RegistryError);
    expect(error).toMatchObject({ code: 'ERR_WSI_INVALID_INSTANCE' });
    expect(registry.size).toBe(0);
    await expectUsable(registry);
  });

  const options: Array<[string, unknown]> = [
    ['options null', null],
    ['options a string', 'test'],
    ['scope empty', { scope: '' }],
    ['scope a number', { scope: 1 }],
    ['scope an object', { scope: { name: 'test' } }],
    ['createdBy not a function', { createdBy: 'MyClass' }],
    ['a misspelt option', { scop: 'test' }],
    ['an unknown option', { timeoutMs: 5 }],
    ['a toString key', { toString: () => 'test' }],
  ];

  it.each(options)('refuses %s with ERR_WSI_INVALID_OPTION, tracks nothing, and stays usable', async (_name, value) => {
    const registry = createRegistry();
    const instance = fakeInstance();
    const error = thrownBy(() => registry.track(instance, value as never));
    expect(error).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(registry.has(instance)).toBe(false);
    await expectUsable(registry);
  });

  it('tracks a duplicate once; a duplicate that names another scope is refused with ERR_WSI_ALREADY_TRACKED', async () => {
    const registry = createRegistry();
    const instance = fakeInstance();
    registry.track(instance, { scope: 'file' });
    registry.track(instance);
    registry.track(instance, { scope: 'file' });
    const error = thrownBy(() => registry.track(instance, { scope: 'test' }));
    expect(error).toMatchObject({ code: 'ERR_WSI_ALREADY_TRACKED', message: expect.stringContaining('"test"') });
    expect(registry.list().map((entry) => [entry.id, entry.scope])).toEqual([[instance.id, 'file']]);
    registry.untrack(instance);
    registry.track(instance, { scope: 'test' });
    expect(registry.list().map((entry) => entry.scope)).toEqual(['test']);
    await expectUsable(registry);
  });
});

describe('other methods with bad input', () => {
  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], [Number.NEGATIVE_INFINITY], ['100'], [null], [{}]])(
    'cleanupAll() refuses timeoutMs %p with ERR_WSI_INVALID_OPTION and cleans nothing',
    async (timeoutMs) => {
      const registry = createRegistry();
      const instance = fakeInstance();
      registry.track(instance);
      await expect(registry.cleanupAll({ timeoutMs: timeoutMs as number })).rejects.toMatchObject({
        code: 'ERR_WSI_INVALID_OPTION',
        message: expect.stringContaining('timeoutMs'),
      });
      expect(registry.has(instance)).toBe(true);
      expect(instance.closeCalls).toBe(0);
      const report = await registry.cleanupAll({ timeoutMs: 100 });
      expect(report.closed.map((e) => e.id)).toEqual([instance.id]);
    },
  );

  it.each([[''], [1], [null], [['test']], [Symbol('test')]])(
    'cleanupAll() refuses scope %p with ERR_WSI_INVALID_OPTION',
    async (scope) => {
      const registry = createRegistry();
      const instance = fakeInstance();
      registry.track(instance);
      await expect(registry.cleanupAll({ scope: scope as string })).rejects.toMatchObject({
        code: 'ERR_WSI_INVALID_OPTION',
        message: expect.stringContaining('scope'),
      });
      expect(registry.has(instance)).toBe(true);
      await expectUsable(registry);
    },
  );

  it.each([[null], ['fast'], [5]])(
    'cleanupAll(%p), list(%p) refuse options that are not an object',
    async (options) => {
      const registry = createRegistry();
      await expect(registry.cleanupAll(options as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
      expect(thrownBy(() => registry.list(options as never))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
      await expectUsable(registry);
    },
  );

  it.each<[string, object]>([
    ['timeoutMS', { timeoutMS: 5 }],
    ['timeout', { timeout: 5 }],
    ['an own __proto__', JSON.parse('{"__proto__": {"timeoutMs": 5}}') as object],
    ['toString', { toString: () => 'x' }],
  ])(
    'cleanupAll() refuses the unknown option %s with ERR_WSI_INVALID_OPTION and cleans nothing',
    async (_name, options) => {
      const registry = createRegistry();
      const instance = fakeInstance();
      registry.track(instance);
      await expect(registry.cleanupAll(options as never)).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
      expect(registry.has(instance)).toBe(true);
      expect(instance.closeCalls).toBe(0);
      await expectUsable(registry);
    },
  );

  it('list() and createRegistry() refuse unknown options with ERR_WSI_INVALID_OPTION', () => {
    expect(thrownBy(() => createRegistry().list({ scopes: 'x' } as never))).toMatchObject({
      code: 'ERR_WSI_INVALID_OPTION',
    });
    expect(thrownBy(() => createRegistry({ clck: {} } as never))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(thrownBy(() => createRegistry({ clock: {} as never }))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(thrownBy(() => createRegistry(5 as never))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
  });

  it('list() refuses a scope that is not a non-empty string', async () => {
    const registry = createRegistry();
    expect(thrownBy(() => registry.list({ scope: 3 as never }))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    await expectUsable(registry);
  });

  it.each([[''], [undefined], [7], [null]])(
    'setDefaultScope(%p) is refused and the default scope is kept',
    async (scope) => {
      const registry = createRegistry();
      registry.setDefaultScope('kept');
      expect(thrownBy(() => registry.setDefaultScope(scope as string))).toMatchObject({
        code: 'ERR_WSI_INVALID_OPTION',
      });
      expect(registry.defaultScope).toBe('kept');
      await expectUsable(registry);
    },
  );

  it.each([[undefined], ['listener'], [{}]])(
    'subscribe(%p) is refused with ERR_WSI_INVALID_OPTION',
    async (listener) => {
      const registry = createRegistry();
      expect(thrownBy(() => registry.subscribe(listener as never))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
      const seen: string[] = [];
      registry.subscribe((event) => seen.push(event.type));
      await expectUsable(registry);
      expect(seen).toContain('track');
    },
  );

  it('untrack() and has() of something never tracked answer false', async () => {
    const registry = createRegistry();
    for (const value of [undefined, null, 'x', {}]) {
      expect(registry.has(value as never)).toBe(false);
      expect(registry.untrack(value as never)).toBe(false);
    }
    await expectUsable(registry);
  });
});

describe('scope names that are Object.prototype members', () => {
  const names = ['__proto__', 'constructor', 'hasOwnProperty', 'toString', 'valueOf', 'prototype'];

  it.each(names)('%s works as an ordinary scope: track, list, cleanup, default', async (name) => {
    const prototypeBefore = Object.getOwnPropertyNames(Object.prototype).sort();
    const registry = createRegistry();
    const inScope = fakeInstance();
    const other = fakeInstance();
    registry.track(inScope, { scope: name });
    registry.track(other, { scope: 'other' });
    expect(registry.list({ scope: name }).map((entry) => [entry.id, entry.scope])).toEqual([[inScope.id, name]]);
    const report = await registry.cleanupAll({ scope: name, timeoutMs: 100 });
    expect(report.closed.map((entry) => entry.id)).toEqual([inScope.id]);
    expect(registry.has(other)).toBe(true);
    expect(registry.list({ scope: name })).toEqual([]);
    registry.setDefaultScope(name);
    const byDefault = fakeInstance();
    registry.track(byDefault);
    expect(registry.list({ scope: name }).map((entry) => entry.id)).toEqual([byDefault.id]);
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeBefore);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(typeof Object.prototype.hasOwnProperty).toBe('function');
    expect(typeof Object.prototype.toString).toBe('function');
    await expectUsable(registry);
  });

  it('options taken from JSON with an own __proto__ key are refused as an unknown option, polluting nothing', async () => {
    const parsed = JSON.parse('{"scope":"__proto__","__proto__":{"polluted":true}}') as { scope: string };
    const registry = createRegistry();
    const instance = fakeInstance();
    expect(thrownBy(() => registry.track(instance, parsed))).toMatchObject({ code: 'ERR_WSI_INVALID_OPTION' });
    expect(registry.has(instance)).toBe(false);
    registry.track(instance, { scope: parsed.scope });
    expect(registry.list({ scope: '__proto__' }).map((entry) => entry.id)).toEqual([instance.id]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectUsable(registry);
  });
});
