import { createRegistry, DEFAULT_SCOPE, RegistryError, type TrackedInstance } from '../src';
import { fakeInstance } from './fixtures';

describe('track and untrack', () => {
  it('records id, kind, label, state, scope, time and the creation stack', () => {
    const registry = createRegistry();
    const instance = fakeInstance();
    const before = Date.now();
    registry.track(instance, { scope: 'test' });
    const [entry] = registry.list();
    expect(entry).toMatchObject({ id: instance.id, kind: 'fake', label: `fake ${instance.id} state=OPEN`, state: 'OPEN', scope: 'test' });
    expect(entry!.createdAt).toBeGreaterThanOrEqual(before);
    expect(entry!.stack.split('\n')[0]).toMatch(/track\.test\.ts:\d+/);
    expect(entry!.stack).not.toMatch(/registry\.ts/);
  });

  it('starts the stack at the caller of createdBy, so a class shows its user', () => {
    const registry = createRegistry();
    class Widget {
      readonly id = 'widget-1';
      readonly kind = 'widget';
      constructor() {
        registry.track(this, { createdBy: new.target });
      }
      describe(): string {
        return 'widget';
      }
      close(): void {}
      terminate(): void {}
    }
    const makeWidget = (): Widget => new Widget();
    makeWidget();
    const [entry] = registry.list();
    expect(entry!.stack.split('\n')[0]).toMatch(/makeWidget/);
    expect(entry!.stack).not.toMatch(/new Widget/);
  });

  it('returns an idempotent untrack function', () => {
    const registry = createRegistry();
    const instance = fakeInstance();
    const untrack = registry.track(instance);
    expect(registry.size).toBe(1);
    untrack();
    untrack();
    expect(registry.size).toBe(0);
    expect(registry.has(instance)).toBe(false);
    expect(registry.untrack(instance)).toBe(false);
  });

  it('tracks the same instance once', () => {
    const registry = createRegistry();
    const instance = fakeInstance();
    registry.track(instance);
    registry.track(instance);
    expect(registry.size).toBe(1);
  });

  it('lists in tracking order and by scope', () => {
    const registry = createRegistry();
    const a = fakeInstance();
    const b = fakeInstance();
    const c = fakeInstance();
    registry.track(a, { scope: 'file' });
    registry.track(b, { scope: 'test' });
    registry.track(c, { scope: 'custom' });
    expect(registry.list().map((e) => e.id)).toEqual([a.id, b.id, c.id]);
    expect(registry.list({ scope: 'test' }).map((e) => e.id)).toEqual([b.id]);
    expect(registry.list({ scope: 'custom' }).map((e) => e.id)).toEqual([c.id]);
  });

  it('uses the default scope, which can be changed', () => {
    const registry = createRegistry();
    expect(registry.defaultScope).toBe(DEFAULT_SCOPE);
    registry.track(fakeInstance());
    expect(registry.setDefaultScope('test')).toBe(DEFAULT_SCOPE);
    registry.track(fakeInstance());
    expect(registry.list().map((e) => e.scope)).toEqual([DEFAULT_SCOPE, 'test']);
  });

  it('keeps working when describe() or state throw', () => {
    const registry = createRegistry();
    const instance = fakeInstance();
    instance.describe = () => {
      throw new Error('boom');
    };
    Object.defineProperty(instance, 'state', {
      get() {
        throw new Error('boom');
      },
    });
    registry.track(instance);
    expect(registry.list()[0]).toMatchObject({ label: `fake ${instance.id}`, state: 'unknown' });
  });

  it('emits track and untrack events; a throwing listener does not break it', () => {
    const registry = createRegistry();
    const seen: string[] = [];
    registry.subscribe(() => {
      throw new Error('listener bug');
    });
    const unsubscribe = registry.subscribe((event) => seen.push(event.type));
    const untrack = registry.track(fakeInstance());
    untrack();
    unsubscribe();
    registry.track(fakeInstance());
    expect(seen).toEqual(['track', 'untrack']);
  });
});

describe('bad input', () => {
  const cases: Array<[string, unknown]> = [
    ['null', null],
    ['a string', 'socket'],
    ['no id', { kind: 'x', describe() {}, close() {}, terminate() {} }],
    ['empty kind', { id: 'a', kind: '', describe() {}, close() {}, terminate() {} }],
    ['no close', { id: 'a', kind: 'x', describe() {}, terminate() {} }],
    ['terminate not a function', { id: 'a', kind: 'x', describe() {}, close() {}, terminate: true }],
  ];

  it.each(cases)('refuses %s with ERR_WSI_INVALID_INSTANCE and stays usable', (_name, value) => {
    const registry = createRegistry();
    let thrown: unknown;
    try {
      registry.track(value as TrackedInstance);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RegistryError);
    expect((thrown as RegistryError).code).toBe('ERR_WSI_INVALID_INSTANCE');
    expect(registry.size).toBe(0);
    registry.track(fakeInstance());
    expect(registry.size).toBe(1);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], ['100']])('refuses timeoutMs %p with ERR_WSI_INVALID_OPTION', async (timeoutMs) => {
    const registry = createRegistry();
    const instance = fakeInstance();
    registry.track(instance);
    await expect(registry.cleanupAll({ timeoutMs: timeoutMs as number })).rejects.toMatchObject({ code: 'ERR_WSI_INVALID_OPTION', message: expect.stringContaining('timeoutMs') });
    expect(registry.has(instance)).toBe(true);
    const report = await registry.cleanupAll({ timeoutMs: 100 });
    expect(report.closed.map((e) => e.id)).toEqual([instance.id]);
  });

  it('refuses an empty scope name', () => {
    const registry = createRegistry();
    expect(() => registry.track(fakeInstance(), { scope: '' })).toThrow(expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }));
    expect(() => registry.setDefaultScope('')).toThrow(expect.objectContaining({ code: 'ERR_WSI_INVALID_OPTION' }));
    expect(registry.size).toBe(0);
  });
});
