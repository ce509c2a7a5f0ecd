import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

const NODE_TYPES = '/// <reference types="node" />';
// The Vitest matchers' declarations add to Vitest's `Assertion`; the import of Vitest's types that the
// declaration build drops is put back, or a program loading only them could not resolve the module added to.
const VITEST_TYPES = "import type {} from 'vitest';";

const base = defineBaseConfig(
  { index: 'src/index.ts', jest: 'src/jest.ts', vitest: 'src/vitest.ts' },
  // The public types use Node's Buffer (as `ws` does), so the declarations pull in Node's types.
  { dts: { banner: NODE_TYPES } },
);

export default defineConfig(() =>
  base().map((options) => {
    const vitestDeclarations =
      typeof options.dts === 'object' && options.entry !== undefined && 'vitest' in (options.entry as object);
    return vitestDeclarations
      ? { ...options, dts: { ...(options.dts as object), banner: `${NODE_TYPES}\n${VITEST_TYPES}` } }
      : options;
  }),
);
