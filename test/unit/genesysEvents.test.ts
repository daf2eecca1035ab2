import { inEnglish, say, saidAs } from '../../src/ts/cti/core/agentMessages';
import type { VendorEvent } from '../../src/ts/cti/core/types';
import type { BridgeOrder, CallEvent, CallSnapshot, CallState, PartyState, PushedEvent, RegisteredEvent } from '../../protocol/bridgeProtocol';
import { CALL_STATES, MAX_PUSHED_FRAME_CHARS } from '../../protocol/bridgeProtocol';
import {
  CallBook,
  EMPTY_BOOK,
  LINK_DOWN_DETAIL,
  consultOf,
  decodeFrame,
  eventIdOfConnection,
  givenUp,
  inUse,
  interpret,
  orderOfReply,
  placed,
  presenceOf,
  transferAsked,
  type Leftover,
} from '../../src/ts/cti/vendor/genesys/genesysEvents';

const DN = '7001';
const C1 = '00000000000000a1';
const C2 = '00000000000000b2';

type CallEventName = CallEvent['eventName'];

function callEvent(eventName: Exclude<CallEventName, 'EventReleased' | 'EventPartyChanged'>, connectionId = C1, eventId = `uuid-${connectionId}`, extra: Partial<CallEvent> = {}): CallEvent {
  return { eventName, thisDN: DN, connectionId, eventId, callUuid: `uuid-${connectionId}`, ANI: '+16505550100', callType: 'Inbound', ...extra } as CallEvent;
}

function releasedEvent(
  previousState: PartyState,
  releasingParty: 'Local' | 'Remote' | 'Unknown',
  callState: CallState = 'Ok',
  connectionId = C1,
  eventId = `uuid-${connectionId}`,
): CallEvent {
  return {
    eventName: 'EventReleased',
    thisDN: DN,
    connectionId,
    eventId,
    callUuid: `uuid-${connectionId}`,
    ANI: '+16505550100',
    callType: 'Inbound',
    previousState,
    callState,
    releasingParty,
  };
}

/** A stamp of the bridge process 'b1' (or another), its clock reading a second per step. */
function order(sequence: number, bridge = 'b1', time = 1_700_000_000_000 + sequence * 1000): BridgeOrder {
  return { bridge, sequence, time };
}

/** T-Server gave the call of eventId `uuid-<from>` a new ConnID. */
function partyChanged(from: string, to: string): CallEvent {
  return { eventName: 'EventPartyChanged', thisDN: DN, connectionId: to, previousConnectionId: from, eventId: `uuid-${from}`, callUuid: `uuid-${from}`, ANI: '+16505550100', callType: 'Inbound' };
}

function snapshot(calls: CallSnapshot[] = [], extra: Partial<RegisteredEvent> = {}): RegisteredEvent {
  return {
    eventName: 'EventRegistered',
    thisDN: DN,
    agent: { agentId: 'agent1', state: 'Ready' },
    calls,
    linkConnected: true,
    order: order(100),
    ANI: '',
    eventId: '',
    connectionId: '',
    ...extra,
  };
}

function snapCall(connectionId: string, state: PartyState, extra: Partial<CallSnapshot> = {}): CallSnapshot {
  return { connectionId, eventId: `uuid-${connectionId}`, callUuid: `uuid-${connectionId}`, callType: 'Inbound', state, ANI: '+16505550100', ...extra };
}

/** Runs events through interpret from an empty book; returns the reports of the last one and the final book. */
function run(events: PushedEvent[], book: CallBook = EMPTY_BOOK): { reports: readonly VendorEvent[]; all: VendorEvent[]; book: CallBook; leftovers: Leftover[] } {
  let reports: readonly VendorEvent[] = [];
  const all: VendorEvent[] = [];
  const leftovers: Leftover[] = [];
  for (const event of events) {
    const interpretation = interpret(book, event);
    ({ book, reports } = interpretation);
    all.push(...reports);
    leftovers.push(...interpretation.leftovers);
  }
  return { reports, all, book, leftovers };
}

const AVAILABLE = presenceOf('Ready');

describe('decodeFrame', () => {
  it.each<[string, PushedEvent]>([
    ['a ringing call', callEvent('EventRinging')],
    ['an answered request', callEvent('EventEstablished', C1, 'uuid-1', { referenceId: 7 })],
    ['an anonymous caller', callEvent('EventRinging', C1, 'uuid-1', { ANI: '' })],
    ['a release', releasedEvent('Established', 'Remote')],
    ['a ConnID change', partyChanged(C1, C2)],
    ['a ConnID change naming who made it', { ...partyChanged(C1, C2), thirdPartyDN: '7002' }],
    ['a consult call', callEvent('EventDialing', C2, 'uuid-2', { callType: 'Consult', transferConnectionId: C1, referenceId: 4 })],
    ['a call transferred here', callEvent('EventRinging', C1, 'uuid-1', { thirdPartyDN: '7002' })],
    ['a call transferred away', { ...releasedEvent('Established', 'Local', 'Transferred'), thirdPartyDN: '7002' }],
    ['a party added', callEvent('EventPartyAdded', C1, 'uuid-1', { thirdPartyDN: '7002' })],
    ['a party deleted', callEvent('EventPartyDeleted', C1, 'uuid-1', { thirdPartyDN: '+16505550100' })],
    ['a snapshot of a consult and a conference', snapshot([snapCall(C1, 'Established', { otherParties: ['+16505550100', '7002'] }), snapCall(C2, 'Dialing', { callType: 'Consult', transferConnectionId: C1 })])],
    ['an agent not ready with a reason', { eventName: 'EventAgentNotReady', thisDN: DN, agentId: 'agent1', reasonCode: 'Lunch' }],
    ['a logout', { eventName: 'EventAgentLogout', thisDN: DN, agentId: 'agent1', referenceId: 0 }],
    ['a link event', { eventName: 'EventLinkDisconnected', thisDN: '' }],
    ['a snapshot', snapshot([snapCall(C1, 'Held')], { agent: { agentId: '', state: 'LoggedOut' } })],
    ['an error', { eventName: 'EventError', thisDN: DN, errorCode: 'INVALID_IN_STATE', errorMessage: 'The call is not ringing.', request: { type: 'Accept' }, connectionId: C1, referenceId: 3 }],
  ])('accepts %s as it is', (_what, event) => {
    expect(decodeFrame(JSON.stringify(event))).toEqual({ ok: true, event });
  });

  it.each(CALL_STATES)('accepts a release in T-Library\'s CallState %s', (callState) => {
    const event = releasedEvent('Established', 'Remote', callState);
    expect(decodeFrame(JSON.stringify(event))).toEqual({ ok: true, event });
  });

  it('drops fields it does not know (a newer bridge may add some), keeping only what it checked', () => {
    const event = callEvent('EventRinging');
    expect(decodeFrame(JSON.stringify({ ...event, DNIS: '8000' }))).toEqual({ ok: true, event });
  });

  const ringing = callEvent('EventRinging');
  it.each<[string, unknown, string]>([
    ['binary data', new ArrayBuffer(4), 'a binary frame (the bridge speaks JSON text)'],
    ['text that is not JSON', 'EventRinging', 'a frame that is not JSON: "EventRinging"'],
    ['a JSON array', '[1,2]', 'a frame that is not a JSON object: [1,2]'],
    ['an unknown event', JSON.stringify({ eventName: 'EventPartyInfo' }), 'an unknown eventName "EventPartyInfo"'],
    ['a party added without the party', JSON.stringify({ ...callEvent('EventPartyAdded'), thirdPartyDN: undefined }), 'EventPartyAdded.thirdPartyDN must be a printable, non-blank text of 1 to 64 characters, got nothing'],
    ['a consult naming no ConnID', JSON.stringify({ ...callEvent('EventDialing'), callType: 'Consult', transferConnectionId: 'held' }), 'EventDialing.transferConnectionId must be a ConnID of 16 lowercase hex digits, got "held"'],
    ['a blank third party', JSON.stringify({ ...callEvent('EventRinging'), thirdPartyDN: ' ' }), 'EventRinging.thirdPartyDN must be a printable, non-blank text of 1 to 64 characters, got " "'],
    ['a conference of too many parties', JSON.stringify(snapshot([snapCall(C1, 'Established', { otherParties: ['1', '2', '3', '4', '5', '6'] })])), 'EventRegistered.calls[0].otherParties must be a list of at most 5 texts, got ["1","2","3","4","5","6"]'],
    ['a conference party that is no text', JSON.stringify(snapshot([snapCall(C1, 'Established', { otherParties: ['1', 2] as string[] })])), 'EventRegistered.calls[0].otherParties[1] must be a printable, non-blank text of 1 to 64 characters, got 2'],
    ['a ConnID change without the old ConnID', JSON.stringify({ ...partyChanged(C1, C2), previousConnectionId: 'old' }), 'EventPartyChanged.previousConnectionId must be a ConnID of 16 lowercase hex digits, got "old"'],
    ['a release in a state T-Library does not have', JSON.stringify(releasedEvent('Established', 'Remote', 'Vanished' as CallState)), `EventReleased.callState must be one of ${CALL_STATES.join(', ')}, got "Vanished"`],
    ['no event name', JSON.stringify({ ANI: '1' }), 'an unknown eventName nothing'],
    ['a bad ConnID', JSON.stringify({ ...ringing, connectionId: 'ABC' }), 'EventRinging.connectionId must be a ConnID of 16 lowercase hex digits, got "ABC"'],
    ['a missing eventId', JSON.stringify({ ...ringing, eventId: undefined }), 'EventRinging.eventId must be a printable, non-blank text of 1 to 256 characters, got nothing'],
    ['a blank eventId', JSON.stringify({ ...ringing, eventId: '  ' }), 'EventRinging.eventId must be a printable, non-blank text of 1 to 256 characters, got "  "'],
    ['control characters', JSON.stringify({ ...ringing, ANI: '123\u0007' }), 'EventRinging.ANI must be a printable text of at most 64 characters, got "123\\u0007"'],
    ['a number for a text', JSON.stringify({ ...ringing, ANI: 16505550100 }), 'EventRinging.ANI must be a printable text of at most 64 characters, got 16505550100'],
    ['an unknown call type', JSON.stringify({ ...ringing, callType: 'Conference' }), 'EventRinging.callType must be one of Inbound, Outbound, Internal, Consult, got "Conference"'],
    ['a bad referenceId', JSON.stringify({ ...ringing, referenceId: -1 }), 'EventRinging.referenceId must be a whole number of 0 or more, got -1'],
    ['a release without its party', JSON.stringify({ ...releasedEvent('Ringing', 'Local'), releasingParty: 'Them' }), 'EventReleased.releasingParty must be one of Local, Remote, Unknown, got "Them"'],
    ['a release without previous state', JSON.stringify({ ...releasedEvent('Ringing', 'Local'), previousState: undefined }), 'EventReleased.previousState must be one of Ringing, Dialing, Established, Held, got nothing'],
    ['a snapshot without calls', JSON.stringify({ ...snapshot(), calls: undefined }), 'EventRegistered.calls must be a list of at most 50 entries, got nothing'],
    ['a snapshot with a bad call', JSON.stringify(snapshot([{ ...snapCall(C1, 'Ringing'), state: 'Talking' as PartyState }])), 'EventRegistered.calls[0].state must be one of Ringing, Dialing, Established, Held, got "Talking"'],
    ['a snapshot with a bad agent', JSON.stringify({ ...snapshot(), agent: { agentId: 'a', state: 'Busy' } }), 'EventRegistered.agent.state must be one of LoggedOut, NotReady, Ready, got "Busy"'],
    ['a snapshot naming a call', JSON.stringify({ ...snapshot(), eventId: 'x' }), 'EventRegistered.eventId must be an empty text, got "x"'],
    ['a snapshot without its stamp', JSON.stringify({ ...snapshot(), order: undefined }), 'EventRegistered.order must be an object, got nothing'],
    ['a snapshot stamped with a negative sequence', JSON.stringify({ ...snapshot(), order: order(-1) }), 'EventRegistered.order.sequence must be a whole number of 0 or more, got -1'],
    ['a snapshot without link state', JSON.stringify({ ...snapshot(), linkConnected: 'yes' }), 'EventRegistered.linkConnected must be true or false, got "yes"'],
    ['an error with an unknown code', JSON.stringify({ eventName: 'EventError', thisDN: DN, errorCode: 'OOPS', errorMessage: 'x' }), 'EventError.errorCode must be one of BAD_JSON, BAD_REQUEST, BODY_TOO_LARGE, UNAUTHORIZED, FORBIDDEN, UNKNOWN_CALL, INVALID_IN_STATE, LINK_DOWN, BACKEND_ERROR, RATE_LIMITED, SHUTTING_DOWN, got "OOPS"'],
    ['an error without words', JSON.stringify({ eventName: 'EventError', thisDN: DN, errorCode: 'LINK_DOWN', errorMessage: '' }), 'EventError.errorMessage must be a printable, non-blank text of 1 to 1000 characters, got ""'],
    ['an agent event without agent', JSON.stringify({ eventName: 'EventAgentReady', thisDN: DN }), 'EventAgentReady.agentId must be a printable, non-blank text of 1 to 128 characters, got nothing'],
  ])('refuses %s, saying what is wrong', (_what, frame, problem) => {
    expect(decodeFrame(frame)).toEqual({ ok: false, problem });
  });

  it('refuses an oversized frame without parsing it, and shortens what it shows of a bad value', () => {
    expect(decodeFrame(' '.repeat(MAX_PUSHED_FRAME_CHARS + 1))).toEqual({ ok: false, problem: `a frame of ${MAX_PUSHED_FRAME_CHARS + 1} characters (at most ${MAX_PUSHED_FRAME_CHARS})` });
    const result = decodeFrame(JSON.stringify({ ...ringing, callType: 'x'.repeat(500) }));
    expect(!result.ok && result.problem.length).toBeLessThan(150);
  });
});

describe('interpret: call events', () => {
  const ringing = callEvent('EventRinging');
  const dialing = callEvent('EventDialing', C2, 'toolbar-1', { ANI: '+33142685300', callType: 'Outbound' });
  const established = callEvent('EventEstablished');

  it.each<[string, PushedEvent[], VendorEvent[]]>([
    ['EventRinging → incoming with the ANI', [ringing], [{ type: 'incoming', eventId: 'uuid-' + C1, phoneNumber: '+16505550100' }]],
    ['an anonymous caller still has a number to show', [callEvent('EventRinging', C1, 'e', { ANI: '' })], [{ type: 'incoming', eventId: 'e', phoneNumber: 'anonymous' }]],
    ['EventDialing → dialing under the eventId the toolbar gave', [dialing], [{ type: 'dialing', eventId: 'toolbar-1', phoneNumber: '+33142685300' }]],
    ['EventEstablished → connected', [ringing, established], [{ type: 'connected', eventId: 'uuid-' + C1 }]],
    ['a repeated EventEstablished → nothing', [ringing, established, established], []],
    ['a repeated EventRinging → nothing', [ringing, ringing], []],
    ['EventHeld → held', [ringing, established, callEvent('EventHeld')], [{ type: 'held', eventId: 'uuid-' + C1 }]],
    ['a repeated EventHeld → nothing', [ringing, established, callEvent('EventHeld'), callEvent('EventHeld')], []],
    ['EventRetrieved → resumed', [ringing, established, callEvent('EventHeld'), callEvent('EventRetrieved')], [{ type: 'resumed', eventId: 'uuid-' + C1 }]],
    ['EventDTMFSent → nothing (the far side heard the tones)', [ringing, established, callEvent('EventDTMFSent')], []],
    ['EventAbandoned → ended ringing by customer', [ringing, callEvent('EventAbandoned')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'ringing', endedBy: 'customer' }]],
    ['released while ringing, Local → declined by the agent', [ringing, releasedEvent('Ringing', 'Local')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'ringing', endedBy: 'agent' }]],
    ['released while ringing, NoAnswer → rang out', [ringing, releasedEvent('Ringing', 'Unknown', 'NoAnswer')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'ringing', endedBy: 'system' }]],
    ['NoAnswer is a ring-out whatever party is named', [ringing, releasedEvent('Ringing', 'Remote', 'NoAnswer')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'ringing', endedBy: 'system' }]],
    ['released while established, Local → hung up by the agent', [ringing, established, releasedEvent('Established', 'Local')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'connected', endedBy: 'agent' }]],
    ['released while established, Remote → hung up by the customer', [ringing, established, releasedEvent('Established', 'Remote')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'connected', endedBy: 'customer' }]],
    ['released while held, Unknown → ended by the system', [ringing, established, callEvent('EventHeld'), releasedEvent('Held', 'Unknown')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'connected', endedBy: 'system' }]],
    ['a dialing call released by the agent → canceled', [dialing, releasedEvent('Dialing', 'Local', 'Ok', C2, 'toolbar-1')], [{ type: 'ended', eventId: 'toolbar-1', phase: 'ringing', endedBy: 'agent' }]],
    ['a dialing call released Busy → outboundFailed BUSY', [dialing, callEvent('EventDestinationBusy', C2, 'toolbar-1'), releasedEvent('Dialing', 'Remote', 'Busy', C2, 'toolbar-1')], [{ type: 'outboundFailed', eventId: 'toolbar-1', errorCode: 'BUSY', message: say('genesysCalleeBusy', { number: '+16505550100' }) }]],
    ['EventDestinationBusy alone makes the release a failure', [dialing, callEvent('EventDestinationBusy', C2, 'toolbar-1'), releasedEvent('Dialing', 'Remote', 'Ok', C2, 'toolbar-1')], [{ type: 'outboundFailed', eventId: 'toolbar-1', errorCode: 'BUSY', message: say('genesysCalleeBusy', { number: '+16505550100' }) }]],
    ['a dialing call the callee did not answer → ended by the system', [dialing, releasedEvent('Dialing', 'Remote', 'NoAnswer', C2, 'toolbar-1')], [{ type: 'ended', eventId: 'toolbar-1', phase: 'ringing', endedBy: 'system' }]],
    ['an outbound call answered, then released by the callee', [dialing, callEvent('EventEstablished', C2, 'toolbar-1'), releasedEvent('Established', 'Remote', 'Ok', C2, 'toolbar-1')], [{ type: 'ended', eventId: 'toolbar-1', phase: 'connected', endedBy: 'customer' }]],
    ['a second release → nothing', [ringing, releasedEvent('Ringing', 'Local'), releasedEvent('Ringing', 'Local')], []],
    ['an abandon after the release → nothing', [ringing, releasedEvent('Ringing', 'Local'), callEvent('EventAbandoned')], []],
    ['a late EventRinging of an ended call → nothing', [ringing, callEvent('EventAbandoned'), ringing], []],
    ['a release of a call never seen → nothing', [releasedEvent('Established', 'Remote')], []],
    ['EventEstablished of a call never seen → incoming, connected', [established], [{ type: 'incoming', eventId: 'uuid-' + C1, phoneNumber: '+16505550100' }, { type: 'connected', eventId: 'uuid-' + C1 }]],
    ['EventEstablished of an outbound call never seen → dialing, connected', [callEvent('EventEstablished', C2, 'x', { callType: 'Outbound' })], [{ type: 'dialing', eventId: 'x', phoneNumber: '+16505550100' }, { type: 'connected', eventId: 'x' }]],
    // T-Library's wider CallStates (what a real T-Server may send).
    ['released while ringing, Redirected (legacy RONA) → rang out', [ringing, releasedEvent('Ringing', 'Local', 'Redirected')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'ringing', endedBy: 'system' }]],
    ['released while ringing, Pickedup elsewhere → ended by the system', [ringing, releasedEvent('Ringing', 'Remote', 'Pickedup')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'ringing', endedBy: 'system' }]],
    ['released while ringing, Abandoned → the caller hung up', [ringing, releasedEvent('Ringing', 'Unknown', 'Abandoned')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'ringing', endedBy: 'customer' }]],
    ['released while ringing, Cleared by the agent → declined', [ringing, releasedEvent('Ringing', 'Local', 'Cleared')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'ringing', endedBy: 'agent' }]],
    ['a talking call Transferred by the agent → transferred to the ThirdPartyDN', [ringing, established, { ...releasedEvent('Established', 'Local', 'Transferred'), thirdPartyDN: '7002' }], [{ type: 'transferred', eventId: 'uuid-' + C1, destination: '7002' }]],
    ['a talking call Transferred, no ThirdPartyDN said → transferred to another phone', [ringing, established, releasedEvent('Established', 'Local', 'Transferred')], [{ type: 'transferred', eventId: 'uuid-' + C1, destination: 'another phone' }]],
    ['a ringing call Transferred elsewhere → ended by the system (nobody here answered it)', [ringing, releasedEvent('Ringing', 'Unknown', 'Transferred')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'ringing', endedBy: 'system' }]],
    ['a talking call Conferenced away by the caller → ended by the customer', [ringing, established, releasedEvent('Established', 'Remote', 'Conferenced')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'connected', endedBy: 'customer' }]],
    ['a dial to a vacant number (SitInvalidnum) → outboundFailed INVALID_NUMBER', [dialing, releasedEvent('Dialing', 'Remote', 'SitInvalidnum', C2, 'toolbar-1')], [{ type: 'outboundFailed', eventId: 'toolbar-1', errorCode: 'INVALID_NUMBER', message: say('genesysNotCallable', { number: '+16505550100', state: 'SitInvalidnum' }) }]],
    ['a dial with all trunks busy → outboundFailed OUTDIAL_FAILED', [dialing, releasedEvent('Dialing', 'Unknown', 'AllTrunksBusy', C2, 'toolbar-1')], [{ type: 'outboundFailed', eventId: 'toolbar-1', errorCode: 'OUTDIAL_FAILED', message: say('genesysNotReached', { number: '+16505550100', state: 'AllTrunksBusy' }) }]],
    ['an inbound call released SitInvalidnum while ringing → ended by the system, not a failed dial', [ringing, releasedEvent('Ringing', 'Unknown', 'SitInvalidnum')], [{ type: 'ended', eventId: 'uuid-' + C1, phase: 'ringing', endedBy: 'system' }]],
    ['EventPartyChanged → nothing for the core (the call goes on)', [ringing, established, partyChanged(C1, C2)], []],
    ['EventPartyChanged of a call never seen → nothing', [partyChanged(C1, C2)], []],
  ])('%s', (_what, events, expected) => {
    expect(run(events).reports).toEqual(expected);
  });

  it.each([
    ['Busy', '+16505550100 is busy.'],
    ['SitInvalidnum', '+16505550100 is not a number that can be called (SitInvalidnum).'],
    ['AllTrunksBusy', '+16505550100 could not be reached (AllTrunksBusy).'],
  ] as const)('a dial released %s tells the agent: "%s"', (callState, words) => {
    const [failed] = run([dialing, releasedEvent('Dialing', 'Remote', callState, C2, 'toolbar-1')]).reports;
    expect(failed?.type === 'outboundFailed' ? inEnglish(failed.message) : failed).toBe(words);
  });

  it('keeps each call apart: two calls at once, each with its own ConnID', () => {
    const second = callEvent('EventRinging', C2, 'uuid-2', { ANI: '+442071234567' });
    const { book, all } = run([ringing, second, established, releasedEvent('Ringing', 'Local', 'Ok', C2, 'uuid-2')]);
    expect(all).toEqual([
      { type: 'incoming', eventId: 'uuid-' + C1, phoneNumber: '+16505550100' },
      { type: 'incoming', eventId: 'uuid-2', phoneNumber: '+442071234567' },
      { type: 'connected', eventId: 'uuid-' + C1 },
      { type: 'ended', eventId: 'uuid-2', phase: 'ringing', endedBy: 'agent' },
    ]);
    expect([...book.calls.values()]).toEqual([{ eventId: 'uuid-' + C1, connectionId: C1, direction: 'inbound', state: 'Established', busy: false }]);
    expect(eventIdOfConnection(book, C1)).toBe('uuid-' + C1);
    expect(eventIdOfConnection(book, C2)).toBeUndefined();
  });

  it('EventPartyChanged re-keys the call: its commands name the new ConnID, and its release still ends it', () => {
    const { book } = run([ringing, established, partyChanged(C1, C2)]);
    expect(eventIdOfConnection(book, C2)).toBe('uuid-' + C1);
    expect(eventIdOfConnection(book, C1)).toBeUndefined();
    const { reports } = run([releasedEvent('Established', 'Remote', 'Ok', C2, 'uuid-' + C1)], book);
    expect(reports).toEqual([{ type: 'ended', eventId: 'uuid-' + C1, phase: 'connected', endedBy: 'customer' }]);
  });

  it('does not change the book it was given', () => {
    const { book } = run([ringing]);
    interpret(book, releasedEvent('Ringing', 'Local'));
    expect(book.calls.size).toBe(1);
  });
});

describe('interpret: agent, link and error events', () => {
  it.each<[string, PushedEvent, VendorEvent[]]>([
    ['EventAgentReady → available', { eventName: 'EventAgentReady', thisDN: DN, agentId: 'a' }, [{ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available', label: say('presenceAvailable') } }]],
    ['EventAgentNotReady → unavailable', { eventName: 'EventAgentNotReady', thisDN: DN, agentId: 'a' }, [{ type: 'agentState', presence: { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Not ready', label: say('presenceNotReady') } }]],
    ['EventAgentNotReady with a reason keeps it', { eventName: 'EventAgentNotReady', thisDN: DN, agentId: 'a', reasonCode: 'Lunch' }, [{ type: 'agentState', presence: { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Not ready (Lunch)', label: say('presenceNotReadyCode', { code: 'Lunch' }), reasonCode: 'Lunch' } }]],
    ['EventAgentLogout → logged out', { eventName: 'EventAgentLogout', thisDN: DN, agentId: 'a' }, [{ type: 'agentState', presence: { loggedIn: false, available: false, stateCode: 'LOGGED_OUT', displayName: 'Logged out', label: say('presenceLoggedOut') } }]],
    ['EventLinkDisconnected → link down', { eventName: 'EventLinkDisconnected', thisDN: DN }, [{ type: 'link', status: 'down', detail: LINK_DOWN_DETAIL }]],
    ['EventLinkConnected → link connected', { eventName: 'EventLinkConnected', thisDN: DN }, [{ type: 'link', status: 'connected' }]],
    ['EventError → error in the bridge\'s words', { eventName: 'EventError', thisDN: DN, errorCode: 'LINK_DOWN', errorMessage: 'The T-Server link is down.' }, [{ type: 'error', message: saidAs('The T-Server link is down.') }]],
  ])('%s', (_what, event, expected) => {
    expect(interpret(EMPTY_BOOK, event).reports).toEqual(expected);
  });

  describe('a not-ready reason, named as the site configured it (genesys.notReadyReasons)', () => {
    const NAMES = new Map([['12', 'Lunch'], ['Break', 'Short break']]);
    const notReady = (reasonCode?: string): PushedEvent => ({ eventName: 'EventAgentNotReady', thisDN: DN, agentId: 'a', ...(reasonCode === undefined ? {} : { reasonCode }) });
    const unavailable = { loggedIn: true, available: false, stateCode: 'UNAVAILABLE' } as const;

    it.each<[string, string | undefined, object]>([
      ['a configured code: its name', '12', { ...unavailable, displayName: 'Lunch', reasonCode: '12' }],
      ['another configured code: its own name', 'Break', { ...unavailable, displayName: 'Short break', reasonCode: 'Break' }],
      ['a code set on the phone that the site did not list: by its code', 'Meeting', { ...unavailable, displayName: 'Not ready (Meeting)', label: say('presenceNotReadyCode', { code: 'Meeting' }), reasonCode: 'Meeting' }],
      ['no code: plain not ready, no reason', undefined, { ...unavailable, displayName: 'Not ready', label: say('presenceNotReady') }],
    ])('%s', (_what, reasonCode, presence) => {
      expect(interpret(EMPTY_BOOK, notReady(reasonCode), NAMES).reports).toEqual([{ type: 'agentState', presence }]);
    });

    it('on the snapshot of a (re)connect too', () => {
      const { reports } = interpret(EMPTY_BOOK, snapshot([], { agent: { agentId: 'agent1', state: 'NotReady', reasonCode: '12' } }), NAMES);
      expect(reports).toContainEqual({ type: 'agentState', presence: { ...unavailable, displayName: 'Lunch', reasonCode: '12' }, onConnect: true });
    });

    it('a ready agent has no reason, whatever was configured', () => {
      expect(interpret(EMPTY_BOOK, { eventName: 'EventAgentReady', thisDN: DN, agentId: 'a' }, NAMES).reports).toEqual([{ type: 'agentState', presence: presenceOf('Ready') }]);
    });
  });

  it('names the call of an EventError by its eventId', () => {
    const { book } = run([callEvent('EventRinging')]);
    const error: PushedEvent = { eventName: 'EventError', thisDN: DN, errorCode: 'INVALID_IN_STATE', errorMessage: 'Not ringing.', connectionId: C1 };
    expect(interpret(book, error).reports).toEqual([{ type: 'error', message: saidAs('Not ringing.'), eventId: 'uuid-' + C1 }]);
  });
});

describe('interpret: the snapshot (EventRegistered)', () => {
  it('reports the link, the agent and every call on a first connect', () => {
    const calls = [
      snapCall(C1, 'Established'),
      snapCall(C2, 'Dialing', { eventId: 'toolbar-9', callType: 'Outbound', ANI: '+33142685300' }),
      snapCall('00000000000000c3', 'Ringing'),
      snapCall('00000000000000d4', 'Held', { callType: 'Outbound' }),
    ];
    expect(run([snapshot(calls, { agent: { agentId: 'agent1', state: 'NotReady', reasonCode: 'Break' } })]).reports).toEqual([
      { type: 'link', status: 'connected' },
      { type: 'agentState', presence: presenceOf('NotReady', 'Break'), onConnect: true },
      { type: 'incoming', eventId: 'uuid-' + C1, phoneNumber: '+16505550100' },
      { type: 'connected', eventId: 'uuid-' + C1 },
      { type: 'dialing', eventId: 'toolbar-9', phoneNumber: '+33142685300' },
      { type: 'incoming', eventId: 'uuid-00000000000000c3', phoneNumber: '+16505550100' },
      { type: 'dialing', eventId: 'uuid-00000000000000d4', phoneNumber: '+16505550100' },
      { type: 'connected', eventId: 'uuid-00000000000000d4' },
      { type: 'held', eventId: 'uuid-00000000000000d4' },
    ]);
  });

  it('after a reconnect: a call held meanwhile is held, one still held is said to be held again, one retrieved meanwhile is resumed', () => {
    const third = '00000000000000c3';
    const before = run([
      snapshot(),
      callEvent('EventRinging'),
      callEvent('EventEstablished'),
      callEvent('EventRinging', C2),
      callEvent('EventEstablished', C2),
      callEvent('EventHeld', C2),
      callEvent('EventRinging', third),
      callEvent('EventEstablished', third),
      callEvent('EventHeld', third),
    ]).book;
    const after = run([snapshot([snapCall(C1, 'Held'), snapCall(C2, 'Held'), snapCall(third, 'Established')])], before);
    expect(after.reports.slice(2)).toEqual([
      { type: 'held', eventId: 'uuid-' + C1 },
      { type: 'held', eventId: 'uuid-' + C2 },
      { type: 'resumed', eventId: 'uuid-' + third },
    ]);
  });

  it('reports the T-Server link down when the snapshot says so', () => {
    expect(run([snapshot([], { linkConnected: false })]).reports[0]).toEqual({ type: 'link', status: 'down', detail: LINK_DOWN_DETAIL });
  });

  it('after a reconnect: a call still up is not reported again, one that ended meanwhile is ended once, a new one is introduced', () => {
    const before = run([snapshot(), callEvent('EventRinging'), callEvent('EventEstablished'), callEvent('EventRinging', C2)]).book;
    const third = '00000000000000c3';
    const after = run([snapshot([snapCall(C1, 'Established'), snapCall(third, 'Ringing')])], before);
    expect(after.reports).toEqual([
      { type: 'link', status: 'connected' },
      { type: 'agentState', presence: AVAILABLE, onConnect: true },
      { type: 'ended', eventId: 'uuid-' + C2, phase: 'ringing', endedBy: 'system' },
      { type: 'incoming', eventId: 'uuid-' + third, phoneNumber: '+16505550100' },
    ]);
    // The ended call stays ended: its late release is absorbed, and so is the next snapshot.
    const later = run([releasedEvent('Ringing', 'Remote', 'Ok', C2), snapshot([snapCall(C1, 'Established'), snapCall(third, 'Ringing')])], after.book);
    expect(later.all.filter((r) => r.type !== 'link' && r.type !== 'agentState')).toEqual([]);
  });

  it('reports connected for a call that was answered while the toolbar was away, and ends a talking call as connected', () => {
    const before = run([snapshot(), callEvent('EventRinging'), callEvent('EventRinging', C2), callEvent('EventEstablished', C2)]).book;
    expect(run([snapshot([snapCall(C1, 'Held')])], before).reports.slice(2)).toEqual([
      { type: 'ended', eventId: 'uuid-' + C2, phase: 'connected', endedBy: 'system' },
      { type: 'connected', eventId: 'uuid-' + C1 },
      { type: 'held', eventId: 'uuid-' + C1 },
    ]);
  });

  it('a placed call of which no event arrived is ended by a snapshot the same bridge took after placing it, not by one taken before', () => {
    const book = placed(run([snapshot([], { order: order(1) })]).book, 'toolbar-7', order(5));
    expect(book.calls.get('toolbar-7')).toEqual({ eventId: 'toolbar-7', connectionId: null, direction: 'outbound', state: 'Dialing', busy: false, placedAt: order(5) });
    // Taken before the MakeCall was carried out, though it arrives after its answer (on a session opened meanwhile).
    expect(run([snapshot([], { order: order(4) })], book).reports.slice(2)).toEqual([]);
    expect(run([snapshot([], { order: order(6) })], book).reports.slice(2)).toEqual([{ type: 'ended', eventId: 'toolbar-7', phase: 'ringing', endedBy: 'system' }]);
  });

  it('between two bridge processes, the stamps compare by their clocks, not by their sequences', () => {
    const book = placed(EMPTY_BOOK, 'toolbar-7', order(500, 'b1', 2_000));
    // The other process counts far higher, but its snapshot was taken a second before the call was placed.
    expect(run([snapshot([], { order: order(9_000, 'b2', 1_000) })], book).reports.slice(2)).toEqual([]);
    expect(run([snapshot([], { order: order(1, 'b2', 3_000) })], book).reports.slice(2)).toEqual([{ type: 'ended', eventId: 'toolbar-7', phase: 'ringing', endedBy: 'system' }]);
  });

  it('a placed call whose answer carried no stamp is ended by the next snapshot that does not show it', () => {
    const book = placed(EMPTY_BOOK, 'toolbar-7', null);
    expect(run([snapshot([], { order: order(1) })], book).reports.slice(2)).toEqual([{ type: 'ended', eventId: 'toolbar-7', phase: 'ringing', endedBy: 'system' }]);
  });

  it('a placed call becomes an ordinary one with its first event, and is introduced by a snapshot that shows it', () => {
    const book = placed(EMPTY_BOOK, 'toolbar-7', order(1));
    const dialing = callEvent('EventDialing', C2, 'toolbar-7', { callType: 'Outbound' });
    expect(run([dialing], book).reports).toEqual([{ type: 'dialing', eventId: 'toolbar-7', phoneNumber: '+16505550100' }]);
    expect(run([dialing], book).book.calls.get('toolbar-7')).toEqual({ eventId: 'toolbar-7', connectionId: C2, direction: 'outbound', state: 'Dialing', busy: false });
    expect(run([snapshot([snapCall(C2, 'Established', { eventId: 'toolbar-7', callType: 'Outbound' })])], book).reports.slice(2)).toEqual([
      { type: 'dialing', eventId: 'toolbar-7', phoneNumber: '+16505550100' },
      { type: 'connected', eventId: 'toolbar-7' },
    ]);
  });

  it('placing leaves a call already seen, or already ended, alone', () => {
    const dialing = callEvent('EventDialing', C2, 'toolbar-7', { callType: 'Outbound' });
    const seen = run([dialing]).book;
    expect(placed(seen, 'toolbar-7', order(1))).toBe(seen);
    const ended = run([dialing, releasedEvent('Dialing', 'Local', 'Ok', C2, 'toolbar-7')]).book;
    expect(placed(ended, 'toolbar-7', order(1))).toBe(ended);
  });
});

describe('dials given up on (no answer the toolbar could read)', () => {
  const dialing = callEvent('EventDialing', C2, 'toolbar-8', { callType: 'Outbound', ANI: '+33142685300' });

  it('a call that shows up under such a dial is to be hung up, and the core hears nothing of it, then or later', () => {
    const book = givenUp(run([snapshot()]).book, 'toolbar-8');
    const first = interpret(book, dialing);
    expect(first.reports).toEqual([]);
    expect(first.orphans).toEqual([{ eventId: 'toolbar-8', connectionId: C2, number: '+33142685300' }]);
    const later = run([callEvent('EventEstablished', C2, 'toolbar-8'), releasedEvent('Established', 'Local', 'Ok', C2, 'toolbar-8')], first.book);
    expect(later.all).toEqual([]);
    expect(interpret(first.book, callEvent('EventEstablished', C2, 'toolbar-8')).orphans).toEqual([]);
  });

  it('a snapshot that shows such a call hands it over to be hung up too', () => {
    const book = givenUp(EMPTY_BOOK, 'toolbar-8');
    const { reports, orphans } = interpret(book, snapshot([snapCall(C2, 'Dialing', { eventId: 'toolbar-8', callType: 'Outbound' })]));
    expect(reports.filter((r) => r.type !== 'link' && r.type !== 'agentState')).toEqual([]);
    expect(orphans).toEqual([{ eventId: 'toolbar-8', connectionId: C2, number: '+16505550100' }]);
  });

  it('one that ends before it is seen needs nothing, and its eventId stays taken', () => {
    const book = givenUp(EMPTY_BOOK, 'toolbar-8');
    const { reports, orphans, book: after } = interpret(book, releasedEvent('Dialing', 'Remote', 'Busy', C2, 'toolbar-8'));
    expect([reports, orphans]).toEqual([[], []]);
    expect(inUse(after, 'toolbar-8')).toBe(true);
    expect(interpret(after, dialing).orphans).toEqual([]);
  });

  it('its eventId is taken while it is unsure; a call already seen is left as it is', () => {
    expect(inUse(givenUp(EMPTY_BOOK, 'toolbar-8'), 'toolbar-8')).toBe(true);
    const seen = run([dialing]).book;
    expect(givenUp(seen, 'toolbar-8')).toBe(seen);
  });
});

describe('interpret: transfers, consults and conferences', () => {
  const C3 = '00000000000000c3';
  const CALL = 'uuid-' + C1;
  const TARGET = '7002';
  /** What the agent typed: the consult call's events say the DN the switch reached. */
  const TYPED = '70-02';
  const ringing = callEvent('EventRinging');
  const established = callEvent('EventEstablished');
  const held = callEvent('EventHeld');
  const retrieved = callEvent('EventRetrieved');
  const consult = (eventName: 'EventDialing' | 'EventEstablished' | 'EventDestinationBusy', extra: Partial<CallEvent> = {}): CallEvent =>
    callEvent(eventName, C2, 'uuid-' + C2, { ANI: TARGET, callType: 'Consult', transferConnectionId: C1, ...extra });
  const consultReleased = (previousState: PartyState, releasingParty: 'Local' | 'Remote' | 'Unknown', callState: CallState = 'Ok'): CallEvent => ({
    ...releasedEvent(previousState, releasingParty, callState, C2),
    ANI: TARGET,
    callType: 'Consult',
    transferConnectionId: C1,
  });
  const party = (eventName: 'EventPartyAdded' | 'EventPartyDeleted', thirdPartyDN: string): CallEvent => callEvent(eventName, C1, CALL, { thirdPartyDN });

  /** A talking call whose consult the toolbar asked for (what the agent typed recorded), and the bridge's events so far. */
  function consulting(events: PushedEvent[]): ReturnType<typeof run> {
    const talking = run([ringing, established]).book;
    return run(events, transferAsked(talking, CALL, TYPED));
  }

  it('a consult: held, the consult call is the third party (dialing, then talking) under what the agent typed, never a call of its own', () => {
    const { all, book } = consulting([held, consult('EventDialing'), consult('EventEstablished')]);
    expect(all).toEqual([
      { type: 'held', eventId: CALL },
      { type: 'thirdParty', eventId: CALL, party: { destination: TYPED, state: 'dialing' } },
      { type: 'thirdParty', eventId: CALL, party: { destination: TYPED, state: 'talking' } },
    ]);
    expect(consultOf(book, CALL)).toEqual({ connectionId: C1, consultConnectionId: C2 });
    expect(eventIdOfConnection(book, C2)).toBe(CALL);
    expect([...book.calls.keys()]).toEqual([CALL]);
  });

  it('a consult nobody typed for (the softphone\'s) names the DN it reached', () => {
    const { all } = run([ringing, established, held, consult('EventDialing')]);
    expect(all.at(-1)).toEqual({ type: 'thirdParty', eventId: CALL, party: { destination: TARGET, state: 'dialing' } });
  });

  it.each<[string, PushedEvent[], string]>([
    ['the agent cancelled it (released locally)', [consultReleased('Dialing', 'Local')], 'cancelled'],
    ['the destination was busy', [consult('EventDestinationBusy'), consultReleased('Dialing', 'Remote', 'Busy')], 'busy'],
    ['the destination refused it while it rang', [consultReleased('Dialing', 'Remote', 'NoAnswer')], 'refused'],
    ['nobody answered (T-Server\'s timer)', [consultReleased('Dialing', 'Unknown', 'NoAnswer')], 'noAnswer'],
    ['the switch could not place it', [consultReleased('Dialing', 'Unknown', 'SitInvalidnum')], 'failed'],
    ['the consulted party hung up', [consult('EventEstablished'), consultReleased('Established', 'Remote')], 'hungUp'],
  ])('a consult call released because %s → thirdParty null, %s; the customer stays held', (_what, events, gone) => {
    const { all, book } = consulting([held, consult('EventDialing'), ...events]);
    expect(all.at(-1)).toEqual({ type: 'thirdParty', eventId: CALL, party: null, gone });
    expect(book.calls.get(CALL)).toMatchObject({ state: 'Held', consult: undefined });
    expect(consultOf(book, CALL)).toBeUndefined();
    // Its late events are an ended call's.
    expect(interpret(book, consult('EventEstablished')).reports).toEqual([]);
  });

  it('cancelled: the consult call released, the customer retrieved → thirdParty null cancelled, then resumed', () => {
    const { all } = consulting([held, consult('EventDialing'), consultReleased('Dialing', 'Local'), retrieved]);
    expect(all.slice(2)).toEqual([
      { type: 'thirdParty', eventId: CALL, party: null, gone: 'cancelled' },
      { type: 'resumed', eventId: CALL },
    ]);
  });

  it('completed as a transfer: the consult call\'s end is no news; the call\'s release is transferred, to what the agent typed', () => {
    const { all, leftovers } = consulting([
      held,
      consult('EventDialing'),
      consult('EventEstablished'),
      consultReleased('Established', 'Local', 'Transferred'),
      { ...releasedEvent('Held', 'Local', 'Transferred'), thirdPartyDN: TARGET },
    ]);
    expect(all.slice(3)).toEqual([{ type: 'transferred', eventId: CALL, destination: TYPED }]);
    expect(leftovers).toEqual([]);
  });

  it('a blind transfer: the release (Transferred) is transferred to what the agent typed', () => {
    const { all } = consulting([{ ...releasedEvent('Established', 'Local', 'Transferred'), thirdPartyDN: TARGET }]);
    expect(all).toEqual([{ type: 'transferred', eventId: CALL, destination: TYPED }]);
  });

  it('completed as a conference: resumed, then thirdParty conferenced (EventPartyAdded); the third party leaving → null hungUp', () => {
    const { all, book } = consulting([held, consult('EventDialing'), consult('EventEstablished'), consultReleased('Established', 'Local', 'Conferenced'), retrieved, party('EventPartyAdded', TARGET)]);
    expect(all.slice(3)).toEqual([
      { type: 'resumed', eventId: CALL },
      { type: 'thirdParty', eventId: CALL, party: { destination: TYPED, state: 'conferenced' } },
    ]);
    const left = interpret(book, party('EventPartyDeleted', TARGET));
    expect(left.reports).toEqual([{ type: 'thirdParty', eventId: CALL, party: null, gone: 'hungUp' }]);
    expect(left.leftovers).toEqual([]);
    expect(interpret(left.book, releasedEvent('Established', 'Local')).reports).toEqual([{ type: 'ended', eventId: CALL, phase: 'connected', endedBy: 'agent' }]);
  });

  it('the customer leaving a conference ends the call (by the customer), and the agent\'s party is left to hang up', () => {
    const { book } = consulting([held, consult('EventDialing'), consult('EventEstablished'), consultReleased('Established', 'Local', 'Conferenced'), retrieved, party('EventPartyAdded', TARGET)]);
    const left = interpret(book, party('EventPartyDeleted', '+16505550100'));
    expect(left.reports).toEqual([{ type: 'ended', eventId: CALL, phase: 'connected', endedBy: 'customer' }]);
    expect(left.leftovers).toEqual([{ eventId: CALL, connectionId: C1, number: TARGET }]);
    expect(interpret(left.book, releasedEvent('Established', 'Local')).reports).toEqual([]);
  });

  it('the customer hanging up during a consult ends the call, and the consult call is left to hang up; its own end is no news', () => {
    const { book } = consulting([held, consult('EventDialing'), consult('EventEstablished')]);
    const hungUp = interpret(book, releasedEvent('Held', 'Remote'));
    expect(hungUp.reports).toEqual([{ type: 'ended', eventId: CALL, phase: 'connected', endedBy: 'customer' }]);
    expect(hungUp.leftovers).toEqual([{ eventId: 'uuid-' + C2, connectionId: C2, number: TARGET }]);
    expect(run([consultReleased('Established', 'Local'), consult('EventEstablished')], hungUp.book).all).toEqual([]);
  });

  it('a call another DN transferred here rings as an incoming transfer, from that DN', () => {
    expect(run([callEvent('EventRinging', C1, CALL, { thirdPartyDN: TARGET })]).all).toEqual([
      { type: 'incoming', eventId: CALL, phoneNumber: '+16505550100', transfer: { from: TARGET } },
    ]);
  });

  it('a colleague\'s consult ringing here is an incoming call (its call is not this DN\'s)', () => {
    const colleague = callEvent('EventRinging', C3, 'uuid-3', { ANI: TARGET, callType: 'Consult', transferConnectionId: '00000000000000f9' });
    expect(run([colleague]).all).toEqual([{ type: 'incoming', eventId: 'uuid-3', phoneNumber: TARGET }]);
  });

  it('a call that moves to another ConnID and eventId (EventPartyChanged) stays the engagement the core has', () => {
    const moved: CallEvent = { ...partyChanged(C1, C3), eventId: 'uuid-moved', thirdPartyDN: TARGET };
    const { book } = run([ringing, established, moved]);
    expect(eventIdOfConnection(book, C3)).toBe(CALL);
    expect(interpret(book, releasedEvent('Established', 'Remote', 'Ok', C3, 'uuid-moved')).reports).toEqual([
      { type: 'ended', eventId: CALL, phase: 'connected', endedBy: 'customer' },
    ]);
  });

  describe('on a reconnect\'s snapshot', () => {
    const heldCall = snapCall(C1, 'Held');
    const leg = (state: PartyState): CallSnapshot => snapCall(C2, state, { ANI: TARGET, callType: 'Consult', transferConnectionId: C1 });

    it('a consult under way is said again (held, and the third party), never as a call', () => {
      const { book } = consulting([held, consult('EventDialing')]);
      const { reports } = interpret(book, snapshot([heldCall, leg('Established')]));
      expect(reports.slice(2)).toEqual([
        { type: 'held', eventId: CALL },
        { type: 'thirdParty', eventId: CALL, party: { destination: TYPED, state: 'talking' } },
      ]);
    });

    it('a fresh toolbar learns a consult and a conference from the snapshot alone', () => {
      expect(run([snapshot([heldCall, leg('Dialing')])]).all.slice(2)).toEqual([
        { type: 'incoming', eventId: CALL, phoneNumber: '+16505550100' },
        { type: 'connected', eventId: CALL },
        { type: 'held', eventId: CALL },
        { type: 'thirdParty', eventId: CALL, party: { destination: TARGET, state: 'dialing' } },
      ]);
      const conference = snapCall(C1, 'Established', { otherParties: ['+16505550100', TARGET] });
      expect(run([snapshot([conference])]).all.at(-1)).toEqual({ type: 'thirdParty', eventId: CALL, party: { destination: TARGET, state: 'conferenced' } });
    });

    it('a consult that ended while the toolbar was away → thirdParty null; a call that ended meanwhile has its consult call hung up', () => {
      const { book } = consulting([held, consult('EventDialing')]);
      expect(interpret(book, snapshot([heldCall])).reports.at(-1)).toEqual({ type: 'thirdParty', eventId: CALL, party: null, gone: 'hungUp' });
      const customerGone = interpret(book, snapshot([leg('Established')]));
      expect(customerGone.reports.slice(2)).toEqual([{ type: 'ended', eventId: CALL, phase: 'connected', endedBy: 'system' }]);
      expect(customerGone.leftovers).toEqual([{ eventId: 'uuid-' + C2, connectionId: C2, number: TARGET }]);
    });
  });
});

describe('orderOfReply', () => {
  it('reads the stamp of an answer', () => {
    expect(orderOfReply({ ok: true, referenceId: 3, order: order(7) })).toEqual(order(7));
  });

  it.each<[string, Record<string, unknown>]>([
    ['no stamp', { ok: true, referenceId: 3 }],
    ['a sequence that is no whole number', { ok: true, order: { bridge: 'b1', sequence: 1.5, time: 1 } }],
    ['a bridge id with a space', { ok: true, order: { bridge: 'b 1', sequence: 1, time: 1 } }],
    ['a time that is text', { ok: true, order: { bridge: 'b1', sequence: 1, time: '1' } }],
  ])('is null for %s', (_what, reply) => {
    expect(orderOfReply(reply)).toBeNull();
  });
});
