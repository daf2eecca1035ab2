/**
 * The scenarios of Oracle's Genesys tutorial, walked in a real browser: the Fusion simulator frames the toolbar,
 * which runs the Genesys handler against the bridge and its T-Server simulator (started by `ojet serve`). The
 * customer and the softphone are played through the simulator page's Customer panel. Each test asserts the UEF
 * operations Fusion received and what the toolbar shows.
 */
import type { Browser } from 'playwright-core';
import { launch, watchOutsideRequests } from './browser';
import { FusionPage } from './fusionPage';
import { BRIDGE_URL, GENESYS_SIMULATOR_URL } from './server';

let browser: Browser;
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

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await clearCalls();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  outside = watchOutsideRequests(page);
  await page.goto(GENESYS_SIMULATOR_URL);
  fusion = new FusionPage(page);
  await fusion.toolbar().getByText('Genesys Engage: connected').waitFor({ timeout: 20000 });
});

afterEach(async () => {
  expect(outside).toEqual([]);
  await fusion.page.close();
});

describe('Genesys: the tutorial’s scenarios in the Fusion simulator', () => {
  it('declines from Fusion: one newCommEvent, then closeCommEvent REJECT, and the toolbar clears', async () => {
    await fusion.customerCalls();
    await fusion.declinedBy('fusion');
  });

  it('declines from the toolbar: one newCommEvent, then closeCommEvent REJECT, and Fusion’s dialog goes away', async () => {
    await fusion.customerCalls();
    await fusion.declinedBy('toolbar');
  });

  it('accepts from Fusion and ends from the toolbar: start, then wrap-up', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('fusion');
    await fusion.endedBy('toolbar');
  });

  it('accepts from the toolbar and ends from the softphone: start, then wrap-up', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await fusion.endedBy('softphone');
  });

  it('accepts from the softphone and ends from Fusion: start, then wrap-up', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('softphone');
    await fusion.endedBy('fusion');
  });

  it('the customer hangs up while ringing: closeCommEvent ABANDONED, and both sides clear', async () => {
    await fusion.customerCalls();
    await fusion.customer().getByRole('button', { name: 'Customer hangs up' }).click();
    await fusion.expectCommOperations(['newCommEvent', 'closeCommEvent:ABANDONED']);
    await fusion.fusionDialog('Incoming call').waitFor({ state: 'detached' });
    await fusion.expectNoCallsLeft();
  });

  it('the customer hangs up after the answer: the engagement goes to wrap-up', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await fusion.endedBy('customer');
  });

  it('an outbound call from Fusion’s click-to-dial connects when the callee answers', async () => {
    const { page } = fusion;
    await page.getByRole('button', { name: 'Call +1 650 555 0100' }).click();
    await fusion.toolbar().getByRole('group', { name: /^Calling…: / }).waitFor();
    await fusion.customer().getByRole('button', { name: 'Callee answers' }).click();
    await fusion.toolbar().getByRole('group', { name: /^Connected: / }).waitFor();
    await fusion.expectCommOperations(['newCommEvent', 'startCommEvent']);
    await fusion.toolbar().getByRole('group', { name: /^Connected: / }).getByRole('button', { name: 'Hang up' }).click();
    await fusion.expectCommOperations(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });
});
