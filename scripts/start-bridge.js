'use strict';
/**
 * Starts the Genesys bridge microservice as a child process for `ojet serve` (and the browser tests), and stops it
 * when this process ends. The bridge runs in a process of its own, as it does in production.
 *   startBridgeProcess({ port, args, output }) → { url, child, stop() }   args: more of its command line (--config …)
 *   GENESYS_BRIDGE_PORT   npm start's port for it (bridgePort(); default 8087)
 *   GENESYS_BRIDGE=off    npm start does not start it (you run one yourself): bridgeWanted()
 */
const path = require('path');
const { buildBridge } = require('./build-bridge');
const { answers, startProcess, stopWithThisProcess } = require('./start-process');
const { portFrom } = require('./settings');

const DEFAULT_PORT = 8087;
const READY_TIMEOUT_MS = 20000;

function bridgePort() {
  return portFrom('GENESYS_BRIDGE_PORT', DEFAULT_PORT);
}

function bridgeWanted() {
  return process.env.GENESYS_BRIDGE !== 'off';
}

/** Resolves once the bridge answers /healthz; rejects with the reason when it cannot start. */
async function startBridgeProcess({ port = bridgePort(), args = [], output } = {}) {
  const url = `http://127.0.0.1:${port}`;
  if (await answers(`${url}/healthz`)) {
    throw new Error(`port ${port} is taken (another bridge is running?); set GENESYS_BRIDGE_PORT, or GENESYS_BRIDGE=off to use that one`);
  }
  const bundle = await buildBridge();
  const bridge = await startProcess({
    name: `the Genesys bridge (${url})`,
    args: [bundle, '--port', String(port), ...args],
    probe: () => answers(`${url}/healthz`),
    timeoutMs: READY_TIMEOUT_MS,
    output,
    onUnexpectedExit: (how) => console.error(`Genesys bridge stopped (${how}); restart ojet serve to bring it back.`),
  });
  stopWithThisProcess([bridge.stop]);
  return { url, child: bridge.child, stop: bridge.stop };
}

module.exports = { startBridgeProcess, bridgePort, bridgeWanted, DEFAULT_PORT, bundlePath: path.join(__dirname, '../server/dist/bridge.js') };
