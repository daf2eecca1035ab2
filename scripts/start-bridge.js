'use strict';
/**
 * Starts the Genesys bridge microservice (with its T-Server simulator) as a child process for `ojet serve`, and
 * stops it when ojet stops. The bridge runs in a process of its own, as it does in production.
 *   GENESYS_BRIDGE_PORT   its port (default 8087)
 *   GENESYS_BRIDGE=off    do not start it (you run one yourself)
 */
const { spawn } = require('child_process');
const path = require('path');
const { buildBridge } = require('./build-bridge');

const DEFAULT_PORT = 8087;
const READY_TIMEOUT_MS = 15000;

function bridgePort() {
  const raw = process.env.GENESYS_BRIDGE_PORT;
  if (raw === undefined || raw === '') return DEFAULT_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new Error(`GENESYS_BRIDGE_PORT must be a port number (1-65535), got "${raw}"`);
  }
  return port;
}

async function answers(url) {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** Resolves the bridge's URL once it answers; rejects with the reason when it cannot start. */
async function startBridgeProcess() {
  if (process.env.GENESYS_BRIDGE === 'off') return null;
  const port = bridgePort();
  const url = `http://127.0.0.1:${port}`;
  if (await answers(`${url}/simulator/state`)) {
    throw new Error(`port ${port} is taken (another bridge is running?); set GENESYS_BRIDGE_PORT, or GENESYS_BRIDGE=off to use that one`);
  }
  const bundle = await buildBridge();
  const child = spawn(process.execPath, [bundle, '--port', String(port)], { stdio: ['ignore', 'inherit', 'inherit'] });
  let stopping = false;
  const stop = () => {
    stopping = true;
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      stop();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(`${url}/simulator/state`))) {
    if (child.exitCode !== null) throw new Error(`the bridge exited with code ${child.exitCode} (see its log above)`);
    if (Date.now() > deadline) {
      stop();
      throw new Error(`the bridge did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.on('exit', (code, signal) => {
    if (!stopping) console.error(`Genesys bridge stopped (${signal ?? `exit code ${code}`}); restart ojet serve to bring it back.`);
  });
  return { url, child };
}

module.exports = { startBridgeProcess, DEFAULT_PORT, bundlePath: path.join(__dirname, '../server/dist/bridge.js') };
