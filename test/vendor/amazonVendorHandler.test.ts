/**
 * The Amazon Connect handler on the REAL amazon-connect-streams library, driven by agent snapshots through the fake
 * CCP (test/support/streams/fakeCcp.ts). Each test asserts both sides: what the library sent to Amazon Connect
 * (the fake client's calls) and what the handler reported to the core (recorded with the contract's ReportedEvents).
 *
 * Streams fires its events synchronously inside push() and inside the fake client's answers, so what a snapshot
 * causes is recorded by the time push() returns; nothing is asserted inside a Streams callback.
 */
import { type CallMessageKey, inEnglish, render, say } from '../../src/ts/cti/core/agentMessages';
import de from '../../src/ts/resources/nls/de/callMessages';
import { type AgentPresence, type VendorEvent, type VendorEventListener, presenceNamed } from '../../src/ts/cti/core/types';
import { VendorError, type OutboundErrorCode, type VendorErrorCode } from '../../src/ts/cti/core/errors';
import { STREAMS_ERRORS } from '../../src/ts/cti/vendor/amazon/amazonErrors';
import { DECLINE_CLICK_COUNTS_MS } from '../../src/ts/cti/vendor/amazon/amazonCalls';
import { AmazonVendorHandler } from '../../src/ts/cti/vendor/amazon/amazonVendorHandler';
import { type AmazonOptions, parseAmazonOptions } from '../../src/ts/cti/vendor/amazon/amazonOptions';
import { ReportedEvents } from '../contract/vendorContract';
import {
  type AgentData,
  type AgentDataOptions,
  type ContactData,
  type FakeCcp,
  AGENT_STATES,
  OUTBOUND_QUEUE_ARN,
  agentConnection,
  agentData,
  agentStateDef,
  answerAll,
  failing,
  installFakeCcp,
  silentOn,
  voiceContact,
} from '../support/streams/fakeCcp';

const CCP_URL = 'https://example.my.connect.aws/ccp-v2/';
const CUSTOMER = '+16505550100';
const SECOND_CUSTOMER = '+442071234567';
const CALLEE = '+33142685300';

// ---- The handler on the fake CCP -----------------------------------------------------------------------------------

let ccp: FakeCcp;
let container: HTMLElement;
const cleanups: Array<() => unknown> = [];

beforeEach(() => {
  ccp = installFakeCcp();
  container = document.createElement('div');
  document.body.appendChild(container);
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
  container.remove();
});

function optionsWith(section: Readonly<Record<string, unknown>> = {}): AmazonOptions {
  const parsed = parseAmazonOptions({ ccpUrl: CCP_URL, ...section });
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.options;
}

/** The handlers' clock (ms): tests move it to time a Reject click against the contact's end. */
let clock = 0;
beforeEach(() => {
  clock = 1_000_000;
});

function newHandler(section: Readonly<Record<string, unknown>> = {}): AmazonVendorHandler {
  const handler = new AmazonVendorHandler(optionsWith(section), () => container, () => ccp.load(), () => clock);
  cleanups.push(() => handler.stop());
  return handler;
}

/** start(), then the CCP's first snapshot once the handler listens. */
async function startWith(handler: AmazonVendorHandler, listener: VendorEventListener, first: AgentData = agentData()): Promise<void> {
  const starting = handler.start(listener);
  await ccp.subscribed();
  ccp.push(first);
  await starting;
}

interface Started {
  readonly handler: AmazonVendorHandler;
  readonly log: ReportedEvents;
}

/** A handler started on the fake CCP; the first snapshot has the agent Available with no calls unless told otherwise. */
async function started({ section = {}, first = agentData(), listener }: { section?: Record<string, unknown>; first?: AgentData; listener?: (log: ReportedEvents) => VendorEventListener } = {}): Promise<Started> {
  const handler = newHandler(section);
  const log = new ReportedEvents();
  await startWith(handler, listener ? listener(log) : log.listener, first);
  return { handler, log };
}

// ---- Calls as the CCP shows them -----------------------------------------------------------------------------------

/** An inbound call ringing at the agent's softphone. */
const ringing = (contactId = 'c1', phoneNumber = CUSTOMER) => voiceContact({ contactId, phoneNumber, state: 'connecting', agentLeg: 'connecting', customerLeg: 'connected' });
const talking = (contactId = 'c1', phoneNumber = CUSTOMER) => voiceContact({ contactId, phoneNumber, state: 'connected', agentLeg: 'connected', customerLeg: 'connected' });
/** Still up, but the customer's leg is gone: the customer hung up first. */
const customerLeft = (contactId = 'c1', phoneNumber = CUSTOMER) => voiceContact({ contactId, phoneNumber, state: 'connected', agentLeg: 'connected', customerLeg: 'disconnected' });
/** Still up, but the agent's leg is gone: the agent hung up first (in the CCP). */
const agentLeft = (contactId = 'c1', phoneNumber = CUSTOMER) => voiceContact({ contactId, phoneNumber, state: 'connected', agentLeg: 'disconnected', customerLeg: 'connected' });
/** Ended, in after-call work (Amazon Connect's contact state 'ended'). */
const inWrapup = (contactId = 'c1', phoneNumber = CUSTOMER, direction: 'inbound' | 'outbound' = 'inbound') =>
  voiceContact({ contactId, phoneNumber, direction, state: 'ended', agentLeg: 'disconnected', customerLeg: 'disconnected' });
const missed = (contactId = 'c1', phoneNumber = CUSTOMER) => voiceContact({ contactId, phoneNumber, state: 'missed', agentLeg: 'disconnected', customerLeg: 'connected' });
/**
 * A ringing call that was not answered, as real voice contacts end: contact 'error', the caller still on the line, the
 * agent's connection gone. It rang out or was declined in the CCP: nothing in the contact tells which
 * (https://github.com/amazon-connect/amazon-connect-streams/issues/391, #977).
 */
const notAnswered = (contactId = 'c1', phoneNumber = CUSTOMER) => voiceContact({ contactId, phoneNumber, state: 'error', agentLeg: 'disconnected', customerLeg: 'connected' });
/** The caller hung up while it rang: contact 'error' (#658), the caller's connection gone. */
const callerLeft = (contactId = 'c1', phoneNumber = CUSTOMER) => voiceContact({ contactId, phoneNumber, state: 'error', agentLeg: 'disconnected', customerLeg: 'disconnected' });
/** What Amazon Connect makes of a call the agent did not answer: the agent lands in MissedCallAgent (#344). */
const missedCallAgent = (...contacts: ContactData[]): AgentData => agentData({ state: 'MissedCallAgent', stateType: 'error', availability: 'Available', contacts });
const rejected = (contactId = 'c1', phoneNumber = CUSTOMER) => voiceContact({ contactId, phoneNumber, state: 'rejected', agentLeg: 'disconnected', customerLeg: 'connected' });
/** An outbound call being placed: the agent's leg is up, the callee's rings. */
const dialing = (contactId = 'o1', phoneNumber = CALLEE) => voiceContact({ contactId, phoneNumber, direction: 'outbound', state: 'connecting', agentLeg: 'connected', customerLeg: 'connecting' });
const calleeAnswered = (contactId = 'o1', phoneNumber = CALLEE) => voiceContact({ contactId, phoneNumber, direction: 'outbound', state: 'connected', agentLeg: 'connected', customerLeg: 'connected' });

/** The agent's snapshot with these calls; the agent's state follows them as Amazon Connect's does (the chosen one stays Available). */
function phoneWith(...contacts: ContactData[]): AgentData {
  const states = contacts.map((contact) => String(contact.state.type));
  const agentState: AgentDataOptions = states.includes('ended')
    ? { state: 'AfterCallWork', stateType: 'not_routable' }
    : states.includes('connected')
      ? { state: 'Busy', stateType: 'system' }
      : states.some((state) => ['incoming', 'pending', 'connecting'].includes(state))
        ? { state: 'PendingBusy', stateType: 'system' }
        : {};
  return agentData({ ...agentState, availability: 'Available', contacts });
}

// ---- What the handler reports --------------------------------------------------------------------------------------

const reported = {
  incoming: (eventId: string, phoneNumber = CUSTOMER): VendorEvent => ({ type: 'incoming', eventId, phoneNumber }),
  dialing: (eventId: string, phoneNumber = CALLEE): VendorEvent => ({ type: 'dialing', eventId, phoneNumber }),
  connected: (eventId: string): VendorEvent => ({ type: 'connected', eventId }),
  ended: (eventId: string, phase: 'ringing' | 'connected', endedBy: 'agent' | 'customer' | 'system'): VendorEvent => ({ type: 'ended', eventId, phase, endedBy }),
};

const available = (displayName: string): AgentPresence => ({ loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName });
const unavailable = (displayName: string): AgentPresence => ({ loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName });
/** An error state Amazon Connect put the agent in: named in the toolbar's words (translated), English for Fusion. */
const inError = (label: CallMessageKey): AgentPresence => presenceNamed({ loggedIn: true, available: false, stateCode: 'UNAVAILABLE' }, say(label));
/** A not-routable state the agent chose: its name is the reason (notReadyReasons()). */
const notReadyFor = (name: string): AgentPresence => ({ ...unavailable(name), reasonCode: name });

function errorsIn(events: readonly VendorEvent[]): string[] {
  return events.flatMap((event) => (event.type === 'error' ? [inEnglish(event.message)] : []));
}

function endedEventsOf(log: ReportedEvents, eventId: string): VendorEvent[] {
  return log.ofCall(eventId).filter((event) => event.type === 'ended');
}

/** An inbound call rung and accepted from the toolbar, its media up. */
async function answeredCall({ handler }: Started, contactId = 'c1', phoneNumber = CUSTOMER, others: ContactData[] = []): Promise<void> {
  ccp.push(phoneWith(...others, ringing(contactId, phoneNumber)));
  await handler.acceptCall(contactId);
  ccp.push(phoneWith(...others, talking(contactId, phoneNumber)));
}

/** Amazon Connect's refusals come as upstream error objects. */
const refusal = (message: string) => ({ type: 'InvalidStateException', message });

// ====================================================================================================================

describe('start and stop', () => {
  it('start() resolves only on the first snapshot, having reported the link connected and the agent state', async () => {
    const handler = newHandler();
    const log = new ReportedEvents();
    let resolved = false;
    const starting = handler.start(log.listener).then(() => {
      resolved = true;
    });
    await ccp.subscribed();
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(resolved).toBe(false);
    expect(log.events).toEqual([{ type: 'link', status: 'connecting' }]);

    ccp.push(agentData());
    await starting;
    expect(log.events).toEqual([
      { type: 'link', status: 'connecting' },
      { type: 'link', status: 'connected' },
      { type: 'agentState', presence: available('Available'), onConnect: true },
    ]);
  });

  it('start() does not frame a second CCP when Streams has one framed already', async () => {
    const initCCP = jest.spyOn(ccp.streams.core, 'initCCP').mockImplementation(() => undefined);
    cleanups.push(() => initCCP.mockRestore());
    await started();
    expect(initCCP).not.toHaveBeenCalled();
  });

  it('start() frames the CCP in the container with the configured address and options when none is framed yet', async () => {
    (ccp.streams.core as unknown as { initialized: boolean }).initialized = false;
    const initCCP = jest.spyOn(ccp.streams.core, 'initCCP').mockImplementation(() => undefined);
    cleanups.push(() => initCCP.mockRestore());
    await started({ section: { region: 'eu-west-2', loginPopup: 'false', disableRingtone: true, ccpAckTimeoutMs: 4000, ccpLoadTimeoutMs: 9000 } });

    expect(initCCP).toHaveBeenCalledTimes(1);
    const [where, params] = initCCP.mock.calls[0];
    expect(where).toBe(container);
    expect(params).toMatchObject({
      ccpUrl: CCP_URL,
      region: 'eu-west-2',
      loginPopup: false,
      softphone: { allowFramedSoftphone: true, disableRingtone: true },
      ccpAckTimeout: 4000,
      ccpSynTimeout: 1000,
      ccpLoadTimeout: 9000,
    });
  });

  it('start() rejects after startTimeoutMs, saying what to check, when the CCP sends no snapshot', async () => {
    const handler = newHandler({ startTimeoutMs: 1000 });
    await expect(handler.start(new ReportedEvents().listener)).rejects.toThrow(
      `The Amazon Connect CCP at ${CCP_URL} did not answer within 1 s. Check amazon.ccpUrl`,
    );
  });

  it('start() rejects and the link is reported down when Streams gives up loading the CCP', async () => {
    const handler = newHandler();
    const log = new ReportedEvents();
    const starting = handler.start(log.listener);
    await ccp.subscribed(ccp.streams.EventType.IFRAME_RETRIES_EXHAUSTED);
    ccp.bus.trigger(ccp.streams.EventType.IFRAME_RETRIES_EXHAUSTED);
    await expect(starting).rejects.toThrow(`The Amazon Connect CCP at ${CCP_URL} could not be loaded. Sign in to Amazon Connect, check amazon.ccpUrl`);
    expect(log.events).toContainEqual({ type: 'link', status: 'down' });
  });

  it('an ACK timeout before the agent signed in tells the agent to sign in (loginPopup off); after that it is ignored', async () => {
    const handler = newHandler({ loginPopup: false });
    const log = new ReportedEvents();
    const starting = handler.start(log.listener);
    await ccp.subscribed(ccp.streams.EventType.ACK_TIMEOUT);
    ccp.bus.trigger(ccp.streams.EventType.ACK_TIMEOUT);
    expect(errorsIn(log.events)).toEqual([`Sign in to Amazon Connect at ${CCP_URL} in another tab of this browser; the toolbar connects once you are signed in.`]);

    ccp.push(agentData());
    await starting;
    const mark = log.mark();
    ccp.bus.trigger(ccp.streams.EventType.ACK_TIMEOUT);
    expect(log.since(mark)).toEqual([]);
  });

  it('start() while started rejects', async () => {
    const { handler } = await started();
    await expect(handler.start(new ReportedEvents().listener)).rejects.toThrow('The toolbar is already connected, or connecting, to Amazon Connect.');
  });

  it('stop() before the first snapshot rejects the pending start()', async () => {
    const handler = newHandler();
    const starting = handler.start(new ReportedEvents().listener);
    await ccp.subscribed();
    await handler.stop();
    await expect(starting).rejects.toThrow('The toolbar stopped before it was connected to Amazon Connect.');
  });

  it('stop() leaves a CCP it did not frame itself, and verbs then reject with "Not connected"', async () => {
    const { handler } = await started(); // the harness framed the CCP, as other code on the page could
    ccp.push(phoneWith(ringing('c1')));
    await handler.stop();
    expect((ccp.streams.core as unknown as { initialized: boolean }).initialized).toBe(true);
    await expect(handler.acceptCall('c1')).rejects.toThrow('The toolbar is not connected to Amazon Connect.');
    await expect(handler.makeAgentAvailable()).rejects.toThrow('The toolbar is not connected to Amazon Connect.');
  });

  it('a second start() after stop() reports the calls already up again', async () => {
    const { handler } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.push(phoneWith(talking('c1')));
    await handler.stop();

    ccp = installFakeCcp();
    const again = new ReportedEvents();
    await startWith(handler, again.listener, phoneWith(talking('c1')));
    expect(again.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1')]);
  });
});

// ====================================================================================================================

describe('agent state', () => {
  it('makeAgentAvailable() sends putAgentState with the routable state, without enqueuing it', async () => {
    const { handler } = await started({ first: agentData({ state: 'Lunch', stateType: 'not_routable' }) });
    await handler.makeAgentAvailable();
    expect(ccp.paramsOf('putAgentState')).toEqual([{ state: agentStateDef('Available', 'routable'), enqueueNextState: false }]);
  });

  it('makeAgentUnavailable() picks the not-routable state (Lunch) by type, not the first of the list (Offline)', async () => {
    const { handler } = await started();
    expect(AGENT_STATES[0].name).toBe('Offline'); // the list's order is the admin's
    await handler.makeAgentUnavailable();
    expect(ccp.paramsOf('putAgentState')).toEqual([{ state: agentStateDef('Lunch', 'not_routable'), enqueueNextState: false }]);
  });

  it('makeAgentUnavailable() falls back to the offline state when the instance has no not-routable one', async () => {
    const states = [agentStateDef('Available', 'routable'), agentStateDef('Offline', 'offline')];
    const { handler } = await started({ first: agentData({ agentStates: states }) });
    await handler.makeAgentUnavailable();
    expect(ccp.paramsOf('putAgentState')).toEqual([{ state: agentStateDef('Offline', 'offline'), enqueueNextState: false }]);
  });

  it('uses the states named by amazon.availableState and amazon.unavailableState', async () => {
    const states = [agentStateDef('Offline', 'offline'), agentStateDef('Lunch', 'not_routable'), agentStateDef('Available', 'routable'), agentStateDef('Training', 'not_routable'), agentStateDef('Inbound only', 'routable')];
    const { handler } = await started({ section: { availableState: 'Inbound only', unavailableState: 'Training' }, first: agentData({ agentStates: states }) });
    await handler.makeAgentUnavailable();
    await handler.makeAgentAvailable();
    expect(ccp.paramsOf('putAgentState')).toEqual([
      { state: agentStateDef('Training', 'not_routable'), enqueueNextState: false },
      { state: agentStateDef('Inbound only', 'routable'), enqueueNextState: false },
    ]);
  });

  it('a configured state the instance does not have rejects naming amazon.availableState and the states it has; nothing is sent', async () => {
    const { handler } = await started({ section: { availableState: 'Ready' } });
    await expect(handler.makeAgentAvailable()).rejects.toThrow(
      'Amazon Connect has no agent state "Ready", which amazon.availableState names (it has Offline, Lunch, Available). Ask your administrator to correct amazon.availableState.',
    );
    expect(ccp.callsTo('putAgentState')).toEqual([]);
  });

  it('a refused state change rejects with Amazon Connect\'s reason', async () => {
    const { handler } = await started();
    ccp.respond = failing(['putAgentState'], refusal('Agent has an enqueued next state.'));
    await expect(handler.makeAgentUnavailable()).rejects.toThrow('Amazon Connect could not change your state to "Lunch": Agent has an enqueued next state.');
  });

  it.each<[string, AgentDataOptions, AgentPresence]>([
    ['the agent chose Lunch in the CCP', { state: 'Lunch', stateType: 'not_routable' }, notReadyFor('Lunch')],
    ['the agent went Offline', { state: 'Offline', stateType: 'offline' }, unavailable('Offline')],
    ['a call is offered while Available (PendingBusy)', { state: 'PendingBusy', stateType: 'system', availability: 'Available' }, available('Available')],
    ['on a call placed while on Lunch (Busy)', { state: 'Busy', stateType: 'system', availability: 'Lunch' }, notReadyFor('Lunch')],
    ['in after-call work while Available', { state: 'AfterCallWork', stateType: 'not_routable', availability: 'Available' }, available('Available')],
    ['Amazon Connect put the agent in MissedCallAgent', { state: 'MissedCallAgent', stateType: 'error', availability: 'Available' }, inError('presenceMissedCall')],
    ['Amazon Connect put the agent in FailedConnectCustomer', { state: 'FailedConnectCustomer', stateType: 'error', availability: 'Available' }, inError('presenceCustomerUnreachable')],
    ['an error state the toolbar has no words for', { state: 'RealtimeCommunicationError', stateType: 'error', availability: 'Available' }, unavailable('RealtimeCommunicationError')],
  ])('presence when %s', async (_when, snapshot, presence) => {
    const { log } = await started({ first: agentData({ state: 'Available', stateType: 'routable' }) });
    ccp.push(agentData(snapshot));
    expect(log.latestPresence()).toEqual(presence);
  });

  it('a whole call (PendingBusy, Busy, AfterCallWork, back to Available) does not flicker the presence', async () => {
    const call = await started();
    const mark = call.log.mark();
    await answeredCall(call);
    ccp.push(phoneWith(inWrapup('c1')));
    await call.handler.completeWrapup('c1');
    ccp.push(phoneWith());
    expect(call.log.since(mark).filter((event) => event.type === 'agentState')).toEqual([]);
  });
});

// ====================================================================================================================

describe('inbound calls', () => {
  it('a call ringing at the agent is reported incoming with the caller\'s number', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1', CUSTOMER)));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1', CUSTOMER)]);
    expect(ccp.apiCalls).toEqual([]);
  });

  it('acceptCall() sends acceptContact for the contact, and the call is reported connected once its media is up', async () => {
    const { handler, log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    await handler.acceptCall('c1');
    expect(ccp.paramsOf('acceptContact')).toEqual([{ contactId: 'c1' }]);
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1')]); // accepted, not connected yet

    ccp.push(phoneWith(talking('c1')));
    ccp.push(phoneWith(talking('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1')]);
  });

  it('an accepted call whose media fails ends missed while ringing, not in wrap-up, and is cleared', async () => {
    const { handler, log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    await handler.acceptCall('c1');
    ccp.push(phoneWith(voiceContact({ contactId: 'c1', phoneNumber: CUSTOMER, state: 'error', agentLeg: 'disconnected', customerLeg: 'connected' })));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'system')]);
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);
  });

  it('rejectCall() sends rejectContact; the call ends ringing by the agent and the rejected contact is cleared', async () => {
    const { handler, log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    await handler.rejectCall('c1');
    expect(ccp.paramsOf('rejectContact')).toEqual([{ contactId: 'c1' }]);
    expect(ccp.callsTo('destroyConnection')).toEqual([]);

    ccp.push(phoneWith(rejected('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'agent')]);
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);

    ccp.push(phoneWith());
    expect(log.ofCall('c1')).toHaveLength(2);
  });

  it('rejectCall(): when the rejected contact just vanishes, the call ends ringing by the agent', async () => {
    const { handler, log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    await handler.rejectCall('c1');
    ccp.push(phoneWith());
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'agent')]);
  });

  it('a call declined in the CCP (rejected, no request from the toolbar) ends ringing by the agent', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.push(phoneWith(rejected('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'agent')]);
  });

  it('rejectCall(), as real voice contacts end (error, caller still on the line): ended ringing by the agent, cleared', async () => {
    const { handler, log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    await handler.rejectCall('c1');
    ccp.push(missedCallAgent(notAnswered('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'agent')]);
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);
  });

  it('a decline in the CCP that Streams broadcast as a Reject click (Streams\' contact.reject()) ends ringing by the agent', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1'), ringing('c2', SECOND_CUSTOMER)));
    ccp.bus.trigger('click_stream_data', { contactId: 'c1', clickType: 'Reject', clickTime: new Date().toISOString() });
    ccp.push(missedCallAgent(notAnswered('c1'), ringing('c2', SECOND_CUSTOMER)));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'agent')]);
    // Another call's click, or another kind of click, says nothing about this one.
    ccp.bus.trigger('click_stream_data', { contactId: 'c1', clickType: 'Reject' });
    ccp.bus.trigger('click_stream_data', { contactId: 'c2', clickType: 'Accept' });
    ccp.push(missedCallAgent(notAnswered('c2', SECOND_CUSTOMER)));
    expect(log.ofCall('c2')).toEqual([reported.incoming('c2', SECOND_CUSTOMER), reported.ended('c2', 'ringing', 'system')]);
  });

  // Streams broadcasts the Reject click before it asks Amazon Connect (src/api.js): when Amazon Connect refuses the
  // decline, the click is all the toolbar heard, and it must not decide how the call ends later.
  const rejectClick = (contactId = 'c1') => ccp.bus.trigger('click_stream_data', { contactId, clickType: 'Reject', clickTime: new Date(clock).toISOString() });

  it('a Reject click whose decline Amazon Connect refused: the ring that rings out later ends by the system (TIMEOUT), not the agent', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    rejectClick();
    clock += DECLINE_CLICK_COUNTS_MS + 1;
    ccp.push(missedCallAgent(notAnswered('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'system')]);
  });

  it('a Reject click whose decline Amazon Connect refused: a caller who then hangs up ends it by the customer (ABANDONED), even at once', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    rejectClick();
    clock += 200;
    ccp.push(phoneWith(callerLeft('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'customer')]);
  });

  it('a Reject click whose decline Amazon Connect refused, then the call answered: the customer\'s hang-up is the customer\'s', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    rejectClick();
    ccp.push(phoneWith(talking('c1')));
    ccp.push(phoneWith(customerLeft('c1')));
    ccp.push(phoneWith(inWrapup('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1'), reported.ended('c1', 'connected', 'customer')]);
  });

  it('a Reject click counts for an end that follows within DECLINE_CLICK_COUNTS_MS of it', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    rejectClick();
    clock += DECLINE_CLICK_COUNTS_MS;
    ccp.push(missedCallAgent(notAnswered('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'agent')]);
  });

  it('a ring that ends unanswered with no decline known (rang out, or declined in a CCP that says nothing) ends ringing by the system', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    // Real snapshots may drop the agent's connection before the contact's state follows: that says nothing either.
    ccp.push(phoneWith(voiceContact({ contactId: 'c1', phoneNumber: CUSTOMER, state: 'connecting', agentLeg: 'disconnected', customerLeg: 'connected' })));
    ccp.push(missedCallAgent(notAnswered('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'system')]);
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);
    expect(log.latestPresence()).toEqual(inError('presenceMissedCall'));
  });

  it('the caller hanging up while it rings, as real voice contacts end (error, the caller\'s connection gone), ends it ringing by the customer', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.push(phoneWith(callerLeft('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'customer')]);
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);
  });

  it('hangupCall() destroys the agent\'s connection; the call ends connected by the agent once Streams shows after-call work, and nothing clears it', async () => {
    const call = await started();
    await answeredCall(call);
    await call.handler.hangupCall('c1');
    expect(ccp.paramsOf('destroyConnection')).toEqual([{ contactId: 'c1', connectionId: 'c1-agent' }]);
    expect(call.log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1')]); // Streams' events tell the end

    ccp.push(phoneWith(inWrapup('c1')));
    expect(call.log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1'), reported.ended('c1', 'connected', 'agent')]);
    expect(ccp.callsTo('clearContact')).toEqual([]); // after-call work is the agent's until Fusion closes the wrap-up
  });

  it('completeWrapup() sends clearContact for the call in after-call work, and the contact\'s removal reports nothing more', async () => {
    const call = await started();
    await answeredCall(call);
    await call.handler.hangupCall('c1');
    ccp.push(phoneWith(inWrapup('c1')));
    expect(ccp.callsTo('clearContact')).toEqual([]);

    await call.handler.completeWrapup('c1');
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);
    ccp.push(phoneWith());
    expect(call.log.ofCall('c1')).toHaveLength(3);
  });

  it('completeWrapup() after the agent cleared the contact in the CCP resolves without a request', async () => {
    const call = await started();
    await answeredCall(call);
    ccp.push(phoneWith(inWrapup('c1')));
    ccp.push(phoneWith()); // cleared in the CCP (or the after-call work timed out): the contact is gone
    await expect(call.handler.completeWrapup('c1')).resolves.toBeUndefined();
    expect(ccp.callsTo('clearContact')).toEqual([]);
  });

  it('a refused clearContact makes completeWrapup() reject with the reason', async () => {
    const call = await started();
    await answeredCall(call);
    ccp.push(phoneWith(inWrapup('c1')));
    ccp.respond = failing(['clearContact'], refusal('Contact is not in after contact work.'));
    await expect(call.handler.completeWrapup('c1')).rejects.toThrow('Amazon Connect could not finish after-call work: Contact is not in after contact work.');
  });

  it('the caller hanging up while it rings (the contact vanishes) ends it ringing by the customer', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.push(phoneWith());
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'customer')]);
    expect(ccp.callsTo('clearContact')).toEqual([]); // nothing left to clear
  });

  it('the caller hanging up after the answer (the customer\'s leg goes first) ends it connected by the customer', async () => {
    const call = await started();
    await answeredCall(call);
    ccp.push(phoneWith(customerLeft('c1')));
    expect(call.log.ofCall('c1')).toHaveLength(2);
    ccp.push(phoneWith(inWrapup('c1')));
    expect(call.log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1'), reported.ended('c1', 'connected', 'customer')]);
  });

  it('the agent hanging up in the CCP (the agent\'s leg goes first) ends it connected by the agent', async () => {
    const call = await started();
    await answeredCall(call);
    ccp.push(phoneWith(agentLeft('c1')));
    ccp.push(phoneWith(inWrapup('c1')));
    expect(call.log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1'), reported.ended('c1', 'connected', 'agent')]);
  });

  it('a call nobody answers (missed) ends ringing by the system, is cleared, and the agent shows "Missed call"', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.push(agentData({ state: 'MissedCallAgent', stateType: 'error', availability: 'Available', contacts: [missed('c1')] }));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'system')]);
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);
    expect(log.latestPresence()).toEqual(inError('presenceMissedCall'));
  });

  it('a refused clear of a missed call tells the agent to close it in the CCP', async () => {
    const { log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.respond = failing(['clearContact'], refusal('Contact not found.'));
    const mark = log.mark();
    ccp.push(agentData({ state: 'MissedCallAgent', stateType: 'error', contacts: [missed('c1')] }));
    expect(errorsIn(log.since(mark))).toEqual([`Amazon Connect could not close the call ${CUSTOMER} (Contact not found.); close it in the CCP.`]);
  });

  it('two calls at once keep their own contactIds, requests and stories', async () => {
    const call = await started();
    await answeredCall(call, 'c1', CUSTOMER);
    ccp.push(phoneWith(talking('c1'), ringing('c2', SECOND_CUSTOMER)));
    expect(call.log.ofCall('c2')).toEqual([reported.incoming('c2', SECOND_CUSTOMER)]);

    ccp.push(phoneWith(customerLeft('c1'), ringing('c2', SECOND_CUSTOMER)));
    ccp.push(phoneWith(inWrapup('c1'), ringing('c2', SECOND_CUSTOMER)));
    await call.handler.acceptCall('c2');
    ccp.push(phoneWith(inWrapup('c1'), talking('c2', SECOND_CUSTOMER)));
    await call.handler.completeWrapup('c1');

    expect(call.log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1'), reported.ended('c1', 'connected', 'customer')]);
    expect(call.log.ofCall('c2')).toEqual([reported.incoming('c2', SECOND_CUSTOMER), reported.connected('c2')]);
    expect(ccp.paramsOf('acceptContact')).toEqual([{ contactId: 'c1' }, { contactId: 'c2' }]);
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);
  });

  it('a queued callback offered to the agent rings as incoming and is answered like a call', async () => {
    const { handler, log } = await started();
    ccp.push(phoneWith(voiceContact({ contactId: 'cb1', type: 'queue_callback', state: 'incoming', agentLeg: 'connecting', customerLeg: 'connected' })));
    await handler.acceptCall('cb1');
    ccp.push(phoneWith(voiceContact({ contactId: 'cb1', type: 'queue_callback', state: 'connected', agentLeg: 'connected', customerLeg: 'connected' })));
    expect(ccp.paramsOf('acceptContact')).toEqual([{ contactId: 'cb1' }]);
    expect(log.ofCall('cb1')).toEqual([reported.incoming('cb1'), reported.connected('cb1')]);
  });

  it('a chat contact is not the toolbar\'s: nothing is reported for it', async () => {
    const { log } = await started();
    const mark = log.mark();
    ccp.push(phoneWith(voiceContact({ contactId: 'chat-1', type: 'chat', state: 'connecting' })));
    ccp.push(phoneWith());
    expect(log.since(mark)).toEqual([]);
  });
});

// ====================================================================================================================

describe('outbound calls', () => {
  it('makeOutboundCall() sends createOutboundContact; the new contact is reported dialing under the toolbar\'s eventId, then connected', async () => {
    const { handler, log } = await started();
    const mark = log.mark();
    await handler.makeOutboundCall(CALLEE, 'out-1');
    expect(ccp.paramsOf('createOutboundContact')).toEqual([{ endpoint: expect.objectContaining({ type: 'phone_number', phoneNumber: CALLEE }), queueARN: OUTBOUND_QUEUE_ARN }]);
    expect(log.since(mark)).toEqual([]); // nothing until the contact shows up

    ccp.push(phoneWith(dialing('o1', CALLEE)));
    ccp.push(phoneWith(calleeAnswered('o1', CALLEE)));
    expect(log.ofCall('out-1')).toEqual([reported.dialing('out-1', CALLEE), reported.connected('out-1')]);
    expect(log.ofCall('o1')).toEqual([]);
  });

  it('hangupCall() on the placed call destroys its agent connection and it ends connected by the agent', async () => {
    const { handler, log } = await started();
    await handler.makeOutboundCall(CALLEE, 'out-1');
    ccp.push(phoneWith(dialing('o1')));
    ccp.push(phoneWith(calleeAnswered('o1')));
    await handler.hangupCall('out-1');
    expect(ccp.paramsOf('destroyConnection')).toEqual([{ contactId: 'o1', connectionId: 'o1-agent' }]);
    ccp.push(phoneWith(inWrapup('o1', CALLEE, 'outbound')));
    expect(log.ofCall('out-1')).toEqual([reported.dialing('out-1'), reported.connected('out-1'), reported.ended('out-1', 'connected', 'agent')]);
  });

  it('rejectCall() on a call still being dialed drops the agent\'s connection (no rejectContact); it ends ringing by the agent', async () => {
    const { handler, log } = await started();
    await handler.makeOutboundCall(CALLEE, 'out-1');
    ccp.push(phoneWith(dialing('o1')));
    await handler.rejectCall('out-1');
    expect(ccp.callsTo('rejectContact')).toEqual([]);
    expect(ccp.paramsOf('destroyConnection')).toEqual([{ contactId: 'o1', connectionId: 'o1-agent' }]);
    ccp.push(phoneWith());
    expect(log.ofCall('out-1')).toEqual([reported.dialing('out-1'), reported.ended('out-1', 'ringing', 'agent')]);
  });

  it('a callee whose line fails (contact in error) ends the call ringing by the system, and it is cleared', async () => {
    const { handler, log } = await started();
    await handler.makeOutboundCall(CALLEE, 'out-1');
    ccp.push(phoneWith(dialing('o1')));
    ccp.push(agentData({ state: 'FailedConnectCustomer', stateType: 'error', contacts: [voiceContact({ contactId: 'o1', phoneNumber: CALLEE, direction: 'outbound', state: 'error', agentLeg: 'disconnected', customerLeg: 'disconnected' })] }));
    expect(log.ofCall('out-1')).toEqual([reported.dialing('out-1'), reported.ended('out-1', 'ringing', 'system')]);
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'o1' }]);
  });

  it('a placed call that fails before Streams ever shows it dialing still ends, under the toolbar\'s eventId, and is cleared once', async () => {
    const { handler, log } = await started();
    await handler.makeOutboundCall(CALLEE, 'out-1');
    ccp.push(agentData({ state: 'FailedConnectCustomer', stateType: 'error', contacts: [voiceContact({ contactId: 'o1', phoneNumber: CALLEE, direction: 'outbound', state: 'error', agentLeg: 'disconnected', customerLeg: 'disconnected' })] }));
    expect(log.ofCall('out-1')).toEqual([reported.dialing('out-1'), reported.ended('out-1', 'ringing', 'system')]);
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'o1' }]);
  });

  it('a refused createOutboundContact rejects with Amazon Connect\'s reason and nothing is reported; a later CCP call keeps its own id', async () => {
    const { handler, log } = await started();
    ccp.respond = failing(['createOutboundContact'], refusal('The phone number is not valid.'));
    const mark = log.mark();
    await expect(handler.makeOutboundCall('+1 202 555 0199', 'out-2')).rejects.toThrow('Amazon Connect could not call +1 202 555 0199: The phone number is not valid.');
    expect(log.since(mark)).toEqual([]);

    ccp.push(phoneWith(dialing('o5', CALLEE)));
    expect(log.ofCall('out-2')).toEqual([]);
    expect(log.ofCall('o5')).toEqual([reported.dialing('o5')]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['an international number as people write it', {}, '+44 (20) 7946-0958', '+442079460958'],
    ['a national number in amazon.defaultCountry', { defaultCountry: 'US' }, '(650) 555-0100', '+16505550100'],
    ['a number with the international prefix of amazon.defaultCountry', { defaultCountry: 'FR' }, '00 33 1 42 68 53 00', '+33142685300'],
  ])('dials %s in E.164, the only form Amazon Connect dials, and claims the contact under the toolbar\'s eventId', async (_case, section, written, e164) => {
    const { handler, log } = await started({ section });
    await handler.makeOutboundCall(written, 'out-1');
    expect(ccp.paramsOf('createOutboundContact')).toEqual([{ endpoint: expect.objectContaining({ type: 'phone_number', phoneNumber: e164 }), queueARN: OUTBOUND_QUEUE_ARN }]);
    ccp.push(phoneWith(dialing('o1', e164)));
    expect(log.ofCall('out-1')).toEqual([reported.dialing('out-1', e164)]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a national number with no amazon.defaultCountry', {}, '650 555 0100', 'Amazon Connect cannot dial "650 555 0100": type it with + and the country code (amazon.defaultCountry is not set).'],
    ['too few digits for its country', { defaultCountry: 'GB' }, '+1 555', 'Amazon Connect cannot dial "+1 555": it is not a phone number of a plausible length (numbers without a country code are taken as GB).'],
    ['no number at all', { defaultCountry: 'US' }, 'call me', 'Amazon Connect cannot dial "call me": it is not a phone number of a plausible length (numbers without a country code are taken as US).'],
    ['an extension', {}, '+1 650 555 0100 ext. 12', 'Amazon Connect cannot dial the extension of "+1 650 555 0100 ext. 12" (12): dial the number without it.'],
  ])('refuses %s, naming the number, as INVALID_NUMBER for Fusion; nothing is sent or reported', async (_case, section, written, message) => {
    const { handler, log } = await started({ section });
    const mark = log.mark();
    expect(await rejectionOf(handler.makeOutboundCall(written, 'out-1'))).toEqual({ code: 'REFUSED', message, outboundErrorCode: 'INVALID_NUMBER' });
    expect(ccp.callsTo('createOutboundContact')).toEqual([]);
    expect(log.since(mark)).toEqual([]);
  });

  it('a call dialed in the CCP (no dial pending) is reported dialing under its contactId', async () => {
    const { log } = await started();
    ccp.push(phoneWith(dialing('o9', CALLEE)));
    expect(log.ofCall('o9')).toEqual([reported.dialing('o9', CALLEE)]);
  });

  it('the placed contact may show up before Amazon Connect answers the request: it is still the toolbar\'s eventId', async () => {
    const { handler, log } = await started();
    ccp.respond = silentOn(['createOutboundContact']);
    const placing = handler.makeOutboundCall(CALLEE, 'out-3');
    ccp.push(phoneWith(dialing('o3')));
    expect(log.ofCall('out-3')).toEqual([reported.dialing('out-3')]);
    ccp.callsTo('createOutboundContact')[0].succeed();
    await expect(placing).resolves.toBeUndefined();
  });

  it('makeOutboundCall() with the eventId of a call already up rejects and sends nothing', async () => {
    const { handler } = await started();
    ccp.push(phoneWith(ringing('c1')));
    await expect(handler.makeOutboundCall(CALLEE, 'c1')).rejects.toThrow('There is already a call with the id c1.');
    expect(ccp.callsTo('createOutboundContact')).toEqual([]);
  });
});

// ====================================================================================================================

describe('calls already up in the first snapshot (the toolbar reloaded)', () => {
  it.each<[string, ContactData, VendorEvent[]]>([
    ['ringing', ringing('c1'), [reported.incoming('c1')]],
    ['connected', talking('c1'), [reported.incoming('c1'), reported.connected('c1')]],
    ['in after-call work', inWrapup('c1'), [reported.incoming('c1'), reported.connected('c1'), reported.ended('c1', 'connected', 'customer')]],
    ['being dialed from the CCP', dialing('o1'), [reported.dialing('o1')]],
  ])('a call %s is reported with its story so far', async (_state, contact, story) => {
    const { log } = await started({ first: phoneWith(contact) });
    expect(log.ofCall(contact.contactId)).toEqual(story);
    expect(ccp.callsTo('clearContact')).toEqual([]);
  });

  it('start() on a Streams that had its snapshot already (no contact::init will come) reports the agent and the calls up at once', async () => {
    ccp.push(phoneWith(talking('c1'), ringing('c2', SECOND_CUSTOMER))); // before the handler subscribed
    const handler = newHandler();
    const log = new ReportedEvents();
    await handler.start(log.listener);
    expect(log.events.filter((event) => event.type === 'link')).toEqual([
      { type: 'link', status: 'connecting' },
      { type: 'link', status: 'connected' },
    ]);
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1')]);
    expect(log.ofCall('c2')).toEqual([reported.incoming('c2', SECOND_CUSTOMER)]);

    ccp.push(phoneWith(talking('c1'))); // and follows them from there
    expect(log.ofCall('c2')).toEqual([reported.incoming('c2', SECOND_CUSTOMER), reported.ended('c2', 'ringing', 'customer')]);
  });

  it('a call in after-call work at start can be wrapped up', async () => {
    const { handler } = await started({ first: phoneWith(inWrapup('c1')) });
    await handler.completeWrapup('c1');
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);
  });

  it('a missed contact left over at start is reported to nobody, only cleared to free the agent', async () => {
    const { log } = await started({ first: agentData({ state: 'MissedCallAgent', stateType: 'error', contacts: [missed('c1')] }) });
    expect(log.ofCall('c1')).toEqual([]);
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);
  });
});

// ====================================================================================================================

describe('bad input', () => {
  it('a contact without its customer\'s connection: one error naming it, nothing else for it, and later calls still work', async () => {
    const { handler, log } = await started();
    const orphan = voiceContact({ contactId: 'bad1', connections: [agentConnection('bad1', 'connecting')] });
    const mark = log.mark();
    ccp.push(phoneWith(orphan));
    ccp.push(phoneWith(orphan, ringing('c2')));
    ccp.push(phoneWith(ringing('c2')));
    await handler.acceptCall('c2');
    ccp.push(phoneWith(talking('c2')));

    expect(errorsIn(log.since(mark))).toEqual([
      "Amazon Connect sent a call (contact bad1) without its customer's connection; the toolbar cannot show it. Use the CCP for this call.",
    ]);
    expect(log.ofCall('bad1')).toEqual([]);
    expect(log.ofCall('c2')).toEqual([reported.incoming('c2'), reported.connected('c2')]);
    await expect(handler.acceptCall('bad1')).rejects.toThrow('Amazon Connect does not know this call.');
  });

  it('a contact in a state the toolbar does not know is shown ringing with an error, and is not cleared', async () => {
    const { log } = await started();
    const mark = log.mark();
    ccp.push(phoneWith(voiceContact({ contactId: 'w1', state: 'weird' })));
    expect(log.ofCall('w1')).toEqual([reported.incoming('w1')]);
    expect(errorsIn(log.since(mark))).toEqual([
      'Amazon Connect reports call w1 in a state the toolbar does not know ("weird"); it is shown as ringing. Use the CCP for it.',
    ]);
    expect(ccp.callsTo('clearContact')).toEqual([]); // it may be a live call: clearing it is not the toolbar's guess to make
  });

  it('a contact in a state the toolbar does not know ends, once and ringing, when it vanishes', async () => {
    const { log } = await started();
    ccp.push(phoneWith(voiceContact({ contactId: 'w1', state: 'weird' })));
    ccp.push(phoneWith());
    expect(endedEventsOf(log, 'w1')).toEqual([expect.objectContaining({ type: 'ended', eventId: 'w1', phase: 'ringing' })]);
    expect(ccp.callsTo('clearContact')).toEqual([]); // it is gone: there is nothing to clear
  });

  it('a supervisor\'s monitoring session is not a call to the agent: nothing is reported for it', async () => {
    const { log } = await started();
    const monitoring = voiceContact({
      contactId: 'm1',
      state: 'connected',
      connections: [{ ...agentConnection('m1', 'connected'), type: 'monitoring', initial: true, endpoint: null }],
    });
    const mark = log.mark();
    ccp.push(agentData({ contacts: [monitoring] }));
    ccp.push(agentData());
    expect(log.since(mark)).toEqual([]);
  });

  it('a contact whose data makes Streams throw (no connections list) gives one readable error, and later calls still work', async () => {
    const { handler, log } = await started();
    const broken = { ...voiceContact({ contactId: 'bad2' }), connections: undefined } as unknown as ContactData;
    const mark = log.mark();
    ccp.push(phoneWith(broken));
    ccp.push(phoneWith(broken, ringing('c3')));
    await handler.acceptCall('c3');
    ccp.push(phoneWith(broken, talking('c3')));

    const errors = errorsIn(log.since(mark));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^The toolbar could not follow a new call from Amazon Connect \(.+\)\.$/);
    const error = log.since(mark).find((event) => event.type === 'error');
    expect(error).toMatchObject({ message: { key: 'amazonCouldNotFollow', params: { what: say('amazonFollowNewCall') } } });
    expect(log.ofCall('c3')).toEqual([reported.incoming('c3'), reported.connected('c3')]);
  });

  it('a refused accept rejects with "Amazon Connect could not accept the call." and the call keeps ringing', async () => {
    const { handler, log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.respond = failing(['acceptContact'], refusal('Softphone media is not ready.'));
    const mark = log.mark();
    await expect(handler.acceptCall('c1')).rejects.toThrow(/^Amazon Connect could not accept the call\.$/);
    expect(log.since(mark)).toEqual([]);

    ccp.respond = answerAll; // ringing still: a second try is taken
    await handler.acceptCall('c1');
    ccp.push(phoneWith(talking('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1')]);
  });

  it('a refused reject rejects readably and the call is not ended; the caller hanging up later ends it once, by the customer', async () => {
    const { handler, log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.respond = failing(['rejectContact'], refusal('The contact cannot be rejected now.'));
    await expect(handler.rejectCall('c1')).rejects.toThrow('Amazon Connect could not decline the call: The contact cannot be rejected now.');
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1')]);

    ccp.push(phoneWith());
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.ended('c1', 'ringing', 'customer')]);
  });

  it('a refused hang-up rejects readably and the call is not ended; the customer hanging up later ends it once, by the customer', async () => {
    const call = await started();
    await answeredCall(call);
    ccp.respond = failing(['destroyConnection'], refusal('Connection is not in a state that can be destroyed.'));
    await expect(call.handler.hangupCall('c1')).rejects.toThrow('Amazon Connect could not hang up: Connection is not in a state that can be destroyed.');
    expect(endedEventsOf(call.log, 'c1')).toEqual([]);

    ccp.push(phoneWith(customerLeft('c1')));
    ccp.push(phoneWith(inWrapup('c1')));
    expect(endedEventsOf(call.log, 'c1')).toEqual([reported.ended('c1', 'connected', 'customer')]);
  });

  it('a request Amazon Connect never answers rejects after requestTimeoutMs, and the call keeps ringing', async () => {
    const { handler, log } = await started({ section: { requestTimeoutMs: 100 } });
    ccp.push(phoneWith(ringing('c1')));
    ccp.respond = silentOn(['acceptContact']);
    const mark = log.mark();
    const timedOut = await handler.acceptCall('c1').catch((err: unknown) => err);
    expect(timedOut).toMatchObject({ code: 'TIMEOUT', message: 'Amazon Connect did not answer within 0.1 s when asked to accept the call.' });
    expect((timedOut as VendorError).said).toEqual(say('amazonNoAnswer', { seconds: 0.1, request: say('amazonToAccept') }));
    expect(log.since(mark)).toEqual([]);
    expect(ccp.callsTo('acceptContact')).toHaveLength(1);
  });

  it('a dial Amazon Connect never answers rejects after requestTimeoutMs and is forgotten: a later CCP call keeps its own id', async () => {
    const { handler, log } = await started({ section: { requestTimeoutMs: 100 } });
    ccp.respond = silentOn(['createOutboundContact']);
    await expect(handler.makeOutboundCall(CALLEE, 'out-4')).rejects.toThrow(`Amazon Connect did not answer within 0.1 s when asked to call ${CALLEE}.`);
    ccp.push(phoneWith(dialing('o4', CALLEE)));
    expect(log.ofCall('out-4')).toEqual([]);
    expect(log.ofCall('o4')).toEqual([reported.dialing('o4')]);
  });

  it('verbs on an eventId the handler does not have reject readably, send nothing and report nothing', async () => {
    const { handler, log } = await started();
    ccp.push(phoneWith(ringing('c1')));
    const mark = log.mark();
    for (const verb of ['acceptCall', 'rejectCall', 'hangupCall', 'completeWrapup'] as const) {
      await expect(handler[verb]('no-such-call')).rejects.toThrow('Amazon Connect does not know this call.');
    }
    expect(ccp.apiCalls).toEqual([]);
    expect(log.since(mark)).toEqual([]);
  });

  it('verbs that do not fit the call\'s state reject readably and send nothing', async () => {
    const call = await started();
    await answeredCall(call);
    const sent = ccp.apiCalls.length;
    await expect(call.handler.acceptCall('c1')).rejects.toThrow('The call is not ringing.');
    await expect(call.handler.acceptCall('c1')).rejects.toHaveProperty('said', say('callNotRinging'));
    await expect(call.handler.rejectCall('c1')).rejects.toThrow('The call is not ringing.');
    await expect(call.handler.completeWrapup('c1')).rejects.toThrow('The call has not ended yet.');
    ccp.push(phoneWith(inWrapup('c1')));
    await expect(call.handler.hangupCall('c1')).rejects.toThrow('The call has already ended.');
    expect(ccp.apiCalls).toHaveLength(sent);
  });

  it('verbs before start() reject with "The toolbar is not connected to Amazon Connect."', async () => {
    const handler = newHandler();
    const verbs: Array<() => Promise<void>> = [
      () => handler.makeAgentAvailable(),
      () => handler.makeAgentUnavailable(),
      () => handler.makeOutboundCall(CALLEE, 'out-1'),
      () => handler.acceptCall('c1'),
      () => handler.rejectCall('c1'),
      () => handler.hangupCall('c1'),
      () => handler.completeWrapup('c1'),
    ];
    for (const verb of verbs) await expect(verb()).rejects.toThrow('The toolbar is not connected to Amazon Connect.');
  });

  it('a listener that throws does not stop the reports that follow', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    cleanups.push(() => consoleError.mockRestore());
    const { handler, log } = await started({
      listener: (record) => (event) => {
        record.listener(event);
        if (event.type === 'incoming') throw new Error('the core broke');
      },
    });
    ccp.push(phoneWith(ringing('c1')));
    await handler.acceptCall('c1');
    ccp.push(phoneWith(talking('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1')]);
    expect(consoleError).toHaveBeenCalledWith('[amazon] the toolbar failed to take incoming: the core broke');
  });

  it('another page script throwing in its own Streams callbacks does not keep the handler from its events', async () => {
    const { handler, log } = await started();
    ccp.streams.contact(() => {
      throw new Error('another integration broke');
    });
    ccp.streams.agent((agent) => agent.onRefresh(() => {
      throw new Error('another integration broke again');
    }));
    ccp.push(phoneWith(ringing('c1')));
    await handler.acceptCall('c1');
    ccp.push(phoneWith(talking('c1')));
    ccp.push(phoneWith(inWrapup('c1')));
    expect(log.ofCall('c1')).toEqual([reported.incoming('c1'), reported.connected('c1'), reported.ended('c1', 'connected', 'customer')]);
  });
});

describe('sign-out, and dials that never show up', () => {
  it('signing out in the CCP brings the link down with a sign-in hint; the next snapshot brings it back', async () => {
    const { log } = await started();
    const mark = log.mark();
    ccp.bus.trigger(connect.EventType.TERMINATED);
    expect(log.since(mark)).toEqual([
      { type: 'link', status: 'down', detail: say('amazonSignedOut', { url: 'https://example.my.connect.aws/ccp-v2/' }) },
    ]);
    ccp.push(phoneWith());
    expect(log.since(mark).at(-1)).toEqual({ type: 'link', status: 'connected' });
  });

  it('a presence that changed while the agent was signed out is reported as found on reconnecting, so the core can restore the choice', async () => {
    const { log } = await started();
    ccp.push(agentData({ state: 'Break', stateType: 'not_routable' })); // the agent's own change, while signed in
    ccp.bus.trigger(connect.EventType.TERMINATED);
    const mark = log.mark();
    ccp.push(agentData({ state: 'Offline', stateType: 'offline' }));
    expect(log.since(mark).filter((e) => e.type === 'agentState')).toEqual([{ type: 'agentState', presence: expect.objectContaining({ available: false }), onConnect: true }]);
    expect(log.events.filter((e) => e.type === 'agentState').map((e) => 'onConnect' in e && e.onConnect === true)).toEqual([true, false, true]);
  });

  it('a dial Amazon Connect took but that never shows up fails after requestTimeoutMs, under its eventId', async () => {
    const { handler, log } = await started({ section: { requestTimeoutMs: 100 } });
    await handler.makeOutboundCall(CALLEE, 'toolbar-9');
    expect(log.ofCall('toolbar-9')).toEqual([]);
    await log.waitFor('the failed dial', (e) => e.type === 'outboundFailed', 0, 2000);
    expect(log.ofCall('toolbar-9')).toEqual([
      { type: 'outboundFailed', eventId: 'toolbar-9', errorCode: 'OUTDIAL_FAILED', message: say('amazonDialNotSeen', { number: CALLEE, seconds: 0.1 }) },
    ]);
    const [failed] = log.ofCall('toolbar-9');
    expect(failed.type === 'outboundFailed' && inEnglish(failed.message)).toBe(`Amazon Connect took the call to ${CALLEE}, but the call did not show up within 0.1 s. Check the CCP.`);
  });

  it('a contact dialed in the CCP to another number does not take the toolbar\'s pending dial', async () => {
    const { handler, log } = await started();
    await handler.makeOutboundCall(CALLEE, 'toolbar-7');
    ccp.push(phoneWith(dialing('o9', '+442071234567')));
    expect(log.ofCall('o9').map((e) => e.type)).toEqual(['dialing']);
    expect(log.ofCall('toolbar-7')).toEqual([]);
  });
});

// ====================================================================================================================

/** How a verb rejected: its VendorError code and message, or what else it was. */
async function rejectionOf(request: Promise<void>): Promise<{ code: VendorErrorCode; message: string; outboundErrorCode?: OutboundErrorCode }> {
  const outcome = await request.then(
    () => ({ resolved: true as const }),
    (error: unknown) => ({ resolved: false as const, error }),
  );
  if (outcome.resolved) throw new Error('resolved; it must reject');
  const { error } = outcome;
  if (!(error instanceof VendorError)) throw new Error(`rejected with a bare ${String(error)}, not a VendorError`);
  const { outboundErrorCode } = error;
  return { code: error.code, message: error.message, ...(outboundErrorCode ? { outboundErrorCode } : {}) };
}

describe('typed errors: every verb rejects with a VendorError', () => {
  // The whole table, as Amazon Connect's refusal of a request (here, declining a ringing call: Streams passes that
  // refusal on as it came, while it reduces a refused accept to a bare 'error').
  const refusals: ReadonlyArray<[string, VendorErrorCode]> = [
    ['AccessDeniedException', 'UNAUTHORIZED'],
    ['UnauthorizedException', 'UNAUTHORIZED'],
    ['NotAuthorizedException', 'UNAUTHORIZED'],
    ['ExpiredTokenException', 'UNAUTHORIZED'],
    ['OutboundContactNotPermittedException', 'UNAUTHORIZED'],
    ['InvalidStateException', 'INVALID_IN_STATE'],
    ['ConflictException', 'INVALID_IN_STATE'],
    ['CallAlreadyResumedException', 'INVALID_IN_STATE'],
    ['ResourceNotFoundException', 'NOT_FOUND'],
    ['CallNotFoundException', 'NOT_FOUND'],
    ['ServiceUnavailableException', 'LINK_DOWN'],
    ['InvalidParameterException', 'REFUSED'],
    ['BadEndpointException', 'REFUSED'],
    ['InvalidEndpointException', 'REFUSED'],
    ['DestinationNotAllowedException', 'REFUSED'],
    ['InternalServiceException', 'REFUSED'],
    ['ThrottlingException', 'REFUSED'],
    ['TooManyRequestsException', 'REFUSED'],
    ['LimitExceededException', 'REFUSED'],
    ['QuotaExceededException', 'REFUSED'],
  ];
  const UNKNOWN_TYPE = 'SomethingNewException';

  it.each<[string, VendorErrorCode]>([...refusals, [UNKNOWN_TYPE, 'REFUSED']])('Amazon Connect refusing with %s → %s, in the agent\'s words, with no dial code', async (type, code) => {
    const { handler } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.respond = failing(['rejectContact'], { type, message: 'Amazon Connect says no.' });
    expect(await rejectionOf(handler.rejectCall('c1'))).toEqual({ code, message: 'Amazon Connect could not decline the call: Amazon Connect says no.' });
  });

  it('a refusal is a message of the catalog with Amazon Connect\'s reason as it is: a German agent reads it in German', async () => {
    const { handler } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.respond = failing(['rejectContact'], { type: 'InvalidStateException', message: 'Contact is no longer ringing.' });
    const refused = await handler.rejectCall('c1').catch((err: unknown) => err);
    expect((refused as VendorError).said).toEqual(say('amazonRefused', { request: say('amazonToDecline'), reason: 'Contact is no longer ringing.' }));
    expect(render(de, (refused as VendorError).said)).toBe('Es ist Amazon Connect nicht gelungen, den Anruf abzulehnen: Contact is no longer ringing.');
  });

  it('the table above is the whole of STREAMS_ERRORS', () => {
    expect(Object.keys(STREAMS_ERRORS).sort()).toEqual(refusals.map(([type]) => type).sort());
  });

  it.each<[string, unknown, VendorErrorCode, string]>([
    ['a bare "error" string', 'error', 'REFUSED', 'Amazon Connect could not decline the call.'],
    ['null', null, 'REFUSED', 'Amazon Connect could not decline the call.'],
    ['a type without a message', { type: 'InvalidStateException' }, 'INVALID_IN_STATE', 'Amazon Connect could not decline the call: InvalidStateException'],
  ])('a refusal with %s → %s, still readable', async (_case, err, code, message) => {
    const { handler } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.respond = failing(['rejectContact'], err);
    expect(await rejectionOf(handler.rejectCall('c1'))).toEqual({ code, message });
  });

  it.each<[string, VendorErrorCode]>([
    ['InvalidStateException', 'INVALID_IN_STATE'],
    ['ResourceNotFoundException', 'NOT_FOUND'],
    ['AccessDeniedException', 'UNAUTHORIZED'],
    [UNKNOWN_TYPE, 'REFUSED'],
  ])('a refusal with %s as the CCP sends it (a JSON string, with a stack) → %s, in the agent\'s words without the JSON or the stack', async (type, code) => {
    const { handler } = await started();
    ccp.push(phoneWith(ringing('c1')));
    const asSent = JSON.stringify({ type, message: 'Contact is no longer ringing.', stack: [`${type}: Contact is no longer ringing.`, '    at Request.extractError (aws-sdk.js:1:1)'], retryStatus: 'none', statusCode: 400 });
    ccp.respond = failing(['rejectContact'], asSent);
    expect(await rejectionOf(handler.rejectCall('c1'))).toEqual({ code, message: 'Amazon Connect could not decline the call: Contact is no longer ringing.' });
  });

  it('a JSON string the CCP cut short or that is not JSON after all shows the agent nothing of it', async () => {
    const { handler } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.respond = failing(['rejectContact'], '{"type":"InvalidStateException","message":"Contact is no lo');
    expect(await rejectionOf(handler.rejectCall('c1'))).toEqual({ code: 'REFUSED', message: 'Amazon Connect could not decline the call.' });
  });

  it('a dial refused with InvalidParameterException as the CCP sends it says INVALID_NUMBER for Fusion', async () => {
    const { handler } = await started();
    ccp.respond = failing(['createOutboundContact'], JSON.stringify({ type: 'InvalidParameterException', message: 'The number is not in a dialable country.', stack: [], retryStatus: 'none', statusCode: 400 }));
    expect(await rejectionOf(handler.makeOutboundCall(CALLEE, 'out-1'))).toEqual({
      code: 'REFUSED',
      message: `Amazon Connect could not call ${CALLEE}: The number is not in a dialable country.`,
      outboundErrorCode: 'INVALID_NUMBER',
    });
  });

  it('a refused accept, which Streams reduces to a bare "error", → REFUSED', async () => {
    const { handler } = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.respond = failing(['acceptContact'], { type: 'InvalidStateException', message: 'Not ringing.' });
    expect(await rejectionOf(handler.acceptCall('c1'))).toMatchObject({ code: 'REFUSED', message: 'Amazon Connect could not accept the call.' });
  });

  it.each<[string, OutboundErrorCode]>([
    ['InvalidParameterException', 'INVALID_NUMBER'],
    ['BadEndpointException', 'INVALID_NUMBER'],
    ['InvalidEndpointException', 'INVALID_NUMBER'],
    ['DestinationNotAllowedException', 'INVALID_NUMBER'],
    ['InternalServiceException', 'OUTDIAL_FAILED'],
    ['AccessDeniedException', 'OUTDIAL_FAILED'],
    ['SomethingNewException', 'OUTDIAL_FAILED'],
  ])('a dial refused with %s says %s for Fusion', async (type, outboundErrorCode) => {
    const { handler } = await started();
    ccp.respond = failing(['createOutboundContact'], { type, message: 'No.' });
    expect(await rejectionOf(handler.makeOutboundCall(CALLEE, 'out-1'))).toMatchObject({ outboundErrorCode, message: `Amazon Connect could not call ${CALLEE}: No.` });
  });

  it('a request Amazon Connect never answers → TIMEOUT', async () => {
    const { handler } = await started({ section: { requestTimeoutMs: 100 } });
    ccp.push(phoneWith(ringing('c1')));
    ccp.respond = silentOn(['acceptContact']);
    expect((await rejectionOf(handler.acceptCall('c1'))).code).toBe('TIMEOUT');
  });

  it('an eventId the handler does not have → NOT_FOUND; a verb the call\'s state does not allow → INVALID_IN_STATE', async () => {
    const call = await started();
    await answeredCall(call);
    for (const verb of ['acceptCall', 'rejectCall', 'hangupCall', 'completeWrapup'] as const) {
      expect((await rejectionOf(call.handler[verb]('no-such-call'))).code).toBe('NOT_FOUND');
    }
    expect((await rejectionOf(call.handler.acceptCall('c1'))).code).toBe('INVALID_IN_STATE');
    expect((await rejectionOf(call.handler.completeWrapup('c1'))).code).toBe('INVALID_IN_STATE');
    expect((await rejectionOf(call.handler.makeOutboundCall(CALLEE, 'c1'))).code).toBe('INVALID_IN_STATE');
  });

  it('a configured agent state the instance does not have → NOT_SUPPORTED', async () => {
    const { handler } = await started({ section: { availableState: 'Ready' } });
    expect((await rejectionOf(handler.makeAgentAvailable())).code).toBe('NOT_SUPPORTED');
  });

  it('not started or stopped → LINK_DOWN, for every verb; signed out → LINK_DOWN, for every verb but completeWrapup', async () => {
    const verbsNeedingTheLink = (handler: AmazonVendorHandler): Array<() => Promise<void>> => [
      () => handler.makeAgentAvailable(),
      () => handler.makeAgentUnavailable(),
      () => handler.makeOutboundCall(CALLEE, 'out-1'),
      () => handler.acceptCall('c1'),
      () => handler.rejectCall('c1'),
      () => handler.hangupCall('c1'),
    ];
    const verbs = (handler: AmazonVendorHandler): Array<() => Promise<void>> => [...verbsNeedingTheLink(handler), () => handler.completeWrapup('c1')];
    const expectLinkDown = async (requests: Array<() => Promise<void>>): Promise<void> => {
      for (const request of requests) expect(await rejectionOf(request())).toEqual({ code: 'LINK_DOWN', message: 'The toolbar is not connected to Amazon Connect.' });
    };
    await expectLinkDown(verbs(newHandler()));

    const signedOut = await started();
    ccp.push(phoneWith(ringing('c1')));
    ccp.bus.trigger(connect.EventType.TERMINATED);
    await expectLinkDown(verbsNeedingTheLink(signedOut.handler));
    ccp.push(phoneWith(ringing('c1'))); // signed in again
    await signedOut.handler.acceptCall('c1');

    await signedOut.handler.stop();
    await expectLinkDown(verbs(signedOut.handler));
  });

  it('completeWrapup() while signed out still asks Amazon Connect to clear the after-call work: the core has closed the call already', async () => {
    const call = await started();
    await answeredCall(call);
    ccp.push(phoneWith(inWrapup('c1')));
    ccp.bus.trigger(connect.EventType.TERMINATED);
    expect(call.log.events.at(-1)).toMatchObject({ type: 'link', status: 'down' });

    await call.handler.completeWrapup('c1');
    expect(ccp.paramsOf('clearContact')).toEqual([{ contactId: 'c1' }]);
    await expect(call.handler.hangupCall('c1')).rejects.toMatchObject({ code: 'LINK_DOWN' }); // the other verbs still wait for the link
  });

  it('stopped before it connected → LINK_DOWN; start() twice → INVALID_IN_STATE', async () => {
    const early = newHandler();
    const starting = early.start(new ReportedEvents().listener);
    await ccp.subscribed();
    await early.stop();
    expect(await rejectionOf(starting)).toEqual({ code: 'LINK_DOWN', message: 'The toolbar stopped before it was connected to Amazon Connect.' });

    const { handler } = await started();
    expect(await rejectionOf(handler.start(new ReportedEvents().listener))).toEqual({ code: 'INVALID_IN_STATE', message: 'The toolbar is already connected, or connecting, to Amazon Connect.' });
  });
});

describe('the link as the core sees it', () => {
  it('signed out, then the CCP gives up: the link goes down once, and the new reason still reaches the agent', async () => {
    const { log } = await started();
    const mark = log.mark();
    ccp.bus.trigger(connect.EventType.TERMINATED);
    ccp.bus.trigger(connect.EventType.AUTH_FAIL);
    ccp.bus.trigger(connect.EventType.IFRAME_RETRIES_EXHAUSTED);
    expect(log.since(mark)).toEqual([
      { type: 'link', status: 'down', detail: say('amazonSignedOut', { url: 'https://example.my.connect.aws/ccp-v2/' }) },
      { type: 'error', message: say('amazonCcpNotLoaded', { url: 'https://example.my.connect.aws/ccp-v2/' }) },
    ]);
    ccp.push(phoneWith());
    expect(log.since(mark).filter((e) => e.type === 'link').at(-1)).toEqual({ type: 'link', status: 'connected' });
  });
});
