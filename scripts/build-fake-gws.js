/**
 * Bundles the fake GWS for running with plain node:
 *   dev/fakeGws/main.ts → dev/fakeGws/dist/fakeGws.js   (CommonJS, Node 20; npm packages stay in node_modules)
 * Usage: node scripts/build-fake-gws.js   or   require('./build-fake-gws').buildFakeGws() → the bundle's path
 */
'use strict';

const path = require('path');
const esbuild = require('esbuild');
const { NODE_BUNDLE } = require('./build-bridge');

const projectRoot = path.resolve(__dirname, '..');
const fakeDir = path.join(projectRoot, 'dev', 'fakeGws');
const bundlePath = path.join(fakeDir, 'dist', 'fakeGws.js');

async function buildFakeGws() {
  await esbuild.build({
    ...NODE_BUNDLE,
    entryPoints: [path.join(fakeDir, 'main.ts')],
    outfile: bundlePath,
    tsconfig: path.join(fakeDir, 'tsconfig.json'),
  });
  return bundlePath;
}

module.exports = { buildFakeGws, bundlePath };

if (require.main === module) {
  buildFakeGws().then(
    (outfile) => console.log(`build-fake-gws: ${path.relative(projectRoot, outfile)} written`),
    (error) => {
      console.error('build-fake-gws failed:', error);
      process.exitCode = 1;
    },
  );
}
