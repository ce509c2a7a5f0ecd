import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

// Jest's own declarations use Node's types (node:vm, NodeJS) without a
// reference to them; ours carry one, so a project with `types: []` still resolves them.
export default defineConfig(
  defineBaseConfig(
    { index: 'src/index.ts', jsdom: 'src/jsdom.ts' },
    { dts: { banner: '/// <reference types="node" />' } },
  ),
);
