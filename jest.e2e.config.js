import base from './jest.config.js';

/**
 * Browser end-to-end suite: the compiled bot behind the Agents Playground, driven by headless Chromium
 * (`npm run test:e2e`). One suite at a time: each starts a bot, a Playground and a browser, which is all two cores
 * can run without the timings going flaky.
 */
export default {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 60000,
  maxWorkers: 1,
};
