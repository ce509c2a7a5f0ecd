import { createRegistry } from './registry';
import type { Registry } from './types';

/** Where the ambient registry lives on a global object. Versioned: a v2 contract gets a new key. */
export const REGISTRY_KEY: unique symbol = Symbol.for('ws-isolation.registry/v1') as never;

type RegistryHost = { [REGISTRY_KEY]?: unknown };

/** Whether a value fulfils the v1 registry contract (checked by shape, never `instanceof`). */
export function isRegistry(value: unknown): value is Registry {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return (
    candidate.version === 1 &&
    typeof candidate.track === 'function' &&
    typeof candidate.untrack === 'function' &&
    typeof candidate.list === 'function' &&
    typeof candidate.cleanupAll === 'function'
  );
}

/**
 * The ambient registry of this global object, created on first use. Every
 * copy of the package (duplicates, `jest.resetModules`, `isolateModules`)
 * finds the same one.
 *
 * @example
 * const report = await getRegistry().cleanupAll({ timeoutMs: 500 });
 */
export function getRegistry(): Registry {
  const host = globalThis as RegistryHost;
  const existing = host[REGISTRY_KEY];
  if (isRegistry(existing)) return existing;
  const created = createRegistry();
  host[REGISTRY_KEY] = created;
  return created;
}

/**
 * Puts a registry in a global object's slot (the Jest environment does this
 * for each test file's global) and returns it.
 */
export function installRegistry(target: object, registry: Registry = createRegistry()): Registry {
  (target as RegistryHost)[REGISTRY_KEY] = registry;
  return registry;
}
