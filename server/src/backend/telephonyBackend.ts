/**
 * The TelephonyBackend port: what the bridge needs from T-Server, in T-Server's own terms (DNs, ConnIDs, requests
 * answered by events). The default adapter is the built-in T-Server simulator (./simulator/); the Workspace API of
 * Genesys Web Services (./workspace/) is the first real one; an adapter over Genesys' Platform SDK (a sidecar holding
 * the licensed PSDK) can plug in behind this same port.
 *
 * Like T-Server, a backend is one shared connection for all agents: the bridge registers each agent's DN once and
 * routes the events it receives by ThisDN. A per-agent backend (the Workspace API: one session per agent, opened with
 * the agent's own Genesys credentials) also offers `agentSessions`: the bridge then learns who an agent is and which
 * DN is theirs from the backend when it opens the agent's session, instead of from its own agent table.
 */

// T-Server's own terms, as far as the bridge uses them (T-Library's attributes of the same names). The wire protocol
// happens to spell most of them alike; bridge/eventMapping.ts translates, so either side may change on its own.

/** T-Library's CallType. Consult: placed by RequestInitiateTransfer or RequestInitiateConference for another call. */
export type CallType = 'Inbound' | 'Outbound' | 'Internal' | 'Consult';
/** The agent's party in a call at its DN (the event that last concerned it: EventRinging, EventDialing, ...). */
export type PartyState = 'Ringing' | 'Dialing' | 'Established' | 'Held';
/**
 * T-Library's CallState attribute (TCallState, in the order of T-Library's enumeration; PSDK's CallState names them
 * alike), carried by EventReleased. The simulator produces Ok, NoAnswer and Busy; a real T-Server any of them.
 */
export const T_CALL_STATES = [
  'Ok',
  'Transferred',
  'Conferenced',
  'GeneralError',
  'SystemError',
  'RemoteRelease',
  'Busy',
  'NoAnswer',
  'SitDetected',
  'AnsweringMachineDetected',
  'AllTrunksBusy',
  'SitInvalidnum',
  'SitVacant',
  'SitIntercept',
  'SitUnknown',
  'SitNocircuit',
  'SitReorder',
  'FaxDetected',
  'QueueFull',
  'Cleared',
  'Overflowed',
  'Abandoned',
  'Redirected',
  'Forwarded',
  'Consult',
  'Pickedup',
  'Dropped',
  'DroppedNoAnswer',
  'Unknown',
  'Covered',
  'ConverseOn',
  'Bridged',
  'Deafened',
  'Held',
] as const;
export type CallState = (typeof T_CALL_STATES)[number];
/** Extensions.ReleasingParty: who released the call, seen from the DN (1 Local, 2 Remote, 3 Unknown). */
export type ReleasingParty = 'Local' | 'Remote' | 'Unknown';
/** The agent's state at a DN (GenEM's Null is LoggedOut here). */
export type AgentState = 'LoggedOut' | 'NotReady' | 'Ready';

/** One call as T-Server reports it at one DN. */
export interface TCall {
  /** 16 lowercase hex digits, assigned by T-Server. */
  readonly connId: string;
  /** Stable for the whole call. */
  readonly callUuid: string;
  readonly callType: CallType;
  /** The agent's party state at this DN. */
  readonly state: PartyState;
  /** The caller's number, when T-Server has one (inbound calls only by default). */
  readonly ani?: string;
  /** The other party: the caller's DN or trunk, or the number dialed. */
  readonly otherDN: string;
  /** Key-value data attached to the call (e.g. by MakeCall). */
  readonly userData: Readonly<Record<string, string>>;
  /** A consult call: the ConnID of the call it was placed for (T-Library's TransferConnID). */
  readonly transferConnId?: string;
  /**
   * A conference: the DNs or numbers of every other party on the call (RequestQueryCall PartiesQuery's answer,
   * EventPartyInfo), when there is more than one. Absent for a call between two parties.
   */
  readonly otherParties?: readonly string[];
}

/** What T-Server knows of a DN: EventRegistered's Extensions, or EventAddressInfo for DNStatus. */
export interface DnStatus {
  readonly dn: string;
  readonly agent: { readonly agentId?: string; readonly state: AgentState; readonly reasonCode?: string };
  readonly calls: readonly TCall[];
  /** A per-agent backend: whether this DN's own link is up. Absent: TelephonyBackend.linkConnected says. */
  readonly linkConnected?: boolean;
}

interface TEventBase {
  readonly thisDN: string;
  /** The ReferenceID of the request this event answers; absent for events nobody asked for (phone, customer, timers). */
  readonly referenceId?: number;
  /** When T-Server produced the event (T-Library's Time attribute): epoch milliseconds, sub-millisecond precision. */
  readonly time: number;
}

export type TCallEvent = TEventBase & {
  readonly call: TCall;
  /**
   * T-Library's ThirdPartyDN, where T-Server tells one: who transferred a call that rings here (EventRinging), where
   * a call transferred away went (EventReleased, CallState Transferred), who completed the transfer or conference
   * that moved this DN's party (EventPartyChanged), the party that joined or left (EventPartyAdded, EventPartyDeleted).
   */
  readonly thirdPartyDN?: string;
} & (
    | { readonly name: 'EventRinging' | 'EventDialing' | 'EventEstablished' | 'EventHeld' | 'EventRetrieved' }
    /** T-Server sent the digits of a RequestSendDTMF to the other party (the event does not carry them). */
    | { readonly name: 'EventDTMFSent' }
    | { readonly name: 'EventDestinationBusy' | 'EventAbandoned' }
    | {
        readonly name: 'EventReleased';
        /** call.state is the party state just before the release. */
        readonly callState: CallState;
        readonly releasingParty: ReleasingParty;
      }
    /** The DN's party moved to another call (a transfer or conference completed): call is the one it is on now. */
    | { readonly name: 'EventPartyChanged'; readonly previousConnId: string }
    /** A party joined the call (a conference completed), or left a call that goes on without it. */
    | { readonly name: 'EventPartyAdded' | 'EventPartyDeleted'; readonly thirdPartyDN: string }
  );

export type TAgentEvent = TEventBase & { readonly agentId: string } & (
    | { readonly name: 'EventAgentLogin' | 'EventAgentReady' | 'EventAgentLogout' }
    | { readonly name: 'EventAgentNotReady'; readonly reasonCode?: string }
  );

/**
 * The CTI link between T-Server and the switch: thisDN is empty, it concerns every DN. A per-agent backend reports the
 * link of one agent's own session (its notification channel, Genesys' voice service for it) with that agent's DN.
 */
export type TLinkEvent = TEventBase & { readonly name: 'EventLinkDisconnected' | 'EventLinkConnected' };

/**
 * A per-agent backend's session for the DN's agent ended for good (Genesys refused the agent's credentials: expired,
 * revoked, signed out elsewhere). The agent must sign in again: the bridge closes the DN's sessions with
 * CLOSE_CODES.tokenExpired, so that each toolbar comes back with fresh credentials. `reason` is said to the agent.
 */
export type TSessionEvent = TEventBase & { readonly name: 'EventSessionEnded'; readonly reason: string };

export type TEvent = TCallEvent | TAgentEvent | TLinkEvent | TSessionEvent;

/** An event as a backend composes it, before it is stamped with its time. */
export type UnstampedTEvent = TEvent extends infer E ? (E extends TEvent ? Omit<E, 'time'> : never) : never;

/** Requests the bridge sends on behalf of an agent's DN (the PSDK request classes, by their T-Lib names). */
export type TRequest =
  | { readonly kind: 'AnswerCall'; readonly connId: string }
  /** Release: hangs up a talking, held or dialing call, or declines a ringing one. */
  | { readonly kind: 'ReleaseCall'; readonly connId: string }
  | { readonly kind: 'HoldCall'; readonly connId: string }
  | { readonly kind: 'RetrieveCall'; readonly connId: string }
  /** DTMF tones to the other party of an established call: 1 to 32 of 0-9 * # and ',' (protocol/fieldRules.ts). */
  | { readonly kind: 'SendDTMF'; readonly connId: string; readonly digits: string }
  /** Transfers an established call to `destination` in one step. */
  | { readonly kind: 'SingleStepTransfer'; readonly connId: string; readonly destination: string }
  /** Holds the established call and places a consult call to `destination` (CallType Consult, TransferConnID connId). */
  | { readonly kind: 'InitiateTransfer' | 'InitiateConference'; readonly connId: string; readonly destination: string }
  /**
   * Ends a consult: connId is the held call, consultConnId the consult call. CompleteTransfer leaves both parties
   * together without this DN; CompleteConference joins the consulted party to the held call; ReconnectCall releases
   * the consult call and retrieves the held one.
   */
  | { readonly kind: 'CompleteTransfer' | 'CompleteConference' | 'ReconnectCall'; readonly connId: string; readonly consultConnId: string }
  | { readonly kind: 'MakeCall'; readonly destination: string; readonly userData: Readonly<Record<string, string>> }
  /** Ready and NotReady log the agent in first when needed (AgentLogin). */
  | { readonly kind: 'AgentReady'; readonly agentId: string }
  | { readonly kind: 'AgentNotReady'; readonly agentId: string; readonly reasonCode?: string };

/**
 * T-Server's EventError, as a rejection of request() (and of AgentSessions.open()). UNAUTHORIZED: a per-agent backend
 * refused the agent's credentials.
 */
export class TServerError extends Error {
  constructor(
    readonly code: 'INVALID_IN_STATE' | 'UNKNOWN_CALL' | 'LINK_DOWN' | 'BACKEND_ERROR' | 'UNAUTHORIZED',
    message: string,
    readonly referenceId?: number,
    /**
     * The request's attribute at fault, when T-Server names one: the destination of a MakeCall it cannot dial or of a
     * transfer it cannot route, the consult call of a request that ends a consult.
     */
    readonly field?: 'destination' | 'consultConnectionId',
  ) {
    super(message);
    this.name = 'TServerError';
  }
}

export type TEventListener = (event: TEvent) => void;

/** Who an agent is and which DN is theirs, as a per-agent backend learnt it when it opened the agent's session. */
export interface AgentLine {
  readonly agentId: string;
  readonly dn: string;
}

/** What a per-agent backend offers the bridge besides the port's requests: the agents' own sessions. */
export interface AgentSessions {
  /**
   * Opens the backend session of the agent whose credentials these are (the access token the agent's toolbar
   * presented, verified by the backend itself; never a password), or joins the one already open for them, and
   * resolves who the agent is and their DN. The DN can then be registered. Rejects with a TServerError: UNAUTHORIZED
   * when the backend refuses the credentials, LINK_DOWN when it cannot be reached, BACKEND_ERROR otherwise.
   */
  open(credentials: string): Promise<AgentLine>;
}

export interface TelephonyBackend {
  /** Starts receiving events for a DN (RequestRegisterAddress); resolves the DN's status. Idempotent. */
  register(dn: string): Promise<DnStatus>;
  /** Stops receiving events for a DN (RequestUnregisterAddress). Calls on the DN go on. */
  unregister(dn: string): Promise<void>;
  /** The DN's current status (RequestQueryAddress DNStatus), for snapshots. */
  query(dn: string): Promise<DnStatus>;
  /**
   * Sends a request for a DN. Resolves with the event that answers it (carrying its ReferenceID), which has also been
   * delivered to the listeners before this resolves; rejects with a TServerError when T-Server answers EventError.
   */
  request(dn: string, request: TRequest): Promise<TEvent>;
  /** The one listener for every event of every registered DN, and link events. */
  onEvent(listener: TEventListener): void;
  /** Whether the CTI link is up (requests fail with LINK_DOWN while it is not). */
  readonly linkConnected: boolean;
  /**
   * Present on a per-agent backend: agents are identified by opening their own session with it, and their DN comes
   * from it. unregister() of a DN then ends that agent's session.
   */
  readonly agentSessions?: AgentSessions;
  close(): Promise<void>;
}
