/**
 * The call controls of a talked call, walked in the Fusion simulator for one vendor: hold and resume (from the
 * toolbar and from the agent's phone), mute, and keypad digits that reach the customer's side. Fusion hears nothing
 * of any of them (UEF has no operation for a hold or a mute): its story stays start, then wrap-up.
 */
import type { Locator } from 'playwright-core';
import { CALLER_NAME, type FusionPage } from './fusionPage';

export interface OfferedControls {
  /** The vendor mutes the agent from the toolbar (Amazon Connect); Genesys mutes at the agent's softphone. */
  readonly mute: boolean;
}

const STARTED = ['newCommEvent', 'startCommEvent'];
const WRAPPED_UP = [...STARTED, 'closeCommEvent:WRAPUP'];

/** The Customer panel's line for the call, once it shows the call in `state` (the panel's data-state). */
function panelCall(fusion: FusionPage, state: 'talking' | 'held'): Locator {
  return fusion.customer().locator(`li.customer-call[data-state="${state}"]`);
}

export function itControlsATalkedCall(fusion: () => FusionPage, offered: OfferedControls): void {
  it('holds and resumes from the toolbar: the customer hears hold music meanwhile, and Fusion hears nothing of it', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.acceptedBy('toolbar');
    await page.toolbarCard('Connected').getByRole('button', { name: 'Hold' }).click();
    const held = page.toolbarCard('On hold');
    await held.waitFor();
    await panelCall(page, 'held').getByText('on hold, hearing hold music').waitFor();
    // The same button, now Resume: keyboard focus stays where it was.
    await held.getByRole('button', { name: 'Resume' }).click();
    await page.toolbarCard('Connected').waitFor();
    await panelCall(page, 'talking').waitFor();
    expect(await page.commOperations()).toEqual(STARTED);
    await page.endedBy('toolbar');
  });

  it('a hold and a resume at the agent’s phone show in the toolbar', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.acceptedBy('toolbar');
    await page.customer().getByRole('button', { name: 'Softphone: hold' }).click();
    await page.toolbarCard('On hold').getByRole('button', { name: 'Resume' }).waitFor();
    await page.customer().getByRole('button', { name: 'Softphone: resume' }).click();
    await page.toolbarCard('Connected').getByRole('button', { name: 'Hold' }).waitFor();
    await page.endedBy('toolbar');
  });

  it('the customer hangs up while on hold: the call goes to wrap-up, told to Fusion once', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.acceptedBy('toolbar');
    await page.toolbarCard('Connected').getByRole('button', { name: 'Hold' }).click();
    await page.toolbarCard('On hold').waitFor();
    await panelCall(page, 'held').getByRole('button', { name: 'Customer hangs up' }).click();
    await page.toolbarCard('Wrap-up').waitFor();
    await page.expectCommOperations(WRAPPED_UP);
    await page.fusionDialog('Wrap Up').getByRole('button', { name: 'Close Wrap Up' }).click();
    await page.toolbar().getByText('No calls').waitFor();
  });

  it('keypad digits, clicked and typed, reach the customer in order', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.acceptedBy('toolbar');
    const card = page.toolbarCard('Connected');
    await card.getByRole('button', { name: 'Keypad' }).click();
    const keypad = card.getByRole('group', { name: /^Keypad/ });
    await keypad.getByRole('button', { name: '1', exact: true }).click();
    await keypad.getByRole('button', { name: '1', exact: true }).focus();
    // Typed on the keyboard while a key has focus, as an agent would.
    await page.page.keyboard.press('2');
    await page.page.keyboard.press('#');
    await keypad.getByText('Sent: 12#').waitFor();
    await page.customer().locator('[data-digits-heard="12#"]').waitFor();
    expect(await page.commOperations()).toEqual(STARTED);
    await page.endedBy('toolbar');
  });

  if (offered.mute) {
    it('mutes and unmutes from the toolbar: the toggle shows pressed while the phone system says muted', async () => {
      const page = fusion();
      await page.customerCalls();
      await page.acceptedBy('toolbar');
      const mute = page.toolbarCard('Connected').getByRole('button', { name: 'Mute' });
      await mute.click();
      // The announcement follows the phone system's report, not the press: the toggle alone flips on the click.
      await page.toolbar().getByText(`Muted: ${CALLER_NAME}`).waitFor();
      await page.toolbar().locator('.toolbar-mute button[aria-pressed="true"]').waitFor();
      await mute.click();
      await page.toolbar().getByText(`Microphone on: ${CALLER_NAME}`).waitFor();
      await page.toolbar().locator('.toolbar-mute button[aria-pressed="false"]').waitFor();
      expect(await page.commOperations()).toEqual(STARTED);
      await page.endedBy('toolbar');
    });
  } else {
    it('offers no Mute: the phone system mutes at the agent’s own phone', async () => {
      const page = fusion();
      await page.customerCalls();
      await page.acceptedBy('toolbar');
      const card = page.toolbarCard('Connected');
      await card.getByRole('button', { name: 'Hold' }).waitFor();
      expect(await card.getByRole('button', { name: 'Mute' }).count()).toBe(0);
      await page.endedBy('toolbar');
    });
  }
}
