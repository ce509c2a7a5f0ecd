import { defineConfig } from 'tsup';
import { defineBaseConfig } from '../../config/tsup.base';

// The reporter and the sequencer are loaded by the user's Jest from dist by
// path; shims give the ESM build a `__dirname` to find them with.
export default defineConfig(
  defineBaseConfig(
    {
      index: 'src/index.ts',
      cli: 'src/cli.ts',
      reporter: 'src/jest/reporter.ts',
      sequencer: 'src/jest/sequencer.ts',
      'warm-runner': 'src/jest/warm-runner.ts',
      'warm-worker': 'src/jest/warm-worker.ts',
    },
    { shims: true },
  ),
);
