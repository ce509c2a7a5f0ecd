import type { Options } from 'tsup';

/**
 * The one build shape every published package shares: ESM and CJS side by
 * side, declarations for both, no bundled dependencies. A package's own
 * `tsup.config.ts` passes its entries and nothing else.
 */
export function defineBaseConfig(entry: Record<string, string>, overrides: Options = {}): Options {
  return {
    entry,
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    outDir: 'dist',
    ...overrides,
  };
}
