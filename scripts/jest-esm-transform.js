/**
 * A jest transform for the npm packages that ship only as ES modules (`cometd` 9, `cometd-nodejs-client` 2): jest
 * runs the tests as CommonJS, so it hands those packages' files here (see transformIgnorePatterns in
 * jest.config.js) and esbuild rewrites them to CommonJS. Any other file passes through unchanged.
 * https://jestjs.io/docs/code-transformation#writing-custom-transformers
 */
'use strict';

const { createHash } = require('crypto');
const esbuild = require('esbuild');

// Only files inside these packages are rewritten.
const ESM_ONLY = /[\\/]node_modules[\\/](cometd|cometd-nodejs-client)[\\/]/;

module.exports = {
  process(sourceText, sourcePath) {
    if (!ESM_ONLY.test(sourcePath)) return { code: sourceText };
    const { code, map } = esbuild.transformSync(sourceText, {
      loader: 'js',
      format: 'cjs',
      target: 'node20',
      sourcemap: 'external',
      sourcefile: sourcePath,
    });
    return { code, map };
  },
  getCacheKey(sourceText, sourcePath) {
    return createHash('sha256').update(esbuild.version).update('\0').update(sourcePath).update('\0').update(sourceText).digest('hex');
  },
};
