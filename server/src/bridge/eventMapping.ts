/**
 * T-Server's events and DN status (TelephonyBackend's terms) → the events pushed on the WebSocket (the wire
 * protocol's terms). Pure functions: no routing, no I/O.
 */
import {
  MAX_OTHER_PARTIES,
  type AgentState,
  type BridgeErrorCode,
  type BridgeOrder,
  type CallEvent,
  type CallSnapshot,
  type CallState,
  type CallType,
  type ErrorEvent,
  type LinkEvent,
  type PartyState,
  type PushedEvent,
  type RegisteredEvent,
  type ReleasingParty,
} from '../../../protocol/bridgeProtocol';
import type * as TServer from '../backend/telephonyBackend';
import type { DnStatus, TAgentEvent, TCall, TCallEvent, TLinkEvent } from '../backend/telephonyBackend';

// T-Server's values → the wire's. Tables rather than casts: a value added on either side fails to compile here.
const CALL_TYPE: Readonly<Record<TServer.CallType, CallType>> = { Inbound: 'Inbound', Outbound: 'Outbound', Internal: 'Internal', Consult: 'Consult' };
const PARTY_STATE: Readonly<Record<TServer.PartyState, PartyState>> = {
  Ringing: 'Ringing',
  Dialing: 'Dialing',
  Established: 'Established',
  Held: 'Held',
};
// T-Library's CallState values are spelt alike on both sides; the table still fails to compile when either list changes.
const CALL_STATE: Readonly<Record<TServer.CallState, CallState>> = {
  Ok: 'Ok',
  Transferred: 'Transferred',
  Conferenced: 'Conferenced',
  GeneralError: 'GeneralError',
  SystemError: 'SystemError',
  RemoteRelease: 'RemoteRelease',
  Busy: 'Busy',
  NoAnswer: 'NoAnswer',
  SitDetected: 'SitDetected',
  AnsweringMachineDetected: 'AnsweringMachineDetected',
  AllTrunksBusy: 'AllTrunksBusy',
  SitInvalidnum: 'SitInvalidnum',
  SitVacant: 'SitVacant',
  SitIntercept: 'SitIntercept',
  SitUnknown: 'SitUnknown',
  SitNocircuit: 'SitNocircuit',
  SitReorder: 'SitReorder',
  FaxDetected: 'FaxDetected',
  QueueFull: 'QueueFull',
  Cleared: 'Cleared',
  Overflowed: 'Overflowed',
  Abandoned: 'Abandoned',
  Redirected: 'Redirected',
  Forwarded: 'Forwarded',
  Consult: 'Consult',
  Pickedup: 'Pickedup',
  Dropped: 'Dropped',
  DroppedNoAnswer: 'DroppedNoAnswer',
  Unknown: 'Unknown',
  Covered: 'Covered',
  ConverseOn: 'ConverseOn',
  Bridged: 'Bridged',
  Deafened: 'Deafened',
  Held: 'Held',
};
const RELEASING_PARTY: Readonly<Record<TServer.ReleasingParty, ReleasingParty>> = { Local: 'Local', Remote: 'Remote', Unknown: 'Unknown' };
const AGENT_STATE: Readonly<Record<TServer.AgentState, AgentState>> = { LoggedOut: 'LoggedOut', NotReady: 'NotReady', Ready: 'Ready' };

/** The id Fusion sees for a call: the MakeCall's eventId (carried as user data), else the call's stable CallUuid. */
export function eventIdOf(call: TCall): string {
  return call.userData.eventId ?? call.callUuid;
}

/** The other party's number: T-Server gives ANI for inbound calls only, so OtherDN stands in for the rest. */
export function aniOf(call: TCall): string {
  return call.ani ?? call.otherDN;
}

export function callSnapshotOf(call: TCall): CallSnapshot {
  return {
    connectionId: call.connId,
    eventId: eventIdOf(call),
    callUuid: call.callUuid,
    callType: CALL_TYPE[call.callType],
    state: PARTY_STATE[call.state],
    ANI: aniOf(call),
    ...(call.transferConnId !== undefined ? { transferConnectionId: call.transferConnId } : {}),
    // A conference's parties, as many as the wire allows.
    ...(call.otherParties !== undefined && call.otherParties.length > 1 ? { otherParties: call.otherParties.slice(0, MAX_OTHER_PARTIES) } : {}),
  };
}

export function callEventOf(event: TCallEvent): CallEvent {
  const { call } = event;
  const thisDN = event.thisDN;
  const connectionId = call.connId;
  const eventId = eventIdOf(call);
  const callUuid = call.callUuid;
  const ANI = aniOf(call);
  const callType = CALL_TYPE[call.callType];
  const time = event.time;
  // Every session of the DN gets it: they are all the same agent, and a session ignores ids it did not send.
  const referenceId = event.referenceId;
  const transferConnectionId = call.transferConnId;
  const thirdPartyDN = event.thirdPartyDN;
  // One object literal per kind, with the optional fields undefined when absent: JSON.stringify leaves those out, so
  // the frame is the one with the fields omitted, in the same order. Every call event the bridge pushes passes here,
  // and objects made up of spreads cost it several times more (time and heap).
  if (event.name === 'EventReleased') {
    return {
      thisDN,
      connectionId,
      eventId,
      callUuid,
      ANI,
      callType,
      time,
      referenceId,
      transferConnectionId,
      thirdPartyDN,
      eventName: 'EventReleased',
      previousState: PARTY_STATE[call.state],
      callState: CALL_STATE[event.callState],
      releasingParty: RELEASING_PARTY[event.releasingParty],
    };
  }
  if (event.name === 'EventPartyChanged') {
    const previousConnectionId = event.previousConnId;
    return { thisDN, connectionId, eventId, callUuid, ANI, callType, time, referenceId, transferConnectionId, thirdPartyDN, eventName: 'EventPartyChanged', previousConnectionId };
  }
  if (event.name === 'EventPartyAdded' || event.name === 'EventPartyDeleted') {
    return { thisDN, connectionId, eventId, callUuid, ANI, callType, time, referenceId, transferConnectionId, thirdPartyDN: event.thirdPartyDN, eventName: event.name };
  }
  return { thisDN, connectionId, eventId, callUuid, ANI, callType, time, referenceId, transferConnectionId, thirdPartyDN, eventName: event.name };
}

/** EventAgentLogin has no wire counterpart: the Ready or NotReady that follows it says all the toolbar needs. */
export function agentEventOf(event: TAgentEvent): PushedEvent | undefined {
  const reference = event.referenceId !== undefined ? { referenceId: event.referenceId } : {};
  const common = { thisDN: event.thisDN, agentId: event.agentId, time: event.time, ...reference };
  switch (event.name) {
    case 'EventAgentReady':
      return { ...common, eventName: 'EventAgentReady' };
    case 'EventAgentLogout':
      return { ...common, eventName: 'EventAgentLogout' };
    case 'EventAgentNotReady':
      return {
        ...common,
        eventName: 'EventAgentNotReady',
        ...(event.reasonCode !== undefined ? { reasonCode: event.reasonCode } : {}),
      };
    case 'EventAgentLogin':
      return undefined;
  }
}

export function registeredEventOf(status: DnStatus, agentId: string, linkConnected: boolean, order: BridgeOrder): RegisteredEvent {
  const { agent } = status;
  return {
    eventName: 'EventRegistered',
    thisDN: status.dn,
    agent: {
      // T-Server names the agent only while one is logged in; the bridge's agent table names them otherwise.
      agentId: agent.agentId ?? agentId,
      state: AGENT_STATE[agent.state],
      ...(agent.reasonCode !== undefined ? { reasonCode: agent.reasonCode } : {}),
    },
    calls: status.calls.map(callSnapshotOf),
    linkConnected,
    order,
    ANI: '',
    eventId: '',
    connectionId: '',
  };
}

/** T-Server sends link events with an empty ThisDN; each session hears them about its own DN. */
export function linkEventOf(event: TLinkEvent, dn: string): LinkEvent {
  return { eventName: event.name, thisDN: dn };
}

export interface ErrorEventDetails {
  readonly errorCode: BridgeErrorCode;
  readonly errorMessage: string;
  readonly request?: Readonly<Record<string, unknown>>;
  readonly referenceId?: number;
  readonly connectionId?: string;
}

export function errorEventOf(dn: string, details: ErrorEventDetails): ErrorEvent {
  return {
    eventName: 'EventError',
    thisDN: dn,
    errorCode: details.errorCode,
    errorMessage: details.errorMessage,
    ...(details.request !== undefined ? { request: details.request } : {}),
    ...(details.referenceId !== undefined ? { referenceId: details.referenceId } : {}),
    ...(details.connectionId !== undefined ? { connectionId: details.connectionId } : {}),
  };
}
