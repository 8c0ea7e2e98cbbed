// Prints one closing line in the plain form CI tools read: "Tests: N passed, N failed, N skipped",
// preceded by why whole files were skipped (Jest shows no output of a skipped file).
//
// It must be the last line of the run. Jest adds its own summary reporter after every configured
// one, and jest-cli may still warn after the reporters ("did not exit one second after..."), so
// the lines are written when the process exits; in watch mode, where it does not, at each run's end.
const path = require('node:path');

class SummaryReporter {
  constructor(globalConfig) {
    this.watching = Boolean(globalConfig?.watch || globalConfig?.watchAll);
    /** reason -> files skipped for it */
    this.skippedFiles = new Map();
    this.closing = null;
  }

  onRunStart() {
    this.skippedFiles.clear();
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
    const lines = [...this.skippedFiles].map(([reason, files]) => `Skipped ${files.join(', ')}: ${reason}`);
    const skipped = results.numPendingTests + results.numTodoTests;
    lines.push(`Tests: ${results.numPassedTests} passed, ${results.numFailedTests + results.numRuntimeErrorTestSuites} failed, ${skipped} skipped`);
    const text = `\n${lines.join('\n')}\n`;
    if (this.watching) {
      process.stdout.write(text);
      return;
    }
    if (this.closing === null) process.once('exit', () => process.stdout.write(this.closing));
    this.closing = text;
  }
}
module.exports = SummaryReporter;
