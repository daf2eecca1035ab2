/**
 * Production serving, end to end on loopback: the release build behind Debian's nginx with the site that
 * `npm run nginx-conf` generates from deploy/nginx/toolbar.conf.template, over HTTPS with a certificate made for the
 * test (its CA made at test time; Chromium trusts that one key only, by its SPKI hash). The Fusion simulator, served
 * over HTTPS from another origin (https://localhost:PORT), frames the toolbar (https://127.0.0.1:PORT), which
 * reaches the bridge through nginx's proxy over wss. The policy must let the real release build run with no CSP
 * violation at all, and must keep a host not named in frame-ancestors from framing it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page, Response } from 'playwright-core';
import { startBridge, type Bridge } from '../../server/src/app';
import { parseSite, policyHeader, renderSite, sitePolicy, type SiteVariables } from '../../deploy/src/nginxSite';
import { makeTestCertificates, type TestCertificates } from '../support/testCertificates';
import { launch } from './browser';
import { CALLER, CALLER_NAME, FusionPage } from './fusionPage';
import { buildRelease } from './https/releaseBuild';
import { freePort, startNginx, type RunningNginx } from './https/nginx';

// A plain Node script with no type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildDevTools } = require('../../scripts/build-dev-tools') as { buildDevTools: (dir: string) => Promise<string> };

const ROOT = join(__dirname, '../..');
const TEMPLATE = readFileSync(join(ROOT, 'deploy/nginx/toolbar.conf.template'), 'utf8');
const SETUP_MS = 240_000;

let certs: TestCertificates;
let bridge: Bridge;
let nginx: RunningNginx | undefined;
let browser: Browser;
let site: SiteVariables;
let port: number;
let otherPort: number;
let devTools: string;

const toolbarOrigin = (): string => `https://127.0.0.1:${port}`;
const fusionOrigin = (): string => `https://localhost:${port}`;

beforeAll(async () => {
  certs = makeTestCertificates({ dns: ['localhost'], ips: ['127.0.0.1'] });
  [port, otherPort] = [await freePort(), await freePort()];
  const web = await buildRelease();
  // The site's own configuration, beside the build: the bridge is proxied on the toolbar's origin.
  writeFileSync(join(web, 'config/toolbar.json'), JSON.stringify({ vendor: 'genesys', genesys: { bridgeUrl: toolbarOrigin() } }));
  devTools = await buildDevTools(join(certs.dir, 'fusion'));
  writeFileSync(join(devTools, 'other-site.html'), `<!DOCTYPE html><title>Not Fusion</title><iframe title="Media toolbar" src="${toolbarOrigin()}/index.html"></iframe>`);

  bridge = await startBridge({
    port: 0,
    logLevel: 'silent',
    // nginx, on this machine, is the proxy whose X-Forwarded-For the bridge believes.
    trustProxy: ['127.0.0.1'],
    allowedOrigins: [toolbarOrigin()],
    simulator: { ringTimeoutMs: null, dialTimeoutMs: null },
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
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  site = parsed.site;
  // Two more sites on the same certificate: Fusion's stand-in, and a site Fusion is not.
  const tls = `ssl_certificate ${certs.certFile}; ssl_certificate_key ${certs.keyFile};`;
  nginx = await startNginx({
    site: renderSite(TEMPLATE, site),
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
});

/** Records the CSP violations of every frame of the page (the toolbar's included). */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
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
    await page?.close();
  });

  it('takes a call through the bridge over wss with no CSP violation, and answers with the security headers', async () => {
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const violations = await watchViolations(page);
    const responses = new Map<string, Response>();
    page.on('response', (response) => {
      if (response.url().startsWith(toolbarOrigin())) responses.set(new URL(response.url()).pathname, response);
    });
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    // The simulator points the toolbar at the UEF stand-in on the toolbar's own server, which a release build does
    // not carry: the browser is handed the development build's copy for that one address.
    await page.route(`${toolbarOrigin()}/dev/uef-standin.js`, (route) => route.fulfill({ path: join(devTools, 'dev/uef-standin.js'), contentType: 'text/javascript' }));

    await page.goto(`${fusionOrigin()}/simulator.html`);
    const fusion = new FusionPage(page);
    await fusion.toolbar().getByText('Genesys Engage: connected').waitFor({ timeout: 30_000 });
    expect(sockets).toContain(`wss://127.0.0.1:${port}/genesysWs`);

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
      return response.allHeaders();
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
    const redwood = [...responses.keys()].find((path) => /^\/css\/redwood\/\d+\.\d+\.\d+\//.test(path));
    expect((await headers(redwood ?? ''))['cache-control']).toBe('public, max-age=31536000, immutable');
    // The bridge's answers come through the same site, with the same headers.
    const command = await headers('/genesys/events');
    expect(command['content-security-policy']).toBe(policyHeader(sitePolicy(site)));
    expect(command['strict-transport-security']).toBe('max-age=31536000');
  });

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
