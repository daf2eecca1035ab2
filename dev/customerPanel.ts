/**
 * The Fusion simulator's "Customer" panel: plays the customer, the callee and the agent's softphone against the
 * vendor's development backend (a CustomerSide). It shows the calls on the agent's phone, refreshed after every
 * action and once a second (calls also change through the toolbar, Fusion and timers).
 */
import type { CustomerSide, PanelCall } from './customerSide';
import { button, el } from './dom';

const REFRESH_MS = 1000;
/** A number the simulator's reverse-lookup directory knows, so Fusion shows a contact for it. */
export const DEFAULT_CALLER = '+16505550100';

const STATE_TEXT: Record<PanelCall['state'], string> = {
  ringing: 'ringing',
  dialing: 'dialing',
  talking: 'talking',
  held: 'on hold, hearing hold music',
  transferred: 'transferred away from the agent',
};

const THIRD_PARTY_TEXT: Record<NonNullable<PanelCall['thirdParty']>['state'], string> = {
  ringing: 'rings',
  talking: 'talks',
  conferenced: 'is in a conference with the agent and the customer',
};

export class CustomerPanel {
  private readonly list: HTMLUListElement;
  private readonly status: HTMLParagraphElement;
  private readonly numberInput: HTMLInputElement;
  private signature = '';
  /** Why the last action failed, until the next action: a refresh that recovers must not wipe it. */
  private actionError = '';
  /** Why the phone system cannot be reached, until a refresh succeeds. */
  private reachError = '';
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly doc: Document,
    root: HTMLElement,
    private readonly side: CustomerSide,
  ) {
    this.numberInput = el(doc, 'input', { attrs: { id: 'customer-number', type: 'tel', value: DEFAULT_CALLER, autocomplete: 'off' } });
    this.list = el(doc, 'ul', { className: 'plain-list', attrs: { id: 'customer-calls', 'aria-label': 'Calls on the agent’s phone' } });
    this.status = el(doc, 'p', { className: 'message message-error', attrs: { id: 'customer-error', role: 'alert' } });
    const form = el(doc, 'form', { className: 'customer-form' }, [
      el(doc, 'label', { text: 'Customer’s number', attrs: { for: 'customer-number' } }),
      this.numberInput,
      el(doc, 'button', { text: 'Call the agent', className: 'button button-primary', attrs: { type: 'submit' } }),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.act(() => this.side.callAgent(this.numberInput.value.trim()));
    });
    root.replaceChildren(
      el(doc, 'h2', { text: 'Customer', attrs: { id: 'customer-heading' } }),
      el(doc, 'p', { className: 'hint', text: side.description }),
      form,
      ...this.transferTools(),
      this.list,
      this.status,
    );
    root.setAttribute('aria-labelledby', 'customer-heading');
    root.removeAttribute('aria-label');
  }

  /**
   * What the panel offers of transfers where the backend models them: where the agent can transfer to, the target's
   * busy switch, and a caller another agent transfers in.
   */
  private transferTools(): HTMLElement[] {
    const { doc, side } = this;
    const tools: HTMLElement[] = [];
    if (side.targetDestinations?.length) {
      tools.push(el(doc, 'p', { className: 'hint', attrs: { id: 'customer-transfer-targets' }, text: `The agent can transfer to: ${side.targetDestinations.join(', ')}.` }));
    }
    const setBusy = side.setTargetBusy?.bind(side);
    if (setBusy) {
      const busy = el(doc, 'input', { attrs: { id: 'customer-target-busy', type: 'checkbox' } });
      busy.addEventListener('change', () => void this.act(() => setBusy(busy.checked)));
      tools.push(el(doc, 'p', { className: 'customer-busy' }, [busy, el(doc, 'label', { text: ' The transfer target is busy', attrs: { for: 'customer-target-busy' } })]));
    }
    const transferIn = side.transferToAgent?.bind(side);
    if (transferIn) {
      tools.push(button(doc, 'Another agent transfers this caller to the agent', '', () => void this.act(() => transferIn(this.numberInput.value.trim()))));
    }
    return tools;
  }

  /** Starts the periodic refresh; returns a function that stops it. */
  start(): () => void {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), REFRESH_MS);
    return () => clearInterval(this.timer);
  }

  async refresh(): Promise<void> {
    let calls: PanelCall[];
    try {
      calls = await this.side.calls();
    } catch (err) {
      this.reachError = `Cannot reach the phone system: ${err instanceof Error ? err.message : String(err)}`;
      this.showStatus();
      return;
    }
    this.reachError = '';
    this.showStatus();
    const signature = JSON.stringify(calls);
    if (signature === this.signature) return; // unchanged: keep the buttons (and keyboard focus) where they are
    this.signature = signature;
    this.list.replaceChildren(...(calls.length ? calls.map((call) => this.callItem(call)) : [el(this.doc, 'li', { className: 'empty', text: 'No calls.' })]));
  }

  private callItem(call: PanelCall): HTMLLIElement {
    const { doc, side } = this;
    const who = call.direction === 'inbound' ? `Customer ${call.number} calls` : `Agent dials ${call.number}`;
    const actions: HTMLButtonElement[] = [];
    if (call.direction === 'inbound' && call.state === 'ringing') {
      actions.push(button(doc, 'Softphone: answer', 'button-primary', () => void this.act(() => side.softphoneAnswer(call.id))));
    }
    if (call.state === 'dialing') {
      actions.push(button(doc, 'Callee answers', 'button-primary', () => void this.act(() => side.calleeAnswers(call.id))));
      actions.push(button(doc, 'Callee is busy', '', () => void this.act(() => side.calleeBusy(call.id))));
    }
    if (call.state === 'talking' && side.softphoneHold) {
      actions.push(button(doc, 'Softphone: hold', '', () => void this.act(() => side.softphoneHold?.(call.id) ?? Promise.resolve())));
    }
    if (call.state === 'held' && side.softphoneResume) {
      actions.push(button(doc, 'Softphone: resume', '', () => void this.act(() => side.softphoneResume?.(call.id) ?? Promise.resolve())));
    }
    const party = call.thirdParty;
    if (party?.state === 'ringing') {
      if (side.targetAnswers) actions.push(button(doc, 'Target answers', 'button-primary', () => void this.act(() => side.targetAnswers?.(call.id) ?? Promise.resolve())));
      if (side.targetRefuses) actions.push(button(doc, 'Target refuses', '', () => void this.act(() => side.targetRefuses?.(call.id) ?? Promise.resolve())));
    }
    if (party && party.state !== 'ringing' && side.targetHangsUp) {
      actions.push(button(doc, 'Target hangs up', '', () => void this.act(() => side.targetHangsUp?.(call.id) ?? Promise.resolve())));
    }
    // A call transferred away is no longer on the agent's softphone: only the customer and the target act on it.
    if (call.state !== 'transferred') actions.push(button(doc, 'Softphone: hang up', '', () => void this.act(() => side.softphoneHangUp(call.id))));
    actions.push(button(doc, 'Customer hangs up', 'button-danger', () => void this.act(() => side.hangUp(call.id))));
    const heard = call.digitsHeard ? `; heard the digits ${call.digitsHeard}` : '';
    const target = party ? `; ${party.destination} ${THIRD_PARTY_TEXT[party.state]}` : '';
    return el(doc, 'li', { className: 'customer-call', attrs: { 'data-call-id': call.id, 'data-state': call.state, 'data-third-party': party?.state ?? '' } }, [
      el(doc, 'span', { text: `${who} – ${STATE_TEXT[call.state]}${heard}${target}`, attrs: { 'data-digits-heard': call.digitsHeard ?? '' } }),
      el(doc, 'div', { className: 'actions' }, actions),
    ]);
  }

  private async act(action: () => Promise<void>): Promise<void> {
    this.actionError = '';
    this.showStatus();
    try {
      await action();
    } catch (err) {
      this.actionError = err instanceof Error ? err.message : String(err);
      this.showStatus();
    }
    await this.refresh();
  }

  private showStatus(): void {
    const text = [this.actionError, this.reachError].filter(Boolean).join(' ');
    if (this.status.textContent !== text) this.status.textContent = text;
  }
}
