import type { CallAction, CallPhase, CloseReason, Direction, EndedBy, EventId, FusionData } from './types';
import { closeReasonFor } from './closeReason';

/**
 * One engagement per call, keyed by the eventId Fusion sees. Its life is a table of transitions:
 * what the vendor reports moves it, what the agent asks for becomes a vendor request (or is absorbed).
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
}

export type VendorVerb = 'acceptCall' | 'rejectCall' | 'hangupCall';

/** What the vendor reported about a call that already has an engagement. */
export type VendorInput =
  | { readonly kind: 'connected' }
  | { readonly kind: 'ended'; readonly phase: CallPhase; readonly endedBy: EndedBy }
  | { readonly kind: 'outboundFailed' };

/** What Fusion must be told as a consequence of a transition, in order. */
export type FusionEffect =
  | { readonly kind: 'startComm' }
  | { readonly kind: 'outboundError' }
  | { readonly kind: 'closeComm'; readonly reason: CloseReason };

export type Transition =
  | { readonly kind: 'move'; readonly to: EngagementState; readonly effects: readonly FusionEffect[] }
  /** A duplicate or late report: nothing changes and Fusion hears nothing. */
  | { readonly kind: 'absorb'; readonly why: string };

function absorb(why: string): Transition {
  return { kind: 'absorb', why };
}

function end(direction: Direction, phase: CallPhase, endedBy: EndedBy): Transition {
  const reason = closeReasonFor(direction, phase, endedBy);
  return { kind: 'move', to: reason === 'WRAPUP' ? 'wrapup' : 'ended', effects: [{ kind: 'closeComm', reason }] };
}

/** The vendor side of the table: state × vendor input → transition. */
export function vendorTransition(state: EngagementState, direction: Direction, input: VendorInput): Transition {
  switch (state) {
    case 'ringing':
    case 'dialing':
      switch (input.kind) {
        case 'connected':
          return { kind: 'move', to: 'connected', effects: [{ kind: 'startComm' }] };
        case 'ended':
          // A vendor that saw the call connect although we missed that report: the call went to wrap-up.
          if (input.phase === 'connected') {
            const reason = closeReasonFor(direction, 'connected', input.endedBy);
            return { kind: 'move', to: 'wrapup', effects: [{ kind: 'startComm' }, { kind: 'closeComm', reason }] };
          }
          return end(direction, 'ringing', input.endedBy);
        case 'outboundFailed':
          return state === 'dialing'
            ? { kind: 'move', to: 'ended', effects: [{ kind: 'outboundError' }, { kind: 'closeComm', reason: closeReasonFor(direction, 'ringing', 'system') }] }
            : absorb('an inbound call cannot fail to dial');
      }
      break;
    case 'connected':
      switch (input.kind) {
        case 'connected':
          return absorb('already connected');
        case 'ended':
          return end(direction, 'connected', input.endedBy);
        case 'outboundFailed':
          return absorb('the call is already connected');
      }
      break;
    case 'wrapup':
    case 'ended':
      return absorb('the call has already ended');
  }
}

/** What an agent's action on an engagement in a given state comes to. */
export type CommandPlan =
  | { readonly kind: 'vendor'; readonly verb: VendorVerb }
  /** Already done (a duplicate from another source, or the call is gone): succeed without asking the vendor. */
  | { readonly kind: 'done' }
  | { readonly kind: 'invalid'; readonly message: string };

const CALL_HAS_ENDED: CommandPlan = { kind: 'invalid', message: 'The call has already ended.' };

const COMMAND_TABLE: Readonly<Record<EngagementState, Readonly<Record<CallAction, CommandPlan>>>> = {
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
