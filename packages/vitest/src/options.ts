import type {} from 'vitest';
import {
  resolveIsolationOptions,
  type IsolationOptions,
  type ResolvedIsolationOptions,
} from '@ws-isolation/isolation-core';

/** The key under Vitest's `test.provide` that the setup file reads its options from. */
export const OPTIONS_KEY = 'wsIsolation';

/**
 * Options of `@ws-isolation/vitest/setup`, given through Vitest's `provide`
 * (plain JSON, so they reach every worker of every pool). Typed: importing
 * anything from `@ws-isolation/vitest` adds `wsIsolation` to Vitest's
 * `ProvidedContext`. The same options as `@ws-isolation/jest-environment`'s.
 *
 * @example
 * // vitest.config.ts
 * import { defineConfig } from 'vitest/config';
 * import type {} from '@ws-isolation/vitest';
 *
 * export default defineConfig({
 *   test: {
 *     setupFiles: ['@ws-isolation/vitest/setup'],
 *     provide: { wsIsolation: { onLeak: 'fail', cleanupTimeoutMs: 500 } },
 *   },
 * });
 */
export type VitestIsolationOptions = IsolationOptions;

/** Options with every default filled in. */
export type ResolvedVitestIsolationOptions = ResolvedIsolationOptions;

/** Validates the provided `wsIsolation` value eagerly and fills in defaults. */
export function resolveOptions(raw: unknown): ResolvedVitestIsolationOptions {
  return resolveIsolationOptions(raw, `provide.${OPTIONS_KEY}`);
}

// Types Vitest's `provide` / `inject` for the options: importing anything from this package adds
// `wsIsolation` to Vitest's `ProvidedContext`. (The type-only import makes the declaration build load
// Vitest's types, which an augmentation alone does not.)
declare module 'vitest' {
  interface ProvidedContext {
    /** Options of `@ws-isolation/vitest/setup`. */
    wsIsolation?: VitestIsolationOptions;
  }
}
