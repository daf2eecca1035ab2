/** The CCP emulator page: its query parameters, which window may say what, and its own small CCP panel (jsdom). */
import * as fs from 'fs';
import * as path from 'path';
import { EmulatorGlobal, parseEmulatorParams, startCcpEmulator } from '../../dev/ccp/ccpEmulator';

const PAGE_ORIGIN = 'http://localhost:8000';
const TOOLBAR_ORIGIN = 'http://127.0.0.1:8000';

function loadPage(): void {
  const html = fs.readFileSync(path.join(__dirname, '../../dev/ccp/ccpEmulator.html'), 'utf8');
  document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
}

type Posted = { message: unknown; targetOrigin: string };

/** The emulator's window as the page sees it: its query, its parent (the toolbar) and its message listeners. */
function fakeWindow(search: string, framed = true, top?: { sessionStorage: Storage }) {
  const listeners: Array<(event: MessageEvent) => void> = [];
  const toParent: Posted[] = [];
  const parent = { postMessage: (message: unknown, targetOrigin: string) => toParent.push({ message, targetOrigin }) };
  const win = {
    location: { search, origin: PAGE_ORIGIN },
    parent: undefined as unknown,
    ...(top ? { top } : {}),
    addEventListener: (_type: string, listener: (event: MessageEvent) => void) => listeners.push(listener),
  };
  win.parent = framed ? parent : win;
  const dispatch = (data: unknown, origin: string, source: unknown) => {
    for (const listener of listeners) listener({ data, origin, source } as unknown as MessageEvent);
  };
  return { win: win as unknown as Window, parent, toParent, dispatch };
}

function setReferrer(value: string): void {
  Object.defineProperty(document, 'referrer', { value, configurable: true });
}

const events = (posted: Posted[]) => posted.map((p) => (p.message as { event: string }).event);

function buttonNamed(name: string, within: ParentNode = document): HTMLButtonElement {
  const found = Array.from(within.querySelectorAll('button')).find((b) => b.textContent?.trim() === name);
  if (!found) throw new Error(`no button named ${name}`);
  return found;
}

describe('parseEmulatorParams', () => {
  it('has defaults', () => {
    expect(parseEmulatorParams('')).toEqual({ params: { ringTimeoutMs: 30000, dialTimeoutMs: null, signedIn: true, initialState: 'Available', rejectBroadcastsClick: false }, errors: [] });
  });

  it('reads every parameter', () => {
    expect(parseEmulatorParams('?ringTimeoutMs=off&dialTimeoutMs=20000&signedIn=false&initialState=Offline&rejectBroadcastsClick=true').params).toEqual({
      ringTimeoutMs: null,
      dialTimeoutMs: 20000,
      signedIn: false,
      initialState: 'Offline',
      rejectBroadcastsClick: true,
    });
    expect(parseEmulatorParams('?ringTimeoutMs=1500&dialTimeoutMs=null').params).toMatchObject({ ringTimeoutMs: 1500, dialTimeoutMs: null });
  });

  it('names each invalid parameter and uses its default', () => {
    const { params, errors } = parseEmulatorParams('?ringTimeoutMs=-5&dialTimeoutMs=soon&signedIn=yes&initialState=Asleep&rejectBroadcastsClick=1');
    expect(params).toEqual({ ringTimeoutMs: 30000, dialTimeoutMs: null, signedIn: true, initialState: 'Available', rejectBroadcastsClick: false });
    expect(errors).toHaveLength(5);
    expect(errors[0]).toMatch(/^ringTimeoutMs: .*"-5"/);
    expect(errors[1]).toMatch(/^dialTimeoutMs: .*"soon"/);
    expect(errors[2]).toMatch(/^signedIn: .*"yes"/);
    expect(errors[3]).toMatch(/^rejectBroadcastsClick: must be true or false, got "1"; using false\./);
    expect(errors[4]).toMatch(/^initialState: must be one of Offline, Lunch, Available, Training, got "Asleep"/);
  });
});

describe('the CCP emulator page', () => {
  beforeEach(() => {
    loadPage();
    setReferrer(`${TOOLBAR_ORIGIN}/`);
  });

  // Amazon's CCP talks to its parent window as Streams' WindowIOStream(window, parent) does: posting to '*', taking
  // messages whose source is the parent, whatever their origin (ccpEmulator.ts cites the source).
  it('acknowledges to its parent, and answers its parent only, whatever the parent\'s origin', () => {
    const { win, parent, toParent, dispatch } = fakeWindow('');
    const global = startCcpEmulator(document, win) as EmulatorGlobal;
    expect((win as unknown as { ccpEmulator: EmulatorGlobal }).ccpEmulator).toBe(global);
    expect(events(toParent)).toEqual(['acknowledge', 'agent::update']);
    expect(toParent.every((p) => p.targetOrigin === '*')).toBe(true);
    dispatch({ event: 'synchronize' }, TOOLBAR_ORIGIN, parent);
    dispatch({ event: 'synchronize' }, 'http://elsewhere.example', parent);
    expect(events(toParent)).toEqual(['acknowledge', 'agent::update', 'acknowledge', 'acknowledge']);
    dispatch({ event: 'synchronize' }, TOOLBAR_ORIGIN, {});
    expect(toParent).toHaveLength(4);
    expect(global.endpoint.received.map((m) => m.event)).toEqual(['synchronize', 'synchronize']);
    expect(document.getElementById('emulator-parent')?.textContent).toMatch(new RegExp(`^${TOOLBAR_ORIGIN} `));
  });

  it('serves the control channel to other windows of its own origin only, replying to the asker', () => {
    const { win, toParent, dispatch } = fakeWindow('');
    const global = startCcpEmulator(document, win) as EmulatorGlobal;
    const replies: Posted[] = [];
    const asker = { postMessage: (message: unknown, targetOrigin: string) => replies.push({ message, targetOrigin }) };
    dispatch({ type: 'ccp-emulator/hello', id: 'h-1' }, PAGE_ORIGIN, asker);
    dispatch({ type: 'ccp-emulator/control', id: 'c-1', action: 'customerCalls', args: ['+16505550100'] }, PAGE_ORIGIN, asker);
    dispatch({ type: 'ccp-emulator/control', id: 'c-2', action: 'customerCalls', args: ['+16505550100'] }, 'http://evil.example', asker);
    dispatch({ type: 'ccp-emulator/control', id: 'c-3', action: 'explode', args: [] }, PAGE_ORIGIN, asker);
    dispatch({ type: 'ccp-emulator/control', id: 'c-4', action: 'state' }, PAGE_ORIGIN, asker);
    expect(replies.map((r) => r.targetOrigin)).toEqual([PAGE_ORIGIN, PAGE_ORIGIN, PAGE_ORIGIN, PAGE_ORIGIN]);
    const [hello, call, unknown, state] = replies.map((r) => r.message as Record<string, unknown>);
    expect(hello).toEqual({ type: 'ccp-emulator/reply', id: 'h-1', ok: true, result: 'ccp-emulator' });
    expect(call).toEqual({ type: 'ccp-emulator/reply', id: 'c-1', ok: true, result: global.model.contacts()[0].contactId });
    expect(unknown).toMatchObject({ id: 'c-3', ok: false, error: expect.stringMatching(/Unknown action "explode"/) });
    expect(state).toEqual({
      type: 'ccp-emulator/reply',
      id: 'c-4',
      ok: true,
      result: { agentState: { name: 'PendingBusy', type: 'system' }, contacts: global.model.contacts(), transferred: [] },
    });
    expect(global.model.contacts()).toHaveLength(1);
    expect(events(toParent)).toEqual(['acknowledge', 'agent::update', 'agent::update']);
  });

  it("shows the agent's state and contacts, and its buttons act as the agent's CCP", () => {
    const { win, toParent } = fakeWindow('');
    const { model } = startCcpEmulator(document, win) as EmulatorGlobal;
    const select = document.getElementById('agent-state') as HTMLSelectElement;
    expect(document.querySelector('label[for="agent-state"]')?.textContent).toBe('Agent state');
    expect(Array.from(select.options).map((o) => o.value)).toEqual(['Offline', 'Lunch', 'Available', 'Training']);
    expect(select.value).toBe('Available');
    expect(document.getElementById('contacts')?.textContent).toBe('No contacts.');

    const id = model.customerCalls('+16505550100');
    const item = document.querySelector<HTMLElement>(`[data-contact-id="${id}"]`)!;
    expect(item.textContent).toContain('Inbound from +16505550100 – connecting');
    expect(document.getElementById('agent-shown')?.textContent).toBe('Snapshot state: PendingBusy (system)');
    buttonNamed('Accept', item).click();
    expect(model.contacts()[0].state).toBe('connected');
    buttonNamed('Hang up').click();
    expect(model.contacts()[0].state).toBe('ended');
    buttonNamed('Close contact').click();
    expect(model.contacts()).toEqual([]);

    select.value = 'Lunch';
    select.dispatchEvent(new Event('change'));
    expect(model.agentStateName()).toBe('Lunch');
    const last = toParent[toParent.length - 1].message as { event: string; data: { snapshot: { state: { name: string } } } };
    expect([last.event, last.data.snapshot.state.name]).toEqual(['agent::update', 'Lunch']);
    expect(Array.from(document.querySelectorAll('#protocol-log li')).some((li) => li.textContent === '← agent::update Lunch')).toBe(true);
  });

  it("shows a call's third party, with the CCP's Join, Swap and End for it, and a call transferred in", () => {
    const { win } = fakeWindow('');
    const { model } = startCcpEmulator(document, win) as EmulatorGlobal;
    const id = model.customerCalls('+16505550100');
    model.agentAnswers(id);
    const endpoint = { type: 'phone_number', phoneNumber: '+16505550199' };
    model.handleApi('createAdditionalConnection', { contactId: id, endpoint });
    const item = () => document.querySelector<HTMLElement>(`[data-contact-id="${id}"]`)!;
    expect(item().textContent).toContain('customer hold, third party +16505550199 connecting');
    expect(() => buttonNamed('Join', item())).toThrow(); // nobody to join while it rings
    model.targetAnswers(id);
    buttonNamed('Swap', item()).click();
    expect(model.contacts()[0]).toMatchObject({ customerLeg: 'connected', thirdParty: { state: 'hold' } });
    buttonNamed('Join', item()).click();
    expect(model.contacts()[0]).toMatchObject({ customerLeg: 'connected', thirdParty: { state: 'connected' } });
    buttonNamed('End +16505550199', item()).click();
    expect(model.contacts()[0].thirdParty?.state).toBe('disconnected');
    expect(item().textContent).not.toMatch(/End \+/);

    const transferred = model.transferToAgent('+442071838750');
    expect(document.querySelector<HTMLElement>(`[data-contact-id="${transferred}"]`)?.textContent).toContain('Transferred from +442071838750 – connecting');
  });

  it('shows what went wrong: a refused action, invalid parameters, a page that is not framed', () => {
    const { win } = fakeWindow('?ringTimeoutMs=soon&initialState=Lunch');
    const { model } = startCcpEmulator(document, win) as EmulatorGlobal;
    expect(document.getElementById('emulator-config-error')?.textContent).toMatch(/^ringTimeoutMs: /);
    expect(model.agentStateName()).toBe('Lunch');
    const select = document.getElementById('agent-state') as HTMLSelectElement;
    select.value = 'Nonexistent'; // no such option: the select's value is '', which the model refuses
    select.dispatchEvent(new Event('change'));
    expect(document.getElementById('emulator-error')?.textContent).toMatch(/is not one of the agent states/);
    expect(document.getElementById('emulator-config-error')?.textContent).toMatch(/^ringTimeoutMs: /); // stays

    loadPage();
    const lone = fakeWindow('', false);
    expect(startCcpEmulator(document, lone.win)).toBeNull();
    expect(lone.toParent).toEqual([]);
    expect(document.getElementById('emulator-config-error')?.textContent).toMatch(/^Not framed/);
  });

  it('a Reject clicked on the page says nothing to the library but the declined call, unless rejectBroadcastsClick=true', () => {
    const rejectOn = (query: string): string[] => {
      loadPage();
      const { win, toParent } = fakeWindow(query);
      const { model } = startCcpEmulator(document, win) as EmulatorGlobal;
      const id = model.customerCalls('+16505550100');
      const before = toParent.length;
      buttonNamed('Reject', document.querySelector<HTMLElement>(`[data-contact-id="${id}"]`)!).click();
      expect(model.contacts()[0].state).toBe('error');
      return events(toParent.slice(before));
    };
    expect(rejectOn('')).toEqual(['agent::update']);
    expect(document.getElementById('emulator-settings')?.textContent).toMatch(/rejectBroadcastsClick=false/);
    expect(rejectOn('?rejectBroadcastsClick=true')).toEqual(['click_stream_data', 'agent::update']);
    expect(document.getElementById('emulator-settings')?.textContent).toMatch(/rejectBroadcastsClick=true/);
  });

  it('with signedIn=false never acknowledges', () => {
    const { win, parent, toParent, dispatch } = fakeWindow('?signedIn=false');
    startCcpEmulator(document, win);
    dispatch({ event: 'synchronize' }, TOOLBAR_ORIGIN, parent);
    expect(toParent).toEqual([]);
  });

  it('reloaded by itself (its own referrer), it still talks to its parent', () => {
    setReferrer('http://localhost:8000/ccp-emulator.html');
    const { win, parent, toParent, dispatch } = fakeWindow('');
    startCcpEmulator(document, win);
    dispatch({ event: 'synchronize' }, TOOLBAR_ORIGIN, parent);
    expect(toParent.map((p) => [(p.message as { event: string }).event, p.targetOrigin])).toEqual([
      ['acknowledge', '*'],
      ['agent::update', '*'],
      ['acknowledge', '*'],
    ]);
  });
});

describe('the CCP emulator page reloaded in the same tab', () => {
  // The Fusion simulator's page: the emulator's origin, so its sessionStorage keeps what Amazon Connect keeps.
  const top = { sessionStorage: window.sessionStorage };
  beforeEach(() => {
    loadPage();
    setReferrer(`${TOOLBAR_ORIGIN}/`);
    window.sessionStorage.clear();
  });

  it('picks up the agent and the call where the page before it left them, and shows them in its first snapshot', () => {
    const first = startCcpEmulator(document, fakeWindow('', true, top).win) as EmulatorGlobal;
    const contactId = first.model.customerCalls('+16505550100');
    first.model.agentAnswers(contactId);
    first.endpoint.stop();

    loadPage();
    const { win, toParent } = fakeWindow('', true, top);
    const second = startCcpEmulator(document, win) as EmulatorGlobal;
    expect(second.model.contacts()).toEqual([expect.objectContaining({ contactId, state: 'connected' })]);
    const snapshot = (toParent[1].message as { data: { snapshot: { contacts: Array<{ contactId: string }>; state: { name: string } } } }).data.snapshot;
    expect([snapshot.state.name, snapshot.contacts.map((c) => c.contactId)]).toEqual(['Busy', [contactId]]);
    second.endpoint.stop();
  });

  it('a stored state it cannot read is named on the page, dropped, and the CCP starts afresh', () => {
    window.sessionStorage.setItem('ccp-emulator:agent', JSON.stringify({ version: 3, chosen: 'Available' }));
    const global = startCcpEmulator(document, fakeWindow('', true, top).win) as EmulatorGlobal;
    expect(global.model.contacts()).toEqual([]);
    expect(document.getElementById('emulator-config-error')?.textContent).toMatch(/could not be used \(saved CCP state.chosenSince must be a time in epoch milliseconds\); starting afresh/);
    expect(JSON.parse(window.sessionStorage.getItem('ccp-emulator:agent') ?? 'null')).toMatchObject({ version: 3, contacts: [] });
    global.endpoint.stop();
  });
});
