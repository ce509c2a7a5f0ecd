import { defineConfig } from 'tsup';

// The bench is a program, not a library: ESM only, no declarations, and every
// dependency (the libraries under test) loaded from node_modules as users load it;
// only the private shared helpers, which are TypeScript sources, are bundled.
export default defineConfig({
  entry: {
    main: 'src/main.ts',
    case: 'src/case.ts',
    load: 'src/load/main.ts',
    'load-server': 'src/load/server.ts',
    'redis-grants-worker': 'src/redis-grants-worker.ts',
    isolation: 'src/isolation-runner/main.ts',
    suite: 'src/suite/main.ts',
    'vitest-setup': 'src/vitest-setup/main.ts',
  },
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  splitting: false,
  skipNodeModulesBundle: true,
  noExternal: ['@ws-isolation/internal'],
});
