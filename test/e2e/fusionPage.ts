/**
 * The Fusion simulator page as the browser tests see it: Fusion's dialogs, the framed toolbar, the Customer panel,
 * and the UEF operations Fusion received. Shared by every vendor's scenarios.
 */
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { operations } from './browser';
import type { ToolbarStrings } from '../../src/ts/i18n/strings';
import { WORDS, say } from './toolbarWords';

export const CALLER = '+16505550100';
/** The simulator's reverse lookup finds this caller, so Fusion and the toolbar name her. */
export const CALLER_NAME = 'Lisa Jones';

export type Actor = 'fusion' | 'toolbar' | 'softphone' | 'customer';

export class FusionPage {
  /** `words`: the toolbar's words in the language it was opened in (Fusion's own page stays in English). */
  constructor(
    readonly page: Page,
    readonly words: ToolbarStrings = WORDS.en,
  ) {}

  /** Opens the simulator page at `url` in `page` and waits until its toolbar is connected to Genesys. */
  static async openOnGenesys(page: Page, url: string, words: ToolbarStrings = WORDS.en): Promise<FusionPage> {
    await page.goto(url);
    const fusion = new FusionPage(page, words);
    await fusion.toolbar().getByText(say(words, 'vendorLink', { vendor: 'Genesys Engage', link: words.linkConnected })).waitFor({ timeout: 20000 });
    return fusion;
  }

  toolbar(): FrameLocator {
    return this.page.frameLocator('iframe[title="Media toolbar"]');
  }

  customer(): Locator {
    return this.page.getByRole('region', { name: 'Customer' });
  }

  fusionDialog(name: string): Locator {
    return this.page.getByRole('dialog', { name });
  }

  /** A call's card in the toolbar, by its state's label (`words.stateConnected`…) and its caller. */
  toolbarCard(state: string, who = CALLER_NAME): Locator {
    return this.toolbar().getByRole('group', { name: say(this.words, 'cardLabel', { state, caller: who }) });
  }

  /**
   * Waits until Fusion last heard (agentStateEventOperation) the agent's state with these fields, then checks them,
   * so that a failure shows what Fusion did hear.
   */
  async expectFusionAgent(expected: { isAvailable: boolean; reason?: string; reasonDisplayString?: string }): Promise<void> {
    const read = () =>
      this.page.evaluate(() => (window as unknown as { fusionSimulator: { simulator: { state: { agent: Record<string, unknown> | null } } } }).fusionSimulator.simulator.state.agent);
    await this.page
      .waitForFunction(
        (want) => {
          const agent = (window as unknown as { fusionSimulator: { simulator: { state: { agent: Record<string, unknown> | null } } } }).fusionSimulator.simulator.state.agent;
          return agent !== null && Object.entries(want).every(([key, value]) => agent[key] === value);
        },
        expected,
        { timeout: 10000 },
      )
      .catch(() => undefined);
    expect(await read()).toMatchObject(expected);
  }

  /** The comm operations Fusion received, as "operation[:reason]". */
  async commOperations(): Promise<string[]> {
    return (await operations(this.page)).filter((o) => /CommEvent$/.test(o.operation)).map((o) => (o.reason ? `${o.operation}:${o.reason}` : o.operation));
  }

  /** Waits until Fusion received as many comm operations as expected, then checks they are exactly these. */
  async expectCommOperations(expected: string[]): Promise<void> {
    await this.page.waitForFunction(
      (count) =>
        (window as unknown as { fusionSimulator: { operations: Array<{ operation: string }> } }).fusionSimulator.operations.filter((o) =>
          /CommEvent$/.test(o.operation),
        ).length >= count,
      expected.length,
      { timeout: 10000 },
    );
    expect(await this.commOperations()).toEqual(expected);
  }

  async customerCalls(number = CALLER, who = CALLER_NAME): Promise<void> {
    await this.customer().getByLabel('Customer’s number').fill(number);
    await this.customer().getByRole('button', { name: 'Call the agent' }).click();
    try {
      await this.fusionDialog('Incoming call').first().waitFor({ timeout: 15000 });
    } catch (err) {
      // Say what the Customer panel and the toolbar said, rather than only that nothing rang.
      const panel = await this.customer().locator('#customer-error').textContent();
      const panelCalls = await this.customer().locator('#customer-calls').textContent();
      const toolbar = await this.toolbar().locator('main').textContent();
      const flat = (text: string | null): string => (text ?? '').replace(/\s+/g, ' ').trim();
      throw new Error(
        `No incoming call reached Fusion. Customer panel: "${flat(panel)}", its calls: "${flat(panelCalls)}". Toolbar: "${flat(toolbar)}". (${(err as Error).message})`,
        { cause: err },
      );
    }
    await this.toolbarCard(this.words.stateRinging, who).waitFor();
  }

  async acceptedBy(actor: Exclude<Actor, 'customer'>): Promise<void> {
    if (actor === 'fusion') await this.fusionDialog('Incoming call').getByRole('button', { name: 'Answer' }).click();
    if (actor === 'toolbar') await this.toolbarCard(this.words.stateRinging).getByRole('button', { name: this.words.accept }).click();
    if (actor === 'softphone') await this.customer().getByRole('button', { name: 'Softphone: answer' }).click();
    await this.toolbarCard(this.words.stateConnected).waitFor();
    await this.page.getByRole('region', { name: 'Inbound call' }).waitFor();
    await this.expectCommOperations(['newCommEvent', 'startCommEvent']);
    // The Customer panel refreshes on its own clock and redraws a call's buttons when its state changes (a ringing
    // call has one more). Acting on it before it shows the call connected could click where a button was.
    await this.customer().locator('li.customer-call[data-state="talking"]').waitFor();
  }

  /** Ends the connected call, checks both sides show wrap-up, then closes Fusion's Wrap Up window. */
  async endedBy(actor: Actor): Promise<void> {
    if (actor === 'fusion') await this.page.getByRole('region', { name: 'Inbound call' }).getByRole('button', { name: 'End Call' }).click();
    if (actor === 'toolbar') await this.toolbarCard('Connected').getByRole('button', { name: 'Hang up' }).click();
    if (actor === 'softphone') await this.customer().getByRole('button', { name: 'Softphone: hang up' }).click();
    if (actor === 'customer') await this.customer().getByRole('button', { name: 'Customer hangs up' }).click();
    await this.toolbarCard('Wrap-up').waitFor();
    await this.fusionDialog('Wrap Up').waitFor();
    await this.expectCommOperations(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    await this.fusionDialog('Wrap Up').getByRole('button', { name: 'Close Wrap Up' }).click();
    await this.toolbar().getByText('No calls').waitFor();
  }

  async declinedBy(actor: 'fusion' | 'toolbar'): Promise<void> {
    if (actor === 'fusion') await this.fusionDialog('Incoming call').getByRole('button', { name: 'Decline' }).click();
    else await this.toolbarCard('Incoming call').getByRole('button', { name: 'Decline' }).click();
    await this.expectCommOperations(['newCommEvent', 'closeCommEvent:REJECT']);
    await this.fusionDialog('Incoming call').waitFor({ state: 'detached' });
    await this.expectNoCallsLeft();
  }

  async expectNoCallsLeft(): Promise<void> {
    await this.toolbar().getByText('No calls').waitFor();
    await this.customer().getByText('No calls.').waitFor();
  }
}

/**
 * The scenarios both of Oracle's tutorials walk, declared as tests for one vendor: decline from Fusion or the
 * toolbar; accept and end from Fusion, the toolbar or the agent's phone (`phone`: what the vendor calls it); the
 * customer hanging up before and after the answer; a click-to-dial call the callee answers. Besides them, what real
 * Fusion also does: its ringing dialog timing out, and the agent finishing wrap-up in the toolbar.
 */
export function itWalksTheTutorialScenarios(fusion: () => FusionPage, phone: string): void {
  it('declines from Fusion: one newCommEvent, then closeCommEvent REJECT, and the toolbar clears', async () => {
    await fusion().customerCalls();
    await fusion().declinedBy('fusion');
  });

  it('declines from the toolbar: one newCommEvent, then closeCommEvent REJECT, and Fusion’s dialog goes away', async () => {
    await fusion().customerCalls();
    await fusion().declinedBy('toolbar');
  });

  it('accepts from Fusion and ends from the toolbar: start, then wrap-up', async () => {
    await fusion().customerCalls();
    await fusion().acceptedBy('fusion');
    await fusion().endedBy('toolbar');
  });

  it(`accepts from the toolbar and ends in ${phone}: start, then wrap-up`, async () => {
    await fusion().customerCalls();
    await fusion().acceptedBy('toolbar');
    await fusion().endedBy('softphone');
  });

  it(`accepts in ${phone} and ends from Fusion: start, then wrap-up`, async () => {
    await fusion().customerCalls();
    await fusion().acceptedBy('softphone');
    await fusion().endedBy('fusion');
  });

  it('the customer hangs up while ringing: closeCommEvent ABANDONED, and both sides clear', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.customer().getByRole('button', { name: 'Customer hangs up' }).click();
    await page.expectCommOperations(['newCommEvent', 'closeCommEvent:ABANDONED']);
    await page.fusionDialog('Incoming call').waitFor({ state: 'detached' });
    await page.expectNoCallsLeft();
  });

  it('Fusion’s offer times out: the call is declined at the vendor, closeCommEvent TIMEOUT, and both sides clear', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.fusionDialog('Incoming call').getByRole('button', { name: 'Let it time out' }).click();
    await page.expectCommOperations(['newCommEvent', 'closeCommEvent:TIMEOUT']);
    await page.page.getByRole('region', { name: 'Offer timed out' }).waitFor({ state: 'detached' });
    await page.expectNoCallsLeft();
  });

  it('the agent finishes wrap-up in the toolbar: closeCommEvent ENDCOMMUNICATION closes Fusion’s Wrap Up window', async () => {
    const page = fusion();
    await page.customerCalls();
    await page.acceptedBy('toolbar');
    await page.customer().getByRole('button', { name: 'Customer hangs up' }).click();
    await page.fusionDialog('Wrap Up').waitFor();
    await page.toolbarCard('Wrap-up').getByRole('button', { name: 'Finish wrap-up' }).click();
    await page.expectCommOperations(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP', 'closeCommEvent:ENDCOMMUNICATION']);
    await page.fusionDialog('Wrap Up').waitFor({ state: 'detached' });
    await page.toolbar().getByText('No calls').waitFor();
  });

  it('the customer hangs up after the answer: the engagement goes to wrap-up', async () => {
    await fusion().customerCalls();
    await fusion().acceptedBy('toolbar');
    await fusion().endedBy('customer');
  });

  it('an outbound call from Fusion’s click-to-dial connects when the callee answers, and ends in wrap-up', async () => {
    const page = fusion();
    await page.page.getByRole('button', { name: 'Call +1 650 555 0100' }).click();
    await page.toolbar().getByRole('group', { name: /^Calling…: / }).waitFor();
    await page.customer().getByRole('button', { name: 'Callee answers' }).click();
    const connected = page.toolbar().getByRole('group', { name: /^Connected: / });
    await connected.waitFor();
    await page.expectCommOperations(['newCommEvent', 'startCommEvent']);
    await connected.getByRole('button', { name: 'Hang up' }).click();
    await page.expectCommOperations(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });
}
