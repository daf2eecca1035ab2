/**
 * Transfers walked in the Fusion simulator for one vendor: a blind transfer, a consult completed, one cancelled, one
 * the target refuses, and a conference. The Customer panel plays the transfer target. UEF has no transfer
 * operation, so Fusion hears each call's story once, as a talked call: start, then wrap-up.
 */
import type { Locator } from 'playwright-core';
import type { FusionPage } from './fusionPage';
import { CALLER_NAME } from './fusionPage';
import { say } from './toolbarWords';

export interface TransferTarget {
  /** How the agent names the target: a number typed, or a quick connect picked. */
  readonly pick: { readonly number: string } | { readonly quickConnect: string };
  /** How the toolbar and the Customer panel name the target once it is called. */
  readonly shownAs: string;
  /**
   * What the error line says of a target that refused a consult: Genesys says why ('refused the call', 'is busy');
   * Amazon Connect shows only the connection dropping ('could not be reached').
   */
  readonly refusedAs: RegExp;
}

/** Genesys' transfer target: the switch's DN 7002 (the simulator's target phone, or agent2's phone at the fake GWS). */
export const GENESYS_TARGET: TransferTarget = { pick: { number: '7002' }, shownAs: '7002', refusedAs: /refused the call/ };

const STARTED = ['newCommEvent', 'startCommEvent'];
const WRAPPED_UP = [...STARTED, 'closeCommEvent:WRAPUP'];

/** The Customer panel's line for the call, once its third party is in `state` (the panel's data-third-party). */
function targetCall(page: FusionPage, state: 'ringing' | 'talking' | 'conferenced'): Locator {
  return page.customer().locator(`li.customer-call[data-third-party="${state}"]`);
}

/** Opens the Transfer form on the connected call and names the target in it. */
export async function openTransferTo(page: FusionPage, target: TransferTarget): Promise<Locator> {
  const { words } = page;
  const card = page.toolbarCard(words.stateConnected);
  await card.getByRole('button', { name: words.transfer }).click();
  const form = card.getByRole('form', { name: say(words, 'transferFormLabel', { caller: CALLER_NAME }) });
  if ('number' in target.pick) await form.getByLabel(words.transferTo).fill(target.pick.number);
  else await form.getByRole('radio', { name: target.pick.quickConnect }).check();
  return form;
}

/** Consults the target and waits for it to ring at the Customer panel. */
export async function consult(page: FusionPage, target: TransferTarget): Promise<void> {
  const form = await openTransferTo(page, target);
  await form.getByRole('button', { name: page.words.consultFirst }).click();
  await page.toolbarCard(page.words.stateConsulting).getByText(say(page.words, 'partyRinging', { party: target.shownAs })).waitFor();
  await targetCall(page, 'ringing').waitFor();
}

export async function targetAnswers(page: FusionPage, target: TransferTarget): Promise<Locator> {
  await targetCall(page, 'ringing').getByRole('button', { name: 'Target answers' }).click();
  const card = page.toolbarCard(page.words.stateConsulting);
  await card.getByText(say(page.words, 'partyTalking', { party: target.shownAs })).waitFor();
  return card;
}

/** The call left the agent: the toolbar wraps it up, Fusion hears the end once; the agent closes wrap-up. */
async function wrappedUp(page: FusionPage): Promise<void> {
  await page.toolbarCard('Wrap-up').waitFor();
  await page.expectCommOperations(WRAPPED_UP);
  await page.fusionDialog('Wrap Up').getByRole('button', { name: 'Close Wrap Up' }).click();
  await page.toolbar().getByText('No calls').waitFor();
}

export function itTransfersACall(fusion: () => FusionPage, target: TransferTarget, offered: { readonly conference: boolean }): void {
  it('a blind transfer: the customer goes to the target, Fusion hears the call end once, and the agent is free', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.acceptedBy('toolbar');
    const form = await openTransferTo(page, target);
    await form.getByRole('button', { name: 'Transfer now' }).click();
    await wrappedUp(page);
    const transferred = page.customer().locator('li.customer-call[data-state="transferred"]');
    await transferred.getByRole('button', { name: 'Target answers' }).click();
    await page.customer().locator('li.customer-call[data-state="transferred"][data-third-party="talking"]').waitFor();
    await transferred.getByRole('button', { name: 'Customer hangs up' }).click();
    await page.expectNoCallsLeft();
    expect(await page.commOperations()).toEqual(WRAPPED_UP);
  });

  it('a consult completed: the customer waits on hold, the agent talks with the target, then hands the customer over', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.acceptedBy('toolbar');
    await consult(page, target);
    await page.customer().locator('li.customer-call[data-state="held"]').waitFor();
    const card = await targetAnswers(page, target);
    expect(await card.getByRole('button', { name: 'Hang up' }).count()).toBe(0);
    await card.getByRole('button', { name: 'Complete transfer' }).click();
    await wrappedUp(page);
    await page.customer().locator('li.customer-call[data-state="transferred"][data-third-party="talking"]').getByRole('button', { name: 'Customer hangs up' }).click();
    await page.expectNoCallsLeft();
  });

  it('a consult cancelled: the target is dropped and the agent is back with the customer', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.acceptedBy('toolbar');
    await consult(page, target);
    const card = await targetAnswers(page, target);
    await card.getByRole('button', { name: 'Cancel transfer' }).click();
    await page.toolbarCard('Connected').getByRole('button', { name: 'Hang up' }).waitFor();
    await page.customer().locator('li.customer-call[data-state="talking"][data-third-party=""]').waitFor();
    expect(await page.commOperations()).toEqual(STARTED);
    await page.endedBy('toolbar');
  });

  it('a consult the target refuses: the agent reads why, and resumes the customer', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.acceptedBy('toolbar');
    await consult(page, target);
    await targetCall(page, 'ringing').getByRole('button', { name: 'Target refuses' }).click();
    await page.toolbar().getByText(new RegExp(`${target.shownAs} ${target.refusedAs.source}\\. The customer is still on the call\\.`)).waitFor();
    await page.toolbarCard('On hold').getByRole('button', { name: 'Resume' }).click();
    await page.toolbarCard('Connected').waitFor();
    await page.endedBy('toolbar');
  });

  if (offered.conference) {
    it('a conference: all three talk; the agent hangs up and the customer and the target talk on', async () => {
      const page = fusion();
      await page.customerCalls();
      await page.acceptedBy('toolbar');
      await consult(page, target);
      const card = await targetAnswers(page, target);
      await card.getByRole('button', { name: 'Conference' }).click();
      const conference = page.toolbarCard('Conference');
      await conference.getByText(`${target.shownAs}: in a conference with you and the customer`).waitFor();
      await targetCall(page, 'conferenced').waitFor();
      expect(await page.commOperations()).toEqual(STARTED);
      await conference.getByRole('button', { name: 'Hang up' }).click();
      await wrappedUp(page);
      // The agent left; what is left of the call is the customer's with the target, until one of them hangs up.
      await page.customer().locator('li.customer-call[data-state="transferred"]').getByRole('button', { name: 'Customer hangs up' }).click();
      await page.expectNoCallsLeft();
    });
  }
}
