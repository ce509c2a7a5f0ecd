import { createRegistry } from '@ws-isolation/registry';
import { Connection, createClientId, createSessionId, isClientId } from '../src';

describe('client IDs', () => {
  it('creates URL- and header-safe IDs that pass isClientId and do not repeat', () => {
    const ids = Array.from({ length: 1000 }, createClientId);
    for (const id of ids) {
      expect(id).toMatch(/^[A-Za-z0-9_-]{21}$/);
      expect(isClientId(id)).toBe(true);
      expect(encodeURIComponent(id)).toBe(id);
    }
    expect(new Set(ids).size).toBe(ids.length);
  });

  it.each([
    ['a', true],
    ['A-b_9', true],
    ['x'.repeat(128), true],
    ['', false],
    ['x'.repeat(129), false],
    ['has space', false],
    ['dot.ted', false],
    ['ünï', false],
    ['new\nline', false],
    [42, false],
    [undefined, false],
    [null, false],
  ])('isClientId(%j) is %s', (value, expected) => {
    expect(isClientId(value)).toBe(expected);
  });

  it('refuses a bad clientId with ERR_WSI_INVALID_CLIENT_ID and tracks nothing', () => {
    const registry = createRegistry();
    for (const clientId of ['', 'a b', 'x'.repeat(129), 7 as unknown as string]) {
      expect(() => new Connection({ url: 'ws://127.0.0.1:1', clientId, registry })).toThrow(
        expect.objectContaining({ code: 'ERR_WSI_INVALID_CLIENT_ID' }),
      );
    }
    expect(registry.size).toBe(0);
  });

  it('keeps a given clientId and makes one when none is given', () => {
    const registry = createRegistry();
    const given = new Connection({ url: 'ws://127.0.0.1:1', clientId: 'mine', registry });
    const made = new Connection({ url: 'ws://127.0.0.1:1', registry });
    expect(given.clientId).toBe('mine');
    expect(isClientId(made.clientId)).toBe(true);
    given.terminate();
    made.terminate();
  });
});

describe('session IDs', () => {
  it('are UUIDs', () => {
    expect(createSessionId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(createSessionId()).not.toBe(createSessionId());
  });
});
