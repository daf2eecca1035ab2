/** The simulator page's DOM, driven through the UEF stand-in over an in-memory channel (jsdom; no browser). */
import * as fs from 'fs';
import * as path from 'path';
import type { IMcaAgentStateEventActionRequest, IMcaCommEventActionRequest, IMcaOnToolbarInteractionCommandDataResponse } from '../../src/ts/cti/fusion/uef';
import { SimulatorGlobal, startSimulatorPage, toolbarLocation } from '../../dev/simulator';
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

    const provider = await createUefStandIn(toolbarEnd).uiEventsFramework.initialize('MediaToolbar');
    const phone = await (await provider.getMultiChannelAdaptorContext()).getCommunicationChannelContext('PHONE');
    const commands: string[] = [];
    phone.subscribe(provider.requestHelper.createSubscriptionRequest('onToolbarInteractionCommand'), (response) => {
      const data = response.getResponseData() as IMcaOnToolbarInteractionCommandDataResponse;
      commands.push(data.getCommand());
      data.setResult('failure');
      data.setResultDisplayString('The vendor refused');
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

    const ring = provider.requestHelper.createPublishRequest('newCommEvent') as IMcaCommEventActionRequest;
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
});
