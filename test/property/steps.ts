import { saidAs } from '../../src/ts/cti/core/agentMessages';
import fc from 'fast-check';
import { OUTBOUND_ERROR_CODES, VENDOR_ERROR_CODES, type OutboundErrorCode, type VendorErrorCode } from '../../src/ts/cti/core/errors';
import type { AgentPresence, CallAction, CallControlRequest, CallPhase, CommandSource, EndedBy, LinkStatus, ThirdParty, ThirdPartyGone, VendorEvent } from '../../src/ts/cti/core/types';

/**
 * One thing that happens to the toolbar core: a command from Fusion or from the toolbar, a report from the vendor
 * (following the vendor's own life of a call, or any report at all), the vendor or Fusion answering a request it
 * held, or time passing. A run is an array of these, executed in order (storyRun.ts).
 */
export type Step =
  | { readonly kind: 'callAction'; readonly eventId: string; readonly action: CallAction; readonly source: CommandSource }
  /** A control of a talked call from the toolbar (hold, resume, mute, unmute, keypad digits, transfers). */
  | { readonly kind: 'callControl'; readonly eventId: string; readonly request: CallControlRequest }
  /** The agent finished wrap-up in Fusion (its Wrap Up window closed) or in the toolbar. */
  | { readonly kind: 'finishWrapup'; readonly eventId: string; readonly source: CommandSource }
  /** Fusion's ringing dialog timed out (onDataUpdated OFFER_TIMEOUT). */
  | { readonly kind: 'offerTimedOut'; readonly eventId: string }
  /** Fusion's click-to-dial carries its eventId; the toolbar's dial gets a new one ("out-1", "out-2", …). */
  | { readonly kind: 'dial'; readonly eventId?: string; readonly phoneNumber: string }
  | { readonly kind: 'setAvailability'; readonly available: boolean; readonly source: CommandSource }
  /** The vendor's next report about a call, as its own life of the call goes; `pick` chooses among the plausible. */
  | { readonly kind: 'vendorLife'; readonly eventId: string; readonly pick: number }
  /** Any report at all, in any order: for calls ended, unknown or never opened, and malformed ones. */
  | { readonly kind: 'vendorReport'; readonly event: VendorEvent }
  /** An earlier report again (a late duplicate); `pick` chooses which. */
  | { readonly kind: 'vendorRepeat'; readonly pick: number }
  /** The vendor answers a request it holds: done (and, if `followUp`, reports what came of it) or refused. */
  | { readonly kind: 'vendorAnswer'; readonly pick: number; readonly refusal?: Refusal; readonly followUp: boolean }
  /** Fusion answers a publish it holds (or, when Fusion answers at once, refuses the next). */
  | { readonly kind: 'fusionAnswer'; readonly pick: number; readonly ok: boolean }
  /** Every queued promise runs (a macrotask passes). */
  | { readonly kind: 'flush' };

export interface Refusal {
  readonly code: VendorErrorCode;
  readonly outboundErrorCode?: OutboundErrorCode;
}

/**
 * Few calls, so that each run takes them far: inbound calls, an outbound one (Fusion's click-to-dial, or the vendor's
 * own phone), the toolbar's first dial, and a call nobody opens unless a stray report does.
 */
export const CALL_IDS = ['c1', 'c2', 'o1', 'out-1', 'ghost'] as const;
const callId = fc.constantFrom(...CALL_IDS);
const number = fc.constantFrom('+16505550100', '+442071234567', '555');
const source = fc.constantFrom<CommandSource>('fusion', 'toolbar');
const phase = fc.constantFrom<CallPhase>('ringing', 'connected');
const endedBy = fc.constantFrom<EndedBy>('agent', 'customer', 'system');
/** Declared codes, and what a vendor might send instead (the core takes those as OUTDIAL_FAILED). */
const outboundCode = fc.constantFrom<string>(...OUTBOUND_ERROR_CODES, 'CONGESTION', '');
const presence = fc.constantFrom<AgentPresence>(
  { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' },
  { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Lunch break', reasonCode: 'LUNCH' },
  { loggedIn: false, available: false, stateCode: 'LOGGED_OUT', displayName: 'Logged out' },
);
const link = fc.constantFrom<LinkStatus>('connecting', 'connected', 'reconnecting', 'down');

const anyReport: fc.Arbitrary<VendorEvent> = fc.oneof(
  fc.record({ type: fc.constant('incoming' as const), eventId: callId, phoneNumber: number }),
  fc.record({ type: fc.constant('dialing' as const), eventId: callId, phoneNumber: number }),
  fc.record({ type: fc.constant('connected' as const), eventId: callId }),
  fc.record({ type: fc.constantFrom('held' as const, 'resumed' as const, 'muted' as const, 'unmuted' as const), eventId: callId }),
  fc.record({ type: fc.constant('ended' as const), eventId: callId, phase, endedBy }),
  fc.record({ type: fc.constant('transferred' as const), eventId: callId, destination: fc.constant('7002') }),
  fc.record({
    type: fc.constant('thirdParty' as const),
    eventId: callId,
    party: fc.constantFrom<ThirdParty | null>(null, { destination: '7002', state: 'dialing' }, { destination: '7002', state: 'talking' }, { destination: '7002', state: 'conferenced' }),
    gone: fc.constantFrom<ThirdPartyGone | undefined>(undefined, 'cancelled', 'refused'),
  }),
  fc
    .record({ eventId: callId, errorCode: outboundCode, message: fc.constantFrom(saidAs('busy'), saidAs('')) })
    // An undeclared code is what a vendor may send over the wire, whatever its handler's type says.
    .map(({ eventId, errorCode, message }): VendorEvent => ({ type: 'outboundFailed', eventId, errorCode: errorCode as OutboundErrorCode, message })),
  fc.record({ type: fc.constant('agentState' as const), presence }),
  fc.record({ type: fc.constant('link' as const), status: link, detail: fc.constantFrom(undefined, saidAs('the link dropped')) }),
  // Malformed: the core must ignore these, as the model does.
  fc.constantFrom<VendorEvent>(
    { type: 'incoming', eventId: 'c1', phoneNumber: '' },
    { type: 'ended', eventId: 'c2', phase: 'hold' as CallPhase, endedBy: 'agent' },
    { type: 'connected', eventId: '' },
  ),
);

const refusal: fc.Arbitrary<Refusal> = fc.record(
  { code: fc.constantFrom(...VENDOR_ERROR_CODES), outboundErrorCode: fc.constantFrom(...OUTBOUND_ERROR_CODES) },
  { requiredKeys: ['code'] },
);

export const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('callAction' as const), eventId: callId, action: fc.constantFrom<CallAction>('accept', 'reject', 'hangup'), source }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('callControl' as const),
      eventId: callId,
      request: fc.constantFrom<CallControlRequest>(
        { control: 'hold' },
        { control: 'resume' },
        { control: 'mute' },
        { control: 'unmute' },
        { control: 'digits', digits: '1#' },
        { control: 'digits', digits: '1a' },
        { control: 'transfer', destination: { kind: 'number', phoneNumber: '7002' }, mode: 'blind' },
        { control: 'transfer', destination: { kind: 'number', phoneNumber: '7002' }, mode: 'consult' },
        { control: 'transfer', destination: { kind: 'number', phoneNumber: '' }, mode: 'consult' },
        { control: 'completeTransfer' },
        { control: 'cancelTransfer' },
        { control: 'conference' },
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('finishWrapup' as const), eventId: callId, source }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('offerTimedOut' as const), eventId: callId }) },
  {
    weight: 1,
    arbitrary: fc.record(
      { kind: fc.constant('dial' as const), eventId: fc.constantFrom('o1', 'c1'), phoneNumber: fc.constantFrom('+16505550100', ' +1 (650) 555-0100 ', 'not a number') },
      { requiredKeys: ['kind', 'phoneNumber'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('setAvailability' as const), available: fc.boolean(), source }) },
  { weight: 8, arbitrary: fc.record({ kind: fc.constant('vendorLife' as const), eventId: callId, pick: fc.nat(11) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('vendorReport' as const), event: anyReport }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('vendorRepeat' as const), pick: fc.nat(15) }) },
  {
    weight: 4,
    arbitrary: fc.record(
      { kind: fc.constant('vendorAnswer' as const), pick: fc.nat(3), refusal, followUp: fc.boolean() },
      { requiredKeys: ['kind', 'pick', 'followUp'] },
    ),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('fusionAnswer' as const), pick: fc.nat(3), ok: fc.boolean() }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'flush' as const }) },
);
