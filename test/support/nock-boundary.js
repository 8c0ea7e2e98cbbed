// What `import nock from 'nock'` gives a test file (jest.config.js maps 'nock' here): the real nock,
// which patches Node's `http` as soon as it loads, undone when the file ends. So nock is active
// only in the files that use it, and never outlives one, whichever order the files run in.
const path = require('node:path');
const { onFileEnd } = require('./file-cleanup');

// By path: the name 'nock' would be mapped back to this file.
const nock = require(path.join(__dirname, '../../node_modules/nock/index.js'));

afterEach(() => {
  nock.cleanAll();
});
onFileEnd(() => {
  nock.cleanAll();
  nock.restore();
  nock.enableNetConnect();
});

module.exports = nock;
