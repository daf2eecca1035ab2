'use strict';
/**
 * `npm start` with GENESYS_BACKEND=workspace (and the browser tests' Workspace set-up): the Genesys bridge's Workspace
 * API backend against the fake GWS, each a process of its own on loopback.
 *   - the fake GWS (dev/fakeGws, scripts/start-fake-gws.js) on `fakeGwsPort`, with its default agents;
 *   - the bridge (scripts/start-bridge.js) on `bridgePort` with backend "workspace" and workspace.baseUrl the fake's
 *     address (a configuration file under node_modules/.cache/dev); no bridge when `bridgePort` is null.
 * The toolbar gets each agent's GWS access token from the fake's control API (genesys.tokenUrl), and the Customer
 * panel plays the customer through it (fakeGws.url, fakeGws.agent): `pages` has the Fusion simulator's address for
 * each agent. Resolves with { fakeGwsUrl, bridgeUrl, agents: [{ userName, dn }], pages: [{ agent, url }], stop() }.
 */
const fs = require('fs');
const path = require('path');
const { startBridgeProcess } = require('./start-bridge');
const { startFakeGwsProcess } = require('./start-fake-gws');
const { stopWithThisProcess } = require('./start-process');

const CONFIG_DIR = path.join(__dirname, '..', 'node_modules', '.cache', 'dev');

/** The Fusion simulator page with the toolbar and the Customer panel on the fake GWS, as `agent`. */
function workspacePage(servePort, { bridgeUrl, fakeGwsUrl, agent }) {
  const page = new URL(`http://localhost:${servePort}/simulator.html`);
  if (bridgeUrl !== null) page.searchParams.set('genesys.bridgeUrl', bridgeUrl);
  page.searchParams.set('genesys.tokenUrl', `${fakeGwsUrl}/fake-gws/control/agents/${encodeURIComponent(agent)}/token`);
  page.searchParams.set('fakeGws.url', fakeGwsUrl);
  page.searchParams.set('fakeGws.agent', agent);
  page.searchParams.set('fusion.agentId', agent);
  return page.href;
}

async function startWorkspaceBackend({ servePort, fakeGwsPort, bridgePort, output }) {
  const stops = [];
  const stop = () => Promise.all(stops.map((stopOne) => stopOne()));
  stopWithThisProcess(stops);
  try {
    const fake = await startFakeGwsProcess({ port: fakeGwsPort, output });
    stops.push(fake.stop);
    const answer = await fetch(`${fake.url}/fake-gws/control/agents`);
    if (!answer.ok) throw new Error(`the fake GWS did not list its agents (HTTP ${answer.status})`);
    const agents = (await answer.json()).map(({ userName, dn }) => ({ userName, dn }));
    let bridgeUrl = null;
    if (bridgePort !== null) {
      fs.mkdirSync(CONFIG_DIR, { recursive: true });
      const configFile = path.join(CONFIG_DIR, `workspace-bridge-${bridgePort}.json`);
      fs.writeFileSync(configFile, `${JSON.stringify({ backend: 'workspace', workspace: { baseUrl: fake.url } }, null, 2)}\n`);
      const bridge = await startBridgeProcess({ port: bridgePort, args: ['--config', configFile], output });
      stops.push(bridge.stop);
      bridgeUrl = bridge.url;
    }
    const pages = agents.map(({ userName }) => ({ agent: userName, url: workspacePage(servePort, { bridgeUrl, fakeGwsUrl: fake.url, agent: userName }) }));
    return { fakeGwsUrl: fake.url, bridgeUrl, agents, pages, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

module.exports = { startWorkspaceBackend, workspacePage };
