import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

// One build per entry point, so that each declaration file stands alone (no shared chunk with a hashed name).
// The Redis entry point bundles its own copy of the shared code; ThrottleError's instanceof works across copies.
export default defineConfig([
  defineBaseConfig({ index: 'src/index.ts' }, { clean: false }),
  defineBaseConfig({ redis: 'src/redis/index.ts' }, { clean: false }),
]);
