// Jest hands its aggregated results here; .ci/run sums them into the one "N passed, N failed" line CI reads.
// A suite that could not even run (a syntax or import error) has no failed tests, so it is counted as a failure.
const { appendFileSync } = require('node:fs');

module.exports = (results) => {
  const file = process.env.JEST_RESULTS_FILE;
  if (file) {
    const line = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
    };
    appendFileSync(file, `${JSON.stringify(line)}\n`);
  }
  return results;
};
