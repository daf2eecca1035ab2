/** The CCP emulator's model of one Amazon Connect agent: snapshots, steps, the CTI API and the far side's actions. */
import { AGENT_STATES, AgentData, ApiResult, CcpModel, CcpModelOptions, ContactData, INSTANCE_ARN } from '../../dev/ccp/ccpModel';

const CALLER = '+16505550100';
const CALLEE = '+14155550123';

function arnOf(name: string): string {
  const state = AGENT_STATES.find((s) => s.name === name);
  if (!state) throw new Error(`no state ${name}`);
  return state.agentStateARN;
}

/** A model whose every snapshot-worthy step is recorded as the snapshot a listener would have sent. */
function setUp(options: Partial<CcpModelOptions> = {}) {
  const model = new CcpModel({ ringTimeoutMs: null, ...options });
  const snapshots: AgentData[] = [];
  model.onChange(() => snapshots.push(model.agentData()));
  const contactIn = (data: AgentData, contactId: string): ContactData | undefined => data.snapshot.contacts.find((c) => c.contactId === contactId);
  const legs = (contact: ContactData | undefined) => contact?.connections.map((c) => [c.type, c.state.type]);
  const summary = (data: AgentData, contactId: string) => {
    const contact = contactIn(data, contactId);
    return { agent: [data.snapshot.state.name, data.snapshot.state.type], contact: contact?.state.type ?? 'gone', legs: legs(contact) };
  };
  const connectionIds = (contactId: string) => {
    const contact = contactIn(model.agentData(), contactId);
    if (!contact) throw new Error(`no contact ${contactId}`);
    return { agent: contact.connections[0].connectionId, customer: contact.connections[1].connectionId };
  };
  return { model, snapshots, summary, contactIn, connectionIds };
}

function errOf(result: ApiResult): { type: string; message: string } {
  if (!('err' in result)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.err;
}

function dataOf(result: ApiResult): unknown {
  if (!('data' in result)) throw new Error(`expected success, got ${JSON.stringify(result)}`);
  return result.data;
}

afterEach(() => {
  jest.useRealTimers();
});

describe('configuration and snapshot shape', () => {
  it('has the agent queue in the routing profile and the agent states in an unusual order', () => {
    const { model } = setUp();
    const { configuration } = model.agentData();
    expect(configuration.routingProfile.queues.map((q) => q.queueARN)).toContain(`${INSTANCE_ARN}/queue/agent/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee`);
    expect(configuration.routingProfile.queues.some((q) => /\/queue\/agent\/[^/]+$/.test(q.queueARN))).toBe(true);
    expect(configuration.agentStates.map((s) => [s.name, s.type])).toEqual([
      ['Offline', 'offline'],
      ['Lunch', 'not_routable'],
      ['Available', 'routable'],
      ['Training', 'not_routable'],
    ]);
    expect(configuration.routingProfile.defaultOutboundQueue.queueARN).toMatch(/queue\/basic$/);
    expect(configuration.softphoneEnabled).toBe(true);
  });

  it('starts Available by default, or in initialState, and refuses an unknown initial state', () => {
    const { model } = setUp();
    const { snapshot } = model.agentData();
    expect(snapshot.state).toEqual({ agentStateARN: arnOf('Available'), name: 'Available', type: 'routable', startTimestamp: expect.any(Date) });
    expect(snapshot.agentAvailabilityState).toEqual({ state: 'Available', timeStamp: expect.any(Date) });
    expect(snapshot.nextState).toBeNull();
    expect(snapshot.contacts).toEqual([]);
    expect(snapshot.skew).toBe(0);
    expect(snapshot.snapshotTimestamp).toBeInstanceOf(Date);
    expect(typeof snapshot.localTimestamp).toBe('number');
    expect(new CcpModel({ ringTimeoutMs: null, initialState: 'Offline' }).agentStateType()).toBe('offline');
    expect(() => new CcpModel({ ringTimeoutMs: null, initialState: 'Asleep' })).toThrow(/initialState "Asleep"/);
    expect(() => new CcpModel({ ringTimeoutMs: -1 })).toThrow(/ringTimeoutMs/);
  });

  it('gives a fresh object on every agentData() call, with timestamps from the clock option', () => {
    let now = new Date('2030-01-01T10:00:00Z');
    const { model } = setUp({ now: () => now });
    const first = model.agentData();
    const second = model.agentData();
    expect(second).not.toBe(first);
    expect(second.configuration).not.toBe(first.configuration);
    expect(second.snapshot.state.startTimestamp).not.toBe(first.snapshot.state.startTimestamp);
    first.snapshot.contacts.push({} as ContactData);
    first.configuration.agentStates.length = 0;
    expect(model.agentData().snapshot.contacts).toEqual([]);
    expect(model.agentData().configuration.agentStates).toHaveLength(4);
    expect(first.snapshot.snapshotTimestamp.toISOString()).toBe('2030-01-01T10:00:00.000Z');
    now = new Date('2030-01-01T10:05:00Z');
    model.customerCalls(CALLER);
    const { snapshot } = model.agentData();
    expect(snapshot.state.name).toBe('PendingBusy');
    expect(snapshot.state.startTimestamp.toISOString()).toBe('2030-01-01T10:05:00.000Z');
    expect(snapshot.localTimestamp).toBe(now.getTime());
    expect(snapshot.agentAvailabilityState.timeStamp.toISOString()).toBe('2030-01-01T10:00:00.000Z');
  });

  it('describes a voice contact as GetAgentSnapshot does', () => {
    const { model } = setUp();
    const contactId = model.customerCalls(CALLER);
    expect(contactId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const contact = model.agentData().snapshot.contacts[0];
    expect(contact).toMatchObject({
      contactId,
      initialContactId: contactId,
      type: 'voice',
      initiationMethod: 'inbound',
      state: { type: 'connecting', timestamp: expect.any(Date) },
      queue: { name: 'BasicQueue' },
      queueTimestamp: expect.any(Date),
    });
    const [agentLeg, customerLeg] = contact.connections;
    expect(agentLeg).toMatchObject({ type: 'agent', initial: false, state: { type: 'connecting' }, endpoint: { type: 'agent' } });
    expect(agentLeg.softphoneMediaInfo).toMatchObject({ callType: 'audio_only', autoAccept: false });
    expect(customerLeg).toMatchObject({ type: 'inbound', initial: true, state: { type: 'connected' }, endpoint: { type: 'phone_number', phoneNumber: CALLER }, softphoneMediaInfo: null });
    expect(agentLeg.connectionId).not.toBe(customerLeg.connectionId);
    expect(model.contacts()).toEqual([
      { contactId, direction: 'inbound', initiationMethod: 'inbound', state: 'connecting', phoneNumber: CALLER, agentLeg: 'connecting', customerLeg: 'connected', digitsHeard: '', muted: false, thirdParty: null },
    ]);
  });
});

describe('inbound calls', () => {
  it('rings only an available agent', () => {
    const { model, snapshots } = setUp({ initialState: 'Lunch' });
    expect(() => model.customerCalls(CALLER)).toThrow(/^The agent is not available: .*Lunch/);
    model.setAgentState('Offline');
    expect(() => model.customerCalls(CALLER)).toThrow(/not available/);
    expect(() => new CcpModel({ ringTimeoutMs: null }).customerCalls('12345')).toThrow(/E\.164/);
    model.setAgentState('Available');
    model.customerCalls(CALLER);
    expect(snapshots.map((s) => s.snapshot.state.name)).toEqual(['Offline', 'Available', 'PendingBusy']);
  });

  it('rings a second call while one is up (the routing profile takes two voice contacts), but not a third', () => {
    const { model, snapshots } = setUp();
    const first = model.customerCalls(CALLER);
    model.agentAnswers(first);
    const second = model.customerCalls('+16505550111');
    expect(model.contacts().map((c) => [c.contactId, c.state])).toEqual([
      [first, 'connected'],
      [second, 'connecting'],
    ]);
    expect(() => model.customerCalls('+16505550122')).toThrow(/not available: .*PendingBusy/);
    expect(snapshots.at(-1)?.configuration.routingProfile.channelConcurrencyMap.VOICE).toBe(2);
  });

  it('rings no call while the agent is in an error state after a missed one', () => {
    jest.useFakeTimers();
    try {
      const model = new CcpModel({ ringTimeoutMs: 1000 });
      model.customerCalls(CALLER);
      jest.advanceTimersByTime(1000);
      expect(model.agentStateName()).toBe('MissedCallAgent');
      expect(() => model.customerCalls('+16505550111')).toThrow(/not available: .*MissedCallAgent/);
      model.dispose();
    } finally {
      jest.useRealTimers();
    }
  });

  it('a call rings as one step: contact connecting, agent leg connecting, customer leg connected, agent PendingBusy', () => {
    const { model, snapshots, summary } = setUp();
    const id = model.customerCalls(CALLER);
    expect(snapshots).toHaveLength(1);
    expect(summary(snapshots[0], id)).toEqual({ agent: ['PendingBusy', 'system'], contact: 'connecting', legs: [['agent', 'connecting'], ['inbound', 'connected']] });
    expect(snapshots[0].snapshot.state.agentStateARN).toBeNull();
    expect(snapshots[0].snapshot.agentAvailabilityState.state).toBe('Available');
  });

  // How real voice contacts end unanswered: https://github.com/amazon-connect/amazon-connect-streams/issues/391 (the
  // maintainers' test for a missed contact: 'error', customer connection connected, agent's disconnected), #977, #344.
  it('a call nobody answers ends after ringTimeoutMs as real ones do (error, caller still on the line), and MissedCallAgent stays after the contact is cleared until the agent picks a state', () => {
    jest.useFakeTimers();
    const { model, snapshots, summary } = setUp({ ringTimeoutMs: 30_000 });
    const id = model.customerCalls(CALLER);
    jest.advanceTimersByTime(29_999);
    expect(snapshots).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(snapshots).toHaveLength(2);
    expect(summary(snapshots[1], id)).toEqual({ agent: ['MissedCallAgent', 'error'], contact: 'error', legs: [['agent', 'disconnected'], ['inbound', 'connected']] });
    jest.advanceTimersByTime(60_000);
    expect(snapshots).toHaveLength(2);
    expect(() => model.customerCalls(CALLER)).toThrow(/not available: .*MissedCallAgent/);
    expect(dataOf(model.handleApi('clearContact', { contactId: id }))).toEqual({});
    expect(summary(snapshots[2], id)).toEqual({ agent: ['MissedCallAgent', 'error'], contact: 'gone', legs: undefined });
    model.setAgentState('Available');
    expect(model.agentStateName()).toBe('Available');
    expect(snapshots).toHaveLength(4);
  });

  it('never rings out with ringTimeoutMs null, and an answered call does not ring out', () => {
    jest.useFakeTimers();
    const never = setUp({ ringTimeoutMs: null });
    never.model.customerCalls(CALLER);
    jest.advanceTimersByTime(10 * 60_000);
    expect(never.model.contacts()[0].state).toBe('connecting');

    const answered = setUp({ ringTimeoutMs: 1000 });
    const id = answered.model.customerCalls(CALLER);
    answered.model.agentAnswers(id);
    jest.advanceTimersByTime(5000);
    expect(answered.model.contacts()[0].state).toBe('connected');
    expect(answered.snapshots).toHaveLength(2);
  });

  it('acceptContact connects a ringing inbound contact in one step; the agent is Busy', () => {
    const { model, snapshots, summary } = setUp();
    const id = model.customerCalls(CALLER);
    expect(dataOf(model.handleApi('acceptContact', { contactId: id }))).toEqual({});
    expect(snapshots).toHaveLength(2);
    expect(summary(snapshots[1], id)).toEqual({ agent: ['Busy', 'system'], contact: 'connected', legs: [['agent', 'connected'], ['inbound', 'connected']] });
  });

  it('acceptContact refuses a contact that is not ringing, an unknown one and bad params', () => {
    const { model, snapshots } = setUp();
    const id = model.customerCalls(CALLER);
    model.agentAnswers(id);
    const err = errOf(model.handleApi('acceptContact', { contactId: id }));
    expect(err.type).toBe('InvalidStateException');
    expect(err.message).toMatch(/invalid state TALKING \(inbound, connected\)/);
    expect(() => model.agentAnswers(id)).toThrow(/invalid state TALKING/);
    expect(errOf(model.handleApi('acceptContact', { contactId: 'nope' })).type).toBe('ResourceNotFoundException');
    const bad = errOf(model.handleApi('acceptContact', {}));
    expect(bad.type).toBe('InvalidParameterException');
    expect(bad.message).toMatch(/contactId/);
    expect(errOf(model.handleApi('acceptContact', null)).type).toBe('InvalidParameterException');
    expect(errOf(model.handleApi('acceptContact', { contactId: 42 })).message).toMatch(/contactId/);
    expect(snapshots).toHaveLength(2);
  });

  it('rejectContact declines a ringing contact in one step, ending it as a ring nobody answered (error, caller still on the line, MissedCallAgent); the contact stays until cleared', () => {
    const { model, snapshots, summary } = setUp();
    const id = model.customerCalls(CALLER);
    expect(dataOf(model.handleApi('rejectContact', { contactId: id }))).toEqual({});
    expect(snapshots).toHaveLength(2);
    expect(summary(snapshots[1], id)).toEqual({ agent: ['MissedCallAgent', 'error'], contact: 'error', legs: [['agent', 'disconnected'], ['inbound', 'connected']] });
    expect(errOf(model.handleApi('rejectContact', { contactId: id })).type).toBe('InvalidStateException');
    model.handleApi('clearContact', { contactId: id });
    expect(model.contacts()).toEqual([]);
    expect(model.agentStateName()).toBe('MissedCallAgent');
  });

  it('declining one call while another is connected leaves the agent Busy on it', () => {
    const { model, summary, snapshots } = setUp();
    const first = model.customerCalls(CALLER);
    model.agentAnswers(first);
    const second = model.customerCalls(CALLEE);
    model.handleApi('rejectContact', { contactId: second });
    expect(summary(snapshots[snapshots.length - 1], second)).toEqual({ agent: ['Busy', 'system'], contact: 'error', legs: [['agent', 'disconnected'], ['inbound', 'connected']] });
  });

  it('ringOut ends a ringing call as ringTimeoutMs does (error, the caller still on the line, the agent in MissedCallAgent), and only a ringing one', () => {
    const { model, snapshots, summary } = setUp();
    const id = model.customerCalls(CALLER);
    model.ringOut(id);
    expect(summary(snapshots[snapshots.length - 1], id)).toEqual({ agent: ['MissedCallAgent', 'error'], contact: 'error', legs: [['agent', 'disconnected'], ['inbound', 'connected']] });
    expect(() => model.ringOut(id)).toThrow(/only a ringing inbound call can/);
  });

  it('Reject clicked in the CCP broadcasts nothing by default (not published of Amazon\'s CCP): only the contact\'s end shows', () => {
    const { model, snapshots, summary } = setUp();
    const heard: unknown[] = [];
    model.onBroadcast((...broadcast) => heard.push(broadcast));
    const id = model.customerCalls(CALLER);
    model.agentHangsUp(id);
    expect(heard).toEqual([]);
    expect(summary(snapshots[snapshots.length - 1], id)).toEqual({ agent: ['MissedCallAgent', 'error'], contact: 'error', legs: [['agent', 'disconnected'], ['inbound', 'connected']] });
    expect(() => new CcpModel({ ringTimeoutMs: null, rejectBroadcastsClick: 'yes' as unknown as boolean })).toThrow(/rejectBroadcastsClick must be a boolean/);
  });

  it('a Reject in the CCP that Amazon Connect refuses (failNext rejectContact) throws its reason and leaves the call ringing; with rejectBroadcastsClick the click went out first', () => {
    const { model, snapshots } = setUp({ rejectBroadcastsClick: true });
    const heard: string[] = [];
    model.onBroadcast((event) => heard.push(event));
    const id = model.customerCalls(CALLER);
    const before = snapshots.length;
    model.failNext('rejectContact', { type: 'InvalidStateException', message: 'Contact is not ringing' });
    expect(() => model.agentHangsUp(id)).toThrow('Amazon Connect refused the Reject: Contact is not ringing');
    expect(heard).toEqual(['click_stream_data']); // as Streams' contact.reject() sends it: before asking Amazon Connect
    expect(snapshots).toHaveLength(before);
    expect(model.contacts()[0]).toMatchObject({ state: 'connecting', agentLeg: 'connecting', customerLeg: 'connected' });
  });

  it('with rejectBroadcastsClick, Reject clicked in the CCP is broadcast as Streams\' click-stream data before the contact ends; rejectContact from a page broadcasts nothing of its own', () => {
    const { model, snapshots } = setUp({ now: () => new Date('2030-01-01T10:00:00Z'), rejectBroadcastsClick: true });
    const heard: Array<[string, unknown, number]> = [];
    model.onBroadcast((event, data) => heard.push([event, data, snapshots.length]));
    const id = model.customerCalls(CALLER);
    const other = model.customerCalls(CALLEE);
    model.agentHangsUp(id);
    expect(heard).toEqual([['click_stream_data', { contactId: id, clickType: 'Reject', clickTime: '2030-01-01T10:00:00.000Z' }, 2]]);
    model.handleApi('rejectContact', { contactId: other });
    expect(heard).toHaveLength(1); // the page's Streams broadcasts its own click; the CCP only passes it on
  });

  it('rejectContact refuses a connected contact; agentHangsUp on a ringing contact rejects it', () => {
    const { model, summary, snapshots } = setUp();
    const first = model.customerCalls(CALLER);
    model.agentAnswers(first);
    const err = errOf(model.handleApi('rejectContact', { contactId: first }));
    expect(err).toEqual({ type: 'InvalidStateException', message: expect.stringMatching(/TALKING/) });

    const other = setUp();
    const id = other.model.customerCalls(CALLER);
    other.model.agentHangsUp(id);
    expect(other.summary(other.snapshots[1], id)).toEqual({ agent: ['MissedCallAgent', 'error'], contact: 'error', legs: [['agent', 'disconnected'], ['inbound', 'connected']] });
    expect(summary(snapshots[snapshots.length - 1], first).contact).toBe('connected');
  });

  it('the caller hanging up while it rings ends the contact in error in one step (#658), the caller\'s connection gone; the agent keeps the chosen state', () => {
    const { model, snapshots, summary } = setUp({ initialState: 'Available' });
    const id = model.customerCalls(CALLER);
    model.customerHangsUp(id);
    expect(snapshots).toHaveLength(2);
    expect(summary(snapshots[1], id)).toEqual({ agent: ['Available', 'routable'], contact: 'error', legs: [['agent', 'disconnected'], ['inbound', 'disconnected']] });
    expect(() => model.customerHangsUp(id)).toThrow(/cannot hang up .*error/);
    model.handleApi('clearContact', { contactId: id });
    expect(model.contacts()).toEqual([]);
    expect(model.agentStateName()).toBe('Available');
  });

  it('the customer hanging up a connected call: their leg drops, then the contact goes to after-contact work', () => {
    const { model, snapshots, summary } = setUp();
    const id = model.customerCalls(CALLER);
    model.agentAnswers(id);
    model.customerHangsUp(id);
    expect(snapshots).toHaveLength(4);
    expect(summary(snapshots[2], id)).toEqual({ agent: ['Busy', 'system'], contact: 'connected', legs: [['agent', 'connected'], ['inbound', 'disconnected']] });
    expect(summary(snapshots[3], id)).toEqual({ agent: ['AfterCallWork', 'not_routable'], contact: 'ended', legs: [['agent', 'disconnected'], ['inbound', 'disconnected']] });
    expect(() => model.customerHangsUp(id)).toThrow(/cannot hang up .*ended/);
  });
});

describe('destroyConnection', () => {
  it("of the agent's leg on a connected call: the agent's leg drops, then after-contact work", () => {
    const { model, snapshots, summary, connectionIds } = setUp();
    const id = model.customerCalls(CALLER);
    model.agentAnswers(id);
    expect(dataOf(model.handleApi('destroyConnection', { contactId: id, connectionId: connectionIds(id).agent }))).toEqual({});
    expect(snapshots).toHaveLength(4);
    expect(summary(snapshots[2], id)).toEqual({ agent: ['Busy', 'system'], contact: 'connected', legs: [['agent', 'disconnected'], ['inbound', 'connected']] });
    expect(summary(snapshots[3], id)).toEqual({ agent: ['AfterCallWork', 'not_routable'], contact: 'ended', legs: [['agent', 'disconnected'], ['inbound', 'disconnected']] });
    const again = errOf(model.handleApi('destroyConnection', { contactId: id, connectionId: connectionIds(id).agent }));
    expect(again.type).toBe('InvalidStateException');
  });

  it("of the agent's leg on a ringing call is a reject; agentHangsUp on a connected call is a destroy", () => {
    const ringing = setUp();
    const id = ringing.model.customerCalls(CALLER);
    ringing.model.handleApi('destroyConnection', { contactId: id, connectionId: ringing.connectionIds(id).agent });
    expect(ringing.summary(ringing.snapshots[1], id)).toEqual({ agent: ['MissedCallAgent', 'error'], contact: 'error', legs: [['agent', 'disconnected'], ['inbound', 'connected']] });

    const connected = setUp();
    const other = connected.model.customerCalls(CALLER);
    connected.model.agentAnswers(other);
    connected.model.agentHangsUp(other);
    expect(connected.snapshots.map((s) => connected.summary(s, other).legs)).toEqual([
      [['agent', 'connecting'], ['inbound', 'connected']],
      [['agent', 'connected'], ['inbound', 'connected']],
      [['agent', 'disconnected'], ['inbound', 'connected']],
      [['agent', 'disconnected'], ['inbound', 'disconnected']],
    ]);
    expect(() => connected.model.agentHangsUp(other)).toThrow(/cannot hang up/);
  });

  it("of the agent's leg on a dialing outbound call: the agent's leg drops, then after-contact work", () => {
    const { model, snapshots, summary, connectionIds } = setUp();
    model.handleApi('createOutboundContact', { endpoint: { type: 'phone_number', phoneNumber: CALLEE }, queueARN: null });
    const id = model.contacts()[0].contactId;
    model.handleApi('destroyConnection', { contactId: id, connectionId: connectionIds(id).agent });
    expect(snapshots).toHaveLength(3);
    expect(summary(snapshots[1], id)).toEqual({ agent: ['CallingCustomer', 'system'], contact: 'connecting', legs: [['agent', 'disconnected'], ['outbound', 'connecting']] });
    expect(summary(snapshots[2], id)).toEqual({ agent: ['AfterCallWork', 'not_routable'], contact: 'ended', legs: [['agent', 'disconnected'], ['outbound', 'disconnected']] });
  });

  it("of the customer's leg is the customer hanging up", () => {
    const { model, snapshots, summary, connectionIds } = setUp();
    const id = model.customerCalls(CALLER);
    model.agentAnswers(id);
    model.handleApi('destroyConnection', { contactId: id, connectionId: connectionIds(id).customer });
    expect(summary(snapshots[2], id).legs).toEqual([['agent', 'connected'], ['inbound', 'disconnected']]);
    expect(summary(snapshots[3], id).contact).toBe('ended');
  });

  it('refuses unknown contacts and connections, and bad params', () => {
    const { model, snapshots } = setUp();
    const id = model.customerCalls(CALLER);
    expect(errOf(model.handleApi('destroyConnection', { contactId: 'x', connectionId: 'y' })).type).toBe('ResourceNotFoundException');
    expect(errOf(model.handleApi('destroyConnection', { contactId: id, connectionId: 'y' })).type).toBe('ResourceNotFoundException');
    const missing = errOf(model.handleApi('destroyConnection', { contactId: id }));
    expect(missing.type).toBe('InvalidParameterException');
    expect(missing.message).toMatch(/connectionId/);
    expect(snapshots).toHaveLength(1);
  });
});

describe('clearContact', () => {
  it('refuses an active contact as Amazon Connect does ("invalid state TALKING")', () => {
    const { model } = setUp();
    const id = model.customerCalls(CALLER);
    expect(errOf(model.handleApi('clearContact', { contactId: id })).type).toBe('InvalidStateException');
    model.agentAnswers(id);
    const err = errOf(model.handleApi('clearContact', { contactId: id }));
    expect(err.type).toBe('InvalidStateException');
    expect(err.message).toMatch(/invalid state TALKING/);
    expect(() => model.agentClears(id)).toThrow(/cannot close/);
    expect(errOf(model.handleApi('clearContact', { contactId: 'gone' })).type).toBe('ResourceNotFoundException');
  });

  it('ends after-contact work: the contact goes and the agent is back in the chosen state', () => {
    const { model, snapshots, summary } = setUp();
    const id = model.customerCalls(CALLER);
    model.agentAnswers(id);
    model.customerHangsUp(id);
    expect(dataOf(model.handleApi('clearContact', { contactId: id }))).toEqual({});
    expect(snapshots).toHaveLength(5);
    expect(summary(snapshots[4], id)).toEqual({ agent: ['Available', 'routable'], contact: 'gone', legs: undefined });
    expect(errOf(model.handleApi('clearContact', { contactId: id })).type).toBe('ResourceNotFoundException');
  });

  it('agentClears does the same from the CCP', () => {
    const { model } = setUp();
    const id = model.customerCalls(CALLER);
    model.agentAnswers(id);
    model.agentHangsUp(id);
    expect(model.agentStateName()).toBe('AfterCallWork');
    model.agentClears(id);
    expect(model.contacts()).toEqual([]);
    expect(model.agentStateName()).toBe('Available');
  });
});

describe('putAgentState and setAgentState', () => {
  it('sets the chosen state by ARN', () => {
    const { model, snapshots } = setUp();
    expect(dataOf(model.handleApi('putAgentState', { state: { agentStateARN: arnOf('Lunch'), type: 'not_routable', name: 'Lunch' }, enqueueNextState: false }))).toEqual({});
    expect(snapshots).toHaveLength(1);
    expect(snapshots[0].snapshot.state).toMatchObject({ agentStateARN: arnOf('Lunch'), name: 'Lunch', type: 'not_routable' });
    expect(snapshots[0].snapshot.agentAvailabilityState.state).toBe('Lunch');
    model.setAgentState('Training');
    expect(model.agentStateName()).toBe('Training');
    expect(model.agentStateType()).toBe('not_routable');
    expect(() => model.setAgentState('Asleep')).toThrow(/not one of the agent states/);
  });

  it('refuses a state that is not one of the agent states, and bad params', () => {
    const { model, snapshots } = setUp();
    const unknown = errOf(model.handleApi('putAgentState', { state: { agentStateARN: `${INSTANCE_ARN}/agent-state/nap`, type: 'not_routable', name: 'Nap' } }));
    expect(unknown.type).toBe('InvalidParameterException');
    expect(unknown.message).toMatch(/agentStateARN/);
    expect(errOf(model.handleApi('putAgentState', {})).message).toMatch(/state/);
    expect(errOf(model.handleApi('putAgentState', { state: { name: 'Lunch' } })).message).toMatch(/agentStateARN/);
    expect(errOf(model.handleApi('putAgentState', { state: { agentStateARN: arnOf('Lunch') }, enqueueNextState: 'yes' })).message).toMatch(/enqueueNextState/);
    expect(snapshots).toHaveLength(0);
  });

  it('on an active contact only the availability state changes, and enqueueNextState sets nextState until the contact is over', () => {
    const { model, snapshots } = setUp();
    const id = model.customerCalls(CALLER);
    model.agentAnswers(id);
    model.handleApi('putAgentState', { state: { agentStateARN: arnOf('Lunch') }, enqueueNextState: false });
    let last = snapshots[snapshots.length - 1].snapshot;
    expect([last.state.name, last.agentAvailabilityState.state, last.nextState]).toEqual(['Busy', 'Lunch', null]);
    model.handleApi('putAgentState', { state: { agentStateARN: arnOf('Training') }, enqueueNextState: true });
    last = snapshots[snapshots.length - 1].snapshot;
    expect([last.state.name, last.agentAvailabilityState.state]).toEqual(['Busy', 'Training']);
    expect(last.nextState).toMatchObject({ agentStateARN: arnOf('Training'), name: 'Training', type: 'not_routable' });
    model.customerHangsUp(id);
    last = snapshots[snapshots.length - 1].snapshot;
    expect([last.state.name, last.nextState?.name]).toEqual(['AfterCallWork', 'Training']);
    model.agentClears(id);
    last = snapshots[snapshots.length - 1].snapshot;
    expect([last.state.name, last.nextState]).toEqual(['Training', null]);
  });

  it('in after-contact work (no active contact) the chosen state shows at once', () => {
    const { model } = setUp();
    const id = model.customerCalls(CALLER);
    model.agentAnswers(id);
    model.customerHangsUp(id);
    model.setAgentState('Lunch');
    expect(model.agentStateName()).toBe('Lunch');
    expect(model.contacts()[0].state).toBe('ended');
    model.agentClears(id);
    expect(model.agentStateName()).toBe('Lunch');
  });

  it("the state's start timestamp moves only when the state changes", () => {
    let now = new Date('2030-01-01T10:00:00Z');
    const { model } = setUp({ now: () => now });
    now = new Date('2030-01-01T10:01:00Z');
    model.setAgentState('Available');
    expect(model.agentData().snapshot.state.startTimestamp.toISOString()).toBe('2030-01-01T10:00:00.000Z');
    now = new Date('2030-01-01T10:02:00Z');
    model.setAgentState('Lunch');
    expect(model.agentData().snapshot.state.startTimestamp.toISOString()).toBe('2030-01-01T10:02:00.000Z');
  });
});

describe('outbound calls', () => {
  const dial = (model: CcpModel, phoneNumber = CALLEE) =>
    model.handleApi('createOutboundContact', { endpoint: { endpointARN: null, type: 'phone_number', name: null, phoneNumber, agentLogin: null, queue: null }, queueARN: `${INSTANCE_ARN}/queue/basic` });

  it('createOutboundContact dials in one step that happens before it returns', () => {
    const { model, summary } = setUp();
    const seenDuringCall: AgentData[] = [];
    model.onChange(() => seenDuringCall.push(model.agentData()));
    const result = dial(model);
    expect(dataOf(result)).toEqual({});
    expect(seenDuringCall).toHaveLength(1);
    const contact = seenDuringCall[0].snapshot.contacts[0];
    expect(contact).toMatchObject({ initiationMethod: 'outbound', type: 'voice', queue: { name: 'BasicQueue' } });
    expect(contact.connections[1]).toMatchObject({ type: 'outbound', initial: true, endpoint: { phoneNumber: CALLEE } });
    expect(summary(seenDuringCall[0], contact.contactId)).toEqual({ agent: ['CallingCustomer', 'system'], contact: 'connecting', legs: [['agent', 'connected'], ['outbound', 'connecting']] });
  });

  it('refuses a number that is not E.164, a dial during an active contact, and bad params', () => {
    const { model, snapshots } = setUp();
    const bad = errOf(dial(model, '555-0100'));
    expect(bad.type).toBe('InvalidParameterException');
    expect(bad.message).toMatch(/endpoint\.phoneNumber/);
    expect(errOf(dial(model, '+12')).type).toBe('InvalidParameterException');
    expect(errOf(model.handleApi('createOutboundContact', { queueARN: 'x' })).message).toMatch(/endpoint/);
    expect(errOf(model.handleApi('createOutboundContact', { endpoint: { phoneNumber: CALLEE }, queueARN: 7 })).message).toMatch(/queueARN/);
    expect(snapshots).toHaveLength(0);
    const id = model.customerCalls(CALLER);
    model.agentAnswers(id);
    const busy = errOf(dial(model));
    expect(busy.type).toBe('InvalidStateException');
    expect(busy.message).toMatch(/TALKING/);
  });

  it('the callee answers: connected, the agent is Busy', () => {
    const { model, snapshots, summary } = setUp();
    dial(model);
    const id = model.contacts()[0].contactId;
    model.calleeAnswers(id);
    expect(summary(snapshots[1], id)).toEqual({ agent: ['Busy', 'system'], contact: 'connected', legs: [['agent', 'connected'], ['outbound', 'connected']] });
    expect(() => model.calleeAnswers(id)).toThrow(/only a dialing outbound call/);
  });

  it("the callee is busy: the customer's leg drops, then the contact fails with FailedConnectCustomer; clearing it returns to the chosen state", () => {
    const { model, snapshots, summary } = setUp();
    dial(model);
    const id = model.contacts()[0].contactId;
    model.calleeBusy(id);
    expect(snapshots).toHaveLength(3);
    expect(summary(snapshots[1], id)).toEqual({ agent: ['CallingCustomer', 'system'], contact: 'connecting', legs: [['agent', 'connected'], ['outbound', 'disconnected']] });
    expect(summary(snapshots[2], id)).toEqual({ agent: ['FailedConnectCustomer', 'error'], contact: 'error', legs: [['agent', 'disconnected'], ['outbound', 'disconnected']] });
    expect(() => model.calleeBusy(id)).toThrow(/only a dialing outbound call/);
    model.handleApi('clearContact', { contactId: id });
    expect(model.agentStateName()).toBe('Available');
    expect(model.contacts()).toEqual([]);
  });

  it('the customer hanging up a dialing call is the callee refusing it', () => {
    const { model, snapshots, summary } = setUp();
    dial(model);
    const id = model.contacts()[0].contactId;
    model.customerHangsUp(id);
    expect(snapshots.map((s) => summary(s, id).contact)).toEqual(['connecting', 'connecting', 'error']);
  });

  it('fails after dialTimeoutMs when nobody answers; never without it', () => {
    jest.useFakeTimers();
    const timed = setUp({ dialTimeoutMs: 20_000 });
    dial(timed.model);
    const id = timed.model.contacts()[0].contactId;
    jest.advanceTimersByTime(19_999);
    expect(timed.snapshots).toHaveLength(1);
    jest.advanceTimersByTime(1);
    expect(timed.snapshots.map((s) => timed.summary(s, id).contact)).toEqual(['connecting', 'connecting', 'error']);
    expect(timed.model.agentStateName()).toBe('FailedConnectCustomer');

    const untimed = setUp();
    dial(untimed.model);
    jest.advanceTimersByTime(10 * 60_000);
    expect(untimed.model.contacts()[0].state).toBe('connecting');
  });
});

describe('the API surface', () => {
  it('answers other methods with UnsupportedOperation and never throws', () => {
    const { model } = setUp();
    expect(errOf(model.handleApi('muteParticipant', { contactId: 'x' }))).toEqual({ type: 'UnsupportedOperation', message: 'The CCP emulator does not implement muteParticipant.' });
    const hostile = {
      get contactId(): string {
        throw new Error('boom');
      },
    };
    expect(() => model.handleApi('acceptContact', hostile)).not.toThrow();
    expect(errOf(model.handleApi('acceptContact', hostile)).message).toBe('boom');
    expect(errOf(model.handleApi('acceptContact', [1, 2])).type).toBe('InvalidParameterException');
  });

  it('failNext makes the next call of a method fail without changing anything, once per failNext, in order', () => {
    const { model, snapshots } = setUp();
    const id = model.customerCalls(CALLER);
    model.failNext('acceptContact', { type: 'AccessDeniedException', message: 'first' });
    model.failNext('acceptContact', { type: 'InternalServiceException', message: 'second' });
    expect(model.handleApi('acceptContact', { contactId: id })).toEqual({ err: { type: 'AccessDeniedException', message: 'first' } });
    expect(model.handleApi('acceptContact', { contactId: id })).toEqual({ err: { type: 'InternalServiceException', message: 'second' } });
    expect(snapshots).toHaveLength(1);
    expect(model.contacts()[0].state).toBe('connecting');
    expect(dataOf(model.handleApi('acceptContact', { contactId: id }))).toEqual({});
    model.failNext('putAgentState', { type: 'InvalidStateException', message: 'no' });
    expect(errOf(model.handleApi('putAgentState', { state: { agentStateARN: arnOf('Lunch') } })).message).toBe('no');
    expect(() => model.failNext('', { type: 'x', message: 'y' })).toThrow();
    expect(() => model.failNext('clearContact', { type: 'x' } as unknown as { type: string; message: string })).toThrow(/err/);
  });

  it('the far-side methods throw clear errors for unknown contacts', () => {
    const { model } = setUp();
    const acts = [
      (id: string) => model.customerHangsUp(id),
      (id: string) => model.calleeAnswers(id),
      (id: string) => model.calleeBusy(id),
      (id: string) => model.agentAnswers(id),
      (id: string) => model.agentHangsUp(id),
      (id: string) => model.agentClears(id),
    ];
    for (const act of acts) {
      expect(() => act('no-such-contact')).toThrow("There is no contact no-such-contact on the agent's CCP.");
    }
    const id = model.customerCalls(CALLER);
    expect(() => model.calleeAnswers(id)).toThrow(/inbound and connecting/);
    expect(() => model.agentClears(id)).toThrow(/connecting/);
  });

  it('onChange returns an unsubscribe function, and a throwing listener does not stop the others', () => {
    const { model, snapshots } = setUp();
    const calls: string[] = [];
    const errorSpy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const unsubscribe = model.onChange(() => {
      calls.push('thrower');
      throw new Error('listener bug');
    });
    model.setAgentState('Lunch');
    unsubscribe();
    model.setAgentState('Available');
    errorSpy.mockRestore();
    expect(calls).toEqual(['thrower']);
    expect(snapshots).toHaveLength(2);
  });

  it('dispose stops the timers', () => {
    jest.useFakeTimers();
    const { model, snapshots } = setUp({ ringTimeoutMs: 1000 });
    model.customerCalls(CALLER);
    model.dispose();
    jest.advanceTimersByTime(5000);
    expect(snapshots).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(0);
  });
});
