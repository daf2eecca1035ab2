/**
 * GWS's call and DN states → T-Server's events, as the bridge's port speaks them. Pure functions: what a
 * CallStateChanged or DnStateChanged means, given what was known of the call or agent before it.
 *
 * The Workspace API reports a call's state, not what happened to it: it has no Abandoned state, no ReleasingParty,
 * no reject. What T-Server would have said is inferred here, and only here:
 * - Ringing → EventRinging; Dialing → EventDialing (once, when the call is first seen).
 * - Established after Ringing or Dialing → EventEstablished; after Held → EventRetrieved. Held → EventHeld.
 * - Released after Ringing: a release the bridge asked for is the agent declining (EventReleased, Local); otherwise the
 *   caller hung up (EventAbandoned). Released after Dialing: asked for, the agent gave up (Local); otherwise the callee
 *   refused or never answered (EventReleased NoAnswer, Remote). Released while talking or held: asked for, the agent
 *   hung up (Local); otherwise the other party did (Remote). An agent acting on the phone itself is seen as the other
 *   party: GWS does not tell them apart.
 * - A release the bridge asked for as part of a transfer or conference says so: CallState Transferred (with the
 *   destination as ThirdPartyDN) for a single-step transfer and both calls of a completed transfer, Conferenced for
 *   the consult call of a completed conference, as T-Server's EventReleased says.
 * - Completed (the agent finished the interaction) is not a new end: it ends a call only if its release was never seen.
 * - A call that arrives with previousConnId under a new id is the same call re-keyed: EventPartyChanged.
 * - A consult call (callType Consult) names the call it was placed for in parentConnId: T-Server's TransferConnID.
 * - More participants than before: EventPartyAdded for each new one (a conference completed); fewer on a call that
 *   goes on: EventPartyDeleted for each one gone (a conference member hung up).
 * Sources: the Call model's states and previousConnId (genesys-workspace-client-js,
 * https://github.com/GenesysPureEngage/workspace-client-js, src/internal/voice-api.js), Genesys' Agent API Simulator
 * (https://github.com/GenesysPureEngage/agent-api-simulator, src/service/controllers/voice.js), and T-Server's events
 * for the same situations (https://docs.genesys.com/Documentation/System/latest/GenEM/ReleasingCalls).
 */
import type { AgentState, CallState, CallType, PartyState, TCall, UnstampedTEvent } from '../telephonyBackend';
import type { GwsCall, GwsDn } from './gwsMessages';

export type UnstampedCallEvent = Extract<UnstampedTEvent, { readonly call: TCall }>;
export type UnstampedAgentEvent = Extract<UnstampedTEvent, { readonly agentId: string }>;

/** A call of the agent's DN as the adapter follows it. */
export interface TrackedCall {
  /** The id GWS's REST paths take. */
  readonly gwsId: string;
  /** What the bridge has been told (its connId is the ConnID on the wire). */
  readonly call: TCall;
  /** A release the bridge asked for is pending: the Released that follows is the agent's. */
  readonly releaseAsked: boolean;
  /** What that release is, when it is part of a transfer or conference (T-Server's CallState, and where the call went). */
  readonly releaseAs?: ReleaseKind;
  /** The other parties' numbers, as GWS last listed them. */
  readonly participants: readonly string[];
}

/** How a release the bridge asked for reads: T-Server's CallState of it, and the ThirdPartyDN it names. */
export interface ReleaseKind {
  readonly callState: CallState;
  readonly thirdPartyDN?: string;
}

export interface CallStep {
  /** The call from now on; undefined when it ended (or was never the bridge's to follow). */
  readonly next: TrackedCall | undefined;
  readonly events: readonly UnstampedCallEvent[];
  /** The call ended with this step (its later Completed must not end it again). */
  readonly ended: boolean;
  /** Why the notification was dropped, for a log line. */
  readonly problem?: string;
}

const CONN_ID = /^[0-9a-fA-F]{16}$/;

/**
 * The ConnID the bridge's wire carries (16 lowercase hex digits): GWS's call id, which is T-Server's ConnID, or else
 * the call's connId. undefined when neither is one.
 */
export function wireConnIdOf(call: Pick<GwsCall, 'id' | 'connId'>): string | undefined {
  if (CONN_ID.test(call.id)) return call.id.toLowerCase();
  if (call.connId !== undefined && CONN_ID.test(call.connId)) return call.connId.toLowerCase();
  return undefined;
}

/** T-Server's CallType; an unknown type is read from the state. */
function callTypeOf(call: GwsCall, previous: TCall | undefined): CallType {
  switch (call.callType) {
    case 'Inbound':
    case 'Outbound':
    case 'Internal':
    case 'Consult':
      return call.callType;
    default:
      return previous?.callType ?? (call.state === 'Dialing' ? 'Outbound' : 'Inbound');
  }
}

/** No control characters, at most 64 characters: what the bridge's wire takes for a number. */
function cleanNumber(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const printable = [...value].filter((character) => {
    const code = character.charCodeAt(0);
    return code > 0x1f && code !== 0x7f;
  });
  const cleaned = printable.join('').trim();
  const clipped = [...cleaned].slice(0, 64).join('');
  return clipped === '' ? undefined : clipped;
}

/**
 * The other party's number. participants[0] is the other party of a two-party call; failing that, a ringing call's
 * phoneNumber is the caller, while a dialing call's is the agent's own DN (Genesys' simulator), so dnis stands in.
 */
function otherPartyOf(call: GwsCall, callType: CallType): string | undefined {
  const party = cleanNumber(call.participants[0]?.number);
  if (party !== undefined) return party;
  return callType === 'Outbound' ? cleanNumber(call.dnis) : cleanNumber(call.phoneNumber);
}

/** The numbers of the other parties GWS lists. */
function participantsOf(call: GwsCall): string[] {
  return call.participants.map((party) => cleanNumber(party.number)).filter((number): number is string => number !== undefined);
}

function snapshotOf(call: GwsCall, connId: string, state: PartyState, previous: TCall | undefined): TCall {
  const callType = callTypeOf(call, previous);
  const ani = cleanNumber(call.ani) ?? previous?.ani;
  const parent = call.parentConnId === undefined ? undefined : wireConnIdOf({ id: call.parentConnId });
  const transferConnId = callType === 'Consult' ? (parent ?? previous?.transferConnId) : undefined;
  const parties = participantsOf(call);
  return {
    connId,
    callUuid: cleanNumber(call.callUuid) ?? previous?.callUuid ?? call.id,
    callType,
    state,
    ...(ani === undefined ? {} : { ani }),
    otherDN: otherPartyOf(call, callType) ?? previous?.otherDN ?? '',
    // Routing may attach more as the call goes on; what the bridge was told first (a MakeCall's eventId) stays.
    userData: { ...call.userData, ...previous?.userData },
    ...(transferConnId === undefined ? {} : { transferConnId }),
    ...(parties.length > 1 ? { otherParties: parties } : {}),
  };
}

const PARTY_STATES: Readonly<Record<string, PartyState>> = { Ringing: 'Ringing', Dialing: 'Dialing', Established: 'Established', Held: 'Held' };

/** The event that ends a call the bridge follows, inferred as the module comment says. */
function endOf(tracked: TrackedCall, thisDN: string): UnstampedCallEvent {
  const call = tracked.call;
  if (tracked.releaseAsked) {
    const kind = tracked.releaseAs;
    const thirdParty = kind?.thirdPartyDN === undefined ? {} : { thirdPartyDN: kind.thirdPartyDN };
    return { name: 'EventReleased', thisDN, call, callState: kind?.callState ?? 'Ok', releasingParty: 'Local', ...thirdParty };
  }
  switch (call.state) {
    case 'Ringing':
      return { name: 'EventAbandoned', thisDN, call };
    case 'Dialing':
      return { name: 'EventReleased', thisDN, call, callState: 'NoAnswer', releasingParty: 'Remote' };
    default:
      return { name: 'EventReleased', thisDN, call, callState: 'Ok', releasingParty: 'Remote' };
  }
}

/**
 * One CallStateChanged for a call of the DN. `previous` is the call as followed so far: found by the call's id, or by
 * its previousConnId when GWS re-keyed it. undefined: a call not seen before.
 */
export function followCall(previous: TrackedCall | undefined, call: GwsCall, thisDN: string): CallStep {
  const connId = wireConnIdOf(call);
  if (connId === undefined) return { next: previous, events: [], ended: false, problem: `call ${call.id} has no ConnID the bridge can carry (16 hex digits)` };
  const events: UnstampedCallEvent[] = [];
  let tracked = previous;
  if (tracked !== undefined && tracked.gwsId !== call.id) {
    // Re-keyed: same call, new ConnID. The party state is unchanged by that alone.
    const rekeyed: TrackedCall = { ...tracked, gwsId: call.id, call: snapshotOf(call, connId, tracked.call.state, tracked.call), participants: participantsOf(call) };
    events.push({ name: 'EventPartyChanged', thisDN, call: rekeyed.call, previousConnId: tracked.call.connId });
    tracked = rekeyed;
  }

  if (call.state === 'Released' || call.state === 'Completed') {
    if (tracked === undefined) return { next: undefined, events, ended: false, problem: `${call.state} for call ${call.id}, which this DN never had` };
    events.push(endOf({ ...tracked, call: snapshotOf(call, connId, tracked.call.state, tracked.call) }, thisDN));
    return { next: undefined, events, ended: true };
  }

  const reported = PARTY_STATES[call.state];
  if (reported === undefined) return { next: tracked, events, ended: false, problem: `call ${call.id} is in a state the bridge does not know: ${call.state}` };
  const name = moveEvent(tracked?.call.state, reported);
  // A move that is no event (a talking call said to ring again) leaves the party where the bridge knows it to be.
  const state = name === undefined && tracked !== undefined ? tracked.call.state : reported;
  const snapshot = snapshotOf(call, connId, state, tracked?.call);
  const participants = participantsOf(call);
  const next: TrackedCall = {
    gwsId: call.id,
    call: snapshot,
    releaseAsked: tracked?.releaseAsked ?? false,
    ...(tracked?.releaseAs === undefined ? {} : { releaseAs: tracked.releaseAs }),
    participants,
  };
  if (name !== undefined) events.push({ name, thisDN, call: snapshot });
  if (tracked !== undefined) events.push(...partyChangesOf(tracked.participants, participants, snapshot, thisDN));
  return { next, events, ended: false };
}

/** EventPartyAdded or EventPartyDeleted for each party that joined or left, when the number of parties changed. */
function partyChangesOf(before: readonly string[], after: readonly string[], call: TCall, thisDN: string): UnstampedCallEvent[] {
  if (after.length > before.length) {
    return after.filter((number) => !before.includes(number)).map((number) => ({ name: 'EventPartyAdded', thisDN, call, thirdPartyDN: number }));
  }
  if (after.length < before.length) {
    return before.filter((number) => !after.includes(number)).map((number) => ({ name: 'EventPartyDeleted', thisDN, call, thirdPartyDN: number }));
  }
  return [];
}

/** The event of a party moving from one state to another; undefined when nothing happened (a repeat, attached data). */
function moveEvent(from: PartyState | undefined, to: PartyState): 'EventRinging' | 'EventDialing' | 'EventEstablished' | 'EventHeld' | 'EventRetrieved' | undefined {
  if (from === to) return undefined;
  switch (to) {
    case 'Ringing':
      // A call already dialing, talking or held does not ring again.
      return from === undefined ? 'EventRinging' : undefined;
    case 'Dialing':
      return from === undefined ? 'EventDialing' : undefined;
    case 'Established':
      return from === 'Held' ? 'EventRetrieved' : 'EventEstablished';
    case 'Held':
      return 'EventHeld';
  }
}

/** Ends a call GWS no longer lists (resynchronizing): the event T-Server's inference gives, had its release been seen. */
export function endOfVanished(tracked: TrackedCall, thisDN: string): UnstampedCallEvent {
  return endOf(tracked, thisDN);
}

// ---- The agent's state ------------------------------------------------------------------------------------------

export interface AgentStatus {
  readonly state: AgentState;
  readonly reasonCode?: string;
}

/** GWS's agentState → T-Server's; undefined for a state the bridge does not know (left as it was). */
export function agentStatusOf(dn: GwsDn): AgentStatus | undefined {
  switch (dn.agentState) {
    case 'Ready':
      return { state: 'Ready' };
    case 'NotReady':
      return dn.reasonCode === undefined ? { state: 'NotReady' } : { state: 'NotReady', reasonCode: dn.reasonCode };
    case 'LoggedOut':
    case 'Logout':
      return { state: 'LoggedOut' };
    default:
      return undefined;
  }
}

/**
 * The agent events of a DnStateChanged: none when neither the state nor the reason changed (GWS also reports the
 * DN's activity), EventAgentLogin first when the agent was logged out, as T-Server does.
 */
export function agentEventsOf(previous: AgentStatus | undefined, next: AgentStatus, thisDN: string, agentId: string): UnstampedAgentEvent[] {
  if (previous !== undefined && previous.state === next.state && previous.reasonCode === next.reasonCode) return [];
  const events: UnstampedAgentEvent[] = [];
  if (previous?.state === 'LoggedOut' && next.state !== 'LoggedOut') events.push({ name: 'EventAgentLogin', thisDN, agentId });
  switch (next.state) {
    case 'Ready':
      events.push({ name: 'EventAgentReady', thisDN, agentId });
      break;
    case 'NotReady':
      events.push({ name: 'EventAgentNotReady', thisDN, agentId, ...(next.reasonCode === undefined ? {} : { reasonCode: next.reasonCode }) });
      break;
    case 'LoggedOut':
      events.push({ name: 'EventAgentLogout', thisDN, agentId });
      break;
  }
  return events;
}
