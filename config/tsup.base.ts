import { rmSync } from 'node:fs';
import path from 'node:path';
import type { Options } from 'tsup';

type DtsOptions = Exclude<Options['dts'], boolean | string | undefined>;

/**
 * The private workspace packages: the shared helpers, and the isolation core
 * that the Jest environment and the Vitest setup share. Published packages
 * list them as devDependencies and bundle them, code and declarations, so
 * installing one of them never installs these.
 */
const BUNDLED: Record<string, string> = {
  '@ws-isolation/internal': 'internal',
  '@ws-isolation/isolation-core': 'isolation-core',
};
// The declaration build reads their sources through a path mapping, so they count as the package's own
// files and are inlined (through node_modules they would count as an external library and stay an import).
const BUNDLED_SOURCES = Object.fromEntries(
  Object.entries(BUNDLED).map(([name, dir]) => [name, [path.join(__dirname, `../packages/${dir}/src/index.ts`)]]),
);

/**
 * The one build shape every published package shares: ESM and CJS side by
 * side, declarations for both, no bundled dependencies except the shared
 * private workspace packages. A package's own `tsup.config.ts` passes its entries and
 * nothing else.
 *
 * Declarations are built one entry at a time. One declaration build over
 * several entries puts the types they share into a chunk with a hashed name
 * (`server-socket-DqE_qmIh.d.ts`), where go-to-definition then lands; built
 * alone, each entry's `.d.ts` holds all it needs and is named after it. An
 * entry other than `index` should therefore reach the types it shares with
 * `index` as interfaces or type aliases (compared by shape), not classes.
 *
 * tsup builds the configs of an array at the same time, so none of them may
 * clean the folder the others write to: it is emptied once, when tsup reads
 * this config, before any build starts.
 */
export function defineBaseConfig(entry: Record<string, string>, overrides: Options = {}): () => Options[] {
  const { dts: givenDts, ...rest } = overrides;
  const shared: Options = {
    format: ['esm', 'cjs'],
    noExternal: Object.keys(BUNDLED),
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    splitting: false,
    treeshake: true,
    outDir: 'dist',
    ...rest,
    clean: false,
  };
  // A package's own declaration options (a banner) add to the inlining of the helpers, never replace it.
  const given: DtsOptions = typeof givenDts === 'object' ? givenDts : {};
  const dts: DtsOptions = {
    ...given,
    compilerOptions: { ...(given.compilerOptions as object | undefined), paths: BUNDLED_SOURCES },
  };
  return () => {
    rmSync(path.resolve(shared.outDir ?? 'dist'), { recursive: true, force: true });
    return [
      { ...shared, entry, dts: false },
      ...Object.entries(entry).map(([name, file]) => ({
        ...shared,
        entry: { [name]: file },
        dts: { ...dts, only: true },
      })),
    ];
  };
}
