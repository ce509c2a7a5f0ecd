// End-to-end tests: the isolation runner on this app, as `pnpm demo` runs it.
const base = require('../../config/jest.base.cjs');

module.exports = base(__dirname, {
  testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
  testTimeout: 180000,
});
