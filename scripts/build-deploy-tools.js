/**
 * Bundles the deployment tools for running with plain node (as scripts/build-bridge.js does the bridge):
 *   deploy/src/checkConfigMain.ts → deploy/dist/check-config.js   (npm run check-config)
 *   deploy/src/nginxConfMain.ts   → deploy/dist/nginx-conf.js     (npm run nginx-conf)
 * Usage: node scripts/build-deploy-tools.js
 */
'use strict';

const path = require('path');
const esbuild = require('esbuild');
const { NODE_BUNDLE } = require('./build-bridge');

const deployDir = path.resolve(__dirname, '..', 'deploy');

async function buildDeployTools() {
  const common = { ...NODE_BUNDLE, tsconfig: path.join(deployDir, 'tsconfig.json') };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(deployDir, 'src', 'checkConfigMain.ts')], outfile: path.join(deployDir, 'dist', 'check-config.js') }),
    esbuild.build({ ...common, entryPoints: [path.join(deployDir, 'src', 'nginxConfMain.ts')], outfile: path.join(deployDir, 'dist', 'nginx-conf.js') }),
  ]);
}

module.exports = { buildDeployTools };

if (require.main === module) {
  buildDeployTools().catch((error) => {
    console.error('build-deploy-tools failed:', error);
    process.exitCode = 1;
  });
}
