'use strict';
/**
 * `ojet serve` (and so `npm start`) serves on loopback only, opens no browser and injects no live-reload
 * script (it would also land in the simulator's pages); the watcher still rebuilds on change.
 */
const SIMULATOR_URL = (port) => `http://localhost:${port}/simulator.html`;

module.exports = async function (configObj) {
  const { connectOpts, serveOpts } = configObj;
  connectOpts.hostname = '127.0.0.1';
  connectOpts.open = false;
  connectOpts.livereload = false;
  serveOpts.livereload = false;
  console.log(`\nFusion simulator with the toolbar: ${SIMULATOR_URL(connectOpts.port)}\n`);
  return configObj;
};
