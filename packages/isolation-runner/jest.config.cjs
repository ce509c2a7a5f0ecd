// The tests mostly wait on child Jest processes (hang limits), not the CPU: run more files at once.
module.exports = require('../../config/jest.base.cjs')(__dirname, { maxWorkers: 3, testTimeout: 30000 });
