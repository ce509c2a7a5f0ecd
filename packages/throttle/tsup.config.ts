import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

// The Redis entry point bundles its own copy of the shared code; ThrottleError's instanceof works across copies.
export default defineConfig(
  defineBaseConfig(
    { index: 'src/index.ts', redis: 'src/redis/index.ts' },
    {
      // ioredis (an optional peer) is loaded with require() when a store first connects by URL; ESM has none.
      banner: ({ format }) =>
        format === 'esm'
          ? { js: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);" }
          : {},
    },
  ),
);
