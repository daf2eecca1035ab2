/**
 * The agent signs in with an OpenID provider, in a real browser: the Fusion simulator frames the toolbar (served by
 * `ojet serve`), whose genesys.signIn points at the development provider (oidc-provider, dev/oidc/) and whose bridge
 * is a secure one verifying that provider's tokens (dev/secure/secureBridge.ts, as `npm start`'s secure profile runs
 * it). The agent presses Sign in, goes through the provider's own login and consent pages in the pop-up, and the
 * toolbar connects; then a call rings, is answered and ends. Fusion naming another agent than the one signed in keeps
 * the agent from becoming available, and the toolbar says why.
 */
import { mkdirSync } from 'fs';
import { join } from 'path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { startSecureBridge, type SecureBridge } from '../../dev/secure/secureBridge';
import { DevProvider } from '../support/oidcProvider';
import { launch, watchOutsideRequests } from './browser';
import { FusionPage } from './fusionPage';
import { E2E_PORT, SIMULATOR_URL } from './server';
import { signInAs } from './signInWindow';

const TOOLBAR_ORIGIN = `http://127.0.0.1:${E2E_PORT}`;
/** Where the pictures of the sign-in go: docs/images with UPDATE_SCREENSHOTS=1 (the README shows them), as screenshots.e2e.ts does. */
const SHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? join(__dirname, '../../docs/images') : join(__dirname, '../../node_modules/.cache/e2e-screenshots');

async function photograph(name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.locator('iframe[title="Media toolbar"]').screenshot({ path: join(SHOTS, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

let browser: Browser;
let provider: DevProvider;
let secure: SecureBridge;

beforeAll(async () => {
  browser = await launch();
  provider = await DevProvider.start({ redirectUris: [`${TOOLBAR_ORIGIN}/signin-callback.html`] });
  secure = await startSecureBridge({
    issuer: provider.issuer,
    clientId: provider.clientId,
    dnClaim: provider.dnClaim,
    port: 0,
    toolbarOrigins: [TOOLBAR_ORIGIN],
    logLevel: 'silent',
    ringTimeoutMs: null,
  });
});

afterAll(async () => {
  await browser?.close();
  await secure?.close();
  await provider?.stop();
});

let page: Page;
let fusion: FusionPage;
let outside: string[];

async function openSimulator(fusionAgent: string): Promise<void> {
  const url = new URL(SIMULATOR_URL);
  url.searchParams.set('genesys.bridgeUrl', secure.bridge.url);
  url.searchParams.set('genesys.signIn.issuer', provider.issuer);
  url.searchParams.set('genesys.signIn.clientId', provider.clientId);
  url.searchParams.set('genesys.signIn.scope', 'openid profile genesys offline_access');
  url.searchParams.set('simulator.controlUrl', secure.controlUrl);
  url.searchParams.set('fusion.agentId', fusionAgent);
  // A fresh browser context each time: no cookie of the provider's from another test.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  outside = watchOutsideRequests(page);
  await page.goto(url.href);
  fusion = new FusionPage(page);
}

/** WCAG 2.0 to 2.2, A and AA, and axe's best practices, as test/e2e/accessibility.e2e.ts holds every other state to. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];

async function axeViolations(): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include('iframe[title="Media toolbar"]').withTags(AXE_TAGS).analyze();
  return results.violations.flatMap((violation) => violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)} (${violation.help})`));
}

afterEach(async () => {
  expect(outside).toEqual([]);
  await page.context().close();
});

test('agent1 signs in through the provider\'s pages in a pop-up, the toolbar connects to the secure bridge, and a call is taken', async () => {
  await openSimulator('agent1');
  const toolbar = fusion.toolbar();
  await toolbar.getByText('Genesys Engage: connecting…').waitFor({ timeout: 20000 });
  await toolbar.getByRole('status').getByText('Sign in to take calls.').waitFor();
  expect(await axeViolations()).toEqual([]);
  await photograph('toolbar-sign-in');

  await signInAs(fusion, 'agent1');
  expect(await axeViolations()).toEqual([]);

  await toolbar.getByText('Genesys Engage: connected').waitFor();
  await toolbar.getByRole('switch', { name: 'Available' }).click();
  await toolbar.getByText('Status: Available').waitFor();
  await fusion.customerCalls();
  await fusion.acceptedBy('toolbar');
  await fusion.endedBy('customer');
});

test('Fusion names another agent than the one signed in: the toolbar refuses to become available and says why', async () => {
  // agent2: nobody has made them available at the shared bridge (the test above leaves agent1 available).
  await openSimulator('agent1');
  const toolbar = fusion.toolbar();
  // The sign-in panel in Redwood's dark colours, too.
  await page.emulateMedia({ colorScheme: 'dark' });
  await toolbar.getByRole('status').getByText('Sign in to take calls.').waitFor({ timeout: 20000 });
  expect(await axeViolations()).toEqual([]);

  await signInAs(fusion, 'agent2');
  await toolbar.getByText('Genesys Engage: connected').waitFor();
  await toolbar.getByText('Status: Logged out').waitFor();
  await toolbar.getByRole('switch', { name: 'Available' }).click();

  await toolbar
    .getByRole('alert')
    .getByText(
      'You cannot become available: Fusion has you signed in as agent1, but you signed in to Genesys Engage as agent2. Press Switch agent and sign in to Genesys Engage as agent1.',
    )
    .waitFor();
  await toolbar.getByRole('button', { name: 'Switch agent' }).waitFor();
  expect(await toolbar.getByRole('switch', { name: 'Available' }).getAttribute('aria-checked')).toBe('false');
  await page.emulateMedia({ colorScheme: 'light' });
  await photograph('toolbar-sign-in-mismatch');
  // Fusion's own Make available is refused the same way.
  await page.getByRole('button', { name: 'Make available' }).click();
  await page.getByText(/Fusion has you signed in as agent1/).first().waitFor();
  expect(await toolbar.getByText('Status: Available').count()).toBe(0);
});
