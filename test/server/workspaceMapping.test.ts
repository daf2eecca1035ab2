/** @jest-environment node */
/**
 * The Workspace backend's pure core: GWS's notifications read defensively, call and DN states mapped to T-Server's
 * events with what the Workspace API does not say (abandoned, declined, who released) inferred, and GWS's failures in
 * the port's terms.
 */
import type { TCall } from '../../server/src/backend/telephonyBackend';
import { agentEventsOf, agentStatusOf, followCall, wireConnIdOf, type TrackedCall } from '../../server/src/backend/workspace/callMapping';
import { CallTracker } from '../../server/src/backend/workspace/callTracker';
import { GwsRequestError, tserverErrorOf, tserverErrorOfEvent, type GwsFailure } from '../../server/src/backend/workspace/gwsFailures';
import {
  readCurrentSession,
  readInitialization,
  readVoiceNotification,
  type GwsCall,
} from '../../server/src/backend/workspace/gwsMessages';

const DN = '+33298025003';
const ID = '0a1b2c3d4e5f6a7b';
const ID2 = '1111222233334444';

/** A call as Genesys' simulator publishes an inbound one (the caller in participants[0], no ani). */
function gwsCall(state: string, extra: Partial<GwsCall> = {}): GwsCall {
  return {
    id: ID,
    connId: ID,
    callUuid: 'UUID-1',
    state,
    callType: 'Inbound',
    phoneNumber: '+15550100',
    participants: [{ number: '+15550100', role: 'RoleOrigination' }],
    userData: {},
    ...extra,
  };
}

function inboundTCall(state: TCall['state'], extra: Partial<TCall> = {}): TCall {
  return { connId: ID, callUuid: 'UUID-1', callType: 'Inbound', state, otherDN: '+15550100', userData: {}, ...extra };
}

function tracked(state: TCall['state'], releaseAsked = false, extra: Partial<TCall> = {}): TrackedCall {
  return { gwsId: ID, call: inboundTCall(state, extra), releaseAsked, participants: ['+15550100'] };
}

describe('followCall: states to events', () => {
  test.each<[string, TrackedCall | undefined, string, string[]]>([
    ['a new Ringing call → EventRinging', undefined, 'Ringing', ['EventRinging']],
    ['a new Dialing call → EventDialing', undefined, 'Dialing', ['EventDialing']],
    ['Established after Ringing → EventEstablished', tracked('Ringing'), 'Established', ['EventEstablished']],
    ['Established after Dialing → EventEstablished', tracked('Dialing'), 'Established', ['EventEstablished']],
    ['Held → EventHeld', tracked('Established'), 'Held', ['EventHeld']],
    ['Established after Held → EventRetrieved', tracked('Held'), 'Established', ['EventRetrieved']],
    ['Ringing again (attached data changed) → nothing', tracked('Ringing'), 'Ringing', []],
    ['Established again → nothing', tracked('Established'), 'Established', []],
    ['Held again → nothing', tracked('Held'), 'Held', []],
    ['Ringing for a call already talking → nothing', tracked('Established'), 'Ringing', []],
    ['a call first seen Established (answered on the phone) → EventEstablished', undefined, 'Established', ['EventEstablished']],
  ])('%s', (_what, previous, state, names) => {
    const step = followCall(previous, gwsCall(state), DN);
    expect(step.events.map((event) => event.name)).toEqual(names);
    expect(step.ended).toBe(false);
    // A repeat, or a talking call said to ring again, leaves the party where it was.
    expect(step.next?.call.state).toBe(names.length === 0 && previous ? previous.call.state : state);
  });

  test('the events carry the call as T-Server would: ConnID, CallUuid, the caller from participants, thisDN', () => {
    const step = followCall(undefined, gwsCall('Ringing', { userData: { eventId: 'fusion-1' } }), DN);
    expect(step.events).toEqual([
      { name: 'EventRinging', thisDN: DN, call: { connId: ID, callUuid: 'UUID-1', callType: 'Inbound', state: 'Ringing', otherDN: '+15550100', userData: { eventId: 'fusion-1' } } },
    ]);
  });

  test('an ANI that GWS gives is kept; a dialing call\'s other party is the destination, not phoneNumber (the agent\'s own DN)', () => {
    expect(followCall(undefined, gwsCall('Ringing', { ani: '+15559999' }), DN).next?.call.ani).toBe('+15559999');
    const dialing = gwsCall('Dialing', { callType: 'Outbound', phoneNumber: DN, participants: [], dnis: '+4420' });
    expect(followCall(undefined, dialing, DN).next?.call).toMatchObject({ callType: 'Outbound', otherDN: '+4420' });
  });

  test('a number with control characters or over 64 characters is cleaned to what the wire takes', () => {
    const step = followCall(undefined, gwsCall('Ringing', { participants: [{ number: `+1\u0007${'5'.repeat(80)}` }] }), DN);
    expect(step.next?.call.otherDN).toBe(`+1${'5'.repeat(62)}`);
  });

  test('a consult call names the call it was placed for (parentConnId → TransferConnID); an unknown type is read from the first state', () => {
    expect(followCall(undefined, gwsCall('Dialing', { id: ID2, connId: ID2, callType: 'Consult', parentConnId: ID.toUpperCase() }), DN).events).toMatchObject([
      { name: 'EventDialing', call: { connId: ID2, callType: 'Consult', transferConnId: ID } },
    ]);
    expect(followCall(undefined, gwsCall('Dialing', { callType: 'Internal' }), DN).next?.call.callType).toBe('Internal');
    expect(followCall(undefined, gwsCall('Dialing', { callType: 'Unknown' }), DN).next?.call.callType).toBe('Outbound');
    expect(followCall(undefined, gwsCall('Ringing', { callType: undefined }), DN).next?.call.callType).toBe('Inbound');
  });

  test('a call whose id is no ConnID is followed under its connId; one with neither is dropped with a problem', () => {
    expect(followCall(undefined, gwsCall('Ringing', { id: 'not-hex', connId: ID2.toUpperCase() }), DN).next).toMatchObject({ gwsId: 'not-hex', call: { connId: ID2 } });
    const step = followCall(undefined, gwsCall('Ringing', { id: 'abc', connId: 'def' }), DN);
    expect(step).toMatchObject({ next: undefined, events: [], problem: 'call abc has no ConnID the bridge can carry (16 hex digits)' });
    expect(wireConnIdOf({ id: ID })).toBe(ID);
  });

  test('a state the bridge does not know is a problem, and the call stays as it was', () => {
    const previous = tracked('Established');
    expect(followCall(previous, gwsCall('Alerting'), DN)).toEqual({ next: previous, events: [], ended: false, problem: `call ${ID} is in a state the bridge does not know: Alerting` });
  });
});

describe('followCall: inferring how a call ended', () => {
  const released = (previous: TrackedCall) => followCall(previous, gwsCall('Released'), DN);

  test.each<[string, TrackedCall, Record<string, unknown>]>([
    ['Released after Ringing, nobody asked: the caller hung up → EventAbandoned', tracked('Ringing'), { name: 'EventAbandoned' }],
    ['Released after Ringing, the bridge asked: the agent declined → EventReleased Local', tracked('Ringing', true), { name: 'EventReleased', callState: 'Ok', releasingParty: 'Local' }],
    ['Released after Dialing, the bridge asked: the agent gave up → Local', tracked('Dialing', true), { name: 'EventReleased', callState: 'Ok', releasingParty: 'Local' }],
    ['Released after Dialing, nobody asked: the callee refused → NoAnswer, Remote', tracked('Dialing'), { name: 'EventReleased', callState: 'NoAnswer', releasingParty: 'Remote' }],
    ['Released while talking, nobody asked: the customer hung up → Remote', tracked('Established'), { name: 'EventReleased', callState: 'Ok', releasingParty: 'Remote' }],
    ['Released while held, the bridge asked → Local', tracked('Held', true), { name: 'EventReleased', callState: 'Ok', releasingParty: 'Local' }],
  ])('%s', (_what, previous, expected) => {
    const step = released(previous);
    expect(step.ended).toBe(true);
    expect(step.next).toBeUndefined();
    expect(step.events).toHaveLength(1);
    // The released call shows the party state it was released in.
    expect(step.events[0]).toMatchObject({ ...expected, thisDN: DN, call: { connId: ID, state: previous.call.state } });
  });

  test('a release the bridge asked for as part of a transfer or conference says so: Transferred (to where), Conferenced', () => {
    const transferred: TrackedCall = { ...tracked('Established', true), releaseAs: { callState: 'Transferred', thirdPartyDN: '7002' } };
    expect(released(transferred).events).toEqual([
      { name: 'EventReleased', thisDN: DN, call: inboundTCall('Established'), callState: 'Transferred', releasingParty: 'Local', thirdPartyDN: '7002' },
    ]);
    const conferenced: TrackedCall = { ...tracked('Established', true), releaseAs: { callState: 'Conferenced' } };
    expect(released(conferenced).events).toMatchObject([{ name: 'EventReleased', callState: 'Conferenced', releasingParty: 'Local' }]);
  });

  test('Completed of a call whose release was never seen ends it as Released would', () => {
    expect(followCall(tracked('Established'), gwsCall('Completed'), DN).events).toMatchObject([{ name: 'EventReleased', releasingParty: 'Remote' }]);
  });

  test('Released of a call never seen ends nothing and says so', () => {
    expect(followCall(undefined, gwsCall('Released'), DN)).toMatchObject({ events: [], ended: false, problem: `Released for call ${ID}, which this DN never had` });
  });

  test('a call re-keyed (previousConnId) → EventPartyChanged naming the old ConnID, then its own state change', () => {
    const step = followCall(tracked('Held'), gwsCall('Established', { id: ID2, connId: ID2, previousConnId: ID }), DN);
    expect(step.events).toMatchObject([
      { name: 'EventPartyChanged', previousConnId: ID, call: { connId: ID2, state: 'Held' } },
      { name: 'EventRetrieved', call: { connId: ID2, state: 'Established' } },
    ]);
    expect(step.next?.gwsId).toBe(ID2);
  });
});

describe('followCall: conferences', () => {
  const parties = (...numbers: string[]) => numbers.map((number) => ({ number, role: 'RoleOrigination' }));

  test('a held call retrieved with one party more: EventRetrieved, then EventPartyAdded naming it; the snapshot lists both', () => {
    const step = followCall(tracked('Held'), gwsCall('Established', { participants: parties('+15550100', '7002') }), DN);
    expect(step.events).toMatchObject([
      { name: 'EventRetrieved', call: { state: 'Established', otherDN: '+15550100', otherParties: ['+15550100', '7002'] } },
      { name: 'EventPartyAdded', thirdPartyDN: '7002' },
    ]);
    expect(step.next?.participants).toEqual(['+15550100', '7002']);
  });

  test('one party fewer on a call that goes on: EventPartyDeleted naming who left; the same number of parties: nothing', () => {
    const conference: TrackedCall = { ...tracked('Established', false, { otherParties: ['+15550100', '7002'] }), participants: ['+15550100', '7002'] };
    expect(followCall(conference, gwsCall('Established', { participants: parties('7002') }), DN).events).toMatchObject([
      { name: 'EventPartyDeleted', thirdPartyDN: '+15550100', call: { otherDN: '7002' } },
    ]);
    expect(followCall(conference, gwsCall('Established', { participants: parties('+15550100', '7003') }), DN).events).toEqual([]);
  });
});

describe('CallTracker', () => {
  test('Completed after Released is not a new end, and late notifications of an ended call bring nothing back', () => {
    const tracker = new CallTracker(DN);
    expect(tracker.observe(gwsCall('Ringing')).events.map((event) => event.name)).toEqual(['EventRinging']);
    expect(tracker.observe(gwsCall('Released')).events.map((event) => event.name)).toEqual(['EventAbandoned']);
    expect(tracker.observe(gwsCall('Established'))).toEqual({ events: [] });
    expect(tracker.observe(gwsCall('Completed'))).toEqual({ events: [] });
    expect(tracker.snapshot()).toEqual([]);
  });

  test('a release the bridge marked makes the Released the agent\'s; clearing the mark (the request failed) undoes it', () => {
    const tracker = new CallTracker(DN);
    tracker.observe(gwsCall('Ringing'));
    tracker.markRelease(ID, true);
    tracker.markRelease(ID, false);
    expect(tracker.observe(gwsCall('Released')).events[0]?.name).toBe('EventAbandoned');

    const second = new CallTracker(DN);
    second.observe(gwsCall('Ringing'));
    second.markRelease(ID, true);
    expect(second.observe(gwsCall('Released')).events[0]).toMatchObject({ name: 'EventReleased', releasingParty: 'Local' });
  });

  test('re-keying: the call is found under its new ConnID only', () => {
    const tracker = new CallTracker(DN);
    tracker.observe(gwsCall('Established'));
    tracker.observe(gwsCall('Established', { id: ID2, connId: ID2, previousConnId: ID }));
    expect(tracker.byConnId(ID)).toBeUndefined();
    expect(tracker.byConnId(ID2)?.gwsId).toBe(ID2);
  });

  test('resynchronizing takes GWS\'s list as the truth, silently: vanished calls are forgotten, others take their state', () => {
    const tracker = new CallTracker(DN);
    tracker.observe(gwsCall('Ringing'));
    tracker.observe(gwsCall('Ringing', { id: ID2, connId: ID2 }));
    expect(tracker.resynchronize([gwsCall('Established', { id: ID2, connId: ID2 }), gwsCall('Completed', { id: 'ffffffffffffffff' })])).toEqual([]);
    expect(tracker.snapshot()).toMatchObject([{ connId: ID2, state: 'Established' }]);
    // The vanished call stays ended.
    expect(tracker.observe(gwsCall('Released'))).toEqual({ events: [] });
  });
});

describe('agent states', () => {
  test.each<[string, Parameters<typeof agentStatusOf>[0], ReturnType<typeof agentStatusOf>]>([
    ['Ready', { number: DN, agentState: 'Ready' }, { state: 'Ready' }],
    ['NotReady with its reason', { number: DN, agentState: 'NotReady', reasonCode: 'Lunch' }, { state: 'NotReady', reasonCode: 'Lunch' }],
    ['LoggedOut', { number: DN, agentState: 'LoggedOut' }, { state: 'LoggedOut' }],
    ['a state the bridge does not know', { number: DN, agentState: 'Dancing' }, undefined],
  ])('%s', (_what, dn, expected) => {
    expect(agentStatusOf(dn)).toEqual(expected);
  });

  test('events only when the state or the reason changes; a login first out of LoggedOut', () => {
    expect(agentEventsOf({ state: 'Ready' }, { state: 'Ready' }, DN, 'JohnSmith')).toEqual([]);
    expect(agentEventsOf(undefined, { state: 'Ready' }, DN, 'JohnSmith')).toEqual([{ name: 'EventAgentReady', thisDN: DN, agentId: 'JohnSmith' }]);
    expect(agentEventsOf({ state: 'NotReady', reasonCode: 'Lunch' }, { state: 'NotReady', reasonCode: 'Break' }, DN, 'a')).toEqual([{ name: 'EventAgentNotReady', thisDN: DN, agentId: 'a', reasonCode: 'Break' }]);
    expect(agentEventsOf({ state: 'LoggedOut' }, { state: 'NotReady' }, DN, 'a').map((event) => event.name)).toEqual(['EventAgentLogin', 'EventAgentNotReady']);
    expect(agentEventsOf({ state: 'Ready' }, { state: 'LoggedOut' }, DN, 'a').map((event) => event.name)).toEqual(['EventAgentLogout']);
  });
});

describe('reading GWS\'s notifications', () => {
  test('a CallStateChanged as Genesys\' simulator publishes it', () => {
    const data = {
      messageType: 'CallStateChanged',
      notificationType: 'StateChange',
      call: { id: ID, connId: ID, callUuid: 'UUID-1', state: 'Ringing', callType: 'Inbound', participants: [{ number: '+1555', role: 'RoleOrigination' }], userData: [{ key: 'eventId', type: 'str', value: 'e1' }, { key: 'n', type: 'int', value: 3 }], capabilities: ['answer'] },
    };
    expect(readVoiceNotification(data)).toEqual({
      ok: true,
      value: { kind: 'call', notificationType: 'StateChange', call: { id: ID, connId: ID, callUuid: 'UUID-1', state: 'Ringing', callType: 'Inbound', participants: [{ number: '+1555', role: 'RoleOrigination' }], userData: { eventId: 'e1' } } },
    });
  });

  test('DnStateChanged with its reason code; EventError nested or flat; service state', () => {
    expect(readVoiceNotification({ messageType: 'DnStateChanged', dn: { number: DN, agentState: 'NotReady', reasons: [{ key: 'ReasonCode', type: 'str', value: 'Lunch' }] } })).toEqual({
      ok: true,
      value: { kind: 'dn', dn: { number: DN, agentState: 'NotReady', reasonCode: 'Lunch' } },
    });
    expect(readVoiceNotification({ messageType: 'EventError', error: { errorCode: 415, errorMessage: 'Invalid Destination DN' } })).toEqual({ ok: true, value: { kind: 'error', errorCode: '415', errorMessage: 'Invalid Destination DN' } });
    expect(readVoiceNotification({ messageType: 'EventError', errorMessage: 'No call', call: { id: ID } })).toEqual({ ok: true, value: { kind: 'error', errorMessage: 'No call', callId: ID } });
    expect(readVoiceNotification({ messageType: 'ServiceStateChanged', serviceName: 'VOICE', serviceState: 'UNAVAILABLE' })).toEqual({ ok: true, value: { kind: 'service', serviceName: 'VOICE', available: false } });
    expect(readVoiceNotification({ messageType: 'EventUserEvent', userData: [] })).toEqual({ ok: true, value: { kind: 'other', messageType: 'EventUserEvent' } });
  });

  test.each<[string, unknown, string]>([
    ['not an object', 'hello', 'a notification that is not an object: "hello"'],
    ['no messageType', { call: {} }, 'a notification without a messageType'],
    ['a call without an id', { messageType: 'CallStateChanged', call: { state: 'Ringing' } }, 'CallStateChanged: a call without an id'],
    ['a call without a state', { messageType: 'CallStateChanged', call: { id: ID } }, `CallStateChanged: call ${ID} without a state`],
    ['a DN without a number', { messageType: 'DnStateChanged', dn: { agentState: 'Ready' } }, 'DnStateChanged: a DN without a number'],
    ['a service state that is neither', { messageType: 'ServiceStateChanged', serviceName: 'VOICE', serviceState: 'MAYBE' }, 'ServiceStateChanged needs a serviceName and a serviceState of AVAILABLE or UNAVAILABLE, got "VOICE" and "MAYBE"'],
  ])('refuses %s, saying what is wrong', (_what, data, problem) => {
    expect(readVoiceNotification(data)).toEqual({ ok: false, problem });
  });

  test('the workspace initialization names the user; current-session the DN and the open calls', () => {
    expect(readInitialization({ state: 'Executing', progress: { percentComplete: 50 } })).toEqual({ ok: true, value: { kind: 'progress' } });
    expect(readInitialization({ state: 'Failed' })).toEqual({ ok: true, value: { kind: 'failed', message: 'no reason given' } });
    expect(readInitialization({ state: 'Complete', data: { user: { userName: 'JohnSmith', agentLogin: DN, defaultPlace: 'Place_JohnSmith' } } })).toEqual({
      ok: true,
      value: { kind: 'complete', user: { userName: 'JohnSmith', agentLogin: DN, defaultPlace: 'Place_JohnSmith' } },
    });
    expect(readInitialization({ state: 'Complete', data: {} })).toEqual({ ok: false, problem: 'the initialized workspace names a user that is not an object: undefined' });
    const body = { status: { code: 0 }, data: { user: { userName: 'JohnSmith', activeSession: { dn: { number: DN, agentState: 'Ready' }, calls: [{ id: ID, state: 'Established' }, { state: 'Ringing' }] } } } };
    expect(readCurrentSession(body)).toEqual({
      ok: true,
      value: { userName: 'JohnSmith', dn: { number: DN, agentState: 'Ready' }, calls: [{ id: ID, state: 'Established', participants: [], userData: {} }] },
    });
    expect(readCurrentSession('<html>')).toEqual({ ok: false, problem: 'current-session answered without data' });
  });
});

describe('GWS failures in the port\'s terms', () => {
  const error = (failure: GwsFailure) => new GwsRequestError('answer', failure);

  test.each<[string, GwsFailure, boolean, string]>([
    ['unreachable → LINK_DOWN', { kind: 'unreachable', detail: 'ECONNREFUSED' }, true, 'LINK_DOWN'],
    ['a timeout → BACKEND_ERROR (it may have been done)', { kind: 'timeout', ms: 5000 }, true, 'BACKEND_ERROR'],
    ['an answer that is not JSON → BACKEND_ERROR', { kind: 'notJson', status: 200 }, true, 'BACKEND_ERROR'],
    ['401 → UNAUTHORIZED', { kind: 'http', status: 401 }, true, 'UNAUTHORIZED'],
    ['403 → UNAUTHORIZED', { kind: 'http', status: 403 }, false, 'UNAUTHORIZED'],
    ['404 about a call → UNKNOWN_CALL', { kind: 'http', status: 404 }, true, 'UNKNOWN_CALL'],
    ['404 about the agent → BACKEND_ERROR', { kind: 'http', status: 404 }, false, 'BACKEND_ERROR'],
    ['409 → INVALID_IN_STATE', { kind: 'http', status: 409 }, true, 'INVALID_IN_STATE'],
    ['500 → BACKEND_ERROR', { kind: 'http', status: 500, message: 'Call with x id does not exist' }, true, 'BACKEND_ERROR'],
    ['501 → BACKEND_ERROR', { kind: 'http', status: 501 }, true, 'BACKEND_ERROR'],
    ['503 → LINK_DOWN', { kind: 'http', status: 503 }, false, 'LINK_DOWN'],
    ['a refusal in a 200 → BACKEND_ERROR', { kind: 'refused', code: 2, message: 'Invalid state' }, true, 'BACKEND_ERROR'],
  ])('%s', (_what, failure, aboutCall, code) => {
    const mapped = tserverErrorOf(error(failure), aboutCall, 7);
    expect(mapped).toMatchObject({ code, referenceId: 7 });
    expect(mapped.message).toMatch(/^answer: /);
  });

  test('the message says what GWS answered, never more', () => {
    expect(tserverErrorOf(error({ kind: 'http', status: 500, message: 'Call with x id does not exist' }), true).message).toBe('answer: GWS answered HTTP 500: Call with x id does not exist');
  });

  test('an EventError answering a dial names the destination as the fault', () => {
    expect(tserverErrorOfEvent('make-call', { errorCode: '415', errorMessage: 'Invalid Destination DN' }, 3, true)).toMatchObject({
      code: 'BACKEND_ERROR',
      message: 'Genesys refused make-call: Invalid Destination DN (error 415)',
      referenceId: 3,
      field: 'destination',
    });
  });
});
