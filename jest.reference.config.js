/** @type {import('jest').Config} `npm run check:reference`: cross-checks of ailz's Azure facts against ../shared/reference. */
const base = require('./jest.config');
module.exports = { ...base, roots: ['<rootDir>/test-reference'], testMatch: ['**/*.ref.test.ts'] };
