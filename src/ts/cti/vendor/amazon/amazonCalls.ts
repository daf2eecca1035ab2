/**
 * What the Amazon handler knows of each call, and the rules that turn what Streams shows into the core's events.
 * Pure: no Streams object in here, only the plain facts the handler reads from them, and records are never changed in
 * place (interpret returns the next one, which the handler stores), so the rules test as tables.
 *
 * Streams cannot say who ended a call (amazon-connect-streams issues #213, #863, #992): there is no "abandoned"
 * and no "rejected by the agent" event. The handler knows its own requests, and reads the rest from the contact's
 * final state and from which connection (leg) left first while the contact was still up.
 *
 * Real voice contacts rarely end in the states Streams documents. A call that rang out, or that the agent declined
 * in Amazon's CCP, ends in contact state 'error' with the customer's connection still 'connected' and the agent's
 * 'disconnected': Streams' maintainers give exactly that as the test for a missed contact
 * (https://github.com/amazon-connect/amazon-connect-streams/issues/391), and say that not even the CCP can tell a
 * missed voice call from a declined one (https://github.com/amazon-connect/amazon-connect-streams/issues/977; also
 * #551, #658, #792, #1039). So that end is the system's (a ring nobody answered) unless the agent is known to have
 * declined: the toolbar asked (endRequested), or Streams broadcast a Reject click for the contact just before it
 * ended (declineClickedAt).
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { type AgentMessage, say } from '../../core/agentMessages';
import { excerpt } from '../../core/excerpt';
import type { Direction, EndedBy, EventId, VendorEvent } from '../../core/types';
import { type ThirdPartyFacts, type TransferRecord, customerLeftThirdParty, noteThirdParty, transferredTo } from './amazonThirdParty';

/** Contact states in which the call is still up (Streams' "active" states). */
const ACTIVE_STATES = ['incoming', 'pending', 'connecting', 'connected', 'paused'];

/** How far a contact got, as the toolbar tells it: offered (ringing or being dialed), connected, ended. */
export type ContactStage = 'offered' | 'connected' | 'ended';

/** What the handler keeps of one voice contact it reported to the core. */
export interface ContactRecord {
  readonly contactId: string;
  /** What Fusion knows the call by: the contactId, or the toolbar's eventId for a call it placed. */
  readonly eventId: EventId;
  readonly direction: Direction;
  readonly phoneNumber: string;
  readonly stage: ContactStage;
  /** The core heard of the call (incoming or dialing). */
  readonly announced: boolean;
  /**
   * The toolbar asked to end it (reset if Amazon Connect refused): whatever Streams shows next, the agent ended it.
   */
  readonly endRequested: boolean;
  /**
   * When (the handler's clock, ms) Streams broadcast a Reject click for the contact while it rang; null: none heard.
   * Streams' contact.reject() sends the click from whichever page of the agent's session called it, before it asks
   * Amazon Connect, so the click says the agent tried, not that the decline happened: see declineClicked.
   */
  readonly declineClickedAt: number | null;
  /** The leg seen disconnected first while the contact was still up. */
  readonly firstToLeave: 'agent' | 'customer' | null;
  /** The customer's connection was last seen on hold (reported 'held'). */
  readonly held: boolean;
  /** The CCP's softphone last said the agent's microphone on this call is muted (reported 'muted'). */
  readonly muted: boolean;
  /** Another agent (or a flow) transferred the call here (initiation method 'transfer' or 'queue_transfer'). */
  readonly transferredIn: boolean;
  /** Its third party and the toolbar's transfer requests (amazonThirdParty.ts). */
  readonly transfer: TransferRecord;
}

/** What the handler reads of a contact at one moment. */
export interface ContactFacts {
  /** That moment, on the handler's clock (ms). */
  readonly at: number;
  /** The contact's state type; null when the contact has vanished from the agent's snapshot. */
  readonly state: string | null;
  readonly agentLeg: string | null;
  readonly customerLeg: string | null;
  /** The latest third-party connection (a consult, a conference member); absent or null: none. */
  readonly thirdParty?: ThirdPartyFacts | null;
}

export function isActive(state: string | null): boolean {
  return state !== null && ACTIVE_STATES.includes(state);
}

/** Contact states in which the call is over ('ended' is after-call work). Any other state is not known to be over. */
const FINISHED_STATES = ['ended', 'missed', 'rejected', 'error'];

export function isFinished(state: string | null): boolean {
  return state !== null && FINISHED_STATES.includes(state);
}

/**
 * The record with the leg that left first, read from a snapshot in which the contact is still up; the first one seen
 * stays. The agent's leg of an inbound call that still rings says nothing: it drops alike when the call rings out and
 * when it is declined in the CCP (#391, #977).
 */
export function noteLegs(call: ContactRecord, facts: ContactFacts): ContactRecord {
  if (call.firstToLeave !== null || !isActive(facts.state)) return call;
  if (facts.customerLeg === 'disconnected') return { ...call, firstToLeave: 'customer' };
  const ringingInbound = call.stage === 'offered' && call.direction === 'inbound';
  if (facts.agentLeg === 'disconnected' && !ringingInbound) return { ...call, firstToLeave: 'agent' };
  return call;
}

/**
 * How long after a Reject click the contact's end still counts as that decline (ms). Streams broadcasts the click
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/api.js, Contact.prototype.reject) and
 * then asks Amazon Connect; when Amazon Connect declines, the shared worker's long poll of the agent's snapshot returns
 * with the change and polls again 100 ms later
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/worker.js, pollForAgent), so the end
 * arrives within the request's round trip, well inside this. When Amazon Connect refuses the decline, nothing
 * resets the click (no page but the one that clicked hears the refusal): without a limit, a ring-out or a caller
 * hanging up long after would be taken for the agent's decline. An end later than this is read from its snapshot
 * alone. A snapshot in between is no limit: the long poll returns on any change (another call, the agent's state), so
 * one may land between the click and the decline.
 */
export const DECLINE_CLICK_COUNTS_MS = 5000;

/** A Reject click heard for this ringing inbound call counts for an end seen at `facts.at`. */
export function declineClicked(call: ContactRecord, facts: ContactFacts): boolean {
  if (call.declineClickedAt === null || call.stage !== 'offered' || call.direction !== 'inbound') return false;
  const since = facts.at - call.declineClickedAt;
  return since >= 0 && since <= DECLINE_CLICK_COUNTS_MS;
}

/** Who ended a call, from the handler's own requests and what Streams showed of it (`facts`: at its end). */
export function endedBy(call: ContactRecord, facts: ContactFacts): EndedBy {
  if (call.endRequested) return 'agent';
  if (call.firstToLeave !== null) return call.firstToLeave;
  if (call.stage === 'connected') {
    // Both legs usually end together in the last snapshot; a live customer leg means the agent left.
    return facts.agentLeg === 'disconnected' && facts.customerLeg !== 'disconnected' ? 'agent' : 'customer';
  }
  if (call.direction === 'inbound') {
    // A ring that rang out or was declined keeps the caller on the line (#391): a caller's connection that is gone
    // when the ringing ended says the caller hung up first.
    if (isFinished(facts.state) && facts.customerLeg === 'disconnected') return 'customer';
    // Ended with the caller still there, just after the agent clicked Reject: the decline (see DECLINE_CLICK_COUNTS_MS).
    if (declineClicked(call, facts)) return 'agent';
  } else if (facts.customerLeg === 'disconnected' && facts.agentLeg !== 'disconnected') {
    return 'customer'; // the callee's line dropped while the agent's was still up
  }
  switch (facts.state) {
    case 'rejected':
      return 'agent'; // the state Amazon Connect documents for a decline, should a voice contact ever show it
    case 'missed':
      return 'system'; // rang out
    case 'error':
      // Rang out, or declined in the CCP, which nothing in Streams tells apart (#977); or the line failed.
      return 'system';
    default:
      // Vanished (or left in a still-active state) while offered: the caller hung up before an answer.
      return 'customer';
  }
}

// ---- Interpreting what Streams shows of a contact ---------------------------------------------------------------

/**
 * What Streams showed of a contact the handler follows: its ringing (onConnecting, onIncoming), its answer
 * (onConnected: not onAccepted, as an accepted call whose media then fails ends missed, not in wrap-up), a refresh,
 * its end (onACW, onEnded, onMissed: several may fire for one end), its removal from the agent's snapshot
 * (onDestroy), or the contact as first seen, maybe mid-way (a reload, or its first events fired already).
 */
export type Sighting = 'ringing' | 'answered' | 'refreshed' | 'over' | 'removed' | 'firstSeen';

export interface Interpretation {
  /** The contact's record after the sighting: the one the handler keeps from now on. */
  readonly record: ContactRecord;
  /** What the core hears, in order. */
  readonly reports: readonly VendorEvent[];
  /** Clear the contact in Amazon Connect: it is over and no wrap-up waits for it, so the agent can take the next. */
  readonly clear: boolean;
  /**
   * Take the agent off the contact (destroy the agent's connection): the customer left it with a third party on the
   * line, and the agent would otherwise stay with the third party.
   */
  readonly release: boolean;
}

/**
 * The rules of one contact: what the core hears when Streams shows `sighting`, given the contact's facts at that
 * moment, and the record that follows (its stage, what was announced, which leg left first). `record` is left as it
 * was; each report comes at most once over the records interpret returns.
 */
export function interpret(record: ContactRecord, sighting: Sighting, facts: ContactFacts): Interpretation {
  switch (sighting) {
    case 'ringing':
      return kept(announce(record));
    case 'answered':
      return kept(answer(record));
    case 'refreshed': {
      const noted = noteLegs(record, facts);
      if (customerLeftThirdParty(noted, facts)) return { ...finish(noted, facts), clear: false, release: true };
      return kept(andThen(noteHold(noted, facts), (held) => noteThirdParty(held, facts)));
    }
    case 'over':
      // Still up, or in a state not known to be over: the removal decides.
      if (record.stage === 'ended' || !isFinished(facts.state)) return kept(nothing(record));
      return { ...finish(record, facts), clear: needsClearing(facts), release: false };
    case 'removed':
      // After clear(), or because the caller hung up while it rang: a contact removed while still up vanished.
      return kept(record.stage === 'ended' ? nothing(record) : finish(record, { ...facts, state: isActive(facts.state) ? null : facts.state }));
    case 'firstSeen':
      return storySoFar(record, facts);
  }
}

/** Only a contact in after-call work ('ended') waits for Fusion's wrap-up; any other that is over is cleared. */
export function needsClearing(facts: ContactFacts): boolean {
  return isFinished(facts.state) && facts.state !== 'ended';
}

/** One rule's outcome: the record after it and what the core hears of it. */
interface Step {
  readonly record: ContactRecord;
  readonly reports: readonly VendorEvent[];
}

function nothing(record: ContactRecord): Step {
  return { record, reports: [] };
}

/** A step that clears nothing in Amazon Connect and leaves the agent on the call. */
function kept(step: Step): Interpretation {
  return { ...step, clear: false, release: false };
}

/** `step`, then `next` on the record it left: their reports in order. */
function andThen(step: Step, next: (record: ContactRecord) => Step): Step {
  const after = next(step.record);
  return { record: after.record, reports: [...step.reports, ...after.reports] };
}

function announce(record: ContactRecord): Step {
  if (record.announced) return nothing(record);
  const { eventId, phoneNumber } = record;
  // Streams names no one who transferred the call: only that it was transferred (contact.getInitiationMethod()).
  const incoming: VendorEvent = record.transferredIn ? { type: 'incoming', eventId, phoneNumber, transfer: {} } : { type: 'incoming', eventId, phoneNumber };
  return {
    record: { ...record, announced: true },
    reports: [record.direction === 'inbound' ? incoming : { type: 'dialing', eventId, phoneNumber }],
  };
}

function answer(record: ContactRecord): Step {
  if (record.stage !== 'offered') return nothing(record);
  return andThen(announce(record), (announced) => ({ record: { ...announced, stage: 'connected' }, reports: [{ type: 'connected', eventId: record.eventId }] }));
}

/**
 * A talking call whose customer's connection went on hold ('hold', connect.ConnectionStateType.HOLD) or came back
 * ('connected'), whoever held it: the toolbar, or the agent in the CCP
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/api.js, Connection.prototype.isOnHold). A
 * customer's connection that is gone says nothing of hold: the end reports that.
 */
function noteHold(record: ContactRecord, facts: ContactFacts): Step {
  if (record.stage !== 'connected' || !isActive(facts.state)) return nothing(record);
  // The agent is out of the call, or the customer waits for a blind transfer under way: not the core's news.
  if (facts.agentLeg === 'disconnected' || record.transfer.blindTo !== null) return nothing(record);
  if (facts.customerLeg !== 'hold' && facts.customerLeg !== 'connected') return nothing(record);
  const held = facts.customerLeg === 'hold';
  if (held === record.held) return nothing(record);
  return { record: { ...record, held }, reports: [{ type: held ? 'held' : 'resumed', eventId: record.eventId }] };
}

/** The call's mute as the CCP's softphone last said it (agent.onMuteToggle), reported when it changed. */
export function noteMute(record: ContactRecord, muted: boolean): Interpretation {
  if (record.stage !== 'connected' || record.muted === muted) return kept(nothing(record));
  return kept({ record: { ...record, muted }, reports: [{ type: muted ? 'muted' : 'unmuted', eventId: record.eventId }] });
}

/** The call is over for the agent: ended, or transferred away (amazonThirdParty.ts, transferredTo). */
function finish(record: ContactRecord, facts: ContactFacts): Step {
  const phase = record.stage === 'connected' ? 'connected' : 'ringing';
  const by = endedBy(record, facts);
  const to = transferredTo(record, by);
  const end: VendorEvent = to !== null ? { type: 'transferred', eventId: record.eventId, destination: to } : { type: 'ended', eventId: record.eventId, phase, endedBy: by };
  return andThen(announce(record), (announced) => ({ record: { ...announced, stage: 'ended' }, reports: [end] }));
}

/** A contact first seen mid-way: its story so far. */
function storySoFar(record: ContactRecord, facts: ContactFacts): Interpretation {
  const { state } = facts;
  let step: Step = nothing(record);
  if (!isActive(state) && !isFinished(state)) {
    step = {
      record,
      reports: [{ type: 'error', message: say('amazonUnknownCallState', { call: record.eventId, state: String(state) }) }],
    };
  }
  step = andThen(step, announce);
  // In after-call work it was answered; any other end (the toolbar's dial, failed before Streams showed it) ends ringing.
  if (state === 'connected' || state === 'paused' || state === 'ended') step = andThen(step, answer);
  step = andThen(step, (answered) => noteHold(answered, facts));
  step = andThen(step, (answered) => noteThirdParty(answered, facts));
  if (isFinished(state)) step = andThen(step, (answered) => finish(answered, facts));
  return { ...step, clear: needsClearing(facts), release: false };
}

/** A number as the agent reads it; a withheld one is still a call the agent must see. */
export function displayNumber(phoneNumber: unknown): string {
  return typeof phoneNumber === 'string' && phoneNumber.trim() !== '' ? phoneNumber.trim() : 'anonymous';
}

/** A number Amazon Connect can dial, or why not (a message naming the number, for the agent). */
export type Dialable = { readonly ok: true; readonly e164: string } | { readonly ok: false; readonly problem: AgentMessage };

/**
 * The number in E.164, the only form Amazon Connect dials
 * (https://docs.aws.amazon.com/connect/latest/APIReference/API_StartOutboundVoiceContact.html: DestinationPhoneNumber),
 * read by libphonenumber-js: international numbers as written ("+44 20 7946 0958", "00 44 …" with a default country),
 * national ones ("(650) 555-0100") in `defaultCountry`. A number of no plausible length for its country, or with an
 * extension (E.164 has none), is refused rather than dialed as something else.
 */
export function dialable(phoneNumber: string, defaultCountry?: string): Dialable {
  const written = phoneNumber.trim();
  const parsed = parsePhoneNumberFromString(written, defaultCountry as CountryCode | undefined);
  if (!parsed && !defaultCountry) {
    return { ok: false, problem: say('amazonNotInternational', { number: excerpt(written) }) };
  }
  if (!parsed || !parsed.isPossible()) {
    const problem = defaultCountry ? say('amazonImplausibleNumberIn', { number: excerpt(written), country: defaultCountry }) : say('amazonImplausibleNumber', { number: excerpt(written) });
    return { ok: false, problem };
  }
  if (parsed.ext) return { ok: false, problem: say('amazonNumberWithExtension', { number: excerpt(written), extension: parsed.ext }) };
  return { ok: true, e164: parsed.number };
}

/** Digits only, so that "+1 650 555 0100" and "+16505550100" name the same callee. */
export function sameNumber(a: string, b: string): boolean {
  const digits = (n: string): string => n.replace(/\D/g, '');
  return digits(a) !== '' && digits(a) === digits(b);
}
