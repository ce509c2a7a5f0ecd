// The same suite under plain jest-environment-node, as the original suite ran:
// used by `pnpm demo:hang` to show the hang that the ws-isolation environment prevents.
const base = require('../../config/jest.base.cjs');

module.exports = base(__dirname, {
  testMatch: ['<rootDir>/test/suite/**/*.test.ts'],
  testEnvironment: 'node',
});
