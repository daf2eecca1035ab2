/**
 * Production serving, end to end on loopback, as a site runs it: the release build behind Debian's nginx with the
 * site that `npm run nginx-conf` generates from deploy/nginx/toolbar.conf.template, over HTTPS with a certificate
 * made for the test (its CA made at test time; Chromium trusts that one key only, by its SPKI hash). The Fusion
 * simulator, served over HTTPS from another origin (https://localhost:PORT), frames the toolbar
 * (https://127.0.0.1:PORT). The agent signs in through the OpenID provider (oidc-provider, dev/oidc/) in the pop-up
 * the toolbar opens, and the toolbar reaches a secure-mode bridge, which verifies the provider's ID tokens, through
 * nginx's proxy over wss. The policy must let the real release build and its sign-in run with no CSP violation at
 * all, and must keep a host not named in frame-ancestors from framing it. The release build's cut of Redwood
 * (scripts/redwood-subset.js) must style the toolbar exactly as the full theme does (./https/themeComparison.ts).
 *
 * The provider serves HTTPS itself, with the test's certificate, on a port of its own: a real provider is on https,
 * and the site policy's connectOrigins takes https origins only (the toolbar's own sign-in settings take http only on
 * loopback, for development). oidc-provider on Node's https server costs one option (--tls-cert, --tls-key); putting
 * it behind this nginx instead would need its proxy settings too, for nothing the test checks.
 */
import { execFile } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { globalAgent } from 'node:https';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startBridge, type Bridge } from '../../server/src/app';
import { parseSite, policyHeader, renderSite, sitePolicy, type SiteVariables } from '../../deploy/src/nginxSite';
import { providerAuth } from '../../dev/secure/secureBridge';
import { DevProvider } from '../support/oidcProvider';
import { makeTestCertificates, type TestCertificates } from '../support/testCertificates';
import { launch, toolbarFrame } from './browser';
import { CALLER, CALLER_NAME, FusionPage } from './fusionPage';
import { buildRelease } from './https/releaseBuild';
import { freePort, startNginx, type RunningNginx } from './https/nginx';
import { signInAs } from './signInWindow';
import { addFullTheme, compareThemes } from './https/themeComparison';

// A plain Node script with no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildDevTools } = require('../../scripts/build-dev-tools') as { buildDevTools: (dir: string) => Promise<string> };

const ROOT = join(__dirname, '../..');
const TEMPLATE = readFileSync(join(ROOT, 'deploy/nginx/toolbar.conf.template'), 'utf8');
const SETUP_MS = 240_000;
const run = promisify(execFile);

let certs: TestCertificates;
let provider: DevProvider;
let bridge: Bridge;
let nginx: RunningNginx | undefined;
let browser: Browser;
let site: SiteVariables;
let port: number;
let otherPort: number;
let devTools: string;
let toolbarConfig: string;
let siteConf: string;
let web: string;
let defaultCa: typeof globalAgent.options.ca;

const toolbarOrigin = (): string => `https://127.0.0.1:${port}`;
const fusionOrigin = (): string => `https://localhost:${port}`;

beforeAll(async () => {
  certs = makeTestCertificates({ dns: ['localhost'], ips: ['127.0.0.1'] });
  [port, otherPort] = [await freePort(), await freePort()];
  provider = await DevProvider.start({
    // The toolbar's sign-in callback on its site: the redirect URI a site registers (docs/runbook.md, section 3).
    redirectUris: [`${toolbarOrigin()}/signin-callback.html`],
    tls: { certFile: certs.certFile, keyFile: certs.keyFile },
  });
  // The bridge (in this process) fetches the provider's keys over https, which must trust the test's CA. A site
  // whose provider has a private CA starts the bridge with NODE_EXTRA_CA_CERTS; this CA is made after this process
  // started, too late for that, so it is given to Node's default HTTPS agent, which jose's key fetch uses
  // (https://github.com/panva/jose/blob/v5.10.0/src/runtime/node/fetch_jwks.ts).
  defaultCa = globalAgent.options.ca;
  globalAgent.options.ca = certs.caPem;
  web = await buildRelease();
  // The site's own configuration, beside the build: the bridge is proxied on the toolbar's origin, and agents sign in
  // with the provider (scope genesys: the DN claim the bridge reads).
  toolbarConfig = JSON.stringify({
    vendor: 'genesys',
    genesys: {
      bridgeUrl: toolbarOrigin(),
      signIn: { issuer: provider.issuer, clientId: provider.clientId, scope: 'openid profile genesys offline_access' },
    },
  });
  writeFileSync(join(web, 'config/toolbar.json'), toolbarConfig);
  devTools = await buildDevTools(join(certs.dir, 'fusion'));
  writeFileSync(join(devTools, 'other-site.html'), `<!DOCTYPE html><title>Not Fusion</title><iframe title="Media toolbar" src="${toolbarOrigin()}/index.html"></iframe>`);

  bridge = await startBridge({
    mode: 'secure',
    port: 0,
    logLevel: 'silent',
    // nginx, on this machine, is the proxy whose X-Forwarded-For the bridge believes.
    trustProxy: ['127.0.0.1'],
    allowedOrigins: [toolbarOrigin()],
    // The T-Server simulator behind it, driven in-process: a secure bridge serves no /simulator route.
    simulator: { ringTimeoutMs: null, dialTimeoutMs: null },
    auth: providerAuth(provider),
  });
  const parsed = parseSite({
    serverName: '127.0.0.1',
    httpsPort: port,
    httpPort: null,
    certificate: certs.certFile,
    certificateKey: certs.keyFile,
    root: web,
    fusionOrigins: [fusionOrigin()],
    bridgeUpstreams: [new URL(bridge.url).host],
    // The toolbar fetches the provider's discovery document and exchanges the code at its token endpoint.
    connectOrigins: [provider.issuer],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  site = parsed.site;
  siteConf = renderSite(TEMPLATE, site);
  // Two more sites on the same certificate: Fusion's stand-in, and a site Fusion is not.
  const tls = `ssl_certificate ${certs.certFile}; ssl_certificate_key ${certs.keyFile};`;
  nginx = await startNginx({
    site: siteConf,
    extraServers: `
server { listen ${port} ssl http2; listen [::]:${port} ssl http2; server_name localhost; ${tls} root ${devTools}; }
server { listen ${otherPort} ssl http2; server_name localhost; ${tls} root ${devTools}; }
`,
    readyUrl: `${toolbarOrigin()}/index.html`,
    ca: certs.caPem,
  });
  browser = await launch([`--ignore-certificate-errors-spki-list=${certs.spkiHash}`]);
}, SETUP_MS);

afterAll(async () => {
  await browser?.close();
  await nginx?.stop();
  await bridge?.close();
  await provider?.stop();
  if (certs) globalAgent.options.ca = defaultCa;
});

/** Records the CSP violations of every frame of every page of the context (the toolbar's and the pop-up's included). */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { reportCspViolation?: (text: string) => void }).reportCspViolation;
      report?.(`${location.origin}: ${event.effectiveDirective} refused ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return violations;
}

describe('the release build behind nginx over HTTPS, framed by Fusion from another origin', () => {
  let page: Page;
  afterEach(async () => {
    await page?.context().close();
  });

  it('passes npm run check-config: the policy lets the toolbar reach the bridge and the provider', async () => {
    // The command a site runs before going live (docs/runbook.md), on this site's two files.
    const toolbarFile = join(certs.dir, 'toolbar.json');
    const confFile = join(certs.dir, 'toolbar.conf');
    writeFileSync(toolbarFile, toolbarConfig);
    writeFileSync(confFile, siteConf);
    await run(process.execPath, [join(ROOT, 'scripts/build-deploy-tools.js')]);
    const { stdout } = await run(process.execPath, [join(ROOT, 'deploy/dist/check-config.js'), toolbarFile, confFile]);
    expect(stdout).toBe(`${toolbarFile}: ok (toolbar configuration)\n${confFile}: ok (nginx configuration)\ncheck-config: no problem found\n`);
  });

  it('signs the agent in through the provider, takes a call through the secure bridge over wss with no CSP violation, and answers with the security headers', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const violations = await watchViolations(context);
    page = await context.newPage();
    // Each answer's headers, taken as it arrives (headers(): what the response event carries, no round trip to the
    // browser): the sign-in callback's pop-up is closed as soon as it has handed the code over, and headers asked for
    // afterwards (allHeaders()) would be refused with the closed page.
    const responses = new Map<string, Promise<Record<string, string>>>();
    // The context's: the sign-in callback page loads in the pop-up.
    // And every path the toolbar's site was asked for, as often as it was.
    const requested: string[] = [];
    context.on('response', (response) => {
      if (!response.url().startsWith(toolbarOrigin())) return;
      responses.set(new URL(response.url()).pathname, Promise.resolve(response.headers()));
    });
    context.on('request', (request) => {
      if (request.url().startsWith(toolbarOrigin())) requested.push(new URL(request.url()).pathname);
    });
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    // The simulator points the toolbar at the UEF stand-in on the toolbar's own server, which a release build does
    // not carry: the browser is handed the development build's copy for that one address.
    await page.route(`${toolbarOrigin()}/dev/uef-standin.js`, (route) => route.fulfill({ path: join(devTools, 'dev/uef-standin.js'), contentType: 'text/javascript' }));

    // Fusion's agent is the one who signs in: the toolbar lets only them become available.
    await page.goto(`${fusionOrigin()}/simulator.html?fusion.agentId=agent1`);
    const fusion = new FusionPage(page);
    const toolbar = fusion.toolbar();
    await toolbar.getByRole('status').getByText('Sign in to take calls.').waitFor({ timeout: 30_000 });
    await signInAs(fusion, 'agent1');
    await toolbar.getByText('Genesys Engage: connected').waitFor();
    expect(sockets).toContain(`wss://127.0.0.1:${port}/genesysWs`);
    await toolbar.getByRole('switch', { name: 'Available' }).click();
    await toolbar.getByText('Status: Available').waitFor();

    // agent1's DN, from the provider's genesys_dn claim (dev/oidc/devProvider.mjs).
    bridge.simulator?.customerCalls({ dn: '7001', ani: CALLER });
    await fusion.fusionDialog('Incoming call').waitFor();
    await fusion.toolbarCard('Incoming call', CALLER_NAME).getByRole('button', { name: 'Accept' }).click();
    await fusion.toolbarCard('Connected').waitFor();
    await fusion.toolbarCard('Connected').getByRole('button', { name: 'Hang up' }).click();
    await fusion.fusionDialog('Wrap Up').waitFor();
    await fusion.expectCommOperations(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    await fusion.fusionDialog('Wrap Up').getByRole('button', { name: 'Close Wrap Up' }).click();
    await fusion.toolbar().getByText('No calls').waitFor();

    expect(violations).toEqual([]);

    const headers = async (path: string): Promise<Record<string, string>> => {
      const response = responses.get(path);
      if (!response) throw new Error(`the toolbar did not load ${path}; it loaded ${[...responses.keys()].join(', ')}`);
      return response;
    };
    const index = await headers('/index.html');
    expect(index['content-security-policy']).toBe(policyHeader(sitePolicy(site)));
    expect(index['content-security-policy']).toContain(`frame-ancestors ${fusionOrigin()};`);
    expect(index['content-security-policy']).toContain("script-src 'self' https://static.oracle.com;");
    expect(index['content-security-policy']).not.toContain('unsafe-eval');
    expect(index['strict-transport-security']).toBe('max-age=31536000');
    expect(index['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(index['x-content-type-options']).toBe('nosniff');
    expect(index['cache-control']).toBe('no-cache');
    expect((await headers('/config/toolbar.json'))['cache-control']).toBe('no-cache');
    const bundle = [...responses.keys()].find((path) => /^\/js\/bundle-[0-9a-f]{16}\.js$/.test(path));
    expect(bundle).toBeDefined();
    expect((await headers(bundle ?? ''))['cache-control']).toBe('public, max-age=31536000, immutable');
    // The view comes in a file of its own (scripts/split-bundle.js), fetched once by main.js's require(); the
    // configuration is fetched once too, preloaded by index.html and then read by the toolbar's fetch().
    const view = [...responses.keys()].find((path) => /^\/js\/view-[0-9a-f]{16}\.js$/.test(path));
    expect(view).toBeDefined();
    expect((await headers(view ?? ''))['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(requested.filter((path) => path === view)).toHaveLength(1);
    expect(requested.filter((path) => path === '/config/toolbar.json')).toHaveLength(1);
    expect(requested.filter((path) => path === bundle)).toHaveLength(1);
    // Redwood comes as the release build's subset of it (scripts/redwood-subset.js), not as the full theme files.
    const redwood = [...responses.keys()].filter((path) => /redwood/.test(path));
    expect(redwood).toEqual([expect.stringMatching(/^\/css\/redwood-subset-[0-9a-f]{16}\.css$/)]);
    expect((await headers(redwood[0] ?? ''))['cache-control']).toBe('public, max-age=31536000, immutable');
    // The sign-in, loaded only because this site configures one: its own file, named after its content, with
    // oauth4webapi in it (scripts/lazy-bundles.js).
    const signInPart = [...responses.keys()].find((path) => /^\/js\/signin-[0-9a-f]{16}\.js$/.test(path));
    expect(signInPart).toBeDefined();
    expect((await headers(signInPart ?? ''))['cache-control']).toBe('public, max-age=31536000, immutable');
    expect([...responses.keys()].filter((path) => path.includes('oauth4webapi') || path.startsWith('/js/cti/'))).toEqual([]);
    // The bridge's answers come through the same site, with the same headers.
    const command = await headers('/genesys/events');
    expect(command['content-security-policy']).toBe(policyHeader(sitePolicy(site)));
    expect(command['strict-transport-security']).toBe('max-age=31536000');
    // The page the provider returns to: the same policy, and no Cross-Origin-Opener-Policy, which would cut the
    // pop-up off from the toolbar that opened it (the callback's BroadcastChannel cannot stand in here: Chromium
    // partitions it by top-level site, and the toolbar's top level is Fusion's).
    const callback = await headers('/signin-callback.html');
    expect(callback['content-security-policy']).toBe(policyHeader(sitePolicy(site)));
    expect(callback['cross-origin-opener-policy']).toBeUndefined();
  });

  it('styles the toolbar with its Redwood subset exactly as the full theme does, in the twelve states it drives, with no CSP violation', async () => {
    // The release index.html links the subset in place of the two theme files, which stay in the build beside it.
    const index = readFileSync(join(web, 'index.html'), 'utf8');
    const stylesheets = [...index.matchAll(/<link\b[^>]*\brel="stylesheet"[^>]*\bhref="([^"]+)"/g)].map((match) => match[1]);
    expect(stylesheets).toEqual([expect.stringMatching(/^css\/redwood-subset-[0-9a-f]{16}\.css$/), expect.stringMatching(/^css\/app-[0-9a-f]{16}\.css$/)]);
    const version = (dir: string): string => {
      const versions = readdirSync(join(web, 'css', dir));
      if (versions.length !== 1) throw new Error(`css/${dir} should hold one version, holds ${versions.join(', ')}`);
      return versions[0] ?? '';
    };
    // In the order ojet links them (basestyles, then themestyle).
    const fullTheme = [`css/redwood/${version('redwood')}/web/redwood.min.css`, `css/theme-redwood/${version('theme-redwood')}/web/theme.css`];
    for (const file of fullTheme) expect(readFileSync(join(web, file), 'utf8').length).toBeGreaterThan(0);

    // The policy allows no inline style: every state the toolbar is driven to here must style it from its files alone.
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const violations = await watchViolations(context);
    page = await context.newPage();
    await page.route(`${toolbarOrigin()}/dev/uef-standin.js`, (route) => route.fulfill({ path: join(devTools, 'dev/uef-standin.js'), contentType: 'text/javascript' }));
    await page.goto(`${fusionOrigin()}/simulator.html?fusion.agentId=agent1`);
    const fusion = new FusionPage(page);
    const toolbar = fusion.toolbar();
    await toolbar.getByRole('status').getByText('Sign in to take calls.').waitFor({ timeout: 30_000 });
    await addFullTheme(toolbarFrame(page), fullTheme);

    const compared: string[] = [];
    /** The toolbar, as it is now, styled the same by both; `state` names it in a failure. */
    const sameStyles = async (state: string): Promise<void> => {
      const result = await compareThemes(toolbarFrame(page));
      expect({ state, differenceCount: result.differenceCount, differences: result.differences }).toEqual({ state, differenceCount: 0, differences: [] });
      // A comparison of nothing would pass too: the toolbar and its buttons were there.
      expect(result.elements).toBeGreaterThan(40);
      compared.push(`${state}: ${result.elements} elements, ${result.values} values the same, ${result.variablesDropped} unnamed variables dropped`);
    };

    await sameStyles('not signed in');
    await signInAs(fusion, 'agent1');
    await toolbar.getByText('Genesys Engage: connected').waitFor();
    // The agent may be available already: the bridge keeps agent1's state from the test before.
    const presence = toolbar.getByRole('switch', { name: 'Available' });
    await toolbar.getByText(/^Status: /).waitFor();
    if ((await presence.getAttribute('aria-checked')) !== 'true') await presence.click();
    await toolbar.getByText('Status: Available').waitFor();
    await sameStyles('available, no calls');

    bridge.simulator?.customerCalls({ dn: '7001', ani: CALLER });
    const ringing = fusion.toolbarCard('Incoming call', CALLER_NAME);
    await ringing.getByRole('button', { name: 'Accept' }).hover();
    await sameStyles('a call ringing, the pointer on Accept');

    await ringing.getByRole('button', { name: 'Accept' }).click();
    const connected = fusion.toolbarCard('Connected');
    await connected.getByRole('button', { name: 'Hang up' }).waitFor();
    // Keyboard focus on a Core Pack button: its focus ring.
    await connected.getByRole('button', { name: 'Hold' }).focus();
    await page.keyboard.press('Tab');
    await sameStyles('a call connected, its controls, keyboard focus on Mute');

    await connected.getByRole('button', { name: 'Keypad', exact: true }).click();
    await connected.getByRole('group', { name: /^Keypad/ }).getByRole('button', { name: '1', exact: true }).waitFor();
    await sameStyles('the keypad open, its toggle pressed');
    await connected.getByRole('button', { name: 'Keypad', exact: true }).click();

    await connected.getByRole('button', { name: 'Transfer', exact: true }).click();
    const form = connected.getByRole('form', { name: `Transfer the call from ${CALLER_NAME}` });
    await form.getByLabel('Transfer to').fill('7002');
    await form.getByRole('button', { name: 'Transfer now', disabled: false }).waitFor();
    await sameStyles('the transfer form open, a number in it');
    await connected.getByRole('button', { name: 'Transfer', exact: true }).click();

    await connected.getByRole('button', { name: 'Hang up' }).click();
    await fusion.toolbarCard('Wrap-up').waitFor();
    await sameStyles('wrap-up');
    await fusion.fusionDialog('Wrap Up').getByRole('button', { name: 'Close Wrap Up' }).click();
    await toolbar.getByText('No calls').waitFor();
    // What closed <details> hold, laid out: the recent call with its Call back button, and the ringing settings.
    await toolbar.getByText('Recent calls').click();
    await toolbar.getByRole('button', { name: /^Call back/ }).waitFor();
    await toolbar.getByText('Ringing', { exact: true }).click();
    await toolbar.getByLabel('Ring aloud').waitFor();
    await sameStyles('recent calls and ringing settings open');

    await toolbar.getByLabel('Number to call').fill('abc');
    await toolbar.getByRole('button', { name: 'Call', exact: true }).click();
    await toolbar.getByRole('alert').filter({ hasText: '"abc" is not a phone number.' }).waitFor();
    await sameStyles('an error line');

    await page.emulateMedia({ colorScheme: 'dark' });
    await toolbarFrame(page).waitForFunction(() => document.documentElement.classList.contains('oj-color-invert'));
    await sameStyles('dark: an error line');
    bridge.simulator?.customerCalls({ dn: '7001', ani: CALLER });
    await ringing.getByRole('button', { name: 'Decline' }).waitFor();
    await sameStyles('dark: a call ringing');
    await ringing.getByRole('button', { name: 'Accept' }).click();
    await connected.getByRole('button', { name: 'Hang up' }).waitFor();
    await sameStyles('dark: a call connected');
    await connected.getByRole('button', { name: 'Hang up' }).click();
    await fusion.fusionDialog('Wrap Up').getByRole('button', { name: 'Close Wrap Up' }).click();
    await toolbar.getByText('No calls').waitFor();
    console.log(`Redwood subset and full theme compared:\n${compared.join('\n')}`);
    expect(violations).toEqual([]);
  }, 240_000);

  it('cannot be framed by a host that frame-ancestors does not name', async () => {
    page = await browser.newPage();
    const refused = page.waitForEvent('console', { predicate: (message) => /frame-ancestors/.test(message.text()), timeout: 15_000 });
    await page.goto(`https://localhost:${otherPort}/other-site.html`);
    const message = (await refused).text();
    // Chromium words it "Refused to frame '…'" or "Framing '…' violates …", by version.
    expect(message).toMatch(new RegExp(`(Refused to frame|Framing) '${toolbarOrigin().replace(/[.]/g, '\\.')}/'`));
    expect(message).toContain(`"frame-ancestors ${fusionOrigin()}"`);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    expect(frame).toBeDefined();
    // What the frame holds is Chromium's error page, never the toolbar.
    expect(await frame?.evaluate(() => document.getElementById('toolbar') !== null).catch(() => false)).toBe(false);
  });
});
