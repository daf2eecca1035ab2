import type { DirectoryEntry, EventId, NotReadyReason, TransferDestination, TransferMode, VendorEventListener } from '../core/types';
import type { SignInControl } from '../signin/tokenSignIn';

/** What a vendor can do beyond the verbs every handler has. The toolbar hides what a vendor lacks. */
export interface VendorCapabilities {
  readonly outboundCalls: boolean;
  /** The vendor keeps the agent in after-call work until the toolbar says the wrap-up is done. */
  readonly afterCallWork: boolean;
  /** holdCall / resumeCall: the customer waits (hearing the vendor's hold music) while the agent is away. */
  readonly hold: boolean;
  /** muteCall / unmuteCall: the agent's microphone on the call; only where the vendor, not the agent's own phone, mutes. */
  readonly mute: boolean;
  /** sendDigits: DTMF tones to the far side (an IVR, a conference PIN). */
  readonly digits: boolean;
  /** transferCall (blind and consult), completeTransfer and cancelTransfer. */
  readonly transfer: boolean;
  /** conferenceCall: a consult's third party joins the agent and the customer. Needs transfer. */
  readonly conference: boolean;
  /** transferDirectory: the vendor lists named destinations (Amazon Connect's quick connects). */
  readonly transferDirectory: boolean;
  /** notReadyReasons: the agent may say why they take no calls, from the vendor's list. */
  readonly notReadyReasons: boolean;
}

/**
 * The pluggable telephony vendor (Oracle's tutorial keeps its verbs). Every call verb names its engagement.
 * A handler reports what happens at the vendor, whoever caused it, through the listener given to start():
 * the core never learns of a change from a verb's return value, only from events.
 * A verb resolves once the vendor accepted the request, and rejects with a VendorError (core/errors.ts): a code from the shared
 * set (LINK_DOWN before start() and after stop(), or while the link is down; NOT_FOUND for a call the vendor does
 * not have; REFUSED, INVALID_IN_STATE, TIMEOUT, … as the vendor answered) and a message an agent can read. The core
 * takes any other rejection as REFUSED.
 *
 * A handler need not remember the calls that ended so that Fusion hears each call's story once: the core's memory of
 * ended calls absorbs late and repeated reports for every vendor (core/engagements.ts). A handler keeps such a memory
 * only for its own bookkeeping, and says what for (the Amazon handler with core/boundedSet.ts, the Genesys handler in its pure call book's list of ended calls).
 */
export interface ICtiVendorHandler {
  /** The name shown to the agent, e.g. "Amazon Connect". */
  readonly displayName: string;
  readonly capabilities: VendorCapabilities;

  /** Connects to the vendor and starts reporting events; resolves once connected. */
  start(listener: VendorEventListener): Promise<void>;
  /** Disconnects and stops reporting. */
  stop(): Promise<void>;

  makeAgentAvailable(): Promise<void>;
  /**
   * `reasonCode`: one of notReadyReasons()' codes (only when capabilities.notReadyReasons); without it the vendor's
   * default. The presence the vendor then reports carries the reason (AgentPresence.reasonCode and displayName).
   */
  makeAgentUnavailable(reasonCode?: string): Promise<void>;
  /** The reasons the agent may give, in the vendor's order (capabilities.notReadyReasons). */
  notReadyReasons(): Promise<readonly NotReadyReason[]>;
  /** Places a call whose events the handler reports under the given eventId. */
  makeOutboundCall(phoneNumber: string, eventId: EventId): Promise<void>;
  acceptCall(eventId: EventId): Promise<void>;
  rejectCall(eventId: EventId): Promise<void>;
  hangupCall(eventId: EventId): Promise<void>;
  /** Ends after-call work (only called when capabilities.afterCallWork). */
  completeWrapup(eventId: EventId): Promise<void>;

  /**
   * The call controls of a connected call, each called only when its capability is declared (a vendor without it
   * rejects with NOT_SUPPORTED). Like every verb they resolve once the vendor accepted the request; what changed is
   * reported as events ('held', 'resumed', 'muted', 'unmuted'), whoever caused it: the toolbar, or the agent at the
   * phone (the CCP's own Hold button). A call that is not connected rejects with INVALID_IN_STATE.
   */
  holdCall(eventId: EventId): Promise<void>;
  resumeCall(eventId: EventId): Promise<void>;
  muteCall(eventId: EventId): Promise<void>;
  unmuteCall(eventId: EventId): Promise<void>;
  /**
   * Sends DTMF digits on a connected call: `digits` is 1 to 32 of 0-9 * # and ',' (a pause), checked by the core
   * (core/dtmf.ts) before it calls. Nothing is reported: the far side hears the tones.
   */
  sendDigits(eventId: EventId, digits: string): Promise<void>;

  /**
   * Transfers a connected call (capabilities.transfer). 'blind': the call goes to the destination and leaves the
   * agent, reported as 'transferred' (or, if the destination cannot be reached, the verb rejects and the call stays).
   * 'consult': the customer is put on hold ('held') and the destination called ('thirdParty' dialing, then talking
   * once it answers, or null with why it left). The destination was checked by the core (core/transferDestination.ts).
   */
  transferCall(eventId: EventId, destination: TransferDestination, options: { readonly mode: TransferMode }): Promise<void>;
  /** Completes a consult whose third party talks: the customer goes to it, reported as 'transferred'. */
  completeTransfer(eventId: EventId): Promise<void>;
  /**
   * Cancels a consult, dialing or talking: the third party is dropped ('thirdParty' null, 'cancelled') and the
   * customer taken back ('resumed').
   */
  cancelTransfer(eventId: EventId): Promise<void>;
  /**
   * Joins a consult's talking third party with the agent and the customer (capabilities.conference): reported as
   * 'resumed' and 'thirdParty' conferenced. Hanging up then takes the agent out ('ended' by the agent); the customer
   * and the third party talk on.
   *
   * Whenever the customer leaves a call with a third party (during a consult or a conference), the handler reports
   * 'ended' and releases what is left of the agent's side, so that the agent is free for the next call.
   */
  conferenceCall(eventId: EventId): Promise<void>;
  /** The named destinations the agent may pick (capabilities.transferDirectory), in the vendor's order. */
  transferDirectory(): Promise<readonly DirectoryEntry[]>;

  /** Present when the agent signs in to the vendor through the toolbar: the view offers Sign in and says who. */
  readonly signIn?: SignInControl;
  /**
   * The agent the vendor's sign-in names (e.g. an OpenID provider's claim), or null while nobody is signed in; absent
   * when the vendor has no sign-in of the toolbar's. The core compares it with the agent Fusion names.
   */
  signedInAgent?(): string | null;
}
