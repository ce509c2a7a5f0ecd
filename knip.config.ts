import type { KnipConfig } from 'knip';

const tests = 'test/**/*.test.ts';
// Fixture projects are run by a real Jest inside the tests: each file is an entry of its own, and
// what they import are dependencies of the package that runs them.
const fixtures = 'test/fixtures/**/*.{js,cjs,mjs,ts}';
const published = { entry: ['src/index.ts', tests], project: ['src/**/*.ts', 'test/**/*.{ts,js,cjs,mjs}'] };

const config: KnipConfig = {
  workspaces: {
    '.': { entry: ['scripts/*.mjs', 'config/*.{cjs,ts}'], project: ['scripts/**', 'config/**'] },
    'packages/*': published,
    // Private, read from source: its entry is the package.json main.
    'packages/internal': { entry: [tests], project: published.project },
    'packages/isolation-core': { entry: [tests], project: published.project },
    'packages/isolation-runner': {
      ...published,
      entry: [...published.entry, fixtures, 'src/cli.ts', 'src/jest/{reporter,sequencer,warm-runner,warm-worker}.ts'],
      // A fixture that fails to load on purpose.
      ignoreUnresolved: ['./missing-module'],
    },
    'packages/jest-environment': {
      ...published,
      entry: [...published.entry, fixtures, 'src/jsdom.ts'],
      // The packed-tarball test copies the shared module next to these fixtures at run time.
      ignoreUnresolved: ['../thing'],
    },
    'packages/mock-socket': {
      ...published,
      entry: [...published.entry, 'src/jest.ts', 'src/vitest.ts', fixtures],
      // Named only by the matchers' `declare module 'expect'`, which must resolve to type-check.
      ignoreDependencies: ['expect'],
    },
    'packages/pack-check': {
      entry: ['src/*.mjs'],
      project: ['src/**'],
      // The workspace packages it packs (listed so that they are built before it runs), and the two
      // checkers check-packages.mjs runs from its own node_modules/.bin.
      ignoreDependencies: ['@ws-isolation/.*', '@arethetypeswrong/cli', 'publint'],
    },
    'packages/throttle': {
      ...published,
      entry: [...published.entry, 'src/redis/index.ts', fixtures],
      // Debian's redis-server, which the Redis store's tests start (.ci/run installs it).
      ignoreBinaries: ['redis-server'],
    },
    'packages/test-utils': { project: ['src/**/*.ts'] },
    // The setup file is loaded by Vitest by path; the fixture project is run by a real Vitest inside the tests.
    // vitest-matcher-types.ts is only type-checked: mock-socket's Vitest matchers as users type them.
    'packages/vitest': {
      ...published,
      entry: [...published.entry, 'src/setup.ts', fixtures, 'test/vitest-matcher-types.ts'],
    },
    'packages/readme-examples': {
      ...published,
      // What the README examples import, compiled in memory: listed so that they are built first.
      ignoreDependencies: ['@ws-isolation/.*', '@types/ws', 'vitest'],
    },
    'packages/reliability': {
      entry: [tests, fixtures],
      project: ['test/**/*.{ts,js}'],
      // The fault matrix's environment column names the environment in a generated Jest config.
      ignoreDependencies: ['@ws-isolation/jest-environment'],
    },
    'apps/isolation-suite': {
      entry: ['scripts/demo{,-hang}.mjs', 'src/index.ts', tests, 'jest*.config.cjs'],
      project: ['src/**/*.ts', 'test/**/*.ts', 'scripts/**/*.mjs'],
    },
    bench: {
      entry: ['src/load/*.ts', tests],
      project: ['src/**/*.ts', 'test/**/*.ts'],
      // Resolved by name for the Jest environment case's generated config.
      ignoreDependencies: ['@ws-isolation/jest-environment'],
    },
  },
};

export default config;
