/**
 * Bundles the Genesys bridge microservice for running with plain node:
 *   server/src/main.ts → server/dist/bridge.js   (CommonJS, Node 20; npm packages stay in node_modules)
 * Usage: node scripts/build-bridge.js        or   require('./build-bridge').buildBridge() → the bundle's path
 */
'use strict';

const path = require('path');
const esbuild = require('esbuild');

const projectRoot = path.resolve(__dirname, '..');
const serverDir = path.join(projectRoot, 'server');
const bundlePath = path.join(serverDir, 'dist', 'bridge.js');

/** How this project bundles TypeScript for plain node (the bridge here, the benchmarks in scripts/bench.js). */
const NODE_BUNDLE = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Dependencies load from node_modules at run time, as installed (fastify, ws, jose…).
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
};

async function buildBridge() {
  await esbuild.build({
    ...NODE_BUNDLE,
    entryPoints: [path.join(serverDir, 'src', 'main.ts')],
    outfile: bundlePath,
    tsconfig: path.join(serverDir, 'tsconfig.json'),
  });
  return bundlePath;
}

module.exports = { buildBridge, bundlePath, NODE_BUNDLE };

if (require.main === module) {
  buildBridge().then(
    (outfile) => console.log(`build-bridge: ${path.relative(projectRoot, outfile)} written`),
    (error) => {
      console.error('build-bridge failed:', error);
      process.exitCode = 1;
    },
  );
}
