/* eslint-disable @typescript-eslint/no-require-imports -- loading separate copies of the module is the point of these tests */
import { createRegistry, getRegistry, installRegistry, isRegistry, REGISTRY_KEY } from '../src';
import { fakeInstance } from './fixtures';

describe('getRegistry', () => {
  afterEach(() => {
    delete (globalThis as Record<symbol, unknown>)[Symbol.for('ws-isolation.registry/v1')];
  });

  it('keeps the registry object itself at the versioned global symbol', () => {
    const registry = getRegistry();
    expect(REGISTRY_KEY).toBe(Symbol.for('ws-isolation.registry/v1'));
    expect((globalThis as Record<symbol, unknown>)[Symbol.for('ws-isolation.registry/v1')]).toBe(registry);
    expect(getRegistry()).toBe(registry);
  });

  it('is shared by two separately loaded copies of the package', () => {
    let first: typeof import('../src') | undefined;
    let second: typeof import('../src') | undefined;
    jest.isolateModules(() => {
      first = require('../src');
    });
    jest.isolateModules(() => {
      second = require('../src');
    });
    expect(first).not.toBe(second);
    expect(first!.getRegistry).not.toBe(second!.getRegistry);
    const instance = fakeInstance();
    first!.getRegistry().track(instance);
    expect(second!.getRegistry()).toBe(first!.getRegistry());
    expect(second!.getRegistry().has(instance)).toBe(true);
  });

  it('survives jest.resetModules', () => {
    const before = getRegistry();
    jest.resetModules();
    const reloaded: typeof import('../src') = require('../src');
    expect(reloaded.getRegistry()).toBe(before);
  });

  it('uses any structurally valid v1 registry found in the slot', () => {
    const foreign = createRegistry();
    (globalThis as Record<symbol, unknown>)[Symbol.for('ws-isolation.registry/v1')] = foreign;
    expect(getRegistry()).toBe(foreign);
  });

  it('replaces a slot value that does not fulfil the contract', () => {
    (globalThis as Record<symbol, unknown>)[Symbol.for('ws-isolation.registry/v1')] = {
      version: 2,
      track: () => undefined,
    };
    const registry = getRegistry();
    expect(isRegistry(registry)).toBe(true);
    expect(registry.version).toBe(1);
  });

  it('installRegistry puts a registry on another global object', () => {
    const otherGlobal = {} as Record<symbol, unknown>;
    const registry = installRegistry(otherGlobal);
    expect(otherGlobal[Symbol.for('ws-isolation.registry/v1')]).toBe(registry);
    expect(registry).not.toBe(getRegistry());
  });
});

describe('isRegistry', () => {
  it('checks the shape, not the class', () => {
    expect(isRegistry(createRegistry())).toBe(true);
    expect(isRegistry({ version: 1, track() {}, untrack() {}, list() {}, cleanupAll() {} })).toBe(true);
    expect(isRegistry({ version: 1, track() {} })).toBe(false);
    expect(isRegistry(null)).toBe(false);
    expect(isRegistry('registry')).toBe(false);
  });
});
