// Shared Jest config: ts-jest compiles each file on its own (type checking is
// the `typecheck` task's job), and a totals reporter feeds the CI summary line.
const path = require('node:path');

/** @param {string} packageDir @param {import('jest').Config} [overrides] */
module.exports = function jestConfig(packageDir, overrides = {}) {
  return {
    rootDir: packageDir,
    testEnvironment: 'node',
    testMatch: ['<rootDir>/test/**/*.test.ts'],
    transform: {
      '^.+\\.tsx?$': [
        require.resolve('ts-jest'),
        { tsconfig: path.join(packageDir, 'tsconfig.json'), diagnostics: false },
      ],
    },
    moduleFileExtensions: ['ts', 'tsx', 'js', 'cjs', 'mjs', 'json'],
    reporters: ['default', path.join(__dirname, 'jest-totals-reporter.cjs')],
    testTimeout: 15000,
    ...overrides,
  };
};
