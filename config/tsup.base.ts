import path from 'node:path';
import type { Options } from 'tsup';

/**
 * The private workspace package of shared helpers. Published packages list it
 * as a devDependency and bundle it, code and declarations, so installing one
 * of them never installs it.
 */
const INTERNAL = '@ws-isolation/internal';
// The declaration build reads the helpers' sources through a path mapping, so they count as the package's own
// files and are inlined (through node_modules they would count as an external library and stay an import).
const INTERNAL_SOURCE = path.join(__dirname, '../packages/internal/src/index.ts');

/**
 * The one build shape every published package shares: ESM and CJS side by
 * side, declarations for both, no bundled dependencies except the shared
 * internal helpers. A package's own `tsup.config.ts` passes its entries and
 * nothing else.
 */
export function defineBaseConfig(entry: Record<string, string>, overrides: Options = {}): Options {
  const { dts, ...rest } = overrides;
  return {
    entry,
    format: ['esm', 'cjs'],
    // A package's own declaration options (a banner) add to the inlining of the helpers, never replace it.
    dts: {
      ...(typeof dts === 'object' ? dts : {}),
      compilerOptions: { paths: { [INTERNAL]: [INTERNAL_SOURCE] } },
    },
    noExternal: [INTERNAL],
    sourcemap: true,
    clean: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    outDir: 'dist',
    ...rest,
  };
}
