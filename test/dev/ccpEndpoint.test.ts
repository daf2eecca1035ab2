/** The CCP's side of the Streams iframe protocol over a CcpModel; last, the real library's initCCP against it in jsdom. */
import { CcpEndpoint } from '../../dev/ccp/ccpEndpoint';
import { AgentData, CcpModel } from '../../dev/ccp/ccpModel';
import type { Streams } from '../../src/ts/cti/vendor/amazon/streamsLoader';

type Sent = { event: string; data: unknown };

function setUp({ rejectBroadcastsClick, ...options }: { acknowledge?: boolean; rejectBroadcastsClick?: boolean } = {}) {
  const model = new CcpModel({ ringTimeoutMs: null, rejectBroadcastsClick });
  const sent: Sent[] = [];
  const endpoint = new CcpEndpoint(model, { send: (message) => sent.push(message) }, { portId: 'port-7', ...options });
  const events = () => sent.map((m) => m.event);
  const take = () => sent.splice(0, sent.length);
  return { model, endpoint, sent, events, take };
}

const api = (requestId: string, method: string, params: unknown) => ({ event: 'api_request', data: { event: 'api_request', requestId, method, params } });

describe('CcpEndpoint', () => {
  describe('asking for its configuration', () => {
    afterEach(() => jest.useRealTimers());

    it('a CCP that got no configure a second after loading (it reloaded on its own) sends request_configure', () => {
      jest.useFakeTimers();
      const { endpoint, events, take } = setUp();
      endpoint.start();
      take();
      jest.advanceTimersByTime(999);
      expect(events()).toEqual([]);
      jest.advanceTimersByTime(1);
      expect(events()).toEqual(['request_configure']);
      endpoint.stop();
    });

    it('one the library configured asks nothing', () => {
      jest.useFakeTimers();
      const { endpoint, events, take } = setUp();
      endpoint.start();
      take();
      endpoint.receive({ event: 'configure', data: { softphone: { allowFramedSoftphone: false } } });
      jest.advanceTimersByTime(5000);
      expect(events()).toEqual([]);
      endpoint.stop();
    });
  });

  it('starts with acknowledge {id} and the first agent::update, then one agent::update per model change', () => {
    const { model, endpoint, sent, take } = setUp();
    expect(sent).toEqual([]);
    endpoint.start();
    expect(sent.map((m) => m.event)).toEqual(['acknowledge', 'agent::update']);
    expect(sent[0].data).toEqual({ id: 'port-7' });
    const first = sent[1].data as AgentData;
    expect(first.snapshot.state.name).toBe('Available');
    expect(first.snapshot.snapshotTimestamp).toBeInstanceOf(Date);
    expect(first.configuration.agentStates).toHaveLength(4);
    take();
    endpoint.start(); // a second start changes nothing
    expect(sent).toEqual([]);
    model.setAgentState('Lunch');
    expect(sent.map((m) => [m.event, (m.data as AgentData).snapshot.state.name])).toEqual([['agent::update', 'Lunch']]);
  });

  it('answers synchronize with acknowledge', () => {
    const { endpoint, sent, take } = setUp();
    endpoint.start();
    take();
    endpoint.receive({ event: 'synchronize' });
    endpoint.receive({ event: 'synchronize', data: undefined });
    expect(sent).toEqual([
      { event: 'acknowledge', data: { id: 'port-7' } },
      { event: 'acknowledge', data: { id: 'port-7' } },
    ]);
  });

  it('answers an api_request with api_response, sending the snapshots of its change first', () => {
    const { model, endpoint, sent, take } = setUp();
    endpoint.start();
    const contactId = model.customerCalls('+16505550100');
    take();
    endpoint.receive(api('req-1', 'acceptContact', { contactId }));
    expect(sent.map((m) => m.event)).toEqual(['agent::update', 'api_response']);
    expect((sent[0].data as AgentData).snapshot.contacts[0].state.type).toBe('connected');
    expect(sent[1].data).toEqual({ event: 'api_response', requestId: 'req-1', data: {}, err: null });
    take();

    const agentLeg = (model.agentData().snapshot.contacts[0].connections[0]).connectionId;
    endpoint.receive(api('req-2', 'destroyConnection', { contactId, connectionId: agentLeg }));
    // The call's media ended with the agent's connection: the CCP's softphone drops its mute and says so
    // (ccpCallControls.ts), before the contact goes to after-contact work.
    expect(sent.map((m) => m.event)).toEqual(['agent::update', 'agent::mute_toggle', 'agent::update', 'api_response']);
    expect([sent[0], sent[2]].map((m) => (m.data as AgentData).snapshot.contacts[0].state.type)).toEqual(['connected', 'ended']);
    expect(sent[1].data).toEqual({ muted: false });
    expect((sent[3].data as { requestId: string }).requestId).toBe('req-2');
  });

  it('sends the new outbound contact before the createOutboundContact response', () => {
    const { endpoint, sent, take } = setUp();
    endpoint.start();
    take();
    endpoint.receive(api('dial-1', 'createOutboundContact', { endpoint: { type: 'phone_number', phoneNumber: '+14155550123' }, queueARN: null }));
    expect(sent.map((m) => m.event)).toEqual(['agent::update', 'api_response']);
    const snapshot = (sent[0].data as AgentData).snapshot;
    expect(snapshot.contacts.map((c) => [c.initiationMethod, c.state.type])).toEqual([['outbound', 'connecting']]);
    expect(sent[1].data).toEqual({ event: 'api_response', requestId: 'dial-1', data: {}, err: null });
  });

  /** An error as the shared worker sends it: JSON.stringify of {type, message, stack, retryStatus, statusCode}. */
  const sentError = (type: string, message: unknown, statusCode: number) => ({ type, message, stack: expect.any(Array), retryStatus: 'none', statusCode });
  const errOfResponse = (message: { data: unknown }) => JSON.parse((message.data as { err: string }).err) as unknown;

  it('answers a failed request with data null and the error as the shared worker sends it (a JSON string), and sends no snapshot', () => {
    const { model, endpoint, sent, take } = setUp();
    endpoint.start();
    take();
    endpoint.receive(api('req-3', 'clearContact', { contactId: 'missing' }));
    model.failNext('putAgentState', { type: 'AccessDeniedException', message: 'nope' });
    endpoint.receive(api('req-4', 'putAgentState', { state: { agentStateARN: 'x' } }));
    endpoint.receive(api('req-5', 'muteParticipant', {}));
    expect(sent).toEqual(
      ['req-3', 'req-4', 'req-5'].map((requestId) => ({ event: 'api_response', data: { event: 'api_response', requestId, data: null, err: expect.any(String) } })),
    );
    expect(sent.map(errOfResponse)).toEqual([
      sentError('ResourceNotFoundException', expect.stringContaining('missing'), 404),
      sentError('AccessDeniedException', 'nope', 403),
      sentError('UnsupportedOperation', 'The CCP emulator does not implement muteParticipant.', 400),
    ]);
  });

  it('by default sends the library only the snapshot of a call declined in the CCP, as for one that rang out', () => {
    const { model, endpoint, events, take } = setUp();
    endpoint.start();
    const id = model.customerCalls('+16505550100');
    take();
    model.agentHangsUp(id);
    expect(events()).toEqual(['agent::update']);
  });

  it('with rejectBroadcastsClick sends the agent\'s Reject click in the CCP to the library as Streams\' click-stream data, before the snapshot of the declined call', () => {
    const { model, endpoint, sent, take } = setUp({ rejectBroadcastsClick: true });
    endpoint.start();
    const id = model.customerCalls('+16505550100');
    const other = model.customerCalls('+16505550101');
    take();
    model.agentHangsUp(id);
    expect(sent.map((message) => message.event)).toEqual(['click_stream_data', 'agent::update']);
    expect(sent[0].data).toEqual({ contactId: id, clickType: 'Reject', clickTime: expect.any(String) });
    endpoint.stop();
    take();
    model.agentHangsUp(other);
    expect(sent).toEqual([]); // stopped: nothing more goes out
  });

  it('echoes a broadcast back as its own event, as the shared worker fans it out', () => {
    const { endpoint, sent, take } = setUp();
    endpoint.start();
    take();
    endpoint.receive({ event: 'broadcast', data: { event: 'contact::accepted::c-1', data: { contactId: 'c-1' } } });
    endpoint.receive({ event: 'broadcast', data: { event: 'mute_toggle', data: { muted: true } } });
    expect(sent).toEqual([
      { event: 'contact::accepted::c-1', data: { contactId: 'c-1' } },
      { event: 'mute_toggle', data: { muted: true } },
    ]);
  });

  it('records bad messages and unknown events, answers none of them and never throws', () => {
    const { endpoint, sent, take } = setUp();
    endpoint.start();
    take();
    const bad: unknown[] = [
      null,
      undefined,
      'synchronize',
      42,
      [],
      {},
      { event: 5 },
      { event: '' },
      { event: 'api_request' },
      { event: 'api_request', data: { method: 'acceptContact', params: {} } },
      { event: 'api_request', data: { requestId: 'r', params: {} } },
      { event: 'api_request', data: { requestId: 7, method: 'acceptContact' } },
      { event: 'broadcast', data: null },
      { event: 'broadcast', data: { data: 1 } },
      { event: 'configure', data: { softphone: { allowFramedSoftphone: true } } },
      { event: 'outer_context_info', data: { streamsVersion: '2.28.1' } },
      { event: 'master_request', data: { event: 'master_request', requestId: 'm-1', method: 'checkMaster', params: { topic: 'send_logs' } } },
    ];
    for (const message of bad) expect(() => endpoint.receive(message)).not.toThrow();
    expect(sent).toEqual([]);
    expect(endpoint.received).toHaveLength(bad.length);
    expect(endpoint.received.filter((m) => m.event === '(invalid)')).toHaveLength(8);
    expect(endpoint.received.map((m) => m.event)).toContain('configure');
    expect(endpoint.received.find((m) => m.event === 'configure')?.data).toEqual({ softphone: { allowFramedSoftphone: true } });
    expect(endpoint.ignored.some((reason) => /api_request without requestId or method/.test(reason))).toBe(true);
  });

  it('a CCP whose agent is not signed in sends nothing and answers nothing, until signIn()', () => {
    const { model, endpoint, sent, events } = setUp({ acknowledge: false });
    endpoint.start();
    endpoint.receive({ event: 'synchronize' });
    endpoint.receive(api('req-1', 'putAgentState', { state: { agentStateARN: 'x' } }));
    endpoint.receive({ event: 'broadcast', data: { event: 'x', data: 1 } });
    model.setAgentState('Lunch');
    expect(sent).toEqual([]);
    expect(endpoint.received.map((m) => m.event)).toEqual(['synchronize', 'api_request', 'broadcast']);
    expect(endpoint.isSignedIn).toBe(false);
    endpoint.signIn();
    expect(events()).toEqual(['acknowledge', 'agent::update']);
    expect((sent[1].data as AgentData).snapshot.state.name).toBe('Lunch');
    endpoint.receive({ event: 'synchronize' });
    expect(events()).toEqual(['acknowledge', 'agent::update', 'acknowledge']);
  });

  it('stop() ends the updates and the answers', () => {
    const { model, endpoint, sent, take } = setUp();
    endpoint.start();
    take();
    endpoint.stop();
    model.setAgentState('Lunch');
    endpoint.receive({ event: 'synchronize' });
    expect(sent).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// The unmodified amazon-connect-streams library, initCCP in jsdom, against the endpoint at the postMessage boundary
// (as shared/reference/streams-harness/fakeCcpIframe.js, with this endpoint playing the CCP).

/** Structured clone as postMessage does it (jsdom's postMessage neither clones nor sets source): keeps Dates, drops prototypes, refuses functions. */
function clone(value: unknown, seen = new Map<object, unknown>()): unknown {
  if (typeof value === 'function') throw new Error('DataCloneError: a function could not be cloned');
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return seen.get(value);
  if (value instanceof Date) return new Date(value.getTime());
  const out: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
  seen.set(value, out);
  for (const key of Object.keys(value)) (out as Record<string, unknown>)[key] = clone((value as Record<string, unknown>)[key], seen);
  return out;
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (condition()) return;
    await tick();
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the real amazon-connect-streams library against CcpEndpoint (jsdom)', () => {
  it('initialises, reports the agent and a contact, and completes accept, hang-up and clear through api_request', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- Streams is a browser script that defines the global `connect`
    require('amazon-connect-streams');
    const streams = (globalThis as unknown as { connect: Streams }).connect;
    streams.getLog().setEchoLevel(streams.LogLevel.CRITICAL);
    const CCP_ORIGIN = 'http://localhost:9999';
    const container = document.createElement('div');
    document.body.appendChild(container);
    streams.core.initCCP(container, {
      ccpUrl: `${CCP_ORIGIN}/ccp-emulator.html`,
      loginPopup: false,
      softphone: { allowFramedSoftphone: true, disableRingtone: true },
    });
    const iframe = container.querySelector('iframe');
    if (!iframe || !iframe.contentWindow) throw new Error('initCCP made no iframe');
    const frameWindow = iframe.contentWindow;

    const model = new CcpModel({ ringTimeoutMs: null });
    const endpoint = new CcpEndpoint(model, {
      send(message) {
        const data = clone(message);
        setTimeout(() => window.dispatchEvent(new MessageEvent('message', { data, origin: CCP_ORIGIN, source: frameWindow })), 0);
      },
    });
    (frameWindow as unknown as { postMessage: (m: unknown) => void }).postMessage = (message: unknown) => {
      const copy = clone(message);
      setTimeout(() => endpoint.receive(copy), 0);
    };

    const log: string[] = [];
    const agents: unknown[] = [];
    const contacts: connect.Contact[] = [];
    streams.agent((agent: unknown) => agents.push(agent));
    streams.contact((contact) => {
      contacts.push(contact);
      contact.onConnecting(() => log.push('onConnecting'));
      contact.onAccepted(() => log.push('onAccepted'));
      contact.onConnected(() => log.push('onConnected'));
      contact.onACW(() => log.push('onACW'));
      contact.onEnded(() => log.push('onEnded'));
      contact.onDestroy(() => log.push('onDestroy'));
    });
    endpoint.start();
    await until(() => agents.length === 1 && endpoint.received.some((m) => m.event === 'synchronize'), 'connect.agent and the first keep-alive');
    expect(endpoint.received.map((m) => m.event)).toEqual(expect.arrayContaining(['configure', 'outer_context_info', 'synchronize']));
    const agent = agents[0] as { getState(): { name: string }; getAgentStates(): Array<{ name: string }> };
    expect(agent.getState().name).toBe('Available');
    expect(agent.getAgentStates().map((s) => s.name)).toEqual(['Offline', 'Lunch', 'Available', 'Training']);

    const contactId = model.customerCalls('+16505550100');
    await until(() => contacts.length === 1, 'connect.contact');
    const contact = contacts[0];
    expect(contact.getContactId()).toBe(contactId);
    expect(contact.isInbound()).toBe(true);
    expect(contact.getInitialConnection()?.getEndpoint().phoneNumber).toBe('+16505550100');

    const outcomes: string[] = [];
    contact.accept({ success: () => outcomes.push('accept ok'), failure: (e: unknown) => outcomes.push(`accept failed ${String(e)}`) });
    await until(() => log.includes('onAccepted') && outcomes.length === 1, 'accept');
    expect(model.contacts()[0].state).toBe('connected');

    contact.getAgentConnection()?.destroy({ success: () => outcomes.push('destroy ok'), failure: () => outcomes.push('destroy failed') });
    await until(() => log.includes('onEnded') && outcomes.length === 2, 'destroy');
    contact.clear({ success: () => outcomes.push('clear ok'), failure: () => outcomes.push('clear failed') });
    await until(() => log.includes('onDestroy') && outcomes.length === 3, 'clear');

    expect(outcomes).toEqual(['accept ok', 'destroy ok', 'clear ok']);
    expect(log).toEqual(['onConnecting', 'onConnected', 'onAccepted', 'onACW', 'onEnded', 'onDestroy']);
    expect(model.agentStateName()).toBe('Available');
    endpoint.stop();
  });
});
