import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

// One build per entry point, so that each declaration file stands alone (no shared chunk with a hashed name).
// The Redis entry point bundles its own copy of the shared code; ThrottleError's instanceof works across copies.
export default defineConfig([
  defineBaseConfig({ index: 'src/index.ts' }, { clean: false }),
  defineBaseConfig(
    { redis: 'src/redis/index.ts' },
    {
      clean: false,
      // ioredis (an optional peer) is loaded with require() when a store first connects by URL; ESM has none.
      banner: ({ format }) =>
        format === 'esm'
          ? { js: "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);" }
          : {},
    },
  ),
]);
