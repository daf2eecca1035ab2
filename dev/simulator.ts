/**
 * The Fusion simulator page (served as /simulator.html, built to web/dev/simulator.js): frames the toolbar from the
 * other loopback origin, as Fusion frames it from another site, and renders the FusionSimulator's state.
 */
import { Engagement, FusionSimulator, OperationRecord, SimulatorState } from './fusionSimulator';
import { createWindowPort, Port } from './transport';
import { button, byId, el } from './dom';
import { CustomerPanel } from './customerPanel';
import type { CustomerSide } from './customerSide';
import { DEFAULT_BRIDGE_URL, GenesysCustomerSide } from './genesysCustomerSide';
import { AmazonCustomerSide, MessageSource, ToolbarFrame } from './amazonCustomerSide';
import { DEFAULT_FAKE_GWS_AGENT, FakeGwsCustomerSide } from './fakeGwsCustomerSide';

/** Query parameters the page sets itself; the rest of the page's query goes to the toolbar unchanged. */
const OWN_PARAMS = ['oraParentFrame', 'uefClientUrl'];
/** Page parameters for the CCP emulator (`ccp.<name>`), passed to it as `<name>` and never to the toolbar. */
const CCP_PREFIX = 'ccp.';
const CCP_PARAMS = ['ringTimeoutMs', 'dialTimeoutMs', 'signedIn', 'initialState', 'rejectBroadcastsClick'];

/**
 * The CCP emulator's address for the toolbar's `amazon.ccpUrl`: on the page's own origin, which is not the toolbar's,
 * so the library frames its CCP cross-origin as it frames Amazon Connect's. `ccp.*` page parameters configure it.
 */
export function ccpEmulatorUrl(pageHref: string): string {
  const page = new URL(pageHref);
  const url = new URL('/ccp-emulator.html', page.origin);
  for (const name of CCP_PARAMS) {
    const value = page.searchParams.get(`${CCP_PREFIX}${name}`);
    if (value !== null) url.searchParams.set(name, value);
  }
  return url.href;
}

/** The toolbar runs on the other loopback name, so page and toolbar are different origins, as in Fusion. */
export function toolbarLocation(pageHref: string): { origin: string; url: string } | null {
  const page = new URL(pageHref);
  const otherHost = page.hostname === 'localhost' ? '127.0.0.1' : page.hostname === '127.0.0.1' ? 'localhost' : null;
  if (!otherHost) return null;
  const origin = `${page.protocol}//${otherHost}${page.port ? `:${page.port}` : ''}`;
  const url = new URL('/index.html', origin);
  url.searchParams.set('oraParentFrame', page.origin);
  url.searchParams.set('uefClientUrl', 'dev/uef-standin.js');
  page.searchParams.forEach((value, key) => {
    if (!OWN_PARAMS.includes(key) && !key.startsWith(CCP_PREFIX)) url.searchParams.append(key, value);
  });
  if (page.searchParams.get('vendor') === 'amazon' && !page.searchParams.has('amazon.ccpUrl')) {
    url.searchParams.set('amazon.ccpUrl', ccpEmulatorUrl(pageHref));
  }
  return { origin, url: url.href };
}

/** What the Amazon customer side needs of the page: the toolbar's frame, and the window replies arrive at. */
export interface CustomerSideContext {
  readonly toolbarFrame: ToolbarFrame;
  readonly win: MessageSource;
}

/**
 * The far side of the line for the vendor the toolbar runs with (the page's `vendor` parameter, which the toolbar
 * also reads; Genesys by default): the bridge's T-Server simulator for Genesys, or the fake GWS when the page names
 * one (`fakeGws.url`, and the agent as `fakeGws.agent`), the CCP emulator in the toolbar for Amazon (which needs
 * `context`), none for `none`. Throws when the page's parameters name a backend it cannot use.
 */
export function customerSideFor(pageHref: string, context?: CustomerSideContext): CustomerSide | null {
  const params = new URL(pageHref).searchParams;
  const vendor = params.get('vendor') ?? 'genesys';
  if (vendor === 'amazon') {
    if (!context) throw new Error('The Amazon customer side needs the toolbar frame, to reach the CCP emulator inside it.');
    const ccpUrl = params.get('amazon.ccpUrl') ?? ccpEmulatorUrl(pageHref);
    let origin: string;
    try {
      origin = new URL(ccpUrl).origin;
    } catch {
      throw new Error(`amazon.ccpUrl: "${ccpUrl}" is not an address`);
    }
    return new AmazonCustomerSide(context.toolbarFrame, context.win, origin);
  }
  if (vendor !== 'genesys') return null;
  // Over the bridge's Workspace backend the phone system is the fake GWS, whose control API plays the far side.
  const fakeGwsUrl = params.get('fakeGws.url');
  if (fakeGwsUrl !== null) {
    const agent = params.get('fakeGws.agent') ?? DEFAULT_FAKE_GWS_AGENT;
    if (agent.trim() === '' || agent.length > 128) throw new Error(`fakeGws.agent: must be an agent's user name at the fake GWS, got "${agent}"`);
    return new FakeGwsCustomerSide(httpAddress('fakeGws.url', fakeGwsUrl), agent);
  }
  // A secure bridge serves no control routes: the secure profile's bridge serves them on a listener of its own
  // (dev/secure/secureBridge.ts), which the page names as simulator.controlUrl.
  const key = params.has('simulator.controlUrl') ? 'simulator.controlUrl' : 'genesys.bridgeUrl';
  return new GenesysCustomerSide(httpAddress(key, params.get(key) ?? DEFAULT_BRIDGE_URL));
}

/** A page parameter's http(s) address, without a trailing slash; throws naming the parameter otherwise. */
function httpAddress(key: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`${key}: "${value}" is not an address`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`${key}: "${value}" must be http or https`);
  return url.href.replace(/\/+$/, '');
}

/** Renders the simulator into simulator.html's elements and wires its buttons. */
export class SimulatorPage {
  private readonly cards = new Map<string, { signature: string; node: HTMLElement }>();
  private renderedOperations = 0;

  constructor(
    private readonly doc: Document,
    readonly simulator: FusionSimulator,
  ) {
    byId(doc, 'make-available').addEventListener('click', () => void simulator.agentCommand('makeAvailable'));
    byId(doc, 'make-unavailable').addEventListener('click', () => void simulator.agentCommand('makeUnavailable'));
    byId(doc, 'ask-commands').addEventListener('click', () => void simulator.requestActiveInteractionCommands());
    const { agentId, agentPartyId } = simulator.configuration;
    byId(doc, 'configured-agent').textContent = `${agentId} (party ${agentPartyId})`;
    const phone = byId<HTMLButtonElement>(doc, 'phone-button');
    // In Fusion the phone icon opens the toolbar; here it shows or hides the framed toolbar.
    phone.addEventListener('click', () => {
      const panel = byId(doc, 'toolbar-panel');
      panel.hidden = !panel.hidden;
      phone.setAttribute('aria-expanded', String(!panel.hidden));
    });
    this.renderDirectory();
    simulator.onChange((state) => this.render(state));
    this.render(simulator.state);
  }

  showError(text: string): void {
    byId(this.doc, 'error-line').textContent = text;
  }

  private renderDirectory(): void {
    const { doc, simulator } = this;
    const rows = simulator.directory.map((entry) =>
      el(doc, 'tr', {}, [el(doc, 'td', { text: entry.name }), el(doc, 'td', { text: entry.contactId }), el(doc, 'td', { text: entry.phone })]),
    );
    byId(doc, 'directory').replaceChildren(...rows);
    const items = simulator.directory.map((entry) =>
      el(doc, 'li', {}, [
        button(doc, `Call ${entry.phone}`, '', () => void simulator.clickToDial(entry.phone, entry)),
        ` ${entry.name}`,
      ]),
    );
    byId(doc, 'click-to-dial').replaceChildren(...items);
  }

  private render(state: SimulatorState): void {
    const { doc } = this;
    const phone = byId<HTMLButtonElement>(doc, 'phone-button');
    phone.disabled = !state.phoneEnabled;
    const status = byId(doc, 'agent-status');
    const agentState = state.agent === null ? 'offline' : state.agent.isAvailable ? 'available' : 'unavailable';
    status.dataset.state = agentState;
    status.textContent =
      state.agent === null
        ? 'Unavailable'
        : `${state.agent.isAvailable ? 'Available' : 'Unavailable'}${state.agent.stateDisplayString ? ` – ${state.agent.stateDisplayString}` : ''}`;
    const readiness = byId(doc, 'toolbar-readiness');
    readiness.dataset.ready = String(state.ready);
    readiness.textContent = state.ready
      ? 'Ready (readyForOperationOperation with readiness true)'
      : 'Not ready: no readyForOperationOperation with readiness true yet (legacy Fusion keeps such a toolbar disabled)';
    byId(doc, 'supported-commands').textContent =
      state.supportedCommands === null ? 'Not answered yet' : JSON.stringify(state.supportedCommands);
    if (state.lastError !== null) byId(doc, 'error-line').textContent = state.lastError;
    // A failed command is already in the error line; do not say it twice.
    byId(doc, 'result-line').textContent = state.lastResult !== state.lastError ? (state.lastResult ?? '') : '';
    this.renderEngagements(state.engagements);
    this.renderOperations();
    this.renderEvents();
  }

  /** Keyed by eventId, and a card is rebuilt only when it changed, so keyboard focus is not thrown away needlessly. */
  private renderEngagements(engagements: Engagement[]): void {
    const list = byId(this.doc, 'engagement-list');
    const live = new Set(engagements.map((e) => e.eventId));
    for (const [eventId, card] of this.cards) {
      if (!live.has(eventId)) {
        card.node.remove();
        this.cards.delete(eventId);
      }
    }
    for (const engagement of engagements) {
      const signature = JSON.stringify([engagement.view, engagement.number, engagement.contactName]);
      const existing = this.cards.get(engagement.eventId);
      if (existing?.signature === signature) continue;
      const node = this.engagementCard(engagement);
      if (existing) {
        const hadFocus = existing.node.contains(this.doc.activeElement);
        existing.node.replaceWith(node);
        if (hadFocus) node.querySelector<HTMLElement>('button')?.focus();
      } else {
        list.append(node);
      }
      this.cards.set(engagement.eventId, { signature, node });
    }
    byId(this.doc, 'no-engagements').hidden = engagements.length > 0;
  }

  private engagementCard(e: Engagement): HTMLElement {
    const { doc, simulator } = this;
    const headingId = `engagement-${e.view}-${e.eventId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
    const who = el(doc, 'p', {}, [
      el(doc, 'span', { className: 'contact-name', text: e.contactName ?? 'Unknown caller' }),
      ' ',
      el(doc, 'span', { className: 'number', text: e.number || 'no number' }),
    ]);
    const section = (role: 'dialog' | 'region', heading: string, actions: HTMLElement[]) =>
      el(doc, 'section', { className: `engagement engagement-${e.view}`, attrs: { role, 'aria-labelledby': headingId, 'data-event-id': e.eventId } }, [
        el(doc, 'h3', { text: heading, attrs: { id: headingId } }),
        who,
        el(doc, 'div', { className: 'actions' }, actions),
      ]);
    switch (e.view) {
      case 'incoming':
        return section('dialog', 'Incoming call', [
          button(doc, 'Answer', 'button-primary', () => void simulator.answer(e.eventId)),
          button(doc, 'Decline', 'button-danger', () => void simulator.decline(e.eventId)),
          // Fusion's ringing dialog times out by itself after SVCMCA_OFFER_TIMEOUT_SEC; this makes it happen now.
          button(doc, 'Let it time out', '', () => void simulator.offerTimeout(e.eventId)),
        ]);
      case 'offerTimedOut':
        return section('region', 'Offer timed out', [
          el(doc, 'span', { className: 'hint', text: 'Fusion sent onDataUpdated OFFER_TIMEOUT and waits for the toolbar to close the call.' }),
        ]);
      case 'dialing':
        return section('region', 'Dialing', []);
      case 'engaged':
        return section('region', e.direction === 'outbound' ? 'Outbound call' : 'Inbound call', [
          button(doc, 'End Call', 'button-danger', () => void simulator.endCall(e.eventId)),
        ]);
      case 'wrapup':
        return section('dialog', 'Wrap Up', [button(doc, 'Close Wrap Up', 'button-primary', () => void simulator.closeWrapUp(e.eventId))]);
    }
  }

  /** The operations array only grows, so new records are appended. */
  private renderOperations(): void {
    const log = byId(this.doc, 'operations-log');
    const records = this.simulator.operations;
    for (; this.renderedOperations < records.length; this.renderedOperations++) {
      log.append(this.operationItem(records[this.renderedOperations]));
    }
  }

  private operationItem(r: OperationRecord): HTMLLIElement {
    const parts = [r.operation];
    if (r.eventId !== undefined) parts.push(`eventId=${r.eventId}`);
    if (r.reason !== undefined) parts.push(`reason=${r.reason}`);
    if (r.isAvailable !== undefined) parts.push(`isAvailable=${r.isAvailable}`);
    if (r.state !== undefined) parts.push(`state=${r.state}`);
    if (r.commUuid !== undefined) parts.push(`commUuid=${r.commUuid}`);
    if (r.errorCode !== undefined) parts.push(`errorCode=${r.errorCode}`);
    if (r.readiness !== undefined) parts.push(`readiness=${r.readiness}`);
    if (!r.ok) parts.push(`→ error: ${r.error ?? ''}`);
    const attrs: Record<string, string> = { 'data-operation': r.operation };
    if (r.eventId !== undefined) attrs['data-event-id'] = r.eventId;
    return el(this.doc, 'li', { text: parts.join(' '), className: r.ok ? '' : 'failed', attrs });
  }

  private renderEvents(): void {
    const items = this.simulator.events.map((e) => {
      const parts: string[] = [e.eventName];
      if (e.command !== undefined) parts.push(e.command);
      if (e.updateType !== undefined) parts.push(e.updateType);
      if (e.eventId !== undefined) parts.push(`eventId=${e.eventId}`);
      parts.push(e.outcome ? `→ ${e.outcome.result}${e.outcome.resultDisplayString ? ` (${e.outcome.resultDisplayString})` : ''}` : '→ waiting');
      return el(this.doc, 'li', { text: parts.join(' '), className: e.outcome?.result === 'failure' ? 'failed' : '' });
    });
    byId(this.doc, 'events-log').replaceChildren(...items);
  }
}

export interface SimulatorGlobal {
  operations: OperationRecord[];
  simulator: FusionSimulator;
}

/**
 * Starts the page. `makePort` and `makeCustomerSide` exist for tests; in the browser it is a postMessage port to the iframe.
 * Returns null (with the reason shown on the page) when the page is not on a loopback name it can pair.
 */
export function startSimulatorPage(
  doc: Document,
  win: Window,
  makePort?: (frame: HTMLIFrameElement, toolbarOrigin: string) => Port,
  makeCustomerSide: (pageHref: string, context: CustomerSideContext) => CustomerSide | null = customerSideFor,
): SimulatorPage | null {
  const location = toolbarLocation(win.location.href);
  const frame = byId<HTMLIFrameElement>(doc, 'toolbar-frame');
  const port = location
    ? (makePort ?? ((f, origin) => createWindowPort(f.contentWindow as Window, origin, win)))(frame, location.origin)
    : null;
  if (!location || !port) {
    byId(doc, 'error-line').textContent =
      'Open this page at http://localhost:PORT/simulator.html or http://127.0.0.1:PORT/simulator.html: the toolbar is framed from the other name so that it runs cross-origin, as in Fusion.';
    return null;
  }
  // Fusion's agent (getConfiguration().getAgentId()): `fusion.agentId` names another, e.g. the one signed in to the
  // phone system under the secure profile.
  const fusionAgent = new URL(win.location.href).searchParams.get('fusion.agentId');
  const simulator = new FusionSimulator(port, fusionAgent ? { agentId: fusionAgent } : {});
  const page = new SimulatorPage(doc, simulator);
  (win as unknown as { fusionSimulator: SimulatorGlobal }).fusionSimulator = { operations: simulator.operations, simulator };
  byId(doc, 'toolbar-url').textContent = location.url;
  startCustomerPanel(doc, () => makeCustomerSide(win.location.href, { toolbarFrame: frame, win }));
  frame.src = location.url; // after the port listens, so the toolbar's hello cannot be missed
  return page;
}

function startCustomerPanel(doc: Document, makeSide: () => CustomerSide | null): void {
  const root = byId(doc, 'customer-panel');
  let side: CustomerSide | null;
  try {
    side = makeSide();
  } catch (err) {
    root.replaceChildren(el(doc, 'p', { className: 'message message-error', text: err instanceof Error ? err.message : String(err) }));
    return;
  }
  if (!side) {
    root.replaceChildren(el(doc, 'p', { className: 'empty', text: 'No phone system to play the customer with this vendor.' }));
    return;
  }
  new CustomerPanel(doc, root, side).start();
}

if (typeof document !== 'undefined' && document.getElementById('toolbar-frame') && document.body.id === 'fusion-simulator') {
  startSimulatorPage(document, window);
}
