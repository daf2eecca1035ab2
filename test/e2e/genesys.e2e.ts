/**
 * The scenarios of Oracle's Genesys tutorial, walked in a real browser: the Fusion simulator frames the toolbar,
 * which runs the Genesys handler against the bridge and its T-Server simulator (started by `ojet serve`). The
 * customer and the softphone are played through the simulator page's Customer panel. Each test asserts the UEF
 * operations Fusion received and what the toolbar shows.
 */
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { launch, operations, watchOutsideRequests } from './browser';
import { BRIDGE_URL, GENESYS_SIMULATOR_URL } from './server';

const CALLER = '+16505550100';
/** The simulator's reverse lookup finds this caller, so Fusion and the toolbar name her. */
const CALLER_NAME = 'Lisa Jones';

let browser: Browser;
let page: Page;
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
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  outside = watchOutsideRequests(page);
  await page.goto(GENESYS_SIMULATOR_URL);
  await toolbar().getByText('Genesys Engage: connected').waitFor({ timeout: 20000 });
});

afterEach(async () => {
  expect(outside).toEqual([]);
  await page.close();
});

const toolbar = (): FrameLocator => page.frameLocator('iframe[title="Media toolbar"]');
const customer = () => page.getByRole('region', { name: 'Customer' });
const fusionDialog = (name: string) => page.getByRole('dialog', { name });
const toolbarCard = (state: string) => toolbar().getByRole('group', { name: `${state}: ${CALLER_NAME}` });

/** The comm operations Fusion received, as "operation[:reason]". */
async function commOperations(): Promise<string[]> {
  return (await operations(page))
    .filter((o) => /CommEvent$/.test(o.operation))
    .map((o) => (o.reason ? `${o.operation}:${o.reason}` : o.operation));
}

/** Waits until Fusion received exactly these comm operations (and then checks nothing else came). */
async function expectCommOperations(expected: string[]): Promise<void> {
  await page.waitForFunction(
    (count) =>
      (window as unknown as { fusionSimulator: { operations: Array<{ operation: string }> } }).fusionSimulator.operations.filter((o) =>
        /CommEvent$/.test(o.operation),
      ).length >= count,
    expected.length,
    { timeout: 10000 },
  );
  expect(await commOperations()).toEqual(expected);
}

async function customerCalls(): Promise<void> {
  await customer().getByLabel('Customer’s number').fill(CALLER);
  await customer().getByRole('button', { name: 'Call the agent' }).click();
  await fusionDialog('Incoming call').waitFor();
  await toolbarCard('Incoming call').waitFor();
}

async function acceptedBy(source: 'fusion' | 'toolbar' | 'softphone'): Promise<void> {
  if (source === 'fusion') await fusionDialog('Incoming call').getByRole('button', { name: 'Answer' }).click();
  if (source === 'toolbar') await toolbarCard('Incoming call').getByRole('button', { name: 'Accept' }).click();
  if (source === 'softphone') await customer().getByRole('button', { name: 'Softphone: answer' }).click();
  await toolbarCard('Connected').waitFor();
  await page.getByRole('region', { name: 'Inbound call' }).waitFor();
  await expectCommOperations(['newCommEvent', 'startCommEvent']);
}

async function endedBy(source: 'fusion' | 'toolbar' | 'softphone' | 'customer'): Promise<void> {
  if (source === 'fusion') await page.getByRole('region', { name: 'Inbound call' }).getByRole('button', { name: 'End Call' }).click();
  if (source === 'toolbar') await toolbarCard('Connected').getByRole('button', { name: 'Hang up' }).click();
  if (source === 'softphone') await customer().getByRole('button', { name: 'Softphone: hang up' }).click();
  if (source === 'customer') await customer().getByRole('button', { name: 'Customer hangs up' }).click();
  await toolbarCard('Wrap-up').waitFor();
  await fusionDialog('Wrap Up').waitFor();
  await expectCommOperations(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  await fusionDialog('Wrap Up').getByRole('button', { name: 'Close Wrap Up' }).click();
  await toolbar().getByText('No calls').waitFor();
}

async function expectNoCallsLeft(): Promise<void> {
  await toolbar().getByText('No calls').waitFor();
  await customer().getByText('No calls.').waitFor();
}

describe('Genesys: the tutorial’s scenarios in the Fusion simulator', () => {
  it('declines from Fusion: one newCommEvent, then closeCommEvent REJECT, and the toolbar clears', async () => {
    await customerCalls();
    await fusionDialog('Incoming call').getByRole('button', { name: 'Decline' }).click();
    await expectCommOperations(['newCommEvent', 'closeCommEvent:REJECT']);
    await expectNoCallsLeft();
  });

  it('declines from the toolbar: one newCommEvent, then closeCommEvent REJECT, and Fusion’s dialog goes away', async () => {
    await customerCalls();
    await toolbarCard('Incoming call').getByRole('button', { name: 'Decline' }).click();
    await expectCommOperations(['newCommEvent', 'closeCommEvent:REJECT']);
    await fusionDialog('Incoming call').waitFor({ state: 'detached' });
    await expectNoCallsLeft();
  });

  it('accepts from Fusion and ends from the toolbar: start, then wrap-up', async () => {
    await customerCalls();
    await acceptedBy('fusion');
    await endedBy('toolbar');
  });

  it('accepts from the toolbar and ends from the softphone: start, then wrap-up', async () => {
    await customerCalls();
    await acceptedBy('toolbar');
    await endedBy('softphone');
  });

  it('accepts from the softphone and ends from Fusion: start, then wrap-up', async () => {
    await customerCalls();
    await acceptedBy('softphone');
    await endedBy('fusion');
  });

  it('the customer hangs up while ringing: closeCommEvent ABANDONED, and both sides clear', async () => {
    await customerCalls();
    await customer().getByRole('button', { name: 'Customer hangs up' }).click();
    await expectCommOperations(['newCommEvent', 'closeCommEvent:ABANDONED']);
    await fusionDialog('Incoming call').waitFor({ state: 'detached' });
    await expectNoCallsLeft();
  });

  it('the customer hangs up after the answer: the engagement goes to wrap-up', async () => {
    await customerCalls();
    await acceptedBy('toolbar');
    await endedBy('customer');
  });

  it('an outbound call from Fusion’s click-to-dial connects when the callee answers', async () => {
    await page.getByRole('button', { name: 'Call +1 650 555 0100' }).click();
    await toolbar().getByRole('group', { name: /^Calling…: / }).waitFor();
    await customer().getByRole('button', { name: 'Callee answers' }).click();
    await toolbar().getByRole('group', { name: /^Connected: / }).waitFor();
    await expectCommOperations(['newCommEvent', 'startCommEvent']);
    await toolbar().getByRole('group', { name: /^Connected: / }).getByRole('button', { name: 'Hang up' }).click();
    await expectCommOperations(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });
});
