/** The Customer panel's error line: an action's failure and the phone system being out of reach are told apart. */
import { CustomerPanel } from '../../dev/customerPanel';
import type { CustomerSide, PanelCall } from '../../dev/customerSide';

/** A customer side whose answers the test sets. */
class ScriptedSide implements CustomerSide {
  readonly description = 'scripted';
  reachable = true;
  refuseCalls: string | null = null;
  async calls(): Promise<PanelCall[]> {
    if (!this.reachable) throw new Error('the emulator is not loaded');
    return [];
  }
  async callAgent(): Promise<void> {
    if (this.refuseCalls) throw new Error(this.refuseCalls);
  }
  async hangUp(): Promise<void> {}
  async calleeAnswers(): Promise<void> {}
  async calleeBusy(): Promise<void> {}
  async softphoneAnswer(): Promise<void> {}
  async softphoneHangUp(): Promise<void> {}
}

function setUp(): { side: ScriptedSide; panel: CustomerPanel; error: () => string } {
  document.body.innerHTML = '<section id="customer-panel"></section>';
  const side = new ScriptedSide();
  const panel = new CustomerPanel(document, document.getElementById('customer-panel')!, side);
  return { side, panel, error: () => document.getElementById('customer-error')?.textContent ?? '' };
}

async function callTheAgent(): Promise<void> {
  document.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

describe('the Customer panel', () => {
  test('an action that failed stays shown after the phone system, out of reach meanwhile, answers again', async () => {
    const { side, panel, error } = setUp();
    side.refuseCalls = 'The agent is not available.';
    side.reachable = false;

    await callTheAgent();
    expect(error()).toBe('The agent is not available. Cannot reach the phone system: the emulator is not loaded');

    side.reachable = true;
    await panel.refresh();
    expect(error()).toBe('The agent is not available.');
  });

  test('the next action clears the last one’s failure', async () => {
    const { side, error } = setUp();
    side.refuseCalls = 'The agent is not available.';
    await callTheAgent();
    side.refuseCalls = null;

    await callTheAgent();

    expect(error()).toBe('');
  });
});
