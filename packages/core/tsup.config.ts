import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

export default defineConfig(defineBaseConfig({ index: 'src/index.ts', testing: 'src/testing.ts' }));
