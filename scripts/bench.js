/**
 * `npm run bench [-- options]`: bundles the benchmarks (bench/src, TypeScript) with esbuild into bench/dist and runs
 * them with node. The options are bench/src/main.ts's (`npm run bench -- --help`).
 */
'use strict';

const path = require('path');
const { spawn } = require('child_process');
const esbuild = require('esbuild');
const { NODE_BUNDLE } = require('./build-bridge');

const projectRoot = path.resolve(__dirname, '..');
const benchDir = path.join(projectRoot, 'bench');
const distDir = path.join(benchDir, 'dist');

/**
 * Each entry runs in a process of its own: the orchestrator, the bridge under test (the production start-up plus an
 * IPC control of its simulator), the load generator's clients, the bare-ws baseline, the workspace step's agents.
 */
const ENTRIES = {
  main: 'src/main.ts',
  benchBridge: 'src/bridge/benchBridge.ts',
  loadClients: 'src/bridge/loadClients.ts',
  baselineServer: 'src/bridge/baselineServer.ts',
  workspaceClients: 'src/workspace/workspaceClients.ts',
};

async function buildBench() {
  await esbuild.build({
    ...NODE_BUNDLE,
    entryPoints: Object.fromEntries(Object.entries(ENTRIES).map(([name, file]) => [name, path.join(benchDir, file)])),
    outdir: distDir,
    tsconfig: path.join(benchDir, 'tsconfig.json'),
  });
}

buildBench().then(
  () => {
    const child = spawn(process.execPath, ['--enable-source-maps', path.join(distDir, 'main.js'), ...process.argv.slice(2)], {
      cwd: projectRoot,
      stdio: 'inherit',
    });
    // Ctrl-C or a CI stop reaches the benchmarks, which stop what they started.
    for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
    child.on('exit', (code, signal) => {
      process.exitCode = code ?? (signal ? 1 : 0);
    });
  },
  (error) => {
    console.error('bench: build failed:', error);
    process.exitCode = 1;
  },
);
