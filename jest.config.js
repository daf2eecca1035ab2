// Unit, contract and integration tests: TypeScript through ts-jest (CommonJS), in jsdom.
// Browser tests live in jest.e2e.config.js.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'jsdom',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/e2e/'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
    // oauth4webapi ships ES modules only; jest runs CommonJS, so its one file is compiled like the tests. Before the
    // rule below, which takes every other .js file.
    'oauth4webapi/build/index\\.js$': ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'es2022', esModuleInterop: true } }],
    // cometd and cometd-nodejs-client ship only as ES modules; scripts/jest-esm-transform.js makes them CommonJS.
    '^.+\\.js$': '<rootDir>/scripts/jest-esm-transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!(cometd|cometd-nodejs-client|oauth4webapi)/)'],
  setupFiles: ['<rootDir>/test/support/browserGlobals.ts'],
  moduleNameMapper: {
    // The toolbar imports the shared wire protocol as 'protocol/…' (tsconfig.json's path mapping; RequireJS in the app).
    '^protocol/(.*)$': '<rootDir>/protocol/$1',
    // JET's Core Pack components load only through RequireJS; in jsdom the view's <oj-c-button>s stay plain elements,
    // whose properties Preact sets as attributes, which the view's tests read.
    '^oj-c/.*$': '<rootDir>/test/support/noJetComponents.ts',
    // jsdom resolves these packages' "browser" export, an ES module; their CommonJS builds ("require") are the same code.
    '^@preact/signals-core$': '<rootDir>/node_modules/@preact/signals-core/dist/signals-core.js',
    '^preact$': '<rootDir>/node_modules/preact/dist/preact.js',
    '^preact/jsx-runtime$': '<rootDir>/node_modules/preact/jsx-runtime/dist/jsxRuntime.js',
  },
};
