'use strict';
/**
 * oauth4webapi (the toolbar's OpenID Connect client) ships as ES modules only, and the toolbar is an AMD app loaded by
 * RequireJS (Oracle JET). This turns the package into one AMD module, unchanged in behaviour:
 *   node_modules/oauth4webapi → node_modules/.cache/oauth4webapi-amd/oauth4webapi.js
 * which src/js/path_mapping.json copies into web/js/libs/oauth4webapi/ (and the release build bundles like any
 * library). The before_build hook runs it, so `ojet build` and `ojet serve` always have it.
 * https://requirejs.org/docs/whyamd.html#sugar (the simplified CommonJS wrapper RequireJS reads)
 */
const path = require('path');
const esbuild = require('esbuild');

const projectRoot = path.resolve(__dirname, '..');
const outfile = path.join(projectRoot, 'node_modules', '.cache', 'oauth4webapi-amd', 'oauth4webapi.js');

async function buildOauth4webapiAmd() {
  await esbuild.build({
    entryPoints: [require.resolve('oauth4webapi', { paths: [projectRoot] })],
    outfile,
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    // What the toolbar's own code is compiled for; the browsers Fusion supports run it.
    target: 'es2020',
    minify: true,
    legalComments: 'inline',
    banner: { js: 'define(function (require, exports, module) {' },
    footer: { js: '});' },
    logLevel: 'warning',
  });
  return outfile;
}

module.exports = { buildOauth4webapiAmd, outfile };

if (require.main === module) {
  buildOauth4webapiAmd().then(
    (file) => console.log(`build-oauth4webapi: ${path.relative(projectRoot, file)} written`),
    (error) => {
      console.error('build-oauth4webapi failed:', error);
      process.exitCode = 1;
    },
  );
}
