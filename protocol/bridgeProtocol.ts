/**
 * The wire protocol of the Genesys bridge microservice (server/), shared by the bridge and the toolbar's Genesys
 * handler: its types, and the values of every enumerated field (the types derive from them). The rules each text
 * field follows are in ./fieldRules.ts; both sides check what they receive against them.
 *
 * It keeps the protocol of Oracle's Genesys tutorial, so the tutorial's own browser code works against the bridge:
 *   POST /genesys/events   {"type": "initialize" | "Accept" | "Reject", "connectionId": …}
 *   WebSocket /genesysWs   pushes {"eventName", "ANI", "eventId", "connectionId"} for EventRegistered, EventRinging,
 *                          EventEstablished, EventReleased.
 * and extends it: more commands and events, every call event naming its call, EventError answering a request.
 */
import type { FieldName } from './fieldRules';

/** T-Server's id of a call (ConnID): 16 lowercase hex digits. */
export type ConnectionId = string;

// ---- Commands: POST /genesys/events (JSON body), or a text frame on the WebSocket --------------------------------

export type BridgeCommand =
  /** The tutorial's start: registers the agent's DN, logs the agent in and makes them ready. */
  | { readonly type: 'initialize' }
  | { readonly type: 'Accept'; readonly connectionId: ConnectionId }
  /** Declines a ringing call (T-Server: release of an alerting call). */
  | { readonly type: 'Reject'; readonly connectionId: ConnectionId }
  /** Ends a call the agent is dialing, talking on or holding. */
  | { readonly type: 'Hangup'; readonly connectionId: ConnectionId }
  | { readonly type: 'Hold'; readonly connectionId: ConnectionId }
  | { readonly type: 'Retrieve'; readonly connectionId: ConnectionId }
  /**
   * Sends keypad tones (DTMF) on a talking call (T-Server's RequestSendDTMF): digits is 1 to 32 of 0-9 * # and ','
   * (a pause). The bridge neither echoes nor logs the digits: they may be a PIN or a card number.
   */
  | { readonly type: 'SendDTMF'; readonly connectionId: ConnectionId; readonly digits: string }
  /**
   * Transfers a talking call to a destination (a DN of the switch or a number) in one step (T-Server's
   * RequestSingleStepTransfer): the call leaves the agent, who hears EventReleased with callState Transferred.
   */
  | { readonly type: 'SingleStepTransfer'; readonly connectionId: ConnectionId; readonly destination: string }
  /**
   * Starts a consult for a two-step transfer (RequestInitiateTransfer) or a conference (RequestInitiateConference):
   * the talking call is held (EventHeld) and a consult call to the destination is placed (EventDialing of a call of
   * its own, callType Consult, whose transferConnectionId names the held call).
   */
  | { readonly type: 'InitiateTransfer'; readonly connectionId: ConnectionId; readonly destination: string }
  | { readonly type: 'InitiateConference'; readonly connectionId: ConnectionId; readonly destination: string }
  /**
   * Ends a consult: connectionId is the held call, consultConnectionId the consult call placed for it.
   * CompleteTransfer (RequestCompleteTransfer) leaves the held call's other party with the consulted one, and both
   * calls leave the agent (EventReleased, callState Transferred). CompleteConference (RequestCompleteConference) joins
   * the consulted party to the held call: the consult call is released (callState Conferenced), the held call
   * retrieved (EventRetrieved) and EventPartyAdded names the new party. Reconnect (RequestReconnectCall) releases the
   * consult call and retrieves the held one.
   */
  | { readonly type: 'CompleteTransfer'; readonly connectionId: ConnectionId; readonly consultConnectionId: ConnectionId }
  | { readonly type: 'CompleteConference'; readonly connectionId: ConnectionId; readonly consultConnectionId: ConnectionId }
  | { readonly type: 'Reconnect'; readonly connectionId: ConnectionId; readonly consultConnectionId: ConnectionId }
  /** Places a call. eventId, when given, travels with the call (as its user data) and names it in every event. */
  | { readonly type: 'MakeCall'; readonly destination: string; readonly eventId?: string }
  | { readonly type: 'Ready' }
  | { readonly type: 'NotReady'; readonly reasonCode?: string };

export type BridgeCommandType = BridgeCommand['type'];

export const BRIDGE_COMMAND_TYPES: readonly BridgeCommandType[] = [
  'initialize',
  'Accept',
  'Reject',
  'Hangup',
  'Hold',
  'Retrieve',
  'SendDTMF',
  'SingleStepTransfer',
  'InitiateTransfer',
  'InitiateConference',
  'CompleteTransfer',
  'CompleteConference',
  'Reconnect',
  'MakeCall',
  'Ready',
  'NotReady',
];

/**
 * Where a snapshot or a command's answer falls in the bridge's own order of things, so that a client can tell whether
 * a snapshot was taken after a call it placed, whatever order the WebSocket and the REST answer arrive in. A snapshot
 * is stamped just before the bridge asks T-Server for the DN's status, an answer just after T-Server answered: a
 * snapshot whose stamp is later than a MakeCall answer's surely shows that call, unless it ended meanwhile.
 */
export interface BridgeOrder {
  /** This bridge process (random at start): sequences of different processes cannot be compared. */
  readonly bridge: string;
  /** Counts up within one bridge process from 1. */
  readonly sequence: number;
  /** The bridge's clock (epoch milliseconds): how two bridge processes' stamps compare, their clocks kept in step. */
  readonly time: number;
}

/** What POST /genesys/events answers (HTTP 200 with ok: true; 4xx/5xx with ok: false). */
export type BridgeReply =
  | { readonly ok: true; readonly referenceId: number; readonly order: BridgeOrder }
  | {
      readonly ok: false;
      readonly errorCode: BridgeErrorCode;
      readonly errorMessage: string;
      /**
       * The command's field the refusal is about, when it is about one: a field missing or malformed (BAD_REQUEST,
       * a destination that is not a dialable number among them), a MakeCall or transfer to the agent's own DN
       * (BAD_REQUEST), a MakeCall to another agent's DN (FORBIDDEN), a destination T-Server itself could not dial or
       * route (BACKEND_ERROR), or a consultConnectionId that is no consult of the call. A client tells a bad number
       * from other failures by it, without reading the message.
       */
      readonly field?: FieldName;
    };

/**
 * Why the bridge refused or failed a request. HTTP status in brackets.
 * Bridge-level codes are checked before anything reaches T-Server; the last ones answer a request T-Server refused.
 */
export const BRIDGE_ERROR_CODES = [
  'BAD_JSON', // [400] the body or frame is not JSON
  'BAD_REQUEST', // [400] not a known command, a field is missing or malformed, or a MakeCall to the agent's own DN
  'BODY_TOO_LARGE', // [413] over 16 KiB
  'UNAUTHORIZED', // [401] no valid token (secure mode)
  'FORBIDDEN', // [403] the call belongs to another agent's DN, a MakeCall to another agent's DN, or the origin is not allowed
  'UNKNOWN_CALL', // [404] no call with that connectionId
  'INVALID_IN_STATE', // [409] T-Server refused: not valid in the call's or agent's state
  'LINK_DOWN', // [503] the T-Server link is down
  'BACKEND_ERROR', // [502] T-Server failed the request for another reason
  'RATE_LIMITED', // [429] too many requests from this client's address, or commands from this session or agent (limits.*)
  'SHUTTING_DOWN', // [503] the bridge is draining: it takes no new session; connect again (to another instance)
] as const;

export type BridgeErrorCode = (typeof BRIDGE_ERROR_CODES)[number];

// ---- Events pushed on the WebSocket -----------------------------------------------------------------------------

/** T-Server's CallType; Consult: a call placed by InitiateTransfer or InitiateConference (see transferConnectionId). */
export const CALL_TYPES = ['Inbound', 'Outbound', 'Internal', 'Consult'] as const;
export type CallType = (typeof CALL_TYPES)[number];
/** The agent's party in a call. */
export const PARTY_STATES = ['Ringing', 'Dialing', 'Established', 'Held'] as const;
export type PartyState = (typeof PARTY_STATES)[number];
/**
 * T-Server's CallState attribute of EventReleased: T-Library's whole enumeration (TCallState; PSDK's CallState names
 * them alike, https://docs.genesys.com/Documentation/System/latest/GenEM/Welcome), so that a backend forwards what
 * T-Server sends as it is. The built-in simulator produces Ok, NoAnswer and Busy.
 */
export const CALL_STATES = [
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
export type CallState = (typeof CALL_STATES)[number];
/** Extensions.ReleasingParty: who released the call, seen from the agent's DN. */
export const RELEASING_PARTIES = ['Local', 'Remote', 'Unknown'] as const;
export type ReleasingParty = (typeof RELEASING_PARTIES)[number];
export const AGENT_STATES = ['LoggedOut', 'NotReady', 'Ready'] as const;
export type AgentState = (typeof AGENT_STATES)[number];

export const CALL_EVENT_NAMES = [
  'EventRinging',
  'EventDialing',
  'EventEstablished',
  'EventHeld',
  'EventRetrieved',
  /** T-Server sent the digits of a SendDTMF (EventDTMFSent); the event does not repeat them. */
  'EventDTMFSent',
  /** The callee of an outbound call is busy; EventReleased (callState Busy) follows. */
  'EventDestinationBusy',
  /** The caller hung up while the agent's phone was ringing. */
  'EventAbandoned',
  'EventReleased',
  /**
   * The DN's party moved to another call (T-Server's EventPartyChanged after a transfer or conference completed):
   * connectionId is the call it is on now, previousConnectionId the one it leaves, thirdPartyDN who completed it.
   * For the agent the call goes on; the eventId is the new call's, the client keeps the one it knew.
   */
  'EventPartyChanged',
  /** A party joined the call (T-Server's EventPartyAdded, a conference completed): thirdPartyDN names it. */
  'EventPartyAdded',
  /** A party left a call that goes on without it (EventPartyDeleted, a conference member hung up): thirdPartyDN names it. */
  'EventPartyDeleted',
] as const;
export type CallEventName = (typeof CALL_EVENT_NAMES)[number];
export const AGENT_EVENT_NAMES = ['EventAgentReady', 'EventAgentNotReady', 'EventAgentLogout'] as const;
export type AgentEventName = (typeof AGENT_EVENT_NAMES)[number];
export const LINK_EVENT_NAMES = ['EventLinkDisconnected', 'EventLinkConnected'] as const;

/** One call as the snapshot shows it. */
export interface CallSnapshot {
  readonly connectionId: ConnectionId;
  /** The id Fusion sees for the call: the MakeCall's eventId, else T-Server's CallUuid. */
  readonly eventId: string;
  readonly callUuid: string;
  readonly callType: CallType;
  readonly state: PartyState;
  /** The other party's number: the caller's ANI, or the number dialed. */
  readonly ANI: string;
  /** A consult call (callType Consult): the call it was placed for (T-Server's TransferConnID). */
  readonly transferConnectionId?: ConnectionId;
  /**
   * A conference (more than one other party on the call): every other party's DN or number, the caller's among them
   * (what RequestQueryCall PartiesQuery answers, EventPartyInfo). At most MAX_OTHER_PARTIES; absent for a two-party call.
   */
  readonly otherParties?: readonly string[];
}

/** The most other parties a snapshot lists for one call (a six-way conference); the bridge leaves out any beyond. */
export const MAX_OTHER_PARTIES = 5;

export interface AgentSnapshot {
  readonly agentId: string;
  readonly state: AgentState;
  readonly reasonCode?: string;
}

/** Fields every call event carries. */
interface CallEventFields {
  readonly thisDN: string;
  readonly connectionId: ConnectionId;
  readonly eventId: string;
  readonly callUuid: string;
  /** The other party's number (T-Server's ANI, or OtherDN when it has none). */
  readonly ANI: string;
  readonly callType: CallType;
  /** Set when the event answers a request of this session (T-Server's ReferenceID); absent for phone-side events. */
  readonly referenceId?: number;
  /** On every event of a consult call: the call it was placed for (T-Server's TransferConnID). */
  readonly transferConnectionId?: ConnectionId;
  /**
   * T-Server's ThirdPartyDN, where it tells one: on EventRinging of a call transferred here, the DN that transferred
   * it; on EventReleased with callState Transferred, where the call went; on EventPartyChanged, who completed the
   * transfer or conference; on EventPartyAdded and EventPartyDeleted, the party that joined or left.
   */
  readonly thirdPartyDN?: string;
  /**
   * When T-Server produced the event: epoch milliseconds with sub-millisecond precision, for latency measurement and
   * logs. This bridge sets it on every call and agent event; the toolbar does not need it (the tutorial's service has none).
   */
  readonly time?: number;
}

export type CallEvent =
  | (CallEventFields & { readonly eventName: 'EventRinging' })
  | (CallEventFields & { readonly eventName: 'EventDialing' })
  | (CallEventFields & { readonly eventName: 'EventEstablished' })
  | (CallEventFields & { readonly eventName: 'EventHeld' })
  | (CallEventFields & { readonly eventName: 'EventRetrieved' })
  | (CallEventFields & { readonly eventName: 'EventDTMFSent' })
  | (CallEventFields & { readonly eventName: 'EventDestinationBusy' })
  | (CallEventFields & { readonly eventName: 'EventAbandoned' })
  | (CallEventFields & {
      readonly eventName: 'EventReleased';
      /** The agent's party state when the call was released. */
      readonly previousState: PartyState;
      readonly callState: CallState;
      readonly releasingParty: ReleasingParty;
    })
  | (CallEventFields & { readonly eventName: 'EventPartyChanged'; readonly previousConnectionId: ConnectionId })
  | (CallEventFields & { readonly eventName: 'EventPartyAdded' | 'EventPartyDeleted'; readonly thirdPartyDN: string });

/** Fields every agent event carries (time as in call events). */
interface AgentEventFields {
  readonly thisDN: string;
  readonly agentId: string;
  readonly referenceId?: number;
  readonly time?: number;
}

export type AgentEvent =
  | (AgentEventFields & { readonly eventName: 'EventAgentReady' })
  | (AgentEventFields & { readonly eventName: 'EventAgentNotReady'; readonly reasonCode?: string })
  | (AgentEventFields & { readonly eventName: 'EventAgentLogout' });

/**
 * Pushed on every WebSocket (re)connect, after `initialize`, and when the T-Server link returns: the agent's state
 * and every call on the DN (T-Server's EventRegistered carries the DN's status the same way).
 */
export interface RegisteredEvent {
  readonly eventName: 'EventRegistered';
  readonly thisDN: string;
  readonly agent: AgentSnapshot;
  readonly calls: readonly CallSnapshot[];
  readonly linkConnected: boolean;
  /** When the snapshot was taken, in the bridge's order (see BridgeOrder). */
  readonly order: BridgeOrder;
  /** The tutorial's client reads these; they are empty here (the event names no call). */
  readonly ANI: '';
  readonly eventId: '';
  readonly connectionId: '';
}

export interface ErrorEvent {
  readonly eventName: 'EventError';
  readonly thisDN: string;
  readonly errorCode: BridgeErrorCode;
  readonly errorMessage: string;
  /** The request it answers, as received (when it could be read). */
  readonly request?: Readonly<Record<string, unknown>>;
  readonly referenceId?: number;
  readonly connectionId?: ConnectionId;
}

export type LinkEvent =
  | { readonly eventName: 'EventLinkDisconnected'; readonly thisDN: string }
  | { readonly eventName: 'EventLinkConnected'; readonly thisDN: string };

/**
 * Answers a RenewToken frame the bridge accepted: the session now lives until the new token's expiry (epoch
 * milliseconds). A refused renewal is an EventError (UNAUTHORIZED or FORBIDDEN) answering `{"type": "RenewToken"}`,
 * and the session keeps the expiry it had.
 */
export interface TokenRenewedEvent {
  readonly eventName: 'EventTokenRenewed';
  readonly thisDN: string;
  readonly expiresAt: number;
}

export type PushedEvent = CallEvent | AgentEvent | RegisteredEvent | ErrorEvent | LinkEvent | TokenRenewedEvent;
export type PushedEventName = PushedEvent['eventName'];

// The lists above must name exactly the events of these types: a name in one and not the other fails to compile.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const namesMatchTypes: [
  Same<CallEventName, CallEvent['eventName']>,
  Same<AgentEventName, AgentEvent['eventName']>,
  Same<(typeof LINK_EVENT_NAMES)[number], LinkEvent['eventName']>,
] = [true, true, true];
void namesMatchTypes;

export const PUSHED_EVENT_NAMES: readonly PushedEventName[] = [
  ...CALL_EVENT_NAMES,
  ...AGENT_EVENT_NAMES,
  ...LINK_EVENT_NAMES,
  'EventRegistered',
  'EventError',
  'EventTokenRenewed',
];

// ---- Sessions ---------------------------------------------------------------------------------------------------

/** The WebSocket subprotocol a client offers; in secure mode it offers `TOKEN_PROTOCOL_PREFIX + <JWT>` beside it. */
export const BRIDGE_PROTOCOL = 'genesys-bridge.v1';
export const TOKEN_PROTOCOL_PREFIX = 'bearer.';

/**
 * A session-level frame (WebSocket only, never a REST command): the client hands the open session its renewed token
 * before the old one expires, so that the session, and the agent's calls with it, go on without a reconnect. The
 * token must be valid and name the same agent and DN as the session's; the bridge answers EventTokenRenewed, or an
 * EventError and the session keeps its old expiry (then closes with CLOSE_CODES.tokenExpired).
 */
export interface RenewTokenFrame {
  readonly type: 'RenewToken';
  readonly token: string;
}
export const RENEW_TOKEN_TYPE = 'RenewToken';
/** The longest token the bridge takes in a RenewToken frame (and the toolbar sends at all). */
export const MAX_TOKEN_CHARS = 8192;

/**
 * WebSocket close codes the bridge uses. A text frame that is not a valid command gets an EventError, not a close:
 * the session and its calls stay as they were.
 */
export const CLOSE_CODES = {
  /** The bridge is shutting down. */
  goingAway: 1001,
  /** A binary frame: the protocol is JSON text. */
  unsupportedData: 1003,
  /** A frame over MAX_MESSAGE_BYTES. */
  messageTooBig: 1009,
  /** The bridge could not serve the session (T-Server refused the DN, or the client fell too far behind); reconnect. */
  internalError: 1011,
  /** The session's token expired; the client reconnects with a fresh one. */
  tokenExpired: 4001,
  /**
   * The client fell behind reading: more than the bridge's send buffer for one session (limits.sendBufferBytes) was
   * waiting for it. Nothing is lost that the client needs: it reconnects and resynchronizes from the snapshot.
   */
  slowConsumer: 4002,
  /**
   * The agent already has as many sessions as the bridge allows (limits.sessionsPerAgent): this newest one is refused,
   * the open ones go on. The client tells the agent, and retries with backoff (sessions of a toolbar that vanished are
   * dropped by the bridge's pings).
   */
  tooManySessions: 4003,
  /**
   * The session's token was refused (secure mode): missing, malformed, signed by a key the identity provider does not
   * publish, from another issuer or for another audience, expired, naming an agent the bridge does not know, or
   * giving no DN. The close reason says which, in words (never the token). The upgrade is accepted and then closed
   * with this code because a browser cannot read the HTTP status of a refused upgrade. A fresh token (or signing in
   * again) is the remedy; the same token is refused again.
   */
  tokenRefused: 4004,
  /**
   * The bridge could not check the token now: the identity provider's keys (auth.jwksUrl) are out of reach and those
   * it had cached have expired, or the token names a key it has not fetched. Nothing is wrong with the token: the
   * client retries with backoff. The close reason says what failed.
   */
  keysUnavailable: 4005,
} as const;

/** Request bodies and frames larger than this are refused. */
export const MAX_MESSAGE_BYTES = 16 * 1024;
/**
 * The most calls one DN may hold at once, so the most a snapshot (EventRegistered.calls) may list. The toolbar
 * accepts any snapshot up to it; the bridge's limits.callsPerDn may not be set above it.
 */
export const MAX_CALLS_PER_DN = 50;
/**
 * The longest frame the toolbar accepts from the bridge, in characters (UTF-16 units, as the decoder counts a
 * string). Larger than MAX_MESSAGE_BYTES (what the bridge accepts),
 * because a snapshot of MAX_CALLS_PER_DN calls with the longest fields FIELD_RULES allows (MAX_OTHER_PARTIES of
 * them each), each character escaped by JSON as \uXXXX, is about 240,000 characters
 * (test/protocol/snapshotSize.test.ts builds that snapshot).
 */
export const MAX_PUSHED_FRAME_CHARS = 256 * 1024;
