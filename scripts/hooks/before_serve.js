'use strict';
/**
 * `ojet serve` (and so `npm start`) serves on loopback only, opens no browser and injects no live-reload
 * script (it would also land in the simulator's pages); the watcher still rebuilds on change.
 * It also starts the Genesys bridge with its T-Server simulator (scripts/start-bridge.js), which the toolbar uses
 * by default, and stops it when ojet stops. With TOOLBAR_PROFILE=secure it starts instead a development OpenID
 * provider and a secure-mode bridge that verifies the tokens it issues (scripts/start-secure-profile.js), and prints
 * the Fusion simulator's address that signs the agent in through it.
 */
const { startBridgeProcess, DEFAULT_PORT } = require('../start-bridge');
const { startSecureProfile } = require('../start-secure-profile');

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
  if (process.env.TOOLBAR_PROFILE === 'secure') {
    const secure = await startSecureProfile(connectOpts.port);
    console.log(`\nSecure profile: OpenID provider ${secure.issuer} (any password; agent1 and agent2 have DNs), secure Genesys bridge ${secure.bridgeUrl}`);
    console.log(`Fusion simulator with the toolbar, signing in: ${secure.page}\n`);
    return configObj;
  }
  if (process.env.TOOLBAR_PROFILE !== undefined && process.env.TOOLBAR_PROFILE !== '' && process.env.TOOLBAR_PROFILE !== 'development') {
    throw new Error(`TOOLBAR_PROFILE must be "development" (the default) or "secure", got "${process.env.TOOLBAR_PROFILE}"`);
  }
  const bridge = await startBridgeProcess();
  console.log(bridge ? `\nGenesys bridge (T-Server simulator): ${bridge.url}` : '\nGenesys bridge: not started (GENESYS_BRIDGE=off)');
  console.log(`Fusion simulator with the toolbar: ${simulatorUrl(connectOpts.port, bridge)}\n`);
  return configObj;
};
