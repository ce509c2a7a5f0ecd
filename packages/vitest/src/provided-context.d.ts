// Types Vitest's `provide` / `inject` for the setup file's options. The package's declarations carry the
// same augmentation (the `dts.footer` in tsup.config.ts): the declaration build cannot compile one itself.
import type { VitestIsolationOptions } from './options';

declare module 'vitest' {
  interface ProvidedContext {
    /** Options of `@ws-isolation/vitest/setup`. */
    wsIsolation?: VitestIsolationOptions;
  }
}
