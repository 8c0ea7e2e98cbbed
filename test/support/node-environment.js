// Jest's node environment plus clean-ups that run at the end of every test file, whatever ran in it.
// A file's `afterAll` does not run when all its tests are skipped (no Chromium, `-t`, `.skip`), so
// anything that patches state shared by the whole worker (nock patches Node's own `http`) must be
// undone here, or it breaks every later file in that worker.
const { TestEnvironment } = require('jest-environment-node');

const CLEANUPS = Symbol.for('training-groups.file-cleanups');

class TrainingGroupsEnvironment extends TestEnvironment {
  async setup() {
    await super.setup();
    this.global[CLEANUPS] = [];
  }

  // 'teardown' is jest-circus' last event of a file, sent after a run with or without tests and
  // while the file's modules can still load what they need.
  async handleTestEvent(event) {
    if (event.name === 'teardown') await this.runCleanups();
  }

  async teardown() {
    // A file that failed to load never reaches the 'teardown' event.
    await this.runCleanups();
    await super.teardown();
  }

  async runCleanups() {
    const cleanups = this.global?.[CLEANUPS] ?? [];
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop();
      await cleanup();
    }
  }
}

module.exports = TrainingGroupsEnvironment;
