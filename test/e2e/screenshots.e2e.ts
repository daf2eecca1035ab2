/**
 * Pictures of the toolbar's states for the README, made from the running toolbar so they stay true. Each test brings
 * the toolbar to a state, checks it is there, and photographs its frame (Fusion's ~300 px). They are written to
 * node_modules/.cache/e2e-screenshots; with UPDATE_SCREENSHOTS=1 to docs/images/, which the README shows.
 */
import { mkdirSync } from 'fs';
import { join } from 'path';
import type { Browser, Page } from 'playwright-core';
import { launch, toolbarFrame } from './browser';
import { FusionPage } from './fusionPage';
import { clearCalls } from './bridgeCalls';
import { BRIDGE_URL, GENESYS_SIMULATOR_URL } from './server';
import { GENESYS_TARGET, consult, openTransferTo, targetAnswers } from './transfers';
import { WORDS, inLanguage } from './toolbarWords';

const ROOT = join(__dirname, '../..');
const OUT = process.env.UPDATE_SCREENSHOTS === '1' ? join(ROOT, 'docs/images') : join(ROOT, 'node_modules/.cache/e2e-screenshots');

let browser: Browser;
let page: Page;
let fusion: FusionPage;

/** Photographs the toolbar's frame, still (no shaking icon, no caret), as `name`.png. */
async function photograph(name: string): Promise<void> {
  await page.locator('iframe[title="Media toolbar"]').screenshot({ path: join(OUT, `${name}.png`), animations: 'disabled', caret: 'hide' });
}

/** Turns the switch on (its label is `available`): the browser tests share one bridge, whose agent may be on already. */
async function becomeAvailable(available: string): Promise<void> {
  const toggle = fusion.toolbar().getByRole('switch', { name: available });
  if ((await toggle.getAttribute('aria-checked')) !== 'true') await toggle.click();
  await fusion.toolbar().getByRole('switch', { name: available, checked: true }).waitFor();
}

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await clearCalls();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  await page.goto(GENESYS_SIMULATOR_URL);
  fusion = new FusionPage(page);
  await fusion.toolbar().getByText('Genesys Engage: connected').waitFor({ timeout: 20000 });
});

afterEach(async () => {
  await page.close();
});

describe('screenshots of the toolbar', () => {
  it('signed in and available, no calls', async () => {
    await becomeAvailable('Available');
    await fusion.toolbar().getByText('Status: Available').waitFor();
    await photograph('toolbar-idle');
  });

  it('a call ringing', async () => {
    await fusion.customerCalls();
    await photograph('toolbar-ringing');
  });

  it('a call connected and a second one ringing', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await fusion.customerCalls('+442071838750', '+44 20 7183 8750');
    await photograph('toolbar-two-calls');
  });

  it('a connected call with its controls and the keypad open', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    const card = fusion.toolbarCard('Connected');
    await card.getByRole('button', { name: 'Keypad' }).click();
    const keypad = card.getByRole('group', { name: /^Keypad/ });
    await keypad.getByRole('button', { name: '1', exact: true }).click();
    await keypad.getByText('Sent: 1').waitFor();
    await photograph('toolbar-keypad');
  });

  it('the transfer form', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await openTransferTo(fusion, GENESYS_TARGET);
    await photograph('toolbar-transfer');
  });

  it('a consult, the target talking and the customer on hold', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await consult(fusion, GENESYS_TARGET);
    await targetAnswers(fusion, GENESYS_TARGET);
    await photograph('toolbar-consult');
  });

  it('wrap-up', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await fusion.customer().getByRole('button', { name: 'Customer hangs up' }).click();
    await fusion.toolbarCard('Wrap-up').waitFor();
    await photograph('toolbar-wrapup');
  });

  it('the link to the phone system down while a call rings', async () => {
    await fusion.customerCalls();
    await fetch(`${BRIDGE_URL}/simulator/link/down`, { method: 'POST' });
    try {
      await fusion.toolbarCard('Incoming call').getByText(/^The link to Genesys Engage is down/).waitFor();
      await fusion.toolbar().getByRole('alert').waitFor();
      await photograph('toolbar-link-down');
    } finally {
      await fetch(`${BRIDGE_URL}/simulator/link/up`, { method: 'POST' });
    }
  });

  it('an error', async () => {
    await fusion.toolbar().getByLabel('Number to call').fill('abc');
    await fusion.toolbar().getByRole('button', { name: 'Call', exact: true }).click();
    await fusion.toolbar().getByRole('alert').filter({ hasText: '"abc" is not a phone number.' }).waitFor();
    await photograph('toolbar-error');
  });

  it.each(['de', 'ja'] as const)('a call ringing, in %s', async (language) => {
    const words = WORDS[language];
    fusion = await FusionPage.openOnGenesys(page, inLanguage(GENESYS_SIMULATOR_URL, language), words);
    await becomeAvailable(words.available);
    await fusion.customerCalls();
    await fusion.toolbarCard(words.stateRinging).getByRole('button', { name: words.accept }).waitFor();
    await photograph(`toolbar-ringing-${language}`);
  });

  it('a call ringing, in dark', async () => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await fusion.customerCalls();
    await toolbarFrame(page).waitForFunction(() => document.documentElement.classList.contains('oj-color-invert'));
    await photograph('toolbar-ringing-dark');
  });
});
