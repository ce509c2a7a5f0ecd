// The tests mostly wait on child Jest processes (hang limits), not the CPU: run more files at once.
// Most tests run the runner on a fixture project. The runner bounds every wait of its own (the hang limit, the suite
// limit, Jest's start-up), so Jest's limit only catches a runner that does not. Such a test spends seconds starting
// Jest processes, and CI runs every package's tests at once on two cores, where one took three times its quiet time:
// the limit is several times the longest quiet time (26 s; the two tests that take longer have limits of their own).
module.exports = require('../../config/jest.base.cjs')(__dirname, { maxWorkers: 3, testTimeout: 180_000 });
