/**
 * WCAG 2.2 AA in the browser: axe-core runs inside the toolbar's frame (framed cross-origin by the Fusion
 * simulator, at Fusion's ~300 px) in every state an agent meets, and must find nothing. Keyboard focus must follow
 * the agent's actions instead of falling to the page's body when the button they pressed goes away.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { launch, watchOutsideRequests } from './browser';
import { CALLER, CALLER_NAME, FusionPage } from './fusionPage';
import { BRIDGE_URL, GENESYS_SIMULATOR_URL } from './server';

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (page-has-heading-one among them). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];
const TOOLBAR_FRAME = 'iframe[title="Media toolbar"]';
/** A second caller the simulator's directory does not know: the toolbar shows the number. */
const OTHER_CALLER = '+442071838750';

let browser: Browser;
let context: BrowserContext;
let fusion: FusionPage;
let outside: string[];

interface BridgeState {
  devAgentDn: string;
  dns: Array<{ dn: string; calls: Array<{ connId: string }> }>;
}

/** Leaves the development agent's phone without calls, whatever an earlier test left behind. */
async function clearCalls(): Promise<void> {
  const state = (await (await fetch(`${BRIDGE_URL}/simulator/state`)).json()) as BridgeState;
  const calls = state.dns.find((d) => d.dn === state.devAgentDn)?.calls ?? [];
  for (const call of calls) await fetch(`${BRIDGE_URL}/simulator/calls/${call.connId}/hangup`, { method: 'POST' });
}

/** Every axe violation in the toolbar's frame, as "rule: where (what to fix)", so a failure says what to change. */
async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(TOOLBAR_FRAME).withTags(AXE_TAGS).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)} (${node.failureSummary?.replace(/\s+/g, ' ') ?? violation.help})`),
  );
}

function toolbarFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().includes('/index.html'));
  if (!frame) throw new Error('The toolbar frame is not loaded.');
  return frame;
}

/** Waits until keyboard focus is on the toolbar's button with this label (JET's buttons hold a <button> inside). */
async function focusReaches(page: Page, label: string): Promise<void> {
  await toolbarFrame(page).waitForFunction((name) => document.activeElement?.closest('oj-c-button')?.getAttribute('label') === name, label, { timeout: 10000 });
}

/** Presses a card's button from the keyboard, as an agent who does not use the mouse does. */
async function pressWithKeyboard(card: string, button: string, who = CALLER_NAME): Promise<void> {
  await fusion.toolbarCard(card, who).getByRole('button', { name: button }).focus();
  await fusion.page.keyboard.press('Enter');
}

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await clearCalls();
  // axe's playwright binding needs a page of a context of its own.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  outside = watchOutsideRequests(page);
  await page.goto(GENESYS_SIMULATOR_URL);
  fusion = new FusionPage(page);
  await fusion.toolbar().getByText('Genesys Engage: connected').waitFor({ timeout: 20000 });
});

afterEach(async () => {
  expect(outside).toEqual([]);
  await context.close();
});

describe('the toolbar has no axe violations (WCAG 2.2 AA and best practices)', () => {
  it('idle: connected, no calls', async () => {
    await fusion.toolbar().getByText('No calls').waitFor();
    expect(await axeViolations(fusion.page)).toEqual([]);
  });

  it('ringing', async () => {
    await fusion.customerCalls();
    expect(await axeViolations(fusion.page)).toEqual([]);
  });

  it('connected', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    expect(await axeViolations(fusion.page)).toEqual([]);
  });

  it('wrap-up', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await fusion.customer().getByRole('button', { name: 'Customer hangs up' }).click();
    await fusion.toolbarCard('Wrap-up').waitFor();
    expect(await axeViolations(fusion.page)).toEqual([]);
  });

  it('with the error line shown', async () => {
    await fusion.toolbar().getByLabel('Number to call').fill('abc');
    await fusion.toolbar().getByRole('button', { name: 'Call' }).click();
    await fusion.toolbar().getByRole('alert').filter({ hasText: '"abc" is not a phone number.' }).waitFor();
    expect(await axeViolations(fusion.page)).toEqual([]);
  });

  it('two calls: one connected, one ringing', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await fusion.customerCalls(OTHER_CALLER, OTHER_CALLER);
    await fusion.toolbarCard('Connected').waitFor();
    expect(await axeViolations(fusion.page)).toEqual([]);
  });
});

describe('keyboard focus follows the agent’s actions', () => {
  it('Accept → Hang up → Finish wrap-up → the dial field, never the body', async () => {
    await fusion.customerCalls(CALLER, CALLER_NAME);
    await pressWithKeyboard('Incoming call', 'Accept');
    await fusion.toolbarCard('Connected').waitFor();
    await focusReaches(fusion.page, 'Hang up');
    await fusion.page.keyboard.press('Enter');
    await fusion.toolbarCard('Wrap-up').waitFor();
    await focusReaches(fusion.page, 'Finish wrap-up');
    await fusion.page.keyboard.press('Enter');
    await fusion.toolbar().getByText('No calls').waitFor();
    await toolbarFrame(fusion.page).waitForFunction(() => document.activeElement?.id === 'dial-number', undefined, { timeout: 10000 });
  });

  it('Decline of one of two calls moves focus to the other call', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await fusion.customerCalls(OTHER_CALLER, OTHER_CALLER);
    await pressWithKeyboard('Incoming call', 'Decline', OTHER_CALLER);
    await fusion.toolbarCard('Incoming call', OTHER_CALLER).waitFor({ state: 'detached' });
    await focusReaches(fusion.page, 'Hang up');
  });
});
