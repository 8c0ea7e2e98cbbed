import nock from 'nock';

// nock is loaded only at the Bitrix24 boundary; keep one test file's interceptors out of the next.
afterEach(() => {
  nock.cleanAll();
});
afterAll(() => {
  nock.restore();
  nock.enableNetConnect();
});
