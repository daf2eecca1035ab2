/** The CCP emulator's transfers: quick connects, third-party connections, conferences, and calls transferred in. */
import { AgentData, ApiResult, CcpModel, ContactData, QUICK_CONNECTS } from '../../dev/ccp/ccpModel';
import { ENDPOINTS_PAGE_SIZE, TARGET_NUMBER } from '../../dev/ccp/ccpTransfers';
import { readSavedState } from '../../dev/ccp/ccpSavedState';
import { answerControl } from '../../dev/ccp/ccpControl';

const CALLER = '+16505550100';
const OTHER_NUMBER = '+442071838750';
const BASIC_QUEUE = 'arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-3333-4444-555555555555/queue/basic';

function errOf(result: ApiResult): { type: string; message: string } {
  if (!('err' in result)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.err;
}

function dataOf(result: ApiResult): unknown {
  if (!('data' in result)) throw new Error(`expected success, got ${JSON.stringify(result.err)}`);
  return result.data;
}

const byName = (name: string) => {
  const found = QUICK_CONNECTS.find((qc) => qc.name === name);
  if (!found) throw new Error(`no quick connect ${name}`);
  return found.endpoint;
};

/** A model with a talking call, and every snapshot recorded as the legs of that call: [type, state] per connection. */
function talking() {
  const model = new CcpModel({ ringTimeoutMs: null });
  const call = model.customerCalls(CALLER);
  model.agentAnswers(call);
  const snapshots: AgentData[] = [];
  model.onChange(() => snapshots.push(model.agentData()));
  const contactOf = (data: AgentData): ContactData | undefined => data.snapshot.contacts.find((c) => c.contactId === call);
  const legs = (data: AgentData) => {
    const contact = contactOf(data);
    return contact ? [contact.state.type, ...contact.connections.map((c) => `${c.type}:${c.state.type}`)] : ['gone'];
  };
  const steps = () => snapshots.splice(0).map(legs);
  const add = (endpoint: unknown) => model.handleApi('createAdditionalConnection', { contactId: call, endpoint });
  const connection = (index: number) => {
    const contact = contactOf(model.agentData());
    if (!contact) throw new Error('the call is gone');
    return contact.connections[index];
  };
  return { model, call, steps, add, connection, snapshots };
}

describe('quick connects: getEndpoints', () => {
  it('lists the quick connects of the queues asked for, a page at a time, in the shapes of the CTI service model', () => {
    const model = new CcpModel({ ringTimeoutMs: null });
    const first = dataOf(model.handleApi('getEndpoints', { queueARNs: [BASIC_QUEUE], nextToken: null, maxResults: 500 })) as { endpoints: unknown[]; nextToken: string | null };
    expect(first.endpoints).toHaveLength(ENDPOINTS_PAGE_SIZE);
    expect(first.nextToken).toEqual(expect.any(String));
    const second = dataOf(model.handleApi('getEndpoints', { queueARNs: [BASIC_QUEUE], nextToken: first.nextToken, maxResults: 500 })) as { endpoints: unknown[]; nextToken: string | null };
    expect(second.nextToken).toBeNull();
    expect([...first.endpoints, ...second.endpoints]).toEqual([
      { endpointARN: expect.stringMatching(/\/transfer-destination\//), type: 'phone_number', name: 'Billing desk', phoneNumber: TARGET_NUMBER, agentLogin: null, queue: null },
      { endpointARN: expect.stringMatching(/\/transfer-destination\//), type: 'agent', name: 'Maria Garcia', phoneNumber: null, agentLogin: null, queue: null },
      { endpointARN: expect.stringMatching(/\/transfer-destination\//), type: 'queue', name: 'Claims queue', phoneNumber: null, agentLogin: null, queue: { queueARN: expect.stringMatching(/\/queue\/claims$/), name: 'Claims' } },
    ]);
  });

  it('lists none for a queue without quick connects, and refuses bad parameters and a made-up nextToken', () => {
    const model = new CcpModel({ ringTimeoutMs: null });
    expect(dataOf(model.handleApi('getEndpoints', { queueARNs: [`${BASIC_QUEUE}-other`] }))).toEqual({ endpoints: [], nextToken: null });
    expect(errOf(model.handleApi('getEndpoints', { queueARNs: [] }))).toEqual({ type: 'InvalidParameterException', message: 'getEndpoints: queueARNs must be a non-empty list of queue ARNs' });
    expect(errOf(model.handleApi('getEndpoints', { queueARNs: [BASIC_QUEUE], maxResults: 0 })).type).toBe('InvalidParameterException');
    expect(errOf(model.handleApi('getEndpoints', { queueARNs: [BASIC_QUEUE], nextToken: 'page-7' }))).toEqual({
      type: 'PaginationException',
      message: 'getEndpoints: "page-7" is not a nextToken this service gave',
    });
  });
});

describe('createAdditionalConnection', () => {
  it('puts the customer on hold and rings the number, an outbound third-party connection; the target answers', () => {
    const { model, call, steps, add, connection } = talking();
    expect(dataOf(add({ type: 'phone_number', phoneNumber: TARGET_NUMBER, endpointARN: null }))).toEqual({});
    expect(steps()).toEqual([['connected', 'agent:connected', 'inbound:hold', 'outbound:connecting']]);
    expect(connection(2)).toMatchObject({ initial: false, endpoint: { type: 'phone_number', phoneNumber: TARGET_NUMBER }, quickConnectName: null, softphoneMediaInfo: null });
    expect(model.contacts()[0].thirdParty).toEqual({ destination: TARGET_NUMBER, state: 'connecting', toTarget: true });
    model.targetAnswers(call);
    expect(steps()).toEqual([['connected', 'agent:connected', 'inbound:hold', 'outbound:connected']]);
  });

  it('a quick connect carries its name; an agent or a queue quick connect is connected once routed there', () => {
    const desk = talking();
    desk.add(byName('Billing desk'));
    expect(desk.connection(2)).toMatchObject({ quickConnectName: 'Billing desk', endpoint: { name: 'Billing desk', phoneNumber: TARGET_NUMBER } });
    expect(desk.model.contacts()[0].thirdParty).toEqual({ destination: 'Billing desk', state: 'connecting', toTarget: true });

    const maria = talking();
    maria.add(byName('Maria Garcia'));
    expect(maria.steps()).toEqual([
      ['connected', 'agent:connected', 'inbound:hold', 'outbound:connecting'],
      ['connected', 'agent:connected', 'inbound:hold', 'outbound:connected'],
    ]);
    expect(maria.model.contacts()[0].thirdParty).toEqual({ destination: 'Maria Garcia', state: 'connected', toTarget: false });
  });

  it('refuses, and changes nothing for, a number outside the dialable countries, no number, an unknown quick connect, a bad type', () => {
    const { model, add, steps } = talking();
    expect(errOf(add({ type: 'phone_number', phoneNumber: '+81312345678' }))).toEqual({
      type: 'BadEndpointException',
      message: 'The number +81312345678 is not in a country this agent may dial (us, gb, fr, de).',
    });
    expect(errOf(add({ type: 'phone_number', phoneNumber: '650 555 0199' })).type).toBe('BadEndpointException');
    expect(errOf(add({ type: 'agent', endpointARN: 'arn:aws:connect:us-east-1:123456789012:instance/x/transfer-destination/nobody' })).type).toBe('BadEndpointException');
    expect(errOf(add({ type: 'fax', phoneNumber: TARGET_NUMBER })).type).toBe('InvalidParameterException');
    expect(errOf(add('Billing desk')).type).toBe('InvalidParameterException');
    expect(steps()).toEqual([]);
    expect(model.contacts()[0]).toMatchObject({ customerLeg: 'connected', thirdParty: null });
  });

  it('refuses a ringing call and a second third party while one is on the line', () => {
    const model = new CcpModel({ ringTimeoutMs: null });
    const ringing = model.customerCalls(CALLER);
    expect(errOf(model.handleApi('createAdditionalConnection', { contactId: ringing, endpoint: byName('Billing desk') }))).toEqual({
      type: 'InvalidStateException',
      message: `Cannot add a connection: contact ${ringing} is in invalid state RINGING.`,
    });
    const t = talking();
    t.add(byName('Billing desk'));
    expect(errOf(t.add({ type: 'phone_number', phoneNumber: OTHER_NUMBER })).type).toBe('InvalidStateException');
  });

  it('a busy target drops the connection at once and the customer stays on hold; the target on another call is busy too', () => {
    const { model, call, add, steps } = talking();
    model.setTargetBusy(true);
    expect(dataOf(add(byName('Billing desk')))).toEqual({});
    expect(steps()).toEqual([
      ['connected', 'agent:connected', 'inbound:hold', 'outbound:connecting'],
      ['connected', 'agent:connected', 'inbound:hold', 'outbound:disconnected'],
    ]);
    model.setTargetBusy(false);
    add({ type: 'phone_number', phoneNumber: TARGET_NUMBER });
    expect(steps()).toEqual([['connected', 'agent:connected', 'inbound:hold', 'outbound:connecting']]);

    const second = model.customerCalls(OTHER_NUMBER);
    model.agentAnswers(second);
    model.handleApi('createAdditionalConnection', { contactId: second, endpoint: byName('Billing desk') });
    expect(model.contacts().find((c) => c.contactId === second)?.thirdParty?.state).toBe('disconnected');
    expect(model.contacts().find((c) => c.contactId === call)?.thirdParty?.state).toBe('connecting');
  });
});

describe('a consult', () => {
  it('the third party refuses, or hangs up: its connection drops and the customer stays on hold', () => {
    const { model, call, add, steps } = talking();
    add(byName('Billing desk'));
    model.targetRefuses(call);
    expect(steps().pop()).toEqual(['connected', 'agent:connected', 'inbound:hold', 'outbound:disconnected']);
    expect(() => model.targetRefuses(call)).toThrow(`Nothing rings at a third party of call ${call}: there is nothing to refuse.`);

    add(byName('Billing desk'));
    model.targetAnswers(call);
    expect(() => model.targetRefuses(call)).toThrow(/nothing to refuse/);
    model.targetHangsUp(call);
    expect(steps().pop()).toEqual(['connected', 'agent:connected', 'inbound:hold', 'outbound:disconnected']);
    expect(() => model.targetHangsUp(call)).toThrow(`Call ${call} has no third party talking.`);
  });

  it('the agent drops the third party (destroyConnection), then takes the customer back', () => {
    const { model, call, add, steps, connection } = talking();
    add({ type: 'phone_number', phoneNumber: TARGET_NUMBER });
    const thirdParty = connection(2).connectionId;
    steps();
    dataOf(model.handleApi('destroyConnection', { contactId: call, connectionId: thirdParty }));
    dataOf(model.handleApi('resumeConnection', { contactId: call, connectionId: connection(1).connectionId }));
    expect(steps()).toEqual([
      ['connected', 'agent:connected', 'inbound:hold', 'outbound:disconnected'],
      ['connected', 'agent:connected', 'inbound:connected', 'outbound:disconnected'],
    ]);
    expect(errOf(model.handleApi('destroyConnection', { contactId: call, connectionId: thirdParty })).type).toBe('InvalidStateException');
  });

  it('the agent leaves: the customer goes on with the third party, and the agent’s contact goes to after-contact work', () => {
    const { model, call, add, steps, connection } = talking();
    add(byName('Billing desk'));
    model.targetAnswers(call);
    steps();
    dataOf(model.handleApi('destroyConnection', { contactId: call, connectionId: connection(0).connectionId }));
    expect(steps()).toEqual([
      ['connected', 'agent:disconnected', 'inbound:hold', 'outbound:connected'],
      ['ended', 'agent:disconnected', 'inbound:disconnected', 'outbound:disconnected'],
    ]);
    expect(model.agentStateName()).toBe('AfterCallWork');
    expect(model.transferredCalls()).toEqual([{ contactId: call, direction: 'inbound', phoneNumber: CALLER, destination: 'Billing desk', state: 'talking', toTarget: true }]);
    model.customerHangsUp(call);
    expect(model.transferredCalls()).toEqual([]);
  });

  it('a blind transfer: the agent leaves while it rings; the target answers, or refuses and the call ends', () => {
    const { model, call, add, connection } = talking();
    add({ type: 'phone_number', phoneNumber: TARGET_NUMBER });
    model.agentHangsUp(call);
    expect(model.transferredCalls()).toEqual([expect.objectContaining({ contactId: call, destination: TARGET_NUMBER, state: 'ringing' })]);
    model.targetAnswers(call);
    expect(model.transferredCalls()[0].state).toBe('talking');
    model.targetHangsUp(call);
    expect(model.transferredCalls()).toEqual([]);
    expect(connection(0).state.type).toBe('disconnected');

    const again = talking();
    again.add(byName('Billing desk'));
    again.model.agentHangsUp(again.call);
    again.model.targetRefuses(again.call);
    expect(again.model.transferredCalls()).toEqual([]);
  });

  it('the customer hangs up: the agent stays with the third party, and the contact ends when either of them leaves', () => {
    const { model, call, add, steps, connection } = talking();
    add(byName('Billing desk'));
    model.targetAnswers(call);
    steps();
    model.customerHangsUp(call);
    expect(steps()).toEqual([['connected', 'agent:connected', 'inbound:disconnected', 'outbound:connected']]);
    dataOf(model.handleApi('destroyConnection', { contactId: call, connectionId: connection(0).connectionId }));
    expect(steps()).toEqual([
      ['connected', 'agent:disconnected', 'inbound:disconnected', 'outbound:connected'],
      ['ended', 'agent:disconnected', 'inbound:disconnected', 'outbound:disconnected'],
    ]);
    expect(model.transferredCalls()).toEqual([]);

    const other = talking();
    other.add(byName('Billing desk'));
    other.model.customerHangsUp(other.call);
    other.steps();
    other.model.targetRefuses(other.call);
    expect(other.steps()).toEqual([
      ['connected', 'agent:connected', 'inbound:disconnected', 'outbound:disconnected'],
      ['ended', 'agent:disconnected', 'inbound:disconnected', 'outbound:disconnected'],
    ]);
  });
});

describe('conferenceConnections and toggleActiveConnections', () => {
  it('a conference joins all three; the agent who leaves it leaves the customer with the third party', () => {
    const { model, call, add, steps } = talking();
    add(byName('Billing desk'));
    expect(errOf(model.handleApi('conferenceConnections', { contactId: call }))).toEqual({ type: 'InvalidStateException', message: 'Cannot conference connections: Invalid contact state.' });
    model.targetAnswers(call);
    steps();
    dataOf(model.handleApi('conferenceConnections', { contactId: call }));
    expect(steps()).toEqual([['connected', 'agent:connected', 'inbound:connected', 'outbound:connected']]);
    model.agentHangsUp(call);
    expect(model.transferredCalls()).toEqual([expect.objectContaining({ contactId: call, state: 'talking' })]);
  });

  it('the third party leaves a conference: the agent and the customer talk on', () => {
    const { model, call, add, steps } = talking();
    add(byName('Maria Garcia'));
    model.agentConferences(call);
    steps();
    model.targetHangsUp(call);
    expect(steps()).toEqual([['connected', 'agent:connected', 'inbound:connected', 'outbound:disconnected']]);
  });

  it("toggle swaps the held party, as the CCP's Swap does; without a third party talking it is refused", () => {
    const { model, call, add, steps } = talking();
    expect(() => model.agentSwaps(call)).toThrow(/^Amazon Connect refused the Swap: Cannot toggle connections/);
    add(byName('Maria Garcia'));
    steps();
    model.agentSwaps(call);
    model.agentSwaps(call);
    model.agentConferences(call);
    model.agentSwaps(call);
    expect(steps()).toEqual([
      ['connected', 'agent:connected', 'inbound:connected', 'outbound:hold'],
      ['connected', 'agent:connected', 'inbound:hold', 'outbound:connected'],
      ['connected', 'agent:connected', 'inbound:connected', 'outbound:connected'],
      ['connected', 'agent:connected', 'inbound:connected', 'outbound:hold'],
    ]);
    model.agentDropsThirdParty(call);
    expect(steps()).toEqual([['connected', 'agent:connected', 'inbound:connected', 'outbound:disconnected']]);
  });
});

describe('a call transferred to the agent', () => {
  it("rings as an inbound contact started by a transfer, in the agent's own queue, from another contact", () => {
    const model = new CcpModel({ ringTimeoutMs: null });
    const call = model.transferToAgent(CALLER);
    const contact = model.agentData().snapshot.contacts[0];
    expect(contact).toMatchObject({ contactId: call, initiationMethod: 'transfer', queue: { queueARN: expect.stringMatching(/\/queue\/agent\//) } });
    expect(contact.initialContactId).not.toBe(call);
    expect(contact.connections[1]).toMatchObject({ type: 'inbound', initial: true, endpoint: { phoneNumber: CALLER } });
    expect(model.contacts()[0]).toMatchObject({ direction: 'inbound', initiationMethod: 'transfer', state: 'connecting' });
    expect(() => new CcpModel({ ringTimeoutMs: null, initialState: 'Lunch' }).transferToAgent(CALLER)).toThrow(/not available/);
  });
});

describe('the saved state and the control channel', () => {
  it('a reloaded CCP keeps the third party, the calls transferred and the busy target', () => {
    const { model, call, add } = talking();
    add(byName('Billing desk'));
    const second = model.customerCalls(OTHER_NUMBER);
    model.agentAnswers(second);
    model.handleApi('createAdditionalConnection', { contactId: second, endpoint: byName('Claims queue') });
    model.agentHangsUp(second);
    model.setTargetBusy(true);
    const after = new CcpModel({ ringTimeoutMs: null, restore: readSavedState(JSON.parse(JSON.stringify(model.save()))) });
    expect(after.agentData().snapshot.contacts).toEqual(model.agentData().snapshot.contacts);
    expect(after.transferredCalls()).toEqual(model.transferredCalls());
    after.setTargetBusy(false);
    after.targetAnswers(call);
    expect(after.contacts()[0].thirdParty?.state).toBe('connected');
  });

  it('plays the target and the other agent, with bad arguments named', () => {
    const { model, call, add } = talking();
    add(byName('Billing desk'));
    const ask = (action: string, args: unknown[]) => answerControl(model, { type: 'ccp-emulator/control', id: 'x', action, args });
    expect(ask('targetAnswers', [call])).toMatchObject({ ok: true });
    expect(ask('targetHangsUp', [call])).toMatchObject({ ok: true });
    expect(ask('targetRefuses', [''])).toMatchObject({ ok: false, error: 'targetRefuses: the contact id must be a non-empty string' });
    expect(ask('setTargetBusy', ['yes'])).toMatchObject({ ok: false, error: 'setTargetBusy: busy must be true or false' });
    const transferred = ask('transferToAgent', [OTHER_NUMBER]);
    expect(transferred).toMatchObject({ ok: true, result: expect.any(String) });
    expect(ask('state', [])).toMatchObject({ ok: true, result: { transferred: [], contacts: [expect.anything(), expect.objectContaining({ initiationMethod: 'transfer' })] } });
  });
});
