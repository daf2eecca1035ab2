'use strict';
/**
 * `npm start`'s secure profile (TOOLBAR_PROFILE=secure): a real OpenID provider and a secure-mode bridge, each a
 * process of its own on loopback, stopped with ojet.
 *   - the development OpenID provider (dev/oidc/devProvider.mjs, oidc-provider) on OIDC_PROVIDER_PORT (default 8090),
 *     its client registered with the toolbar's callback page as redirect URI;
 *   - the secure bridge (dev/secure/secureBridge.ts) on GENESYS_BRIDGE_PORT (default 8087), verifying tokens against
 *     that provider, with the simulator's control routes on a loopback listener of its own for the Customer panel.
 * Resolves with the URLs and the Fusion simulator page that signs in through the provider.
 */
const path = require('path');
const esbuild = require('esbuild');
const { NODE_BUNDLE } = require('./build-bridge');
const { jsonLineWith, startProcess, stopWithThisProcess } = require('./start-process');
const { bridgePort } = require('./start-bridge');
const { portFrom } = require('./settings');

const projectRoot = path.resolve(__dirname, '..');
const SECURE_BRIDGE_BUNDLE = path.join(projectRoot, 'node_modules', '.cache', 'dev', 'secure-bridge.js');
const READY_TIMEOUT_MS = 20000;
const CLIENT_ID = 'media-toolbar';
/** What the toolbar asks of the provider: a refresh token (offline_access) and the DN claim (genesys). */
const SCOPE = 'openid profile genesys offline_access';

/** Starts a node process of this profile and resolves with its "ready" line: the first JSON line that has `key`. */
async function startProfileProcess(name, args, key, stops) {
  const started = await startProcess({
    name,
    args,
    cwd: projectRoot,
    readyLine: jsonLineWith(key),
    timeoutMs: READY_TIMEOUT_MS,
    onUnexpectedExit: (how) => console.error(`${name} stopped (${how}); restart ojet serve to bring it back.`),
  });
  stops.push(started.stop);
  return started.ready;
}

/**
 * @param {number} servePort the port ojet serves on: the toolbar is at http://127.0.0.1:<port>/index.html, the
 *   Fusion simulator at http://localhost:<port>/simulator.html.
 */
async function startSecureProfile(servePort) {
  const providerPort = portFrom('OIDC_PROVIDER_PORT', 8090);
  const toolbarOrigin = `http://127.0.0.1:${servePort}`;
  const stops = [];
  const stop = () => {
    for (const stopOne of stops) void stopOne();
  };
  stopWithThisProcess(stops);
  try {
    const provider = await startProfileProcess(
      'the OpenID provider',
      [path.join(projectRoot, 'dev', 'oidc', 'devProvider.mjs'), '--port', String(providerPort), '--client-id', CLIENT_ID, '--redirect-uri', `${toolbarOrigin}/signin-callback.html`],
      'issuer',
      stops,
    );
    await esbuild.build({ ...NODE_BUNDLE, entryPoints: [path.join(projectRoot, 'dev', 'secure', 'secureBridge.ts')], outfile: SECURE_BRIDGE_BUNDLE, tsconfig: path.join(projectRoot, 'dev', 'secure', 'tsconfig.json') });
    const bridge = await startProfileProcess(
      'the secure bridge',
      [SECURE_BRIDGE_BUNDLE, '--issuer', provider.issuer, '--client-id', CLIENT_ID, '--dn-claim', provider.dnClaim, '--port', String(bridgePort()), '--toolbar-origin', toolbarOrigin],
      'bridgeUrl',
      stops,
    );
    const page = new URL(`http://localhost:${servePort}/simulator.html`);
    page.searchParams.set('genesys.bridgeUrl', bridge.bridgeUrl);
    page.searchParams.set('genesys.signIn.issuer', provider.issuer);
    page.searchParams.set('genesys.signIn.clientId', CLIENT_ID);
    page.searchParams.set('genesys.signIn.scope', SCOPE);
    page.searchParams.set('simulator.controlUrl', bridge.controlUrl);
    page.searchParams.set('fusion.agentId', 'agent1');
    return { issuer: provider.issuer, bridgeUrl: bridge.bridgeUrl, controlUrl: bridge.controlUrl, page: page.href, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

module.exports = { startSecureProfile, CLIENT_ID, SCOPE };
