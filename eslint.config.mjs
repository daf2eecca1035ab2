// One ESLint configuration for the whole repository: the toolbar (src/ts), the bridge (server/), the shared
// protocol, the development tools (dev/), the benchmarks (bench/), the tests (test/) and the build scripts.
// TypeScript is linted with typescript-eslint's type-aware rules (each file against the tsconfig.json nearest to it),
// which catch real bugs: floating and misused promises, unsafe `any`.
// https://typescript-eslint.io/getting-started/typed-linting
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'web/', 'staged-themes/', 'themes/', 'jet_components/', 'server/dist/', 'deploy/dist/', 'dev/fakeGws/dist/', 'bench/dist/', 'bench/profiles/', 'test-results/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Unused parameters are named with a leading underscore where an interface demands them.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `void promise` is how this code base says "fire and forget, failures handled inside".
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // Off: an `async` method without `await` is how a verb turns a synchronous throw into a rejection, which the
      // vendor contract and Fusion's promise-based API rely on.
      '@typescript-eslint/require-await': 'off',
    },
  },
  // The layout's boundaries: the toolbar, the bridge and the benchmarks meet only in the shared wire protocol.
  {
    files: ['src/ts/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/server/**', '**/bench/**', '**/dev/**', '**/test/**'], message: 'The toolbar imports only its own code and protocol/.' }] }],
    },
  },
  {
    files: ['server/**/*.ts', 'bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/src/ts/**', '**/dev/**'], message: 'The bridge and the benchmarks meet the toolbar only in protocol/.' }] }],
    },
  },
  {
    files: ['protocol/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['../**'], message: 'protocol/ is owned by neither side: it imports nothing of theirs.' }] }],
    },
  },
  {
    // Plain JavaScript: the build scripts, ojet hooks and jest configurations (Node, CommonJS), and the toolbar's
    // RequireJS entry point (browser). No type information there.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**/*.js', 'jest.config.js', 'jest.e2e.config.js'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' }, // CommonJS is what these files are
  },
  {
    // Development servers run by node as ES modules (the OpenID provider of dev/oidc/).
    files: ['dev/**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: globals.node },
  },
  {
    files: ['src/js/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser, requirejs: 'readonly', require: 'readonly', define: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' }, // RequireJS's require([...], callback), not CommonJS
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      // Off in tests: jest's asymmetric matchers (expect.any, expect.objectContaining, …) are typed `any`, so every
      // expectation that uses one would be flagged. https://github.com/jestjs/jest/issues/13133
      '@typescript-eslint/no-unsafe-assignment': 'off',
      // Off in tests: `expect(object.method).toHaveBeenCalled…()` reads a mock and never calls it unbound.
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
