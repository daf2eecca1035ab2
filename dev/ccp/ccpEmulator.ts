/**
 * The CCP emulator page (served as /ccp-emulator.html, built to web/dev/ccp-emulator.js): the unmodified
 * amazon-connect-streams library frames it as its CCP (the toolbar's `amazon.ccpUrl`), and it answers as Amazon
 * Connect's CCP and shared worker would, from a CcpModel. Development only.
 *
 * Two kinds of messages reach it:
 *   - from its parent (the library in the toolbar): the Streams iframe protocol, handled by a CcpEndpoint;
 *   - from another window of its own origin (the Fusion simulator's Customer panel): the control channel
 *     (ccpControl.ts), which plays the customer, the callee and the agent's own CCP.
 *
 * Query parameters: ringTimeoutMs (default 30000; "null" or "off": never), dialTimeoutMs (default off),
 * signedIn (default true; false: never acknowledges, like a CCP whose agent is not signed in), initialState
 * (default Available), rejectBroadcastsClick (default false; true: a Reject in this CCP is broadcast to the library as
 * Streams' click-stream data first, which nobody has published that Amazon's CCP does: see ccpModel.ts).
 */
import { AGENT_STATES, CcpModel, ModelContactView } from './ccpModel';
import { readSavedState, type SavedCcpState } from './ccpSavedState';
import { CcpEndpoint, CcpMessage } from './ccpEndpoint';
import { answerControl } from './ccpControl';
import { httpOrigin } from '../transport';
import { button, el } from '../dom';

export interface EmulatorParams {
  readonly ringTimeoutMs: number | null;
  readonly dialTimeoutMs: number | null;
  readonly signedIn: boolean;
  readonly initialState: string;
  readonly rejectBroadcastsClick: boolean;
}

export const EMULATOR_DEFAULTS: EmulatorParams = { ringTimeoutMs: 30_000, dialTimeoutMs: null, signedIn: true, initialState: 'Available', rejectBroadcastsClick: false };

const MAX_TIMEOUT_MS = 24 * 60 * 60 * 1000;

function timeoutParam(name: string, raw: string | null, fallback: number | null, errors: string[]): number | null {
  if (raw === null) return fallback;
  const value = raw.trim().toLowerCase();
  if (value === 'null' || value === 'off' || value === 'none' || value === 'never') return null;
  if (/^[0-9]+$/.test(value)) {
    const n = Number(value);
    if (n >= 1 && n <= MAX_TIMEOUT_MS) return n;
  }
  errors.push(`${name}: must be a number of milliseconds from 1 to ${MAX_TIMEOUT_MS}, or "off", got "${raw}"; using ${fallback === null ? 'off' : fallback}.`);
  return fallback;
}

function booleanParam(name: string, raw: string | null, fallback: boolean, errors: string[]): boolean {
  if (raw === null) return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  errors.push(`${name}: must be true or false, got "${raw}"; using ${fallback}.`);
  return fallback;
}

/** Reads the page's query; invalid values are reported by name and replaced by their defaults. */
export function parseEmulatorParams(search: string): { params: EmulatorParams; errors: string[] } {
  const query = new URLSearchParams(search);
  const errors: string[] = [];
  const ringTimeoutMs = timeoutParam('ringTimeoutMs', query.get('ringTimeoutMs'), EMULATOR_DEFAULTS.ringTimeoutMs, errors);
  const dialTimeoutMs = timeoutParam('dialTimeoutMs', query.get('dialTimeoutMs'), EMULATOR_DEFAULTS.dialTimeoutMs, errors);
  const signedIn = booleanParam('signedIn', query.get('signedIn'), EMULATOR_DEFAULTS.signedIn, errors);
  const rejectBroadcastsClick = booleanParam('rejectBroadcastsClick', query.get('rejectBroadcastsClick'), EMULATOR_DEFAULTS.rejectBroadcastsClick, errors);
  let initialState = EMULATOR_DEFAULTS.initialState;
  const stateRaw = query.get('initialState');
  if (stateRaw !== null) {
    if (AGENT_STATES.some((s) => s.name === stateRaw)) initialState = stateRaw;
    else errors.push(`initialState: must be one of ${AGENT_STATES.map((s) => s.name).join(', ')}, got "${stateRaw}"; using ${EMULATOR_DEFAULTS.initialState}.`);
  }
  return { params: { ringTimeoutMs, dialTimeoutMs, signedIn, initialState, rejectBroadcastsClick }, errors };
}

function byId<T extends HTMLElement>(doc: Document, id: string): T {
  const element = doc.getElementById(id);
  if (!element) throw new Error(`ccp-emulator.html lacks #${id}`);
  return element as T;
}

const LOG_LINES = 40;
/** Broadcasts the library sends all the time (its own logs and metrics): counted, not listed. */
const NOISY_BROADCASTS = new Set(['log', 'server_bound_internal_log', 'client_metric', 'click_stream_data']);

function isNoise(message: CcpMessage): boolean {
  if (message.event === 'broadcast') {
    const inner = (message.data as { event?: unknown } | null)?.event;
    return typeof inner === 'string' && NOISY_BROADCASTS.has(inner);
  }
  return NOISY_BROADCASTS.has(message.event);
}

/** A one-line summary of a protocol message for the page's log. */
export function summarize(message: CcpMessage): string {
  const data = message.data as Record<string, unknown> | null | undefined;
  const field = (name: string) => (data && typeof data === 'object' ? data[name] : undefined);
  switch (message.event) {
    case 'api_request':
      return `api_request ${String(field('method'))} ${JSON.stringify(field('params')) ?? ''}`;
    case 'api_response': {
      const err = field('err');
      if (!err) return 'api_response ✓';
      // A JSON string, as the shared worker sends it (ccpEndpoint.ts, wireError).
      let parsed: { type?: string; message?: string } = {};
      try {
        parsed = typeof err === 'string' ? (JSON.parse(err) as typeof parsed) : err;
      } catch {
        // not JSON: shown by its type only
      }
      return `api_response ✗ ${parsed.type ?? ''}: ${parsed.message ?? ''}`;
    }
    case 'agent::update': {
      const snapshot = field('snapshot') as { state?: { name?: string }; contacts?: Array<{ state?: { type?: string } }> } | undefined;
      const contacts = snapshot?.contacts ?? [];
      return `agent::update ${snapshot?.state?.name ?? '?'}${contacts.length ? `, contacts: ${contacts.map((c) => c.state?.type ?? '?').join(', ')}` : ''}`;
    }
    case 'broadcast':
      return `broadcast ${String(field('event'))}`;
    case 'master_request':
      return `master_request ${String(field('method'))} ${JSON.stringify(field('params')) ?? ''}`;
    default:
      return message.event;
  }
}

/** The emulator's own small CCP: the agent's state, the contacts with the CCP's buttons, and the protocol log. */
export class EmulatorPanel {
  private readonly log: Array<{ direction: 'in' | 'out'; text: string }> = [];
  private keepAlive = 0;
  private noise = 0;
  private contactsSignature = '';

  constructor(
    private readonly doc: Document,
    private readonly model: CcpModel,
  ) {
    const select = byId<HTMLSelectElement>(doc, 'agent-state');
    select.replaceChildren(...AGENT_STATES.map((s) => el(doc, 'option', { text: `${s.name} (${s.type})`, attrs: { value: s.name } })));
    select.addEventListener('change', () => this.act(() => model.setAgentState(select.value)));
    model.onChange(() => this.render());
    // A mute changes no snapshot: the softphone's mute_toggle broadcast is what shows it.
    model.onBroadcast(() => this.render());
    this.render();
  }

  /** An action that failed (cleared by the next action). */
  showError(text: string): void {
    byId(this.doc, 'emulator-error').textContent = text;
  }

  /** A problem with the page's set-up (its query, its frame), which stays. */
  showSetupError(text: string): void {
    const line = byId(this.doc, 'emulator-config-error');
    line.textContent = line.textContent ? `${line.textContent} ${text}` : text;
  }

  /** A protocol message in (from the library) or out (to it). Keep-alives and log broadcasts are counted, not listed. */
  logMessage(direction: 'in' | 'out', message: CcpMessage): void {
    if (message.event === 'synchronize' || isNoise(message)) {
      if (message.event === 'synchronize') this.keepAlive += 1;
      else if (direction === 'in') this.noise += 1;
      byId(this.doc, 'keepalive').textContent = `Keep-alive: ${this.keepAlive} synchronize received; ${this.noise} log and metric broadcasts echoed.`;
      return;
    }
    if (direction === 'out' && message.event === 'acknowledge' && this.keepAlive > 0) return;
    this.log.push({ direction, text: summarize(message) });
    if (this.log.length > LOG_LINES) this.log.shift();
    byId(this.doc, 'protocol-log').replaceChildren(
      ...this.log.map((line) => el(this.doc, 'li', { text: `${line.direction === 'in' ? '→' : '←'} ${line.text}`, className: `log-${line.direction}` })),
    );
  }

  private render(): void {
    const { doc, model } = this;
    const select = byId<HTMLSelectElement>(doc, 'agent-state');
    select.value = model.availabilityStateName();
    byId(doc, 'agent-shown').textContent = `Snapshot state: ${model.agentStateName()} (${model.agentStateType()})`;
    const contacts = model.contacts();
    const signature = JSON.stringify(contacts);
    if (signature === this.contactsSignature) return; // unchanged: keep the buttons (and keyboard focus)
    this.contactsSignature = signature;
    const list = byId(doc, 'contacts');
    const hadFocus = list.contains(doc.activeElement);
    list.replaceChildren(...(contacts.length ? contacts.map((c) => this.contactItem(c)) : [el(doc, 'li', { className: 'empty', text: 'No contacts.' })]));
    if (hadFocus) (list.querySelector('button') ?? select).focus();
  }

  private contactItem(c: ModelContactView): HTMLLIElement {
    const { doc, model } = this;
    const ringing = c.direction === 'inbound' && c.state === 'connecting';
    const active = c.state === 'connecting' || c.state === 'connected';
    const actions: HTMLButtonElement[] = [];
    if (ringing) {
      actions.push(button(doc, 'Accept', 'button-primary', () => this.act(() => model.agentAnswers(c.contactId))));
      actions.push(button(doc, 'Reject', 'button-danger', () => this.act(() => model.agentHangsUp(c.contactId))));
    } else if (active && c.agentLeg !== 'disconnected') {
      // Amazon's CCP offers Hold/Resume and Mute for a connected call (its softphone's media); Mute is a toggle.
      if (c.state === 'connected') {
        const held = c.customerLeg === 'hold';
        actions.push(button(doc, held ? 'Resume' : 'Hold', '', () => this.act(() => (held ? model.agentResumes(c.contactId) : model.agentHolds(c.contactId)))));
        const mute = button(doc, 'Mute', '', () => this.act(() => model.agentMutes(!c.muted)));
        mute.setAttribute('aria-pressed', String(c.muted));
        actions.push(mute);
        actions.push(...this.thirdPartyButtons(c));
      }
      actions.push(button(doc, 'Hang up', 'button-danger', () => this.act(() => model.agentHangsUp(c.contactId))));
    } else if (!active) {
      actions.push(button(doc, 'Close contact', '', () => this.act(() => model.agentClears(c.contactId))));
    }
    const who = c.initiationMethod === 'transfer' ? `Transferred from ${c.phoneNumber}` : c.direction === 'inbound' ? `Inbound from ${c.phoneNumber}` : `Outbound to ${c.phoneNumber}`;
    const thirdParty = c.thirdParty ? `, third party ${c.thirdParty.destination} ${c.thirdParty.state}` : '';
    return el(doc, 'li', { className: 'contact', attrs: { 'data-contact-id': c.contactId, 'data-state': c.state } }, [
      el(doc, 'span', { className: 'contact-title', text: `${who} – ${c.state}` }),
      el(doc, 'span', { className: 'contact-legs', text: `agent ${c.agentLeg}${c.muted ? ' (muted)' : ''}, customer ${c.customerLeg}${thirdParty}` }),
      ...(c.digitsHeard ? [el(doc, 'span', { className: 'contact-digits', text: `digits sent: ${c.digitsHeard}` })] : []),
      el(doc, 'div', { className: 'actions' }, actions),
    ]);
  }

  /**
   * Amazon's CCP offers, for a call with a third party on the line, Join (a conference), Swap (who waits on hold) and
   * the third party's own End: Streams' conferenceConnections, toggleActiveConnections and the connection's destroy.
   */
  private thirdPartyButtons(c: ModelContactView): HTMLButtonElement[] {
    const { doc, model } = this;
    const party = c.thirdParty;
    if (!party || (party.state !== 'connecting' && party.state !== 'connected' && party.state !== 'hold')) return [];
    const buttons: HTMLButtonElement[] = [];
    if (party.state !== 'connecting') {
      if (party.state === 'hold' || c.customerLeg === 'hold') buttons.push(button(doc, 'Join', '', () => this.act(() => model.agentConferences(c.contactId))));
      buttons.push(button(doc, 'Swap', '', () => this.act(() => model.agentSwaps(c.contactId))));
    }
    buttons.push(button(doc, `End ${party.destination}`, 'button-danger', () => this.act(() => model.agentDropsThirdParty(c.contactId))));
    return buttons;
  }

  private act(action: () => void): void {
    byId(this.doc, 'emulator-error').textContent = '';
    try {
      action();
    } catch (error) {
      this.showError(error instanceof Error ? error.message : String(error));
      this.render();
    }
  }
}

/** The frame's sessionStorage key for what Amazon Connect keeps of the agent (ccpSavedState.ts). */
export const SAVED_STATE_KEY = 'ccp-emulator:agent';

/**
 * Where the agent's state outlives a reload of this page, for this tab only: the sessionStorage of the top page when it
 * has this page's origin (the Fusion simulator, which plays Amazon Connect's far side in development), else this
 * frame's own. The frame's own is often refused: it sits in the toolbar's cross-site frame, where a browser that
 * blocks third-party storage (Chromium as the browser tests run it) throws on any read. With neither, a reloaded CCP
 * starts afresh.
 */
function savedStateStore(win: Window): { load(): SavedCcpState | null; save(state: SavedCcpState): void; clear(): void } {
  const usable = (get: () => Storage | null | undefined): Storage | null => {
    try {
      const storage = get() ?? null;
      storage?.getItem(SAVED_STATE_KEY);
      return storage;
    } catch {
      return null; // another origin's window, or storage refused
    }
  };
  const storage = (win.top && win.top !== win ? usable(() => win.top?.sessionStorage) : null) ?? usable(() => win.sessionStorage);
  return {
    load() {
      const text = storage?.getItem(SAVED_STATE_KEY) ?? null;
      return text === null ? null : readSavedState(JSON.parse(text));
    },
    save(state) {
      try {
        storage?.setItem(SAVED_STATE_KEY, JSON.stringify(state));
      } catch {
        // Storage full or refused: the next load starts afresh, as without storage.
      }
    },
    clear() {
      try {
        storage?.removeItem(SAVED_STATE_KEY);
      } catch {
        // as above
      }
    },
  };
}

export interface EmulatorGlobal {
  model: CcpModel;
  endpoint: CcpEndpoint;
  panel: EmulatorPanel;
}

/**
 * Starts the emulator in `win`: a model from the page's query, the endpoint towards the library in the parent
 * window, the control channel for same-origin windows, and the panel. Returns null when the page is not framed.
 */
export function startCcpEmulator(doc: Document, win: Window): EmulatorGlobal | null {
  const { params, errors } = parseEmulatorParams(win.location.search);
  const store = savedStateStore(win);
  const options = { ringTimeoutMs: params.ringTimeoutMs, dialTimeoutMs: params.dialTimeoutMs, initialState: params.initialState, rejectBroadcastsClick: params.rejectBroadcastsClick };
  let model: CcpModel;
  try {
    const restore = store.load();
    model = new CcpModel({ ...options, ...(restore ? { restore } : {}) });
  } catch (error) {
    errors.push(`The agent's state from this tab's earlier CCP could not be used (${error instanceof Error ? error.message : String(error)}); starting afresh.`);
    store.clear();
    model = new CcpModel(options);
  }
  model.onChange(() => store.save(model.save()));
  store.save(model.save());
  const panel = new EmulatorPanel(doc, model);
  for (const error of errors) panel.showSetupError(error);
  byId(doc, 'emulator-settings').textContent =
    `ringTimeoutMs=${params.ringTimeoutMs ?? 'off'}, dialTimeoutMs=${params.dialTimeoutMs ?? 'off'}, signedIn=${params.signedIn}, initialState=${params.initialState}, rejectBroadcastsClick=${params.rejectBroadcastsClick}`;
  if (win.parent === win) {
    panel.showSetupError('Not framed: the CCP emulator runs inside the toolbar (amazon.ccpUrl), where amazon-connect-streams frames it.');
    return null;
  }
  const parent = win.parent;
  // As Amazon's CCP does: it talks to its parent window whatever its origin, posting to '*' and taking messages whose
  // source is the parent (Streams' initSharedWorker builds its conduit as new WindowIOStream(window, parent), whose
  // domain defaults to '*': https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/core.js and
  // streams.js). Which pages may frame the CCP is the instance's approved origins' business, not the page's. A
  // referrer would not do: a CCP that reloads itself is its own referrer.
  const endpoint = new CcpEndpoint(model, {
    send(message) {
      panel.logMessage('out', message);
      parent.postMessage(message, '*');
    },
  }, { acknowledge: params.signedIn });
  byId(doc, 'emulator-parent').textContent = `${httpOrigin(doc.referrer) ?? 'unknown'} (by the referrer; answered whatever its origin, as Amazon's CCP answers its parent)`;
  win.addEventListener('message', (event: MessageEvent) => {
    if (event.source === parent) {
      if (event.data && typeof event.data === 'object' && typeof (event.data as { event?: unknown }).event === 'string') {
        panel.logMessage('in', event.data as CcpMessage);
      }
      endpoint.receive(event.data);
      return;
    }
    if (event.origin !== win.location.origin || event.source === null) return;
    const reply = answerControl(model, event.data);
    if (reply) (event.source as Window).postMessage(reply, event.origin);
  });
  endpoint.start();
  const global: EmulatorGlobal = { model, endpoint, panel };
  (win as unknown as { ccpEmulator: EmulatorGlobal }).ccpEmulator = global;
  return global;
}

if (typeof document !== 'undefined' && document.body?.id === 'ccp-emulator') {
  startCcpEmulator(document, window);
}
