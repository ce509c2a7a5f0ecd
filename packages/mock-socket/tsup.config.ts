import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

// The public types use Node's Buffer (as `ws` does), so the declarations pull in Node's types.
export default defineConfig(
  defineBaseConfig(
    { index: 'src/index.ts', jest: 'src/jest.ts' },
    { dts: { banner: '/// <reference types="node" />' } },
  ),
);
