/**
 * The contracts of the engagement core: what vendors report, what Fusion commands, what the core publishes.
 * Pure TypeScript: no DOM, no JET, no vendor SDK.
 */
import { type AgentMessage, inEnglish } from './agentMessages';
import type { ErrorLineReporter } from './errorLine';
import type { OutboundErrorCode, VendorErrorCode } from './errors';

/** The id Fusion sees for the whole call (Amazon: contactId; Genesys: CallUuid or ConnID). */
export type EventId = string;

export type Direction = 'inbound' | 'outbound';

/** Where the call was when it ended: still offered (ringing or dialing), or talking. */
export type CallPhase = 'ringing' | 'connected';

/** Who ended the call, as far as the vendor can tell. 'system': nobody did (ring timeout, routing, network). */
export type EndedBy = 'agent' | 'customer' | 'system';

/**
 * Fusion's closeCommEvent reasons, all seven Oracle defines
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/closecommevent.html); closeReason.ts says which end of
 * call gives which. ENDCOMMUNICATION is never a call's first close: it follows WRAPUP to close Fusion's Wrap Up page.
 */
export type CloseReason = 'ABANDONED' | 'CANCELED' | 'ENDCOMMUNICATION' | 'MISSED' | 'REJECT' | 'TIMEOUT' | 'WRAPUP';

export type LinkStatus = 'connecting' | 'connected' | 'reconnecting' | 'down';

/** The agent's presence as published to Fusion (agentStateEventOperation). */
export interface AgentPresence {
  readonly loggedIn: boolean;
  readonly available: boolean;
  /** Fusion's state code, e.g. AVAILABLE, UNAVAILABLE, LOGGED_OUT. */
  readonly stateCode: string;
  /** What Fusion shows, e.g. "Available", "Lunch break": the phone system's name for the state, or the toolbar's in English. */
  readonly displayName: string;
  /**
   * The toolbar's own words for the state, when the name is the toolbar's rather than the phone system's (Genesys'
   * "Not ready", a placeholder while connecting): the toolbar shows them in the agent's language. Without it the
   * toolbar shows displayName as it is (an Amazon Connect agent state, a configured reason: a site's own words).
   */
  readonly label?: AgentMessage;
  readonly reasonCode?: string;
}

/** A presence named in the toolbar's words: its label, and the same in English for Fusion. */
export function presenceNamed(presence: Omit<AgentPresence, 'displayName' | 'label'>, label: AgentMessage): AgentPresence {
  return { ...presence, displayName: inEnglish(label), label };
}

/**
 * Where the agent transfers a call, or whom the agent consults: a number (an extension or an outside number, as the
 * agent typed it) or an entry of the vendor's directory (Amazon Connect's quick connects, from transferDirectory()).
 */
export type TransferDestination =
  | { readonly kind: 'number'; readonly phoneNumber: string }
  | { readonly kind: 'directory'; readonly id: string; readonly name: string };

/** A named destination the vendor offers for transfers (an agent, a queue, an outside number). */
export interface DirectoryEntry {
  /** The vendor's id, passed back in a TransferDestination of kind 'directory'. */
  readonly id: string;
  /** What the agent reads, e.g. "Billing queue". */
  readonly name: string;
  readonly kind: 'agent' | 'queue' | 'number';
}

/**
 * 'blind': the call goes to the destination at once and leaves the agent. 'consult': the customer waits on hold
 * while the agent talks with the destination, then completes the transfer, joins all three in a conference, or
 * cancels and goes back to the customer.
 */
export type TransferMode = 'blind' | 'consult';

/**
 * The third party of a talked call, as the vendor reports it: being called for a consult (the customer on hold),
 * talking with the agent (the customer still on hold), or in a conference with the agent and the customer.
 */
export const THIRD_PARTY_STATES = ['dialing', 'talking', 'conferenced'] as const;

export interface ThirdParty {
  /** What the agent reads: the number dialled, or the directory entry's name. */
  readonly destination: string;
  readonly state: (typeof THIRD_PARTY_STATES)[number];
}

/**
 * Why a third party left the call: the agent cancelled the consult, the destination refused the call, was busy, did
 * not answer, hung up (a consult or a conference), or the vendor could not reach it.
 */
export const THIRD_PARTY_GONE = ['cancelled', 'refused', 'busy', 'noAnswer', 'hungUp', 'failed'] as const;
export type ThirdPartyGone = (typeof THIRD_PARTY_GONE)[number];

/** A reason an agent may give for not taking calls (lunch, training), as the vendor or its configuration names it. */
export interface NotReadyReason {
  /** What the vendor is sent and reports back (Amazon Connect: the agent state's name; Genesys: the reason code). */
  readonly code: string;
  /** What the agent reads. */
  readonly name: string;
}

/**
 * A not-ready reason code as the core takes it: letters, digits, spaces and punctuation, bounded (the bridge's rule
 * is 64). A vendor that lists reasons from configuration checks them against it, so none is listed that the core
 * would refuse when picked.
 */
export const REASON_CODE = /^[\p{L}\p{N}\p{P}\p{S} ]{1,64}$/u;

/** Everything a vendor handler can report to the core. */
export type VendorEvent =
  /**
   * A call rings at the agent. `transfer` is present when another agent (or a flow) transferred it here: the customer
   * is still `phoneNumber`, and `from` names who transferred it where the vendor tells. A call that arrives again (sent
   * back to this agent after a transfer) needs an eventId of its own: the core takes a report of an eventId that
   * ended as a late echo of that call, and absorbs it.
   */
  | { readonly type: 'incoming'; readonly eventId: EventId; readonly phoneNumber: string; readonly transfer?: { readonly from?: string } }
  /** An outbound call is being placed (from the toolbar, Fusion or the vendor's own phone). */
  | { readonly type: 'dialing'; readonly eventId: EventId; readonly phoneNumber: string }
  | { readonly type: 'connected'; readonly eventId: EventId }
  /** The call is on hold (the customer waits) or back from it; reported again on a reconnect's snapshot. */
  | { readonly type: 'held'; readonly eventId: EventId }
  | { readonly type: 'resumed'; readonly eventId: EventId }
  /** The agent's microphone on the call is muted, or open again. */
  | { readonly type: 'muted'; readonly eventId: EventId }
  | { readonly type: 'unmuted'; readonly eventId: EventId }
  /**
   * The call's third party changed: a consult leg was placed or answered, joined a conference, or left (`party` null,
   * `gone` saying why). Reported again on a reconnect's snapshot. The customer's hold is reported on its own
   * ('held' when a consult starts, 'resumed' when a conference joins or the agent takes the customer back).
   */
  | { readonly type: 'thirdParty'; readonly eventId: EventId; readonly party: ThirdParty | null; readonly gone?: ThirdPartyGone }
  /**
   * The call left the agent by a transfer (blind, or a consult completed): the customer now talks with `destination`.
   * It takes the place of 'ended' for this call.
   */
  | { readonly type: 'transferred'; readonly eventId: EventId; readonly destination: string }
  | { readonly type: 'ended'; readonly eventId: EventId; readonly phase: CallPhase; readonly endedBy: EndedBy }
  /**
   * A call the toolbar placed could not be placed. `message`: why, for the agent (agentMessages.ts; the phone system's
   * own words as `saidAs(text)`); Fusion's outboundCommError hears it in English.
   */
  | { readonly type: 'outboundFailed'; readonly eventId: EventId; readonly errorCode: OutboundErrorCode; readonly message: AgentMessage }
  /**
   * `onConnect`: the presence as the vendor found it on connecting or reconnecting (a snapshot), not a change; after a
   * reconnect the core restores the agent's choice if this differs from it (presenceIntent.ts).
   */
  | { readonly type: 'agentState'; readonly presence: AgentPresence; readonly onConnect?: boolean }
  /** `detail`: why the link went down, for the agent (the phone system's own words as `saidAs(text)`). */
  | { readonly type: 'link'; readonly status: LinkStatus; readonly detail?: AgentMessage }
  /** `message`: what went wrong, for the agent (agentMessages.ts; the phone system's own words as `saidAs(text)`). */
  | { readonly type: 'error'; readonly message: AgentMessage; readonly eventId?: EventId };

export type VendorEventListener = (event: VendorEvent) => void;

/** Who asked for a call action: Fusion's UI (a UEF command) or the toolbar's own buttons. */
export type CommandSource = 'fusion' | 'toolbar';

/** The call actions an agent can take on one engagement, from Fusion or the toolbar. */
export type CallAction = 'accept' | 'reject' | 'hangup';

/** The controls of a talked call, the toolbar's own (Fusion's UEF commands have none), each behind a vendor capability. */
export type CallControlRequest =
  | { readonly control: 'hold' | 'resume' | 'mute' | 'unmute' }
  /** Keypad digits, checked by core/dtmf.ts. */
  | { readonly control: 'digits'; readonly digits: string }
  /** A blind transfer, or the start of a consult; the destination is checked by core/transferDestination.ts. */
  | { readonly control: 'transfer'; readonly destination: TransferDestination; readonly mode: TransferMode }
  /** The end of a consult: the customer goes to the third party, all three talk, or the third party is dropped. */
  | { readonly control: 'completeTransfer' | 'conference' | 'cancelTransfer' };

export type CallControl = CallControlRequest['control'];

/**
 * Why a command failed. The vendor's codes (errors.ts) pass through as they are, so that Fusion's failure results
 * can tell "try again when the link is back" (LINK_DOWN, TIMEOUT) from "this call is gone" (NOT_FOUND); the others
 * are the toolbar's own: it knows no such call, has no vendor, does not know the command, got bad input, or failed
 * itself.
 */
export type ErrorCode = VendorErrorCode | 'UNKNOWN_ENGAGEMENT' | 'NO_VENDOR' | 'UNKNOWN_COMMAND' | 'BAD_INPUT' | 'TOOLBAR_ERROR';

export type CommandResult = { readonly ok: true } | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export const OK: CommandResult = { ok: true };

export type Failure = Extract<CommandResult, { ok: false }>;

export function failure(code: ErrorCode, message: string): Failure {
  return { ok: false, code, message };
}

/** Values Fusion carries in inData/outData (SVCMCA_* tokens). */
export type FusionData = Readonly<Record<string, string | number | boolean | null | undefined>>;

/** What Fusion's commands ask of the core (FusionHandler turns each UEF command into one of these). */
export interface FusionCommands {
  callAction(eventId: EventId, action: CallAction, source: CommandSource): Promise<CommandResult>;
  /** `reasonCode`: a not-ready reason the vendor listed (only when not available, and only from the toolbar). */
  setAvailability(available: boolean, source: CommandSource, reasonCode?: string): Promise<CommandResult>;
  /** Fusion's click-to-dial: the eventId and payload come from onOutgoingEvent. */
  dial(phoneNumber: string, origin?: { eventId?: EventId; fusionData?: FusionData }): Promise<CommandResult>;
  /**
   * The agent finished wrap-up: in Fusion (its Wrap Up window closed, onDataUpdated WRAPUP_CLOSED) or in the toolbar,
   * in which case Fusion is told to close its Wrap Up window (closeCommEvent ENDCOMMUNICATION).
   */
  finishWrapup(eventId: EventId, source: CommandSource): CommandResult;
  /**
   * Fusion's ringing dialog timed out (onDataUpdated OFFER_TIMEOUT): the call is declined at the vendor and closes in
   * Fusion as TIMEOUT.
   */
  offerTimedOut(eventId: EventId): Promise<CommandResult>;
  currentPresence(): AgentPresence;
  activeEngagementIds(): EventId[];
}

/**
 * What the core needs from Fusion. FusionHandler implements it over UEF. A publish Fusion refuses rejects with a
 * FusionRefusedError (errors.ts); one Fusion does not answer rejects with another error.
 */
export interface FusionPort {
  /**
   * Starts taking Fusion's commands: each goes to `commands`; what fails outside a command's own answer (a click-to-dial
   * without a number, a command that threw) goes to the toolbar's error line.
   */
  listen(commands: FusionCommands, errors: ErrorLineReporter): void;
  /** Resolves Fusion's outData (contact tokens from the reverse lookup). */
  newCommEvent(request: { eventId: EventId; direction: Direction; phoneNumber: string; inData: FusionData }): Promise<FusionData>;
  startCommEvent(request: { eventId: EventId; direction: Direction; inData: FusionData }): Promise<void>;
  closeCommEvent(request: { eventId: EventId; direction: Direction; reason: CloseReason; inData: FusionData }): Promise<void>;
  agentStateEvent(presence: AgentPresence): Promise<void>;
  outboundCommError(request: { eventId: EventId; errorCode: OutboundErrorCode; message: string }): Promise<void>;
}
