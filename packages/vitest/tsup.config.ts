import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

// The setup file is an entry of its own: Vitest imports it by path before each test file. The banner keeps
// the import of Vitest's types that the declaration build drops: without it, a program that loads only our
// declarations could not resolve the module that `ProvidedContext` is added to.
export default defineConfig(
  defineBaseConfig(
    { index: 'src/index.ts', setup: 'src/setup.ts' },
    { dts: { banner: "import type {} from 'vitest';" } },
  ),
);
