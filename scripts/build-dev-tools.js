/**
 * Builds the development-only Fusion simulator and UEF stand-in into the web folder:
 *   dev/uefStandInEntry.ts → <webDir>/dev/uef-standin.js   (the toolbar loads it instead of Oracle's UEF client)
 *   dev/simulator.ts       → <webDir>/dev/simulator.js      (the host page's script)
 *   dev/simulator.html     → <webDir>/simulator.html
 *   dev/simulator.css      → <webDir>/dev/simulator.css
 *   dev/ccp/ccpEmulator.ts   → <webDir>/dev/ccp-emulator.js   (the Amazon Connect CCP emulator: amazon.ccpUrl in development)
 *   dev/ccp/ccpEmulator.html → <webDir>/ccp-emulator.html
 *   dev/ccp/ccpEmulator.css  → <webDir>/dev/ccp-emulator.css
 * Not part of release builds. Usage: node scripts/build-dev-tools.js [webDir]   (default: web)
 */
'use strict';

const fs = require('fs');
const path = require('path');
const esbuild = require('esbuild');

const projectRoot = path.resolve(__dirname, '..');
const devDir = path.join(projectRoot, 'dev');

async function buildDevTools(webDir = 'web') {
  const outDir = path.resolve(projectRoot, webDir);
  await fs.promises.mkdir(path.join(outDir, 'dev'), { recursive: true });
  const common = {
    bundle: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    minify: false,
    sourcemap: 'inline',
    logLevel: 'warning',
    // dev/ has its own tsconfig; keep the app's AMD/JSX settings out of these bundles.
    tsconfig: path.join(devDir, 'tsconfig.json'),
  };
  await Promise.all([
    esbuild.build({ ...common, entryPoints: [path.join(devDir, 'uefStandInEntry.ts')], outfile: path.join(outDir, 'dev', 'uef-standin.js') }),
    esbuild.build({ ...common, entryPoints: [path.join(devDir, 'simulator.ts')], outfile: path.join(outDir, 'dev', 'simulator.js') }),
    fs.promises.copyFile(path.join(devDir, 'simulator.html'), path.join(outDir, 'simulator.html')),
    fs.promises.copyFile(path.join(devDir, 'simulator.css'), path.join(outDir, 'dev', 'simulator.css')),
    esbuild.build({ ...common, entryPoints: [path.join(devDir, 'ccp', 'ccpEmulator.ts')], outfile: path.join(outDir, 'dev', 'ccp-emulator.js') }),
    fs.promises.copyFile(path.join(devDir, 'ccp', 'ccpEmulator.html'), path.join(outDir, 'ccp-emulator.html')),
    fs.promises.copyFile(path.join(devDir, 'ccp', 'ccpEmulator.css'), path.join(outDir, 'dev', 'ccp-emulator.css')),
  ]);
  return outDir;
}

module.exports = { buildDevTools };

if (require.main === module) {
  buildDevTools(process.argv[2]).then(
    (outDir) => console.log(`build-dev-tools: Fusion simulator, UEF stand-in and CCP emulator written to ${outDir}`),
    (error) => {
      console.error('build-dev-tools failed:', error);
      process.exitCode = 1;
    },
  );
}
