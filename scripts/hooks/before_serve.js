'use strict';
/**
 * `ojet serve` (and so `npm start`) serves on loopback only, opens no browser and injects no live-reload
 * script (it would also land in the simulator's pages); the watcher still rebuilds on change.
 * It also starts the Genesys bridge, which the toolbar uses by default, and stops it when ojet stops:
 *   - GENESYS_BACKEND=simulator (the default): with its T-Server simulator (scripts/start-bridge.js);
 *   - GENESYS_BACKEND=workspace: with its Workspace API backend, against the fake GWS it starts too on FAKE_GWS_PORT
 *     (default 7777; scripts/start-workspace.js), and prints the Fusion simulator's address for each of its agents.
 * With TOOLBAR_PROFILE=secure it starts instead a development OpenID provider and a secure-mode bridge that verifies
 * the tokens it issues (scripts/start-secure-profile.js), and prints the Fusion simulator's address that signs the
 * agent in through it.
 */
const { bridgePort, bridgeWanted, startBridgeProcess, DEFAULT_PORT } = require('../start-bridge');
const { startSecureProfile } = require('../start-secure-profile');
const { startWorkspaceBackend } = require('../start-workspace');
const { choiceFrom, portFrom } = require('../settings');

const DEFAULT_FAKE_GWS_PORT = 7777;

/** A bridge on another port than the toolbar's default is named in the page's query, which the page passes on. */
function simulatorUrl(port, bridge) {
  const page = `http://localhost:${port}/simulator.html`;
  return bridge && !bridge.url.endsWith(`:${DEFAULT_PORT}`) ? `${page}?genesys.bridgeUrl=${encodeURIComponent(bridge.url)}` : page;
}

async function startSimulatorBackend(servePort) {
  const bridge = bridgeWanted() ? await startBridgeProcess() : null;
  console.log(bridge ? `\nGenesys bridge (T-Server simulator): ${bridge.url}` : '\nGenesys bridge: not started (GENESYS_BRIDGE=off)');
  console.log(`Fusion simulator with the toolbar: ${simulatorUrl(servePort, bridge)}\n`);
}

async function startWorkspace(servePort) {
  const workspace = await startWorkspaceBackend({
    servePort,
    fakeGwsPort: portFrom('FAKE_GWS_PORT', DEFAULT_FAKE_GWS_PORT),
    bridgePort: bridgeWanted() ? bridgePort() : null,
  });
  const agents = workspace.agents.map(({ userName, dn }) => `${userName} (DN ${dn})`).join(', ');
  console.log(`\nFake GWS: ${workspace.fakeGwsUrl}, agents ${agents}; its control API plays the customer`);
  console.log(workspace.bridgeUrl ? `Genesys bridge (Workspace API, against the fake GWS): ${workspace.bridgeUrl}` : 'Genesys bridge: not started (GENESYS_BRIDGE=off)');
  for (const page of workspace.pages) console.log(`Fusion simulator with the toolbar as ${page.agent}: ${page.url}`);
  console.log('');
}

module.exports = async function (configObj) {
  const { connectOpts, serveOpts } = configObj;
  connectOpts.hostname = '127.0.0.1';
  connectOpts.open = false;
  connectOpts.livereload = false;
  serveOpts.livereload = false;
  const profile = choiceFrom('TOOLBAR_PROFILE', ['development', 'secure']);
  const backend = choiceFrom('GENESYS_BACKEND', ['simulator', 'workspace']);
  if (profile === 'secure') {
    // The secure profile's bridge verifies the OpenID provider's tokens in front of the T-Server simulator.
    if (backend !== 'simulator') throw new Error(`GENESYS_BACKEND=${backend} does not go with TOOLBAR_PROFILE=secure, whose bridge runs the T-Server simulator`);
    const secure = await startSecureProfile(connectOpts.port);
    console.log(`\nSecure profile: OpenID provider ${secure.issuer} (any password; agent1 and agent2 have DNs), secure Genesys bridge ${secure.bridgeUrl}`);
    console.log(`Fusion simulator with the toolbar, signing in: ${secure.page}\n`);
    return configObj;
  }
  if (backend === 'workspace') await startWorkspace(connectOpts.port);
  else await startSimulatorBackend(connectOpts.port);
  return configObj;
};
