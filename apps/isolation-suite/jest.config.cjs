// The six-test suite under the ws-isolation environment: every test isolated,
// leaks fail the test that leaked, and no teardown can hang.
const base = require('../../config/jest.base.cjs');

module.exports = base(__dirname, {
  testMatch: ['<rootDir>/test/suite/**/*.test.ts'],
  testEnvironment: '@ws-isolation/jest-environment',
  testEnvironmentOptions: {
    wsIsolation: {
      onLeak: 'fail',
      cleanupTimeoutMs: 2000,
      teardownTimeoutMs: 5000,
      log: process.env.WSI_LOG === 'debug' ? 'debug' : false,
    },
  },
});
