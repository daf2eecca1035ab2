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
const { spawn } = require('child_process');
const path = require('path');
const readline = require('readline');
const esbuild = require('esbuild');
const { NODE_BUNDLE } = require('./build-bridge');

const projectRoot = path.resolve(__dirname, '..');
const SECURE_BRIDGE_BUNDLE = path.join(projectRoot, 'node_modules', '.cache', 'dev', 'secure-bridge.js');
const READY_TIMEOUT_MS = 20000;
const CLIENT_ID = 'media-toolbar';
/** What the toolbar asks of the provider: a refresh token (offline_access) and the DN claim (genesys). */
const SCOPE = 'openid profile genesys offline_access';

function portFrom(variable, fallback) {
  const raw = process.env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`${variable} must be a port number (1-65535), got "${raw}"`);
  return port;
}

/** Starts a node process and resolves with the first JSON line it prints that has `key` (its "ready" line). */
function startProcess(name, args, key, children) {
  const child = spawn(process.execPath, args, { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    const lines = readline.createInterface({ input: child.stdout });
    let ready = false;
    lines.on('line', (line) => {
      if (ready) {
        process.stdout.write(`${line}\n`);
        return;
      }
      let parsed;
      try {
        parsed = JSON.parse(line);
      } catch {
        parsed = undefined;
      }
      if (parsed && typeof parsed[key] === 'string') {
        ready = true;
        clearTimeout(timer);
        resolve(parsed);
      } else {
        process.stdout.write(`${line}\n`);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready) reject(new Error(`${name} exited (${signal ?? `code ${code}`}) before it was ready`));
      else console.error(`${name} stopped (${signal ?? `exit code ${code}`}); restart ojet serve to bring it back.`);
    });
  });
}

/**
 * @param {number} servePort the port ojet serves on: the toolbar is at http://127.0.0.1:<port>/index.html, the
 *   Fusion simulator at http://localhost:<port>/simulator.html.
 */
async function startSecureProfile(servePort) {
  const providerPort = portFrom('OIDC_PROVIDER_PORT', 8090);
  const bridgePort = portFrom('GENESYS_BRIDGE_PORT', 8087);
  const toolbarOrigin = `http://127.0.0.1:${servePort}`;
  const children = [];
  const stop = () => {
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', stop);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.once(signal, () => {
      stop();
      process.exit(128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  }
  try {
    const provider = await startProcess(
      'the OpenID provider',
      [path.join(projectRoot, 'dev', 'oidc', 'devProvider.mjs'), '--port', String(providerPort), '--client-id', CLIENT_ID, '--redirect-uri', `${toolbarOrigin}/signin-callback.html`],
      'issuer',
      children,
    );
    await esbuild.build({ ...NODE_BUNDLE, entryPoints: [path.join(projectRoot, 'dev', 'secure', 'secureBridge.ts')], outfile: SECURE_BRIDGE_BUNDLE, tsconfig: path.join(projectRoot, 'dev', 'secure', 'tsconfig.json') });
    const bridge = await startProcess(
      'the secure bridge',
      [SECURE_BRIDGE_BUNDLE, '--issuer', provider.issuer, '--client-id', CLIENT_ID, '--dn-claim', provider.dnClaim, '--port', String(bridgePort), '--toolbar-origin', toolbarOrigin],
      'bridgeUrl',
      children,
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
