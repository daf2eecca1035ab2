/** The simulator page's DOM, driven through the UEF stand-in over an in-memory channel (jsdom; no browser). */
import * as fs from 'fs';
import * as path from 'path';
import type {
  IMcaAgentStateEventActionRequest,
  IMcaEventRequest,
  IMcaNewCommEventActionRequest,
  IMcaOnDataUpdatedEventResponse,
  IMcaOnToolbarAgentCommandEventResponse,
  IMcaOnToolbarInteractionCommandEventResponse,
  IMcaReadyForOperationActionRequest,
} from '../../src/ts/cti/fusion/uef';
import { CustomerSideContext, SimulatorGlobal, ccpEmulatorUrl, customerSideFor, startSimulatorPage, toolbarLocation } from '../../dev/simulator';
import { AmazonCustomerSide, PostTarget } from '../../dev/amazonCustomerSide';
import { GenesysCustomerSide } from '../../dev/genesysCustomerSide';
import { FakeGwsCustomerSide } from '../../dev/fakeGwsCustomerSide';
import { createMemoryChannel } from '../../dev/transport';
import { createUefStandIn } from '../../dev/uefStandIn';

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function loadPage(): void {
  const html = fs.readFileSync(path.join(__dirname, '../../dev/simulator.html'), 'utf8');
  document.documentElement.innerHTML = new DOMParser().parseFromString(html, 'text/html').documentElement.innerHTML;
}

function buttonNamed(name: string, within: ParentNode = document): HTMLButtonElement {
  const found = Array.from(within.querySelectorAll('button')).find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name);
  if (!found) throw new Error(`no button named ${name}`);
  return found;
}

describe('toolbarLocation', () => {
  it('frames the toolbar from the other loopback name and forwards the query', () => {
    const location = toolbarLocation('http://localhost:8000/simulator.html?vendor=amazon&oraParentFrame=evil');
    expect(location?.origin).toBe('http://127.0.0.1:8000');
    const url = new URL(location!.url);
    expect(url.pathname).toBe('/index.html');
    expect(url.searchParams.getAll('oraParentFrame')).toEqual(['http://localhost:8000']);
    expect(url.searchParams.get('uefClientUrl')).toBe('dev/uef-standin.js');
    expect(url.searchParams.get('vendor')).toBe('amazon');
    expect(toolbarLocation('http://127.0.0.1:8000/simulator.html')?.origin).toBe('http://localhost:8000');
    expect(toolbarLocation('http://example.com/simulator.html')).toBeNull();
  });

  it('for vendor=amazon, points amazon.ccpUrl at the CCP emulator on the page\'s own origin, configured by ccp.* parameters', () => {
    const location = toolbarLocation(
      'http://localhost:8000/simulator.html?vendor=amazon&ccp.ringTimeoutMs=1500&ccp.dialTimeoutMs=off&ccp.signedIn=false&ccp.initialState=Offline&ccp.rejectBroadcastsClick=true&amazon.loginPopup=false',
    );
    const url = new URL(location!.url);
    expect(url.origin).toBe('http://127.0.0.1:8000');
    const ccpUrl = new URL(url.searchParams.get('amazon.ccpUrl')!);
    expect(ccpUrl.origin).toBe('http://localhost:8000'); // not the toolbar's origin: the CCP is framed cross-origin
    expect(ccpUrl.pathname).toBe('/ccp-emulator.html');
    expect(Object.fromEntries(ccpUrl.searchParams)).toEqual({ ringTimeoutMs: '1500', dialTimeoutMs: 'off', signedIn: 'false', initialState: 'Offline', rejectBroadcastsClick: 'true' });
    expect(url.searchParams.get('amazon.loginPopup')).toBe('false');
    expect(Array.from(url.searchParams.keys()).filter((key) => key.startsWith('ccp.'))).toEqual([]);
    expect(ccpEmulatorUrl('http://127.0.0.1:8000/simulator.html?vendor=amazon')).toBe('http://127.0.0.1:8000/ccp-emulator.html');
  });

  it('leaves an explicit amazon.ccpUrl alone, adds none for other vendors, and never forwards ccp.* parameters', () => {
    const explicit = new URL(toolbarLocation('http://localhost:8000/simulator.html?vendor=amazon&amazon.ccpUrl=https%3A%2F%2Fexample.my.connect.aws%2Fccp-v2%2F&ccp.ringTimeoutMs=5')!.url);
    expect(explicit.searchParams.getAll('amazon.ccpUrl')).toEqual(['https://example.my.connect.aws/ccp-v2/']);
    expect(explicit.searchParams.has('ccp.ringTimeoutMs')).toBe(false);
    const genesys = new URL(toolbarLocation('http://localhost:8000/simulator.html?ccp.ringTimeoutMs=5')!.url);
    expect(genesys.searchParams.has('amazon.ccpUrl')).toBe(false);
    expect(genesys.searchParams.has('ccp.ringTimeoutMs')).toBe(false);
    const none = new URL(toolbarLocation('http://localhost:8000/simulator.html?vendor=none')!.url);
    expect(none.searchParams.has('amazon.ccpUrl')).toBe(false);
  });
});

describe('customerSideFor', () => {
  const context = (frames: PostTarget[] = []): CustomerSideContext => ({
    toolbarFrame: { contentWindow: { frames } },
    win: { addEventListener: () => undefined, removeEventListener: () => undefined },
  });

  it('is the bridge simulator for genesys (the default), nothing for none', () => {
    expect(customerSideFor('http://localhost:8000/simulator.html')).toBeInstanceOf(GenesysCustomerSide);
    expect(customerSideFor('http://localhost:8000/simulator.html?vendor=genesys', context())).toBeInstanceOf(GenesysCustomerSide);
    expect(customerSideFor('http://localhost:8000/simulator.html?vendor=none', context())).toBeNull();
  });

  it('is the fake GWS when the page names one, for the agent it names (agent1 by default); bad parameters are named', () => {
    const side = customerSideFor('http://localhost:8000/simulator.html?fakeGws.url=http%3A%2F%2F127.0.0.1%3A7777%2F&fakeGws.agent=agent2');
    expect(side).toBeInstanceOf(FakeGwsCustomerSide);
    expect(side!.description).toBe("Fake GWS at http://127.0.0.1:7777: the customer, agent2's phone and the other agents' phones.");
    expect(customerSideFor('http://localhost:8000/simulator.html?fakeGws.url=http%3A%2F%2F127.0.0.1%3A7777')!.description).toContain("agent1's phone");
    expect(() => customerSideFor('http://localhost:8000/simulator.html?fakeGws.url=nonsense')).toThrow('fakeGws.url: "nonsense" is not an address');
    expect(() => customerSideFor('http://localhost:8000/simulator.html?fakeGws.url=ftp%3A%2F%2F127.0.0.1')).toThrow('fakeGws.url: "ftp://127.0.0.1" must be http or https');
    expect(() => customerSideFor('http://localhost:8000/simulator.html?fakeGws.url=http%3A%2F%2F127.0.0.1%3A7777&fakeGws.agent=')).toThrow(/^fakeGws\.agent: must be/);
    expect(() => customerSideFor('http://localhost:8000/simulator.html?simulator.controlUrl=nonsense')).toThrow('simulator.controlUrl: "nonsense" is not an address');
  });

  it("is the CCP emulator in the toolbar for amazon, addressed with the emulator's origin", async () => {
    const side = customerSideFor('http://localhost:8000/simulator.html?vendor=amazon', context());
    expect(side).toBeInstanceOf(AmazonCustomerSide);
    expect(side!.description).toBe("Amazon Connect CCP emulator in the toolbar: the customer, the transfer target and the agent's CCP.");
    expect(() => customerSideFor('http://localhost:8000/simulator.html?vendor=amazon')).toThrow(/needs the toolbar frame/);
    expect(() => customerSideFor('http://localhost:8000/simulator.html?vendor=amazon&amazon.ccpUrl=nonsense', context())).toThrow(/^amazon\.ccpUrl: "nonsense"/);

    const targets: string[] = [];
    const frame: PostTarget = { postMessage: (_message, targetOrigin) => void targets.push(targetOrigin) };
    const explicit = customerSideFor('http://localhost:8000/simulator.html?vendor=amazon&amazon.ccpUrl=http%3A%2F%2F127.0.0.1%3A9000%2Fccp-emulator.html', context([frame])) as AmazonCustomerSide;
    const defaulted = customerSideFor('http://localhost:8000/simulator.html?vendor=amazon', context([frame])) as AmazonCustomerSide;
    jest.useFakeTimers();
    try {
      const pending = [explicit.calls().catch((e: Error) => e.message), defaulted.calls().catch((e: Error) => e.message)];
      await jest.advanceTimersByTimeAsync(5000);
      const messages = await Promise.all(pending);
      expect(messages[0]).toMatch(/^The CCP emulator is not loaded in the toolbar yet .*http:\/\/127\.0\.0\.1:9000/);
      expect(messages[1]).toMatch(/^The CCP emulator is not loaded in the toolbar yet .*http:\/\/localhost:8000/);
    } finally {
      jest.useRealTimers();
    }
    // Hello is said again until the search times out: every one is addressed to its side's emulator origin.
    expect([...new Set(targets)]).toEqual(['http://127.0.0.1:9000', 'http://localhost:8000']);
  });
});

describe('simulator page', () => {
  it('shows agent state, the incoming-call dialog and the operations log, and Answer reaches the toolbar', async () => {
    loadPage();
    const { toolbarEnd, hostEnd } = createMemoryChannel();
    const page = startSimulatorPage(document, window, () => hostEnd, () => null);
    expect(page).not.toBeNull();
    const global = (window as unknown as { fusionSimulator: SimulatorGlobal }).fusionSimulator;
    expect(global.operations).toBe(global.simulator.operations);
    expect(document.querySelector<HTMLIFrameElement>('#toolbar-frame')?.src).toContain('http://127.0.0.1');

    const provider = await createUefStandIn(toolbarEnd).uiEventsFramework.initialize('MediaToolbar', 'v1');
    const phone = await (await provider.getMultiChannelAdaptorContext()).getCommunicationChannelContext('PHONE');
    const commands: string[] = [];
    phone.subscribe(provider.requestHelper.createSubscriptionRequest('onToolbarInteractionCommand'), (response) => {
      const data = (response as IMcaOnToolbarInteractionCommandEventResponse).getResponseData();
      commands.push(data.getCommand());
      data.setResult('failure');
      data.getData().resultDisplayString = 'The vendor refused';
      return Promise.resolve(data);
    });

    expect(buttonNamed('Phone').disabled).toBe(true);
    const state = provider.requestHelper.createPublishRequest('agentStateEventOperation') as IMcaAgentStateEventActionRequest;
    state.setIsAvailable(true);
    state.setIsLoggedIn(true);
    state.setState('AVAILABLE');
    await phone.publish(state);
    expect(buttonNamed('Phone').disabled).toBe(false);
    expect(document.getElementById('agent-status')?.textContent).toBe('Available');

    const ring = provider.requestHelper.createPublishRequest('newCommEvent') as IMcaNewCommEventActionRequest;
    ring.setEventId('call-1');
    ring.getInData().setInDataValueByAttribute('SVCMCA_ANI', '+16505550100');
    await phone.publish(ring);
    const dialog = document.querySelector<HTMLElement>('[role="dialog"]');
    expect(dialog?.textContent).toContain('Incoming call');
    expect(dialog?.textContent).toContain('Lisa Jones');
    expect(document.getElementById(dialog!.getAttribute('aria-labelledby')!)?.textContent).toBe('Incoming call');

    const log = Array.from(document.querySelectorAll('#operations-log li')).map((li) => li.textContent);
    expect(log).toEqual(['agentStateEventOperation isAvailable=true state=AVAILABLE', 'newCommEvent eventId=call-1']);

    buttonNamed('Answer', dialog!).click();
    await flush();
    await flush();
    expect(commands).toEqual(['accept']);
    expect(document.getElementById('error-line')?.textContent).toBe('Answer: failure (The vendor refused)');
    expect(buttonNamed('Call +1 650 555 0100')).toBeDefined();
    expect(document.querySelectorAll('#directory tr')).toHaveLength(4);
    expect(document.querySelector('section#customer-panel[aria-label="Customer"]')).not.toBeNull();
  });

  it('gives the customer side the toolbar frame, and with vendor=amazon the Customer panel drives the CCP emulator in it', async () => {
    loadPage();
    const contexts: CustomerSideContext[] = [];
    const { hostEnd } = createMemoryChannel();
    startSimulatorPage(document, window, () => hostEnd, (_href, context) => {
      contexts.push(context);
      return null;
    });
    expect(contexts).toHaveLength(1);
    expect(contexts[0].toolbarFrame).toBe(document.getElementById('toolbar-frame'));
    expect(contexts[0].win).toBe(window);

    loadPage();
    window.history.replaceState(null, '', '/simulator.html?vendor=amazon');
    jest.useFakeTimers();
    try {
      startSimulatorPage(document, window, () => createMemoryChannel().hostEnd);
      await jest.advanceTimersByTimeAsync(10);
      const panel = document.getElementById('customer-panel')!;
      expect(panel.textContent).toContain('Amazon Connect CCP emulator in the toolbar');
      expect(document.getElementById('customer-error')?.textContent).toMatch(/^Cannot reach the phone system: The CCP emulator is not loaded in the toolbar yet/);
      const toolbarUrl = new URL(document.querySelector<HTMLIFrameElement>('#toolbar-frame')!.src);
      expect(toolbarUrl.searchParams.get('amazon.ccpUrl')).toBe(`${window.location.origin}/ccp-emulator.html`);
      jest.clearAllTimers();
    } finally {
      jest.useRealTimers();
      window.history.replaceState(null, '', '/');
    }
  });

  async function connectedPage() {
    loadPage();
    const { toolbarEnd, hostEnd } = createMemoryChannel();
    startSimulatorPage(document, window, () => hostEnd, () => null);
    const provider = await createUefStandIn(toolbarEnd).uiEventsFramework.initialize('MediaToolbar', 'v1');
    const phone = await (await provider.getMultiChannelAdaptorContext()).getCommunicationChannelContext('PHONE');
    return { provider, phone };
  }

  it("shows the toolbar's readiness and the agent Fusion's configuration names", async () => {
    const { provider, phone } = await connectedPage();
    const readiness = document.getElementById('toolbar-readiness')!;
    expect(readiness.textContent).toMatch(/^Not ready: no readyForOperationOperation/);
    expect(readiness.dataset.ready).toBe('false');
    expect(document.getElementById('configured-agent')?.textContent).toBe('LISA.AGENT (party 300100551234567)');
    const ready = provider.requestHelper.createPublishRequest('readyForOperationOperation') as IMcaReadyForOperationActionRequest;
    ready.setReadiness(true);
    await phone.publish(ready);
    expect(readiness.textContent).toBe('Ready (readyForOperationOperation with readiness true)');
    expect(readiness.dataset.ready).toBe('true');
    expect(Array.from(document.querySelectorAll('#operations-log li')).map((li) => li.textContent)).toEqual(['readyForOperationOperation readiness=true']);
  });

  it('shows the commands the toolbar answered getActiveInteractionCommands with, and "Ask again" sends it again', async () => {
    const { provider, phone } = await connectedPage();
    expect(document.getElementById('supported-commands')?.textContent).toBe('Not answered yet');
    const asked: string[] = [];
    phone.subscribe(provider.requestHelper.createSubscriptionRequest('onToolbarAgentCommand'), (response) => {
      const data = (response as IMcaOnToolbarAgentCommandEventResponse).getResponseData();
      asked.push(data.getCommand());
      data.setOutdata({ supportedCommands: asked.length === 1 ? ['accept', 'reject'] : ['accept'], supportedFeatures: [] });
      data.setResult('success');
      return Promise.resolve(data);
    });
    await flush();
    await flush();
    expect(document.getElementById('supported-commands')?.textContent).toBe('{"supportedCommands":["accept","reject"],"supportedFeatures":[]}');
    buttonNamed('Ask again: getActiveInteractionCommands').click();
    await flush();
    await flush();
    expect(asked).toEqual(['getActiveInteractionCommands', 'getActiveInteractionCommands']);
    expect(document.getElementById('supported-commands')?.textContent).toBe('{"supportedCommands":["accept"],"supportedFeatures":[]}');
  });

  it('"Let it time out" in the incoming-call dialog sends onDataUpdated OFFER_TIMEOUT and leaves the call waiting for the toolbar\'s close', async () => {
    const { provider, phone } = await connectedPage();
    const updates: string[] = [];
    const request = provider.requestHelper.createSubscriptionRequest('onDataUpdated') as IMcaEventRequest;
    request.setAppClassification('ORA_SERVICE');
    phone.subscribe(request, (response) => {
      const data = (response as IMcaOnDataUpdatedEventResponse).getResponseData();
      updates.push(`${data.getEventId()} ${data.getOutData().updateType}`);
    });
    const ring = provider.requestHelper.createPublishRequest('newCommEvent') as IMcaNewCommEventActionRequest;
    ring.setEventId('call-1');
    ring.getInData().setInDataValueByAttribute('SVCMCA_ANI', '+16505550100');
    await phone.publish(ring);
    const dialog = document.querySelector<HTMLElement>('[role="dialog"][data-event-id="call-1"]')!;
    expect(Array.from(dialog.querySelectorAll('button')).map((b) => b.textContent)).toEqual(['Answer', 'Decline', 'Let it time out']);
    buttonNamed('Let it time out', dialog).click();
    await flush();
    expect(updates).toEqual(['call-1 OFFER_TIMEOUT']);
    const card = document.querySelector<HTMLElement>('[data-event-id="call-1"]')!;
    expect(card.querySelector('h3')?.textContent).toBe('Offer timed out');
    expect(card.querySelectorAll('button')).toHaveLength(0);
    expect(Array.from(document.querySelectorAll('#events-log li')).map((li) => li.textContent)).toContain('onDataUpdated OFFER_TIMEOUT eventId=call-1 → success');
  });
});
