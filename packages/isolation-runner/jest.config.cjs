// The tests mostly wait on child Jest processes (hang limits), not the CPU: run more files at once.
// Most tests run the runner on a fixture project. The runner bounds every wait of its own (the hang limit, the suite
// limit, Jest's start-up), so Jest's limit only catches a runner that does not. Such a test spends seconds starting
// Jest processes, and CI runs every package's tests at once on two cores, where start-ups have taken ten times as
// long as on a quiet machine: the limit is many times a test's quiet time (20 s at most), not a guess at the loaded one.
module.exports = require('../../config/jest.base.cjs')(__dirname, { maxWorkers: 3, testTimeout: 180_000 });
