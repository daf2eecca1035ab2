/**
 * Starts the fake GWS (dev/fakeGws) as a child process on loopback and resolves once it listens, for whatever
 * needs a GWS to talk to (`npm start` with the bridge's workspace backend, browser tests). The caller stops it.
 *   startFakeGwsProcess({ port, args, output }) → { url, child, stop() }    port 0: any free port (the URL says which)
 * Its lines go to `output` (default: this process's standard output), e.g. a test that keeps them to show on failure.
 */
'use strict';

const { spawn } = require('child_process');
const { buildFakeGws } = require('./build-fake-gws');

const READY_TIMEOUT_MS = 15000;

async function startFakeGwsProcess({ port = 7777, args = [], output = (chunk) => process.stdout.write(chunk) } = {}) {
  const bundle = await buildFakeGws();
  const child = spawn(process.execPath, [bundle, '--port', String(port), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the fake GWS did not start within ${READY_TIMEOUT_MS / 1000} s: ${seen}`));
    }, READY_TIMEOUT_MS);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the fake GWS exited with code ${code}: ${seen}`));
    });
    child.stdout.on('data', (chunk) => {
      seen += chunk.toString();
      const match = /fake GWS listening on (http:\/\/\S+)/.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
  });
  // From here on its lines go to the caller's output.
  child.stdout.on('data', output);
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
      child.once('exit', (code) => resolve(code));
      child.kill('SIGTERM');
    });
  return { url, child, stop };
}

module.exports = { startFakeGwsProcess };
