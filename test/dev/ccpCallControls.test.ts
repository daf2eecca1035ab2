/** The CCP emulator's call controls: hold and resume, keypad digits, and the softphone's mute (dev/ccp/ccpCallControls.ts). */
import { AgentData, ApiResult, CcpModel } from '../../dev/ccp/ccpModel';
import { CcpEndpoint } from '../../dev/ccp/ccpEndpoint';
import { answerControl } from '../../dev/ccp/ccpControl';
import { digitsParameterProblem, heardAfter, MAX_DIGITS_HEARD, muteAsked } from '../../dev/ccp/ccpCallControls';
import { readSavedState } from '../../dev/ccp/ccpSavedState';

const CALLER = '+16505550100';
const CALLEE = '+14155550123';

function setUp() {
  const model = new CcpModel({ ringTimeoutMs: null, dialTimeoutMs: null });
  const snapshots: AgentData[] = [];
  const broadcasts: Array<[string, unknown]> = [];
  model.onChange(() => snapshots.push(model.agentData()));
  model.onBroadcast((event, data) => broadcasts.push([event, data]));
  const ids = (contactId: string) => {
    const contact = model.agentData().snapshot.contacts.find((c) => c.contactId === contactId);
    if (!contact) throw new Error(`no contact ${contactId}`);
    return { contactId, agent: contact.connections[0].connectionId, customer: contact.connections[1].connectionId };
  };
  const talking = () => {
    const contactId = model.customerCalls(CALLER);
    model.agentAnswers(contactId);
    return ids(contactId);
  };
  const legsIn = (data: AgentData, contactId: string) =>
    data.snapshot.contacts.find((c) => c.contactId === contactId)?.connections.map((c) => `${c.type}:${c.state.type}`);
  const view = (contactId: string) => model.contacts().find((c) => c.contactId === contactId);
  return { model, snapshots, broadcasts, ids, talking, legsIn, view };
}

function errOf(result: ApiResult): { type: string; message: string } {
  if (!('err' in result)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.err;
}

const HOLD_REFUSED = { type: 'InvalidStateException', message: 'Cannot put call on hold: Invalid contact state.' };

describe('holdConnection and resumeConnection', () => {
  it("hold puts the customer's connection in 'hold', one snapshot, the contact still connected and the agent Busy; resume brings it back", () => {
    const { model, snapshots, talking, legsIn } = setUp();
    const call = talking();
    snapshots.length = 0;
    expect(model.handleApi('holdConnection', { contactId: call.contactId, connectionId: call.customer })).toEqual({ data: {} });
    expect(snapshots).toHaveLength(1);
    expect(legsIn(snapshots[0], call.contactId)).toEqual(['agent:connected', 'inbound:hold']);
    expect(snapshots[0].snapshot.contacts[0].state.type).toBe('connected');
    expect(snapshots[0].snapshot.state.name).toBe('Busy');
    expect(model.handleApi('resumeConnection', { contactId: call.contactId, connectionId: call.customer })).toEqual({ data: {} });
    expect(legsIn(snapshots[1], call.contactId)).toEqual(['agent:connected', 'inbound:connected']);
  });

  it('an outbound call the callee answered is held the same way', () => {
    const { model, ids, legsIn } = setUp();
    model.handleApi('createOutboundContact', { endpoint: { phoneNumber: CALLEE } });
    const contactId = model.contacts()[0].contactId;
    model.calleeAnswers(contactId);
    const call = ids(contactId);
    model.handleApi('holdConnection', { contactId, connectionId: call.customer });
    expect(legsIn(model.agentData(), contactId)).toEqual(['agent:connected', 'outbound:hold']);
  });

  it("refuses, as Amazon Connect does, a ringing call, a held one, the agent's own connection, and leaves the call as it was", () => {
    const { model, snapshots, ids, talking, legsIn } = setUp();
    const ringing = ids(model.customerCalls('+442071838750'));
    expect(errOf(model.handleApi('holdConnection', { contactId: ringing.contactId, connectionId: ringing.customer }))).toEqual(HOLD_REFUSED);
    const call = talking();
    expect(errOf(model.handleApi('holdConnection', { contactId: call.contactId, connectionId: call.agent }))).toEqual(HOLD_REFUSED);
    model.handleApi('holdConnection', { contactId: call.contactId, connectionId: call.customer });
    snapshots.length = 0;
    expect(errOf(model.handleApi('holdConnection', { contactId: call.contactId, connectionId: call.customer }))).toEqual(HOLD_REFUSED);
    expect(snapshots).toEqual([]);
    expect(legsIn(model.agentData(), call.contactId)).toEqual(['agent:connected', 'inbound:hold']);
  });

  it('a resume of a call not on hold is CallAlreadyResumedException; of one not talking, InvalidStateException', () => {
    const { model, talking } = setUp();
    const call = talking();
    expect(errOf(model.handleApi('resumeConnection', { contactId: call.contactId, connectionId: call.customer }))).toEqual({
      type: 'CallAlreadyResumedException',
      message: 'Error received from Voice Service',
    });
    model.agentHangsUp(call.contactId);
    expect(errOf(model.handleApi('resumeConnection', { contactId: call.contactId, connectionId: call.customer }))).toEqual({
      type: 'InvalidStateException',
      message: `Cannot resume call: contact ${call.contactId} is in invalid state AFTER_CONTACT_WORK.`,
    });
  });

  it('an unknown contact or connection is ResourceNotFoundException, a missing field InvalidParameterException', () => {
    const { model, talking } = setUp();
    const call = talking();
    expect(errOf(model.handleApi('holdConnection', { contactId: 'nobody', connectionId: call.customer })).type).toBe('ResourceNotFoundException');
    expect(errOf(model.handleApi('holdConnection', { contactId: call.contactId, connectionId: 'nothing' }))).toEqual({
      type: 'ResourceNotFoundException',
      message: `Contact ${call.contactId} has no connection nothing.`,
    });
    expect(errOf(model.handleApi('resumeConnection', { contactId: call.contactId }))).toEqual({
      type: 'InvalidParameterException',
      message: 'resumeConnection: connectionId must be a non-empty string, got undefined',
    });
  });

  it('a held call ends as any connected call: the customer hangs up, or the agent does', () => {
    const { model, talking, legsIn } = setUp();
    const first = talking();
    model.agentHolds(first.contactId);
    model.customerHangsUp(first.contactId);
    expect(model.contacts()[0]).toMatchObject({ state: 'ended', customerLeg: 'disconnected' });
    model.agentClears(first.contactId);
    const second = talking();
    model.agentHolds(second.contactId);
    model.agentHangsUp(second.contactId);
    expect(legsIn(model.agentData(), second.contactId)).toEqual(['agent:disconnected', 'inbound:disconnected']);
  });

  it("the CCP's Hold and Resume are the same requests, and a refusal is thrown as the CCP shows it", () => {
    const { model, talking, view } = setUp();
    const call = talking();
    model.agentHolds(call.contactId);
    expect(view(call.contactId)?.customerLeg).toBe('hold');
    expect(() => model.agentHolds(call.contactId)).toThrow('Amazon Connect refused the Hold: Cannot put call on hold: Invalid contact state.');
    model.agentResumes(call.contactId);
    expect(view(call.contactId)?.customerLeg).toBe('connected');
    expect(() => model.agentResumes(call.contactId)).toThrow('Amazon Connect refused the Resume: Error received from Voice Service');
    expect(() => model.agentHolds('nobody')).toThrow("There is no contact nobody on the agent's CCP.");
  });
});

describe('sendDigits', () => {
  it("records the digits the customer heard, in order, on either of the contact's connections", () => {
    const { model, talking, view } = setUp();
    const call = talking();
    expect(model.handleApi('sendDigits', { contactId: call.contactId, connectionId: call.agent, digits: '12#' })).toEqual({ data: {} });
    model.handleApi('sendDigits', { contactId: call.contactId, connectionId: call.customer, digits: '*,9' });
    expect(view(call.contactId)?.digitsHeard).toBe('12#*,9');
  });

  it.each([
    ['no digits', undefined, 'sendDigits: digits must be a non-empty string, got undefined'],
    ['empty digits', '', 'sendDigits: digits must be a non-empty string, got ""'],
    ['a letter', '12a', `sendDigits: digits may hold only 0-9, *, # and ',' (a pause), got "12a"`],
    ['too many', '1'.repeat(65), 'sendDigits: digits must be at most 64 characters, got 65'],
  ])('refuses %s with InvalidParameterException, hearing nothing', (_what, digits, message) => {
    const { model, talking, view } = setUp();
    const call = talking();
    expect(errOf(model.handleApi('sendDigits', { contactId: call.contactId, connectionId: call.agent, digits }))).toEqual({ type: 'InvalidParameterException', message });
    expect(view(call.contactId)?.digitsHeard).toBe('');
  });

  it('refuses a ringing call, an ended one and a customer on hold, with InvalidStateException', () => {
    const { model, ids, talking } = setUp();
    const ringing = ids(model.customerCalls(CALLER));
    expect(errOf(model.handleApi('sendDigits', { contactId: ringing.contactId, connectionId: ringing.agent, digits: '1' })).message).toBe(
      `Contact ${ringing.contactId} is in invalid state RINGING; digits go only to a talking contact.`,
    );
    model.agentHangsUp(ringing.contactId);
    model.agentClears(ringing.contactId);
    model.setAgentState('Available');
    const call = talking();
    model.agentHolds(call.contactId);
    expect(errOf(model.handleApi('sendDigits', { contactId: call.contactId, connectionId: call.agent, digits: '1' })).message).toBe(
      `Contact ${call.contactId} has its customer on hold; resume the call before sending digits.`,
    );
    model.agentResumes(call.contactId);
    model.agentHangsUp(call.contactId);
    expect(errOf(model.handleApi('sendDigits', { contactId: call.contactId, connectionId: call.agent, digits: '1' })).type).toBe('InvalidStateException');
  });

  it('keeps the newest digits heard, up to a limit', () => {
    expect(heardAfter('12', '3')).toBe('123');
    expect(heardAfter('1'.repeat(MAX_DIGITS_HEARD), '#')).toBe(`${'1'.repeat(MAX_DIGITS_HEARD - 1)}#`);
    expect(digitsParameterProblem('0123456789*#,')).toBeNull();
  });
});

describe("the softphone's mute", () => {
  it('a mute broadcast mutes the call last connected and answers agent::mute_toggle {muted}; unmute likewise', () => {
    const { model, broadcasts, talking, view, snapshots } = setUp();
    const call = talking();
    snapshots.length = 0;
    model.softphoneMute({ mute: true });
    expect(broadcasts).toEqual([['agent::mute_toggle', { muted: true }]]);
    expect(view(call.contactId)?.muted).toBe(true);
    expect(snapshots).toEqual([]); // a mute is the softphone's, not Amazon Connect's: no snapshot
    model.softphoneMute({ mute: false });
    expect(broadcasts[1]).toEqual(['agent::mute_toggle', { muted: false }]);
    expect(view(call.contactId)?.muted).toBe(false);
  });

  it('a broadcast without a value is answered with the state the call has', () => {
    const { model, broadcasts, talking } = setUp();
    talking();
    model.softphoneMute({ mute: true });
    model.softphoneMute({});
    model.softphoneMute('nonsense');
    expect(broadcasts.map(([, data]) => data)).toEqual([{ muted: true }, { muted: true }, { muted: true }]);
  });

  it('with no call up the softphone answers nothing', () => {
    const { model, broadcasts } = setUp();
    model.softphoneMute({ mute: true });
    model.customerCalls(CALLER);
    model.softphoneMute({ mute: true });
    expect(broadcasts).toEqual([]);
  });

  it('the mute is dropped when the call ends, with a {muted: false} broadcast after the snapshot that ended it', () => {
    const { model, broadcasts, talking, view } = setUp();
    const order: string[] = [];
    model.onChange(() => order.push('snapshot'));
    model.onBroadcast((event, data) => order.push(`${event} ${JSON.stringify(data)}`));
    const call = talking();
    model.softphoneMute({ mute: true });
    order.length = 0;
    model.customerHangsUp(call.contactId);
    expect(order).toEqual(['snapshot', 'snapshot', 'agent::mute_toggle {"muted":false}']);
    expect(view(call.contactId)?.muted).toBe(false);
    expect(broadcasts.at(-1)).toEqual(['agent::mute_toggle', { muted: false }]);
  });

  it('a held call keeps its mute; the next call starts unmuted', () => {
    const { model, talking, view } = setUp();
    const call = talking();
    model.softphoneMute({ mute: true });
    model.agentHolds(call.contactId);
    model.agentResumes(call.contactId);
    expect(view(call.contactId)?.muted).toBe(true);
    model.agentHangsUp(call.contactId);
    model.agentClears(call.contactId);
    const next = talking();
    expect(view(next.contactId)?.muted).toBe(false);
  });

  it("the CCP's Mute broadcasts mute {mute} to the library's pages, then the softphone's answer; with no call it is refused", () => {
    const { model, broadcasts, talking } = setUp();
    expect(() => model.agentMutes(true)).toThrow('The agent has no call to mute.');
    talking();
    model.agentMutes(true);
    expect(broadcasts).toEqual([
      ['mute', { mute: true }],
      ['agent::mute_toggle', { muted: true }],
    ]);
  });

  it('reads what a mute broadcast asks', () => {
    expect([muteAsked({ mute: true }), muteAsked({ mute: false }), muteAsked({ mute: 'yes' }), muteAsked(null)]).toEqual([true, false, undefined, undefined]);
  });
});

describe('the endpoint and the control channel', () => {
  it("Streams' agent.mute() broadcast is echoed to the library and answered by the CCP's softphone", () => {
    const model = new CcpModel({ ringTimeoutMs: null });
    const sent: Array<{ event: string; data: unknown }> = [];
    const endpoint = new CcpEndpoint(model, { send: (message) => sent.push(message) }, { portId: 'port-1' });
    endpoint.start();
    model.agentAnswers(model.customerCalls(CALLER));
    sent.length = 0;
    endpoint.receive({ event: 'broadcast', data: { event: 'mute', data: { mute: true } } });
    expect(sent).toEqual([
      { event: 'mute', data: { mute: true } },
      { event: 'agent::mute_toggle', data: { muted: true } },
    ]);
    endpoint.stop();
  });

  it('the Customer panel can press Hold, Resume and Mute in the CCP, with bad arguments named', () => {
    const model = new CcpModel({ ringTimeoutMs: null });
    const contactId = model.customerCalls(CALLER);
    model.agentAnswers(contactId);
    const ask = (action: string, args: unknown[]) => answerControl(model, { type: 'ccp-emulator/control', id: 'c', action, args });
    expect(ask('agentHolds', [contactId])).toMatchObject({ ok: true });
    expect(model.contacts()[0].customerLeg).toBe('hold');
    expect(ask('agentResumes', [contactId])).toMatchObject({ ok: true });
    expect(ask('agentMutes', [true])).toMatchObject({ ok: true });
    expect(model.contacts()[0].muted).toBe(true);
    expect(ask('agentMutes', ['yes'])).toMatchObject({ ok: false, error: 'agentMutes: mute must be true or false' });
    expect(ask('agentHolds', [])).toMatchObject({ ok: false, error: 'agentHolds: the contact id must be a non-empty string' });
  });
});

describe('the saved state', () => {
  it('a reloaded CCP keeps a held call, its digits and its mute, and mutes the same call', () => {
    const { model, talking } = setUp();
    const call = talking();
    model.handleApi('sendDigits', { contactId: call.contactId, connectionId: call.agent, digits: '42#' });
    model.softphoneMute({ mute: true });
    model.agentHolds(call.contactId);
    const after = new CcpModel({ ringTimeoutMs: null, restore: readSavedState(JSON.parse(JSON.stringify(model.save()))) });
    expect(after.contacts()).toEqual(model.contacts());
    expect(after.contacts()[0]).toMatchObject({ customerLeg: 'hold', digitsHeard: '42#', muted: true });
    const broadcasts: unknown[] = [];
    after.onBroadcast((_event, data) => broadcasts.push(data));
    after.softphoneMute({});
    expect(broadcasts).toEqual([{ muted: true }]);
  });

  it.each<[string, (contact: Record<string, unknown>) => Record<string, unknown>, string]>([
    ['digits that are no keys', (c) => ({ ...c, digits: '12x' }), "saved CCP state.contacts[0].digits must be at most 256 of 0-9, *, # and ','"],
    ['a mute that is no flag', (c) => ({ ...c, muted: 'yes' }), 'saved CCP state.contacts[0].muted must be true or false'],
  ])('refuses %s, naming the field', (_what, damage, message) => {
    const { model, talking } = setUp();
    talking();
    const saved = JSON.parse(JSON.stringify(model.save())) as { contacts: Array<Record<string, unknown>> };
    expect(() => readSavedState({ ...saved, contacts: [damage(saved.contacts[0])] })).toThrow(message);
    expect(() => readSavedState({ ...saved, lastActive: 5 })).toThrow('saved CCP state.lastActive must be a text of 1 to 256 characters');
  });
});
