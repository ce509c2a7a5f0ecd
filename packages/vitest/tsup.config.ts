import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

/**
 * Vitest's `provide` / `inject` typed for the options (as `src/provided-context.d.ts` types them for
 * this package's own sources), in every entry's declarations: importing anything from the package
 * adds `wsIsolation` to Vitest's `ProvidedContext`. `export {}` keeps an entry with no exports of its own (the
 * setup file) a module, so this augments Vitest's types instead of declaring a module `vitest` of its own.
 */
const PROVIDED_CONTEXT = `export {};
declare module 'vitest' {
  interface ProvidedContext {
    /** Options of \`@ws-isolation/vitest/setup\`. */
    wsIsolation?: import('@ws-isolation/vitest').VitestIsolationOptions;
  }
}`;

// The setup file is an entry of its own: Vitest imports it by path before each test file.
export default defineConfig(
  defineBaseConfig({ index: 'src/index.ts', setup: 'src/setup.ts' }, { dts: { footer: PROVIDED_CONTEXT } }),
);
