import type { CallAction, CallControl, CallPhase, CloseReason, Direction, EndedBy, EventId, FusionData, ThirdParty, ThirdPartyGone } from './types';
import { closeReasonFor, closeReasonForFailedDial } from './closeReason';
import type { OutboundFailure } from './outboundFailure';
import { type AgentMessage, say } from './agentMessages';

/**
 * One engagement per call, keyed by the eventId Fusion sees. Its life is two tables, both data:
 * VENDOR_TABLE (state × what the vendor reports → next state and what Fusion must be told) and
 * COMMAND_TABLE (state × what the agent asks for → a vendor request, nothing, or a refusal).
 * vendorTransition() reads the first as a pure `transition(state, input) → [next, effects]`, the shape of xstate's
 * pure transition (https://stately.ai/docs/pure-transitions); the mediator carries out the effects.
 */
export type EngagementState = 'ringing' | 'dialing' | 'connected' | 'held' | 'wrapup' | 'ended';

/** A call the agent talks on (held included): the one whose mute and third party mean something. */
export function isTalking(state: EngagementState): boolean {
  return state === 'connected' || state === 'held';
}

export interface Engagement {
  readonly eventId: EventId;
  readonly direction: Direction;
  readonly phoneNumber: string;
  state: EngagementState;
  /** When the engagement entered its current state (ms since epoch). */
  stateSince: number;
  /** Tokens for start/close: the click-to-dial payload, then Fusion's newCommEvent outData merged in. */
  fusionData: FusionData;
  /** The vendor request sent and not yet answered by a vendor report; a repeat of it is absorbed. */
  requested?: VendorVerb;
  /** Fusion refused its newCommEvent, so Fusion has no engagement of it: nothing more of it is published. */
  unknownToFusion?: boolean;
  /** The vendor reported the agent's microphone muted on this call (an attribute of a talked call, not a state). */
  muted?: boolean;
  /** The consult or conference party of a talked call, as the vendor last reported it (an attribute, like muted). */
  thirdParty?: ThirdParty;
  /** Why the last third party left, until another comes: the toolbar tells the agent (refused, busy, …). */
  thirdPartyGone?: ThirdPartyGone;
  /** Present on a call another agent (or a flow) transferred here; `from` as the vendor names it. */
  transfer?: { readonly from?: string };
  /** When the call first connected, and when its talk ended (it reached wrap-up), for the recent calls' durations. */
  connectedAt?: number;
  talkEndedAt?: number;
  /** The reason of the call's first closeCommEvent, and where the vendor reported a talked call transferred to. */
  closedAs?: CloseReason;
  transferredTo?: string;
}

/** The vendor requests that move a call from one state to another; one at a time per call (Engagement.requested). */
export type VendorVerb =
  | 'acceptCall'
  | 'rejectCall'
  | 'hangupCall'
  | 'holdCall'
  | 'resumeCall'
  | 'transferCall'
  | 'completeTransfer'
  | 'cancelTransfer'
  | 'conferenceCall';

/** What the vendor reported about a call that already has an engagement. */
export type VendorInput =
  | { readonly kind: 'connected' }
  | { readonly kind: 'held' }
  | { readonly kind: 'resumed' }
  /** The call left the agent by a transfer: to Fusion, a talked call that ended (UEF has no transfer, see below). */
  | { readonly kind: 'transferred' }
  | { readonly kind: 'ended'; readonly phase: CallPhase; readonly endedBy: EndedBy }
  /** A dial failed; what Fusion's outboundCommError is told comes along (outboundFailure.ts makes it usable). */
  | ({ readonly kind: 'outboundFailed' } & OutboundFailure);

/** The columns of the vendor table: an end of call is two columns, since where the call was decides where it goes. */
type VendorInputColumn = 'connected' | 'held' | 'resumed' | 'transferred' | 'ended while ringing' | 'ended while connected' | 'outboundFailed';

export function columnOf(input: VendorInput): VendorInputColumn {
  if (input.kind !== 'ended') return input.kind;
  return input.phase === 'connected' ? 'ended while connected' : 'ended while ringing';
}

/** What Fusion must be told as a consequence of a transition, in order. */
export type FusionEffect =
  | { readonly kind: 'startComm' }
  | ({ readonly kind: 'outboundError' } & OutboundFailure)
  | { readonly kind: 'closeComm'; readonly reason: CloseReason };

export type Transition =
  | { readonly kind: 'move'; readonly to: EngagementState; readonly effects: readonly FusionEffect[] }
  /** A duplicate or late report: nothing changes and Fusion hears nothing. */
  | { readonly kind: 'absorb'; readonly why: string };

/**
 * A cell of the vendor table. 'closeComm' names no reason: closeReason.ts gives it from the call's direction, the
 * phase the call ended in (the cell's closesAs) and who ended it (the report's endedBy; 'system' for a failed dial).
 */
type VendorCell =
  | { readonly to: EngagementState; readonly effects: ReadonlyArray<FusionEffect['kind']>; readonly closesAs?: CallPhase }
  | { readonly absorb: string };

const ALREADY_ENDED: VendorCell = { absorb: 'the call has already ended' };
const ENDED_ROW: Readonly<Record<VendorInputColumn, VendorCell>> = {
  connected: ALREADY_ENDED,
  held: ALREADY_ENDED,
  resumed: ALREADY_ENDED,
  transferred: ALREADY_ENDED,
  'ended while ringing': ALREADY_ENDED,
  'ended while connected': ALREADY_ENDED,
  outboundFailed: ALREADY_ENDED,
};
/**
 * Once talked, a call ends in wrap-up whatever phase the vendor names, and so does a call transferred away: UEF
 * defines no transfer operation and no TRANSFERRED close reason (its closeCommEvent reasons,
 * https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/closecommevent.html, and the typings of
 * uiEventsFramework.d.ts name none; only the legacy MCA API had transferCommEvent), and the agent who transferred a
 * call still wraps it up.
 */
const TALKED_CALL_ENDS: Pick<Record<VendorInputColumn, VendorCell>, 'transferred' | 'ended while ringing' | 'ended while connected'> = {
  transferred: { to: 'wrapup', effects: ['closeComm'], closesAs: 'connected' },
  'ended while ringing': { to: 'wrapup', effects: ['closeComm'], closesAs: 'connected' },
  'ended while connected': { to: 'wrapup', effects: ['closeComm'], closesAs: 'connected' },
};
const OFFERED: Readonly<Record<Exclude<VendorInputColumn, 'outboundFailed'>, VendorCell>> = {
  connected: { to: 'connected', effects: ['startComm'] },
  // The vendor saw the call connect although that report never came (a reconnect's snapshot of a held call).
  held: { to: 'held', effects: ['startComm'] },
  resumed: { to: 'connected', effects: ['startComm'] },
  // Only an agent transfers, and only a talked call: an offered call that went elsewhere (a flow took it back) is
  // one nobody here answered in time.
  transferred: { to: 'ended', effects: ['closeComm'], closesAs: 'ringing' },
  'ended while ringing': { to: 'ended', effects: ['closeComm'], closesAs: 'ringing' },
  // The vendor saw the call connect although that report never came: the call went to wrap-up.
  'ended while connected': { to: 'wrapup', effects: ['startComm', 'closeComm'], closesAs: 'connected' },
};

export const VENDOR_TABLE: Readonly<Record<EngagementState, Readonly<Record<VendorInputColumn, VendorCell>>>> = {
  ringing: { ...OFFERED, outboundFailed: { absorb: 'an inbound call cannot fail to dial' } },
  dialing: { ...OFFERED, outboundFailed: { to: 'ended', effects: ['outboundError', 'closeComm'], closesAs: 'ringing' } },
  // Fusion hears nothing of a hold: UEF's phone operations have none (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/phonecontext.html).
  connected: {
    connected: { absorb: 'already connected' },
    held: { to: 'held', effects: [] },
    // Handlers may report a talked call's hold state on every snapshot: "not on hold" of a live call is no news.
    resumed: { absorb: 'not on hold' },
    ...TALKED_CALL_ENDS,
    outboundFailed: { absorb: 'the call is already connected' },
  },
  held: {
    // Only 'resumed' takes a call off hold: a snapshot's "connected" says nothing of the hold.
    connected: { absorb: 'already connected, and on hold' },
    held: { absorb: 'already on hold' },
    resumed: { to: 'connected', effects: [] },
    ...TALKED_CALL_ENDS,
    outboundFailed: { absorb: 'the call is already connected' },
  },
  wrapup: ENDED_ROW,
  ended: ENDED_ROW,
};

/** The vendor side of the table: state × vendor input → transition. */
export function vendorTransition(state: EngagementState, direction: Direction, input: VendorInput): Transition {
  const cell = VENDOR_TABLE[state][columnOf(input)];
  if ('absorb' in cell) return { kind: 'absorb', why: cell.absorb };
  const closesAs = cell.closesAs ?? 'ringing';
  return { kind: 'move', to: cell.to, effects: cell.effects.map((kind) => effectOf(kind, direction, closesAs, input)) };
}

function effectOf(kind: FusionEffect['kind'], direction: Direction, closesAs: CallPhase, input: VendorInput): FusionEffect {
  switch (kind) {
    case 'startComm':
      return { kind };
    case 'closeComm':
      if (input.kind === 'outboundFailed') return { kind, reason: closeReasonForFailedDial(input.errorCode) };
      return { kind, reason: closeReasonFor(direction, closesAs, input.kind === 'ended' ? input.endedBy : 'system') };
    case 'outboundError':
      // Only the outboundFailed column has this effect (engagement.test.ts holds the table to it).
      if (input.kind !== 'outboundFailed') throw new Error(`The vendor table asks for outboundCommError on ${input.kind}.`);
      return { kind, errorCode: input.errorCode, message: input.message };
  }
}

/** What an agent's action on an engagement in a given state comes to. */
export type CommandPlan<V extends string = VendorVerb> =
  | { readonly kind: 'vendor'; readonly verb: V }
  /** Already done (a duplicate from another source, or the call is gone): succeed without asking the vendor. */
  | { readonly kind: 'done' }
  | { readonly kind: 'invalid'; readonly message: AgentMessage };

const CALL_HAS_ENDED: CommandPlan = { kind: 'invalid', message: say('callHasEnded') };
const ALREADY_ANSWERED: CommandPlan = { kind: 'invalid', message: say('alreadyAnswered') };

/**
 * Where a call stands for the agent's actions: its state, and for a talked call with a third party whether the
 * agent is consulting (the customer on hold; the third party being called, or talking) or in a conference.
 */
export type Situation = EngagementState | 'consultDialing' | 'consultTalking' | 'conference';

export function situationOf(engagement: Pick<Engagement, 'state' | 'thirdParty'>): Situation {
  const { state, thirdParty } = engagement;
  if (!thirdParty || !isTalking(state)) return state;
  // A conference held at the agent's phone is a held call: Resume takes it back.
  if (thirdParty.state === 'conferenced') return state === 'held' ? 'held' : 'conference';
  return thirdParty.state === 'dialing' ? 'consultDialing' : 'consultTalking';
}

const TALKED_CALL_ACTIONS: Readonly<Record<CallAction, CommandPlan>> = {
  accept: { kind: 'done' },
  reject: ALREADY_ANSWERED,
  hangup: { kind: 'vendor', verb: 'hangupCall' },
};
/** While consulting, hanging up would leave the customer with the third party or alone on hold: the agent decides which. */
const CONSULT_ACTIONS: Readonly<Record<CallAction, CommandPlan>> = {
  ...TALKED_CALL_ACTIONS,
  hangup: { kind: 'invalid', message: say('finishTransferFirst') },
};

export const COMMAND_TABLE: Readonly<Record<Situation, Readonly<Record<CallAction, CommandPlan>>>> = {
  ringing: {
    accept: { kind: 'vendor', verb: 'acceptCall' },
    reject: { kind: 'vendor', verb: 'rejectCall' },
    hangup: { kind: 'vendor', verb: 'rejectCall' }, // hanging up a call that rings is declining it
  },
  dialing: {
    accept: { kind: 'invalid', message: say('outgoingCannotBeAnswered') },
    reject: { kind: 'vendor', verb: 'hangupCall' }, // cancel the dialing
    hangup: { kind: 'vendor', verb: 'hangupCall' },
  },
  connected: TALKED_CALL_ACTIONS,
  held: TALKED_CALL_ACTIONS,
  consultDialing: CONSULT_ACTIONS,
  consultTalking: CONSULT_ACTIONS,
  // Hanging up a conference takes the agent out; the customer and the third party talk on.
  conference: TALKED_CALL_ACTIONS,
  wrapup: { accept: CALL_HAS_ENDED, reject: { kind: 'done' }, hangup: { kind: 'done' } },
  ended: { accept: CALL_HAS_ENDED, reject: { kind: 'done' }, hangup: { kind: 'done' } },
};

export function commandPlan(situation: Situation, action: CallAction): CommandPlan {
  return COMMAND_TABLE[situation][action];
}

/**
 * The call controls the toolbar offers on a talked call (never Fusion: UEF's interaction commands are accept,
 * disconnect, reject and setActive, https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/ontoolbarinteractioncommand.html).
 * Mute is an attribute of the call, not a state: muting a muted call is 'done', decided by the mediator.
 */
export type ControlVerb = 'muteCall' | 'unmuteCall' | 'sendDigits';

/** The verbs a control may ask of the vendor: the hold and transfer verbs move the call, the others leave it where it is. */
type ControlPlan = CommandPlan<Exclude<VendorVerb, 'acceptCall' | 'rejectCall' | 'hangupCall'> | ControlVerb>;

/** One plan for every control (a call that does not talk, or talks no more). */
function everyControl(plan: ControlPlan): Readonly<Record<CallControl, ControlPlan>> {
  return {
    hold: plan,
    resume: plan,
    mute: plan,
    unmute: plan,
    digits: plan,
    transfer: plan,
    completeTransfer: plan,
    conference: plan,
    cancelTransfer: plan,
  };
}
const NOT_TALKING = everyControl({ kind: 'invalid', message: say('notAnsweredYet') });
const ENDED_CONTROLS = everyControl(CALL_HAS_ENDED);
const NO_CONSULT: ControlPlan = { kind: 'invalid', message: say('noTransferUnderWay') };
const MICROPHONE = {
  mute: { kind: 'vendor', verb: 'muteCall' },
  unmute: { kind: 'vendor', verb: 'unmuteCall' },
} as const;
const CONSULTING = {
  ...MICROPHONE,
  hold: { kind: 'done' },
  resume: { kind: 'invalid', message: say('customerWaitsWhileConsulting') },
  digits: { kind: 'invalid', message: say('customerHeldWhileConsulting') },
  transfer: { kind: 'invalid', message: say('transferAlreadyUnderWay') },
  cancelTransfer: { kind: 'vendor', verb: 'cancelTransfer' },
} as const;

export const CONTROL_TABLE: Readonly<Record<Situation, Readonly<Record<CallControl, ControlPlan>>>> = {
  ringing: NOT_TALKING,
  dialing: NOT_TALKING,
  connected: {
    ...MICROPHONE,
    hold: { kind: 'vendor', verb: 'holdCall' },
    resume: { kind: 'done' },
    digits: { kind: 'vendor', verb: 'sendDigits' },
    transfer: { kind: 'vendor', verb: 'transferCall' },
    completeTransfer: NO_CONSULT,
    conference: NO_CONSULT,
    cancelTransfer: NO_CONSULT,
  },
  held: {
    ...MICROPHONE,
    hold: { kind: 'done' },
    resume: { kind: 'vendor', verb: 'resumeCall' },
    // The customer hears the hold music, not the tones.
    digits: { kind: 'invalid', message: say('heldNoKeypad') },
    transfer: { kind: 'invalid', message: say('heldNoTransfer') },
    completeTransfer: NO_CONSULT,
    conference: NO_CONSULT,
    cancelTransfer: NO_CONSULT,
  },
  consultDialing: {
    ...CONSULTING,
    completeTransfer: { kind: 'invalid', message: say('targetNotAnswered') },
    conference: { kind: 'invalid', message: say('targetNotAnswered') },
  },
  consultTalking: {
    ...CONSULTING,
    completeTransfer: { kind: 'vendor', verb: 'completeTransfer' },
    conference: { kind: 'vendor', verb: 'conferenceCall' },
  },
  conference: {
    ...MICROPHONE,
    hold: { kind: 'invalid', message: say('conferenceNoHold') },
    resume: { kind: 'done' },
    // Tones go to everyone on the call, as on any phone in a conference.
    digits: { kind: 'vendor', verb: 'sendDigits' },
    transfer: { kind: 'invalid', message: say('alreadyConference') },
    completeTransfer: { kind: 'invalid', message: say('alreadyConferenceLeave') },
    conference: { kind: 'done' },
    cancelTransfer: { kind: 'invalid', message: say('alreadyConferenceLeave') },
  },
  wrapup: ENDED_CONTROLS,
  ended: ENDED_CONTROLS,
};

export function controlPlan(situation: Situation, control: CallControl): ControlPlan {
  return CONTROL_TABLE[situation][control];
}
