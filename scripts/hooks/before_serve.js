'use strict';
/**
 * `ojet serve` (and so `npm start`) serves on loopback only, opens no browser and injects no live-reload
 * script (it would also land in the simulator's pages); the watcher still rebuilds on change.
 * It also starts the Genesys bridge with its T-Server simulator (scripts/start-bridge.js), which the toolbar uses
 * by default, and stops it when ojet stops.
 */
const { startBridgeProcess, DEFAULT_PORT } = require('../start-bridge');

/** A bridge on another port than the toolbar's default is named in the page's query, which the page passes on. */
function simulatorUrl(port, bridge) {
  const page = `http://localhost:${port}/simulator.html`;
  return bridge && !bridge.url.endsWith(`:${DEFAULT_PORT}`) ? `${page}?genesys.bridgeUrl=${encodeURIComponent(bridge.url)}` : page;
}

module.exports = async function (configObj) {
  const { connectOpts, serveOpts } = configObj;
  connectOpts.hostname = '127.0.0.1';
  connectOpts.open = false;
  connectOpts.livereload = false;
  serveOpts.livereload = false;
  const bridge = await startBridgeProcess();
  console.log(bridge ? `\nGenesys bridge (T-Server simulator): ${bridge.url}` : '\nGenesys bridge: not started (GENESYS_BRIDGE=off)');
  console.log(`Fusion simulator with the toolbar: ${simulatorUrl(connectOpts.port, bridge)}\n`);
  return configObj;
};
