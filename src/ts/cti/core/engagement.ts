import type { CallAction, CallPhase, CloseReason, Direction, EndedBy, EventId, FusionData } from './types';
import { closeReasonFor, closeReasonForFailedDial } from './closeReason';
import type { OutboundFailure } from './outboundFailure';

/**
 * One engagement per call, keyed by the eventId Fusion sees. Its life is two tables, both data:
 * VENDOR_TABLE (state × what the vendor reports → next state and what Fusion must be told) and
 * COMMAND_TABLE (state × what the agent asks for → a vendor request, nothing, or a refusal).
 * vendorTransition() reads the first as a pure `transition(state, input) → [next, effects]`, the shape of xstate's
 * pure transition (https://stately.ai/docs/pure-transitions); the mediator carries out the effects.
 */
export type EngagementState = 'ringing' | 'dialing' | 'connected' | 'wrapup' | 'ended';

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
}

export type VendorVerb = 'acceptCall' | 'rejectCall' | 'hangupCall';

/** What the vendor reported about a call that already has an engagement. */
export type VendorInput =
  | { readonly kind: 'connected' }
  | { readonly kind: 'ended'; readonly phase: CallPhase; readonly endedBy: EndedBy }
  /** A dial failed; what Fusion's outboundCommError is told comes along (outboundFailure.ts makes it usable). */
  | ({ readonly kind: 'outboundFailed' } & OutboundFailure);

/** The columns of the vendor table: an end of call is two columns, since where the call was decides where it goes. */
type VendorInputColumn = 'connected' | 'ended while ringing' | 'ended while connected' | 'outboundFailed';

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
const OFFERED: Readonly<Record<Exclude<VendorInputColumn, 'outboundFailed'>, VendorCell>> = {
  connected: { to: 'connected', effects: ['startComm'] },
  'ended while ringing': { to: 'ended', effects: ['closeComm'], closesAs: 'ringing' },
  // The vendor saw the call connect although that report never came: the call went to wrap-up.
  'ended while connected': { to: 'wrapup', effects: ['startComm', 'closeComm'], closesAs: 'connected' },
};

export const VENDOR_TABLE: Readonly<Record<EngagementState, Readonly<Record<VendorInputColumn, VendorCell>>>> = {
  ringing: { ...OFFERED, outboundFailed: { absorb: 'an inbound call cannot fail to dial' } },
  dialing: { ...OFFERED, outboundFailed: { to: 'ended', effects: ['outboundError', 'closeComm'], closesAs: 'ringing' } },
  connected: {
    connected: { absorb: 'already connected' },
    // Once connected, the call ends connected whatever phase the vendor names.
    'ended while ringing': { to: 'wrapup', effects: ['closeComm'], closesAs: 'connected' },
    'ended while connected': { to: 'wrapup', effects: ['closeComm'], closesAs: 'connected' },
    outboundFailed: { absorb: 'the call is already connected' },
  },
  wrapup: { connected: ALREADY_ENDED, 'ended while ringing': ALREADY_ENDED, 'ended while connected': ALREADY_ENDED, outboundFailed: ALREADY_ENDED },
  ended: { connected: ALREADY_ENDED, 'ended while ringing': ALREADY_ENDED, 'ended while connected': ALREADY_ENDED, outboundFailed: ALREADY_ENDED },
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
export type CommandPlan =
  | { readonly kind: 'vendor'; readonly verb: VendorVerb }
  /** Already done (a duplicate from another source, or the call is gone): succeed without asking the vendor. */
  | { readonly kind: 'done' }
  | { readonly kind: 'invalid'; readonly message: string };

const CALL_HAS_ENDED: CommandPlan = { kind: 'invalid', message: 'The call has already ended.' };

export const COMMAND_TABLE: Readonly<Record<EngagementState, Readonly<Record<CallAction, CommandPlan>>>> = {
  ringing: {
    accept: { kind: 'vendor', verb: 'acceptCall' },
    reject: { kind: 'vendor', verb: 'rejectCall' },
    hangup: { kind: 'vendor', verb: 'rejectCall' }, // hanging up a call that rings is declining it
  },
  dialing: {
    accept: { kind: 'invalid', message: 'An outgoing call cannot be answered.' },
    reject: { kind: 'vendor', verb: 'hangupCall' }, // cancel the dialing
    hangup: { kind: 'vendor', verb: 'hangupCall' },
  },
  connected: {
    accept: { kind: 'done' },
    reject: { kind: 'invalid', message: 'The call is already answered: hang up instead.' },
    hangup: { kind: 'vendor', verb: 'hangupCall' },
  },
  wrapup: { accept: CALL_HAS_ENDED, reject: { kind: 'done' }, hangup: { kind: 'done' } },
  ended: { accept: CALL_HAS_ENDED, reject: { kind: 'done' }, hangup: { kind: 'done' } },
};

export function commandPlan(state: EngagementState, action: CallAction): CommandPlan {
  return COMMAND_TABLE[state][action];
}
