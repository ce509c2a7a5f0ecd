import { createRegistry, DEFAULT_SCOPE } from '../src';
import { fakeInstance } from './fixtures';

describe('track and untrack', () => {
  it('records id, kind, label, state, scope, time and the creation stack', () => {
    const registry = createRegistry();
    const instance = fakeInstance();
    const before = Date.now();
    registry.track(instance, { scope: 'test' });
    const [entry] = registry.list();
    expect(entry).toMatchObject({
      id: instance.id,
      kind: 'fake',
      label: `fake ${instance.id} state=OPEN`,
      state: 'OPEN',
      scope: 'test',
    });
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
