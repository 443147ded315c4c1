/**
 * `npm run test:browser`: tests that render in Debian's headless Chromium (/usr/bin/chromium; `.ci/run`
 * installs the package). Kept out of `npm test`, which stays browser-free.
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('./jest.config'),
  testMatch: ['**/*.browser.ts'],
  testTimeout: 120000,
};
