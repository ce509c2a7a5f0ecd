import type { KnipConfig } from 'knip';

/**
 * Findings in files that other contributors are reworking right now (the house-style issue). Each
 * entry lets one kind of finding through in one file until its owner lands their part; the list
 * must end empty, and nothing is to be added to it.
 */
export const PENDING_KNIP_FINDINGS: Record<string, Array<'exports' | 'types'>> = {
  // core and reliability (core contributor)
  'packages/core/src/resolve-options.ts': ['exports'],
  'packages/core/src/session-store.ts': ['exports'],
  'packages/core/test/support/session-server.ts': ['types'],
  'packages/core/test/support/ws-session-server.ts': ['types'],
  'packages/reliability/test/support/cell.ts': ['exports'],
  'packages/reliability/test/support/ledger.ts': ['exports'],
  'packages/reliability/test/support/matrix.ts': ['types'],
  'packages/reliability/test/support/server-harness.ts': ['types'],
  'packages/reliability/test/support/transports.ts': ['exports'],
  // isolation-runner
  'packages/isolation-runner/src/hang-phase.ts': ['exports'],
  'packages/isolation-runner/src/list-tests.ts': ['types'],
  'packages/isolation-runner/src/process-group.ts': ['exports'],
  'packages/isolation-runner/test/helpers.ts': ['exports'],
  // jest-environment
  'packages/jest-environment/src/leak-error.ts': ['exports'],
  'packages/jest-environment/src/socket-watcher.ts': ['exports'],
  'packages/jest-environment/test/run-jest.ts': ['types'],
  // mock-socket
  'packages/mock-socket/src/microtask.ts': ['exports'],
  'packages/mock-socket/src/partial-match.ts': ['exports'],
  'packages/mock-socket/src/server-data.ts': ['exports'],
  'packages/mock-socket/src/wait-options.ts': ['exports'],
  'packages/mock-socket/test/support/scenario-server.ts': ['types'],
};

const tests = 'test/**/*.test.ts';
// Fixture projects are run by a real Jest inside the tests: each file is an entry of its own, and
// what they import are dependencies of the package that runs them.
const fixtures = 'test/fixtures/**/*.{js,cjs,mjs,ts}';
const published = { entry: ['src/index.ts', tests], project: ['src/**/*.ts', 'test/**/*.{ts,js,cjs,mjs}'] };

const config: KnipConfig = {
  workspaces: {
    '.': { entry: ['scripts/*.mjs', 'config/*.{cjs,ts}'], project: ['scripts/**', 'config/**'] },
    'packages/*': published,
    'packages/isolation-runner': {
      ...published,
      entry: [...published.entry, fixtures, 'src/{cli,reporter,sequencer}.ts'],
      // A fixture that fails to load on purpose.
      ignoreUnresolved: ['./missing-module'],
    },
    'packages/jest-environment': {
      ...published,
      entry: [...published.entry, fixtures],
      // The packed-tarball test copies the shared module next to these fixtures at run time.
      ignoreUnresolved: ['../thing'],
    },
    'packages/mock-socket': { ...published, entry: [...published.entry, 'src/jest.ts'] },
    'packages/pack-check': {
      entry: ['src/*.mjs'],
      project: ['src/**'],
      // The workspace packages it packs (listed so that they are built before it runs), and the two
      // checkers check-packages.mjs runs from its own node_modules/.bin.
      ignoreDependencies: ['@ws-isolation/.*', '@arethetypeswrong/cli', 'publint'],
    },
    'packages/test-utils': { project: ['src/**/*.ts'] },
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
  ignoreIssues: PENDING_KNIP_FINDINGS,
};

export default config;
