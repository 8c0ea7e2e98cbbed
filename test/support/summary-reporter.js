// Prints one closing line in the plain form CI tools read: "Tests: N passed, N failed, N skipped",
// preceded by why whole files were skipped (Jest shows no output of a skipped file).
const path = require('node:path');

class SummaryReporter {
  constructor() {
    /** reason -> files skipped for it */
    this.skippedFiles = new Map();
  }

  onTestResult(_test, result) {
    if (!result.skipped) return;
    // A file skipped as a whole names its reason in a skipped test: "needs Chromium: ...".
    const reason = result.testResults.map((test) => test.title).find((title) => title.startsWith('needs '));
    if (!reason) return;
    const files = this.skippedFiles.get(reason) ?? [];
    files.push(path.relative(process.cwd(), result.testFilePath));
    this.skippedFiles.set(reason, files);
  }

  onRunComplete(_contexts, results) {
    for (const [reason, files] of this.skippedFiles) {
      process.stdout.write(`\nSkipped ${files.join(', ')}: ${reason}`);
    }
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\nTests: ${results.numPassedTests} passed, ${results.numFailedTests + results.numRuntimeErrorTestSuites} failed, ${skipped} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
