/**
 * Browser end-to-end suite: the compiled bot behind the Agents Playground, driven by headless Chromium
 * (`npm run test:e2e`). One suite at a time: each starts a bot, a Playground and a browser, which is all two cores
 * can run without the timings going flaky.
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.test.json' }],
  },
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  testTimeout: 60000,
  maxWorkers: 1,
  testResultsProcessor: '<rootDir>/.ci/jest-results-processor.cjs',
};
