// Runs the browser test files first, then the rest by path: with `--runInBand`, whatever a skipped
// browser file leaves behind (the no-Chromium check in .ci/run) meets every file after it.
// Standalone rather than extending @jest/test-sequencer, which is not a dependency of ours.
class BrowserFirstSequencer {
  sort(tests) {
    const rank = (test) => (test.path.includes('/test/e2e/') ? 0 : 1);
    return [...tests].sort((a, b) => rank(a) - rank(b) || a.path.localeCompare(b.path));
  }

  cacheResults() {}
}

module.exports = BrowserFirstSequencer;
