// Browser tests, driven by playwright-core in Debian's chromium, in two set-ups:
// - "browser": the built app served by `ojet serve` (what `npm start` runs), with its bridge (globalSetup);
// - "https": the release build behind Debian's nginx over HTTPS, as a site runs it (*.https.e2e.ts; each file makes
//   its own certificates, build, bridge and nginx, so nothing of the other set-up starts for it).
// Jest runs a project's globalSetup only when one of its tests is selected.
const common = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testTimeout: 60000,
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
    // The bridge the tests start in-process loads its Workspace backend, whose cometd and cometd-nodejs-client ship
    // only as ES modules: scripts/jest-esm-transform.js makes them CommonJS, as in jest.config.js.
    '^.+\\.js$': '<rootDir>/scripts/jest-esm-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(cometd|cometd-nodejs-client)/)'],
};

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 60000,
  projects: [
    {
      ...common,
      displayName: 'browser',
      testMatch: ['**/*.e2e.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.https\\.e2e\\.ts$'],
      globalSetup: '<rootDir>/test/e2e/globalSetup.ts',
      globalTeardown: '<rootDir>/test/e2e/globalTeardown.ts',
    },
    { ...common, displayName: 'https', testMatch: ['**/*.https.e2e.ts'] },
  ],
};
