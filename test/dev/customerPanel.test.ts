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

/** A customer side with a transfer target, whose calls the test sets and whose target's actions it records. */
class TransferSide extends ScriptedSide {
  readonly targetDestinations = ['7002'];
  shownCalls: PanelCall[] = [];
  readonly done: string[] = [];
  override async calls(): Promise<PanelCall[]> {
    return this.shownCalls;
  }
  async targetAnswers(callId: string): Promise<void> {
    this.done.push(`answers ${callId}`);
  }
  async targetRefuses(callId: string): Promise<void> {
    this.done.push(`refuses ${callId}`);
  }
  async targetHangsUp(callId: string): Promise<void> {
    this.done.push(`hangs up ${callId}`);
  }
  async setTargetBusy(busy: boolean): Promise<void> {
    this.done.push(`busy ${busy}`);
  }
  async transferToAgent(number: string): Promise<void> {
    this.done.push(`transfer in ${number}`);
  }
}

describe('the Customer panel: the transfer target', () => {
  function transferSetUp() {
    document.body.innerHTML = '<section id="customer-panel"></section>';
    const side = new TransferSide();
    const panel = new CustomerPanel(document, document.getElementById('customer-panel')!, side);
    const buttons = () => Array.from(document.querySelectorAll<HTMLButtonElement>('#customer-calls button')).map((b) => b.textContent);
    const press = async (text: string) => {
      Array.from(document.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent === text)!.click();
      for (let i = 0; i < 5; i++) await Promise.resolve();
    };
    return { side, panel, buttons, press };
  }

  test('a consult ringing at the target can be answered or refused there, and says so', async () => {
    const { side, panel, buttons, press } = transferSetUp();
    side.shownCalls = [{ id: 'c1', direction: 'inbound', state: 'held', number: '+16505550100', thirdParty: { destination: '7002', state: 'ringing' } }];
    await panel.refresh();
    expect(document.querySelector('#customer-calls li')?.textContent).toContain('on hold, hearing hold music; 7002 rings');
    expect(buttons()).toEqual(['Target answers', 'Target refuses', 'Softphone: hang up', 'Customer hangs up']);
    await press('Target refuses');
    expect(side.done).toEqual(['refuses c1']);
  });

  test('a call transferred away shows the customer with the target, and no softphone', async () => {
    const { side, panel, buttons, press } = transferSetUp();
    side.shownCalls = [{ id: 'c1', direction: 'inbound', state: 'transferred', number: '+16505550100', thirdParty: { destination: '7002', state: 'talking' } }];
    await panel.refresh();
    expect(document.querySelector('#customer-calls li')?.textContent).toContain('transferred away from the agent; 7002 talks');
    expect(buttons()).toEqual(['Target hangs up', 'Customer hangs up']);
    await press('Target hangs up');
    expect(side.done).toEqual(['hangs up c1']);
  });

  test('names where the agent can transfer to, makes the target busy, and transfers a caller in', async () => {
    const { side, press } = transferSetUp();
    expect(document.getElementById('customer-transfer-targets')?.textContent).toBe('The agent can transfer to: 7002.');
    const busy = document.getElementById('customer-target-busy') as HTMLInputElement;
    busy.checked = true;
    busy.dispatchEvent(new Event('change'));
    await press('Another agent transfers this caller to the agent');
    expect(side.done).toEqual(['busy true', 'transfer in +16505550100']);
  });
});
