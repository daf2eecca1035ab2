/**
 * The customer's side of Amazon Connect in development: the CCP emulator (dev/ccp/), which amazon-connect-streams
 * frames inside the toolbar as its CCP. The Fusion simulator page has the emulator's origin but is not its parent,
 * so it reaches it through the toolbar frame's `frames` (allowed across origins) and talks to it over the
 * emulator's control channel (dev/ccp/ccpControl.ts) by postMessage, with the emulator's origin as target.
 */
import type { CustomerSide, PanelCall, PanelCallState, PanelThirdParty } from './customerSide';
import { CONTROL_TYPE, ControlAction, EMULATOR_NAME, EmulatorState, HELLO_TYPE, parseReply } from './ccp/ccpControl';
import type { ModelContactView } from './ccp/ccpModel';
import { TARGET_NUMBER, TARGET_QUICK_CONNECT } from './ccp/ccpTransfers';

/** A window that can be posted to (a frame of the toolbar, possibly cross-origin). */
export interface PostTarget {
  postMessage(message: unknown, targetOrigin: string): void;
  readonly closed?: boolean;
}

/** The toolbar's iframe element, as far as this needs it: its window's frames (an HTMLIFrameElement). */
export interface ToolbarFrame {
  readonly contentWindow: { readonly frames: { readonly length: number; readonly [index: number]: PostTarget | undefined } } | null;
}

/** Where replies arrive: the simulator page's window. */
export interface MessageSource {
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
}

export interface AmazonCustomerSideOptions {
  /** How long one request (or the search for the emulator) may take; default 3000 ms. */
  readonly timeoutMs?: number;
}

export const DEFAULT_CONTROL_TIMEOUT_MS = 3000;
/**
 * How often hello is said again while no frame has answered. A frame still loading (about:blank, whose origin is the
 * toolbar's, or the emulator before its script runs) drops the message, and would otherwise never be found.
 */
export const HELLO_REPEAT_MS = 100;

interface Pending {
  /** The window that must answer. */
  readonly target: PostTarget;
  readonly resolve: (result: unknown) => void;
  readonly reject: (error: Error) => void;
}

const PANEL_STATES: Record<string, PanelCallState | undefined> = { connected: 'talking' };

/** Connection states of a party still on the line (connect.CONNECTION_ACTIVE_STATES). */
const ON_THE_LINE = ['connecting', 'connected', 'hold'];

/** A contact's third party as the panel shows it: ringing there, talking (with the agent), or all three together. */
function thirdPartyOf(contact: ModelContactView): PanelThirdParty | undefined {
  const party = contact.thirdParty;
  if (!party || !ON_THE_LINE.includes(party.state)) return undefined;
  if (party.state === 'connecting') return { destination: party.destination, state: 'ringing' };
  const conferenced = party.state === 'connected' && contact.customerLeg === 'connected';
  return { destination: party.destination, state: conferenced ? 'conferenced' : 'talking' };
}

export class AmazonCustomerSide implements CustomerSide {
  readonly description = "Amazon Connect CCP emulator in the toolbar: the customer, the transfer target and the agent's CCP.";
  /** The quick connect that rings the emulator's transfer target, and its number. */
  readonly targetDestinations: readonly string[] = [TARGET_QUICK_CONNECT, TARGET_NUMBER];
  private readonly timeoutMs: number;
  private readonly pending = new Map<string, Pending>();
  private readonly idPrefix = `ccp-control-${Math.random().toString(36).slice(2, 10)}`;
  private counter = 0;
  private emulator: PostTarget | null = null;
  private finding: Promise<PostTarget> | null = null;

  constructor(
    private readonly toolbarFrame: ToolbarFrame,
    private readonly win: MessageSource,
    private readonly emulatorOrigin: string,
    options: AmazonCustomerSideOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_CONTROL_TIMEOUT_MS;
    this.win.addEventListener('message', this.onMessage);
  }

  async calls(): Promise<PanelCall[]> {
    const state = (await this.request('state', [])) as EmulatorState;
    if (!state || !Array.isArray(state.contacts)) throw new Error('The CCP emulator answered "state" without contacts.');
    const withAgent = state.contacts.flatMap((contact): PanelCall[] => {
      const panelState = contact.state === 'connecting' ? (contact.direction === 'inbound' ? 'ringing' : 'dialing') : PANEL_STATES[contact.state];
      if (!panelState) return []; // ended (after-contact work), missed, rejected, failed: no longer on the line
      if (contact.customerLeg === 'disconnected') return []; // the customer left (the agent may still be with a third party)
      // A talking contact whose customer's connection is on hold: the customer hears Amazon Connect's hold music.
      const state = panelState === 'talking' && contact.customerLeg === 'hold' ? 'held' : panelState;
      const thirdParty = thirdPartyOf(contact);
      return [{ id: contact.contactId, direction: contact.direction, state, number: contact.phoneNumber, digitsHeard: contact.digitsHeard, ...(thirdParty ? { thirdParty } : {}) }];
    });
    // Calls the agent left to the customer and a third party, until one of them hangs up.
    const transferred = (Array.isArray(state.transferred) ? state.transferred : []).map(
      (call): PanelCall => ({ id: call.contactId, direction: call.direction, state: 'transferred', number: call.phoneNumber, thirdParty: { destination: call.destination, state: call.state } }),
    );
    return [...withAgent, ...transferred];
  }

  async callAgent(number: string): Promise<void> {
    await this.request('customerCalls', [number]);
  }

  async hangUp(callId: string): Promise<void> {
    await this.request('customerHangsUp', [callId]);
  }

  async calleeAnswers(callId: string): Promise<void> {
    await this.request('calleeAnswers', [callId]);
  }

  async calleeBusy(callId: string): Promise<void> {
    await this.request('calleeBusy', [callId]);
  }

  async softphoneAnswer(callId: string): Promise<void> {
    await this.request('agentAnswers', [callId]);
  }

  async softphoneHangUp(callId: string): Promise<void> {
    await this.request('agentHangsUp', [callId]);
  }

  /** The agent's Hold and Resume in the CCP. */
  async softphoneHold(callId: string): Promise<void> {
    await this.request('agentHolds', [callId]);
  }

  async softphoneResume(callId: string): Promise<void> {
    await this.request('agentResumes', [callId]);
  }

  /** The third party of the call (the transfer target, or whoever else the agent called) answers, refuses or hangs up. */
  async targetAnswers(callId: string): Promise<void> {
    await this.request('targetAnswers', [callId]);
  }

  async targetRefuses(callId: string): Promise<void> {
    await this.request('targetRefuses', [callId]);
  }

  async targetHangsUp(callId: string): Promise<void> {
    await this.request('targetHangsUp', [callId]);
  }

  /** While busy, a call to the transfer target drops at once. */
  async setTargetBusy(busy: boolean): Promise<void> {
    await this.request('setTargetBusy', [busy]);
  }

  /** Another agent transfers the caller at this number to the agent. */
  async transferToAgent(number: string): Promise<void> {
    await this.request('transferToAgent', [number]);
  }

  /** Sends one control action to the emulator (found first if need be) and resolves with its result. */
  async request(action: ControlAction, args: unknown[]): Promise<unknown> {
    const target = await this.findEmulator();
    const id = this.nextId();
    try {
      return await this.ask(id, target, `The CCP emulator did not answer "${action}" within ${this.timeoutMs} ms.`, () =>
        target.postMessage({ type: CONTROL_TYPE, id, action, args }, this.emulatorOrigin),
      );
    } catch (error) {
      if (error instanceof TimeoutError) this.emulator = null; // reloaded or gone: look for it again next time
      throw error;
    }
  }

  /** Stops listening; pending requests fail. */
  dispose(): void {
    this.win.removeEventListener('message', this.onMessage);
    for (const [id, entry] of this.pending) {
      this.pending.delete(id);
      entry.reject(new Error('The Customer panel stopped.'));
    }
  }

  private findEmulator(): Promise<PostTarget> {
    if (this.emulator && !this.emulator.closed) return Promise.resolve(this.emulator);
    this.emulator = null;
    if (!this.finding) {
      this.finding = this.search().then(
        (found) => {
          this.finding = null;
          this.emulator = found;
          return found;
        },
        (error: unknown) => {
          this.finding = null;
          throw error;
        },
      );
    }
    return this.finding;
  }

  /** Says hello to every frame of the toolbar; the one that answers as the emulator is it. */
  private async search(): Promise<PostTarget> {
    const notLoaded = (why: string) =>
      new Error(
        `The CCP emulator is not loaded in the toolbar yet (${why}). It loads once the toolbar runs with vendor=amazon and amazon.ccpUrl at ${this.emulatorOrigin}/ccp-emulator.html.`,
      );
    const frames = this.toolbarFrame.contentWindow?.frames;
    if (!frames) throw notLoaded('the toolbar frame has no window');
    const targets: PostTarget[] = [];
    for (let i = 0; i < frames.length; i++) {
      const frame = frames[i];
      if (frame) targets.push(frame);
    }
    if (targets.length === 0) throw notLoaded('the toolbar has no frames');
    const ids = targets.map(() => this.nextId());
    const hello = (i: number) => () => targets[i].postMessage({ type: HELLO_TYPE, id: ids[i] }, this.emulatorOrigin);
    const repeat = setInterval(() => {
      for (let i = 0; i < targets.length; i++) {
        if (!this.pending.has(ids[i])) continue;
        try {
          hello(i)();
        } catch {
          // A frame that went away cannot answer; the others still may.
        }
      }
    }, HELLO_REPEAT_MS);
    const answers = ids.map((id, i) =>
      this.ask(id, targets[i], '', hello(i)).then((result) => {
        if (result !== EMULATOR_NAME) throw new Error('not the emulator');
        return targets[i];
      }),
    );
    try {
      return await Promise.any(answers);
    } catch {
      throw notLoaded(`none of the toolbar's ${targets.length} frame${targets.length === 1 ? '' : 's'} answered from ${this.emulatorOrigin} within ${this.timeoutMs} ms`);
    } finally {
      clearInterval(repeat);
      for (const id of ids) this.settle(id);
    }
  }

  private ask(id: string, target: PostTarget, timeoutText: string, send: () => void): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending.delete(id)) reject(new TimeoutError(timeoutText || `no answer to ${id}`));
      }, this.timeoutMs);
      this.pending.set(id, {
        target,
        resolve: (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      try {
        send();
      } catch (error) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  /** Forgets a request that is no longer wanted (its timer fires harmlessly). */
  private settle(id: string): void {
    const entry = this.pending.get(id);
    if (!entry) return;
    this.pending.delete(id);
    entry.reject(new Error('superseded'));
  }

  private readonly onMessage = (event: MessageEvent): void => {
    if (event.origin !== this.emulatorOrigin) return;
    const reply = parseReply(event.data);
    if (!reply) return;
    const entry = this.pending.get(reply.id);
    if (!entry) return;
    if (event.source !== entry.target) return; // another window reusing our id: not ours
    this.pending.delete(reply.id);
    if (reply.ok) entry.resolve(reply.result);
    else entry.reject(new Error(reply.error));
  };

  private nextId(): string {
    this.counter += 1;
    return `${this.idPrefix}-${this.counter}`;
  }
}

class TimeoutError extends Error {}
