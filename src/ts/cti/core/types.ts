/**
 * The contracts of the engagement core: what vendors report, what Fusion commands, what the core publishes.
 * Pure TypeScript: no DOM, no JET, no vendor SDK.
 */

/** The id Fusion sees for the whole call (Amazon: contactId; Genesys: CallUuid or ConnID). */
export type EventId = string;

export type Direction = 'inbound' | 'outbound';

/** Where the call was when it ended: still offered (ringing or dialing), or talking. */
export type CallPhase = 'ringing' | 'connected';

/** Who ended the call, as far as the vendor can tell. 'system': nobody did (ring timeout, routing, network). */
export type EndedBy = 'agent' | 'customer' | 'system';

/** Fusion's closeCommEvent reasons that this toolbar uses. */
export type CloseReason = 'REJECT' | 'MISSED' | 'ABANDONED' | 'CANCELED' | 'WRAPUP';

export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'down';

/** The agent's presence as published to Fusion (agentStateEventOperation). */
export interface AgentPresence {
  readonly loggedIn: boolean;
  readonly available: boolean;
  /** Fusion's state code, e.g. AVAILABLE, UNAVAILABLE, LOGGED_OUT. */
  readonly stateCode: string;
  /** What the agent reads, e.g. "Available", "Lunch break". */
  readonly displayName: string;
  readonly reasonCode?: string;
}

/** Everything a vendor handler can report to the core. */
export type VendorEvent =
  | { readonly type: 'incoming'; readonly eventId: EventId; readonly phoneNumber: string }
  /** An outbound call is being placed (from the toolbar, Fusion or the vendor's own phone). */
  | { readonly type: 'dialing'; readonly eventId: EventId; readonly phoneNumber: string }
  | { readonly type: 'connected'; readonly eventId: EventId }
  | { readonly type: 'ended'; readonly eventId: EventId; readonly phase: CallPhase; readonly endedBy: EndedBy }
  | { readonly type: 'outboundFailed'; readonly eventId: EventId; readonly errorCode: string; readonly message: string }
  | { readonly type: 'agentState'; readonly presence: AgentPresence }
  | { readonly type: 'link'; readonly status: LinkStatus; readonly detail?: string }
  | { readonly type: 'error'; readonly message: string; readonly eventId?: EventId };

export type VendorEventListener = (event: VendorEvent) => void;

/** Who asked for a call action: Fusion's UI (a UEF command) or the toolbar's own buttons. */
export type CommandSource = 'fusion' | 'toolbar';

/** The call actions an agent can take on one engagement. */
export type CallAction = 'accept' | 'reject' | 'hangup';

export type ErrorCode =
  | 'UNKNOWN_ENGAGEMENT'
  | 'INVALID_IN_STATE'
  | 'VENDOR_ERROR'
  | 'NO_VENDOR'
  | 'NOT_SUPPORTED'
  | 'UNKNOWN_COMMAND'
  | 'BAD_INPUT'
  | 'FUSION_ERROR';

export type CommandResult = { readonly ok: true } | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export const OK: CommandResult = { ok: true };

export function failure(code: ErrorCode, message: string): CommandResult {
  return { ok: false, code, message };
}

/** Values Fusion carries in inData/outData (SVCMCA_* tokens). */
export type FusionData = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** What the core needs from Fusion. FusionHandler implements it over UEF. */
export interface FusionPort {
  /** Resolves Fusion's outData (contact tokens from the reverse lookup). */
  newCommEvent(request: { eventId: EventId; direction: Direction; phoneNumber: string; inData: FusionData }): Promise<FusionData>;
  startCommEvent(request: { eventId: EventId; direction: Direction; inData: FusionData }): Promise<void>;
  closeCommEvent(request: { eventId: EventId; direction: Direction; reason: CloseReason; inData: FusionData }): Promise<void>;
  agentStateEvent(presence: AgentPresence): Promise<void>;
  outboundCommError(request: { eventId: EventId; errorCode: string; message: string }): Promise<void>;
}
