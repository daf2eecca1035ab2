/// <reference types="amazon-connect-streams" />
/**
 * What the Amazon handler reads of Streams' live objects, as plain facts for the pure rules of amazonCalls.ts and for
 * the core. Streams' objects read the agent's latest snapshot and throw when their data is gone: every read here
 * survives that.
 */
import { type CallMessageKey, say } from '../../core/agentMessages';
import { type AgentPresence, presenceNamed } from '../../core/types';
import type { ContactFacts } from './amazonCalls';
import type { ThirdPartyFacts } from './amazonThirdParty';

/** Agent states Amazon Connect sets by itself after a failed call, in words an agent reads. */
const ERROR_STATE_NAMES: Readonly<Record<string, CallMessageKey>> = {
  MissedCallAgent: 'presenceMissedCall',
  FailedConnectAgent: 'presenceCallFailed',
  FailedConnectCustomer: 'presenceCustomerUnreachable',
  Default: 'presenceError',
};

/** The contact's facts as read now; `at` is now on the handler's clock. */
export function factsOf(contact: connect.Contact, at: number): ContactFacts {
  const legState = (leg: () => connect.BaseConnection | null | undefined): string | null => {
    try {
      return leg()?.getState()?.type ?? null;
    } catch {
      return null;
    }
  };
  let state: string | null;
  try {
    state = contact.getState()?.type ?? null;
  } catch {
    state = null; // a live Contact whose data is gone throws: it has vanished
  }
  return {
    at,
    state,
    agentLeg: legState(() => contact.getAgentConnection()),
    customerLeg: legState(() => contact.getInitialConnection()),
    thirdParty: thirdPartyOf(contact),
  };
}

/** A readable, bounded text, or null. */
function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim().slice(0, 256) : null;
}

/**
 * The contact's third party: its active third-party connection, else the latest (contact.getThirdPartyConnections(),
 * https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md), leaving out a supervisor's
 * (type 'monitoring'), who is no party to the call. Named by its quick connect (VoiceConnection.getQuickConnectName()),
 * else its endpoint's name, else its number without any SIP part (Endpoint.stripPhoneNumber()).
 */
function thirdPartyOf(contact: connect.Contact): ThirdPartyFacts | null {
  try {
    const connections = contact.getThirdPartyConnections().filter((connection) => (connection.getType() as string) !== 'monitoring');
    const connection = connections.find((c) => c.isActive()) ?? connections[connections.length - 1];
    if (!connection) return null;
    let state: string | null;
    try {
      state = connection.getState()?.type ?? null;
    } catch {
      state = null;
    }
    const endpoint = connection.getEndpoint() as (connect.Endpoint & { stripPhoneNumber?: () => string }) | null;
    const quickConnect = (connection as { getQuickConnectName?: () => unknown }).getQuickConnectName?.();
    const number = typeof endpoint?.stripPhoneNumber === 'function' ? endpoint.stripPhoneNumber() : endpoint?.phoneNumber;
    const label = text(quickConnect) ?? text(endpoint?.name) ?? text(number) ?? 'the third party';
    return { connectionId: connection.getConnectionId(), state, label };
  } catch {
    return null; // the contact's data is gone: no third party to read
  }
}

/** The agent's presence for Fusion: the state they chose, unless Amazon Connect put them in an error state. */
export function presenceOf(agent: connect.Agent): AgentPresence {
  // Streams' state types are string enums: read as the strings they are.
  const state: { readonly name: string; readonly type: string } = agent.getState();
  if (state.type === 'error') {
    const error = { loggedIn: true, available: false, stateCode: 'UNAVAILABLE' } as const;
    const key = ERROR_STATE_NAMES[state.name];
    return key !== undefined ? presenceNamed(error, say(key)) : { ...error, displayName: state.name };
  }
  // Busy, PendingBusy, CallingCustomer (system states) and after-call work are about calls: show the state chosen.
  const aboutCalls = state.type === 'system' || state.name === 'AfterCallWork';
  const chosen = aboutCalls ? agent.getAvailabilityState() : null;
  const name = chosen ? chosen.state : state.name;
  const type: string = chosen ? (agent.getAgentStates().find((s) => s.name === name)?.type ?? chosen.type) : state.type;
  return type === 'routable'
    ? { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: name }
    : { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: name, ...(type === 'not_routable' ? { reasonCode: name } : {}) };
}
