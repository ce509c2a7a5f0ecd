// Appends this Jest run's totals as one JSON line to .jest-totals.json, so that
// .ci/run can print one `N passed, N failed` line across every package and
// every run (a package may run Jest more than once, e.g. per transport).
const fs = require('node:fs');
const path = require('node:path');

class JestTotalsReporter {
  constructor(globalConfig) {
    this.rootDir = globalConfig.rootDir;
  }

  onRunComplete(_contexts, results) {
    const totals = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests + results.numTodoTests,
      suites: results.numTotalTestSuites,
    };
    fs.appendFileSync(path.join(this.rootDir, '.jest-totals.json'), JSON.stringify(totals) + '\n');
  }
}

module.exports = JestTotalsReporter;
