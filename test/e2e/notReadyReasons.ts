/**
 * A reason for not taking calls, picked in the toolbar's "Not available because…" list, walked in the Fusion
 * simulator for one vendor: the toolbar shows it, Fusion hears it (agentStateEventOperation's reason and its display
 * string), the phone system has the agent away for it, and the switch makes the agent available again.
 */
import type { FusionPage } from './fusionPage';

export interface PickedReason {
  /** What the toolbar lists and shows. */
  readonly name: string;
  /** What the vendor is sent and reports back, and Fusion hears as the reason. */
  readonly code: string;
  /** Where the vendor keeps the agent's state, for the test's title (e.g. "the CCP’s agent state"). */
  readonly vendorSide: string;
  /** The phone system's own word on the agent, where the test can read it (the bridge's simulator, the fake GWS). */
  readonly vendorSays?: () => Promise<{ readonly available: boolean; readonly reasonCode?: string }>;
}

export function itPicksANotReadyReason(fusion: () => FusionPage, reason: PickedReason): void {
  it(`a reason for not taking calls, picked in the toolbar, is ${reason.vendorSide}, and back to Available`, async () => {
    const page = fusion();
    const toolbar = page.toolbar();
    await toolbar.getByText('Not available because…').click();
    await toolbar.getByRole('radio', { name: reason.name }).check();
    await toolbar.getByText(`Status: ${reason.name}`).waitFor();
    await toolbar.getByRole('switch', { name: 'Available', checked: false }).waitFor();
    if (reason.vendorSays) expect(await reason.vendorSays()).toEqual({ available: false, reasonCode: reason.code });
    await page.expectFusionAgent({ isAvailable: false, reason: reason.code, reasonDisplayString: reason.name });
    await toolbar.getByRole('switch', { name: 'Available' }).click();
    await toolbar.getByText('Status: Available').waitFor();
    expect(await toolbar.getByRole('radio', { name: reason.name }).isChecked()).toBe(false);
    if (reason.vendorSays) expect(await reason.vendorSays()).toEqual({ available: true });
    await page.expectFusionAgent({ isAvailable: true, reason: '' });
  });
}
