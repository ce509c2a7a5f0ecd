import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

// One build per entry point, so each declaration file stands alone (a shared type would otherwise land in a
// chunk with a hashed name). The build script empties dist first, since neither build may clean it under the other.
export default defineConfig([
  defineBaseConfig({ index: 'src/index.ts' }, { clean: false }),
  defineBaseConfig({ testing: 'src/testing.ts' }, { clean: false }),
]);
