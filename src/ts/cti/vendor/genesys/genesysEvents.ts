/**
 * What the Genesys bridge pushes, turned into the toolbar's vendor events. Pure: no socket, no timers.
 *
 * decodeFrame() (bridgeFrames.ts) checks a frame. interpret() folds a decoded event into the handler's book of calls
 * and says what the core must hear; it also reconciles the book with the snapshot (EventRegistered) the bridge sends
 * on every (re)connect, so that a call that ended while the toolbar was away is reported ended once, and a call it
 * already reported is not reported again.
 */
import { type AgentMessage, say, saidAs } from '../../core/agentMessages';
import type { OutboundErrorCode } from '../../core/errors';
import { type AgentPresence, type CallPhase, type Direction, type EndedBy, type EventId, type ThirdPartyGone, type VendorEvent, presenceNamed } from '../../core/types';
import {
  CALL_EVENT_NAMES,
  type AgentState,
  type BridgeOrder,
  type CallEvent,
  type CallSnapshot,
  type CallState,
  type CallType,
  type ConnectionId,
  type PartyState,
  type PushedEvent,
  type ReleasingParty,
} from 'protocol/bridgeProtocol';

export { decodeFrame, orderOfReply, type DecodeResult } from './bridgeFrames';

// ---- The book of calls -------------------------------------------------------------------------------------------

/** A call on the agent's DN as the handler knows it from the bridge. */
export interface BridgeCall {
  readonly eventId: EventId;
  /**
   * T-Server's id, which every command names. null: a call the toolbar placed and the bridge accepted, of which no
   * event has arrived yet (the core already has its engagement, so it must hear how the call ends).
   */
  readonly connectionId: ConnectionId | null;
  readonly direction: Direction;
  /** The agent's party state, as last reported. */
  readonly state: PartyState;
  /** The callee was busy (EventDestinationBusy): the release that follows is a failed outbound call. */
  readonly busy: boolean;
  /**
   * For a placed call (connectionId null): where the bridge's answer to the MakeCall fell in its order (null when the
   * answer carried none a snapshot can be compared with). Only a snapshot stamped later may end it.
   */
  readonly placedAt?: BridgeOrder | null;
  /**
   * A transfer the toolbar asked for (the bridge may not have answered yet): what the agent reads of its
   * destination, for the third party and for 'transferred'.
   */
  readonly transferTo?: string;
  /** The consult call placed for this call (the customer on hold meanwhile): the agent's other leg, tied to this one. */
  readonly consult?: ConsultLeg;
  /**
   * The third party of a conference on this call. While the conference forms (the consult call released as
   * Conferenced, EventPartyAdded not yet here) `joined` is false.
   */
  readonly conference?: { readonly dn: string; readonly destination: string; readonly joined: boolean };
  /** Where the call went when a consult was completed as a transfer (its consult call released as Transferred). */
  readonly transferredTo?: string;
}

/** The agent's consult call for a customer's call: a call of its own at the bridge, reported as the customer's third party. */
export interface ConsultLeg {
  readonly eventId: EventId;
  readonly connectionId: ConnectionId;
  /** The DN or number the consult call reached (its ANI). */
  readonly dn: string;
  /** What the agent reads. */
  readonly destination: string;
  readonly state: 'dialing' | 'talking';
  /** The destination was busy (EventDestinationBusy): the release that follows says why it went. */
  readonly busy: boolean;
}

/** A call placed after the toolbar had given up on its MakeCall: the core closed its engagement, so it is hung up. */
export interface Orphan {
  readonly eventId: EventId;
  readonly connectionId: ConnectionId;
  readonly number: string;
}

export interface CallBook {
  readonly calls: ReadonlyMap<EventId, BridgeCall>;
  /**
   * Calls reported ended, oldest first (bounded). The core absorbs a late report about an ended call on its own; this
   * memory serves the handler's own book: a late EventRinging or EventEstablished, or the MakeCall answer that arrives
   * after the placed call's last event (the WebSocket can beat the REST answer), would otherwise put a dead call back
   * in it, whose ConnID verbs would name; and a dial under an ended call's eventId is refused (inUse). A plain array,
   * not the core's BoundedSet: the book is an immutable value that interpret() returns anew, and a BoundedSet is
   * changed in place.
   */
  readonly ended: readonly EventId[];
  /**
   * Dials whose MakeCall got no answer the toolbar could read (it timed out, or the connection failed after sending):
   * the bridge may have placed them all the same, and the core has already closed their engagements. Bounded.
   */
  readonly unsure: readonly EventId[];
  /**
   * The bridge's eventIds of calls the book knows under another: a call that moved to another ConnID, and with it to
   * another eventId (EventPartyChanged, a consult completed on this DN's party), stays the engagement the core has.
   */
  readonly aliases: ReadonlyMap<EventId, EventId>;
}

export const EMPTY_BOOK: CallBook = { calls: new Map(), ended: [], unsure: [], aliases: new Map() };

/** Far more calls than end within the time a late event or answer can take to arrive. */
const ENDED_MEMORY = 200;

/**
 * What is left of the agent's side of a call the customer left while a third party was on it: a consult call, or the
 * agent's party in a conference. The core has the call ended; the handler hangs this up so that the agent is free.
 */
export interface Leftover {
  readonly eventId: EventId;
  readonly connectionId: ConnectionId;
  /** Who the leg reaches (for the agent's message should it not hang up). */
  readonly number: string;
}

export interface Interpretation {
  readonly book: CallBook;
  /** What the core must hear, in order. */
  readonly reports: readonly VendorEvent[];
  /** Calls the handler must hang up (see Orphan). */
  readonly orphans: readonly Orphan[];
  /** Legs the handler must hang up (see Leftover). */
  readonly leftovers: readonly Leftover[];
}

/** The T-Server link is down: the agent reads this while calls cannot be controlled. */
export const LINK_DOWN_DETAIL: AgentMessage = say('genesysTServerLinkDown');

const ENDED_BY: Readonly<Record<ReleasingParty, EndedBy>> = { Local: 'agent', Remote: 'customer', Unknown: 'system' };

/**
 * What the CallState of a release says of a call that had not connected (T-Library's TCallState; GenEM's release
 * models, https://docs.genesys.com/Documentation/System/latest/GenEM/ReleasingCalls): `party`, nothing beyond who
 * released it (releasingParty says); `system`, the call left this phone unanswered without the agent or the caller
 * ending it (it rang out, was redirected, forwarded, overflowed, picked up elsewhere); `customer`, the caller
 * abandoned it; `busy`, the callee was busy; `invalidNumber` and `dialFailed`, the network could not place an outbound
 * call (special information tones, no trunk, errors). A call that had connected goes to wrap-up whatever its
 * CallState. Outbound NoAnswer stays `system`, as it was before T-Library's whole set was accepted.
 */
const RELEASE_MEANING: Readonly<Record<CallState, 'party' | 'system' | 'customer' | 'busy' | 'invalidNumber' | 'dialFailed'>> = {
  Ok: 'party',
  RemoteRelease: 'party',
  Cleared: 'party',
  Dropped: 'party',
  Unknown: 'party',
  Consult: 'party',
  Conferenced: 'party',
  ConverseOn: 'party',
  Bridged: 'party',
  Deafened: 'party',
  Held: 'party',
  NoAnswer: 'system',
  DroppedNoAnswer: 'system',
  Redirected: 'system',
  Forwarded: 'system',
  Overflowed: 'system',
  Covered: 'system',
  Pickedup: 'system',
  Transferred: 'system',
  Abandoned: 'customer',
  Busy: 'busy',
  SitInvalidnum: 'invalidNumber',
  SitVacant: 'invalidNumber',
  SitDetected: 'dialFailed',
  SitIntercept: 'dialFailed',
  SitUnknown: 'dialFailed',
  SitNocircuit: 'dialFailed',
  SitReorder: 'dialFailed',
  AllTrunksBusy: 'dialFailed',
  GeneralError: 'dialFailed',
  SystemError: 'dialFailed',
  QueueFull: 'dialFailed',
  FaxDetected: 'dialFailed',
  AnsweringMachineDetected: 'dialFailed',
};

/** Reason codes to the names the agent reads (genesys.notReadyReasons). */
export type ReasonNames = ReadonlyMap<string, string>;
const NO_REASON_NAMES: ReasonNames = new Map();

/** Why a dial failed, for the agent, by its code; T-Server's CallState names the cause as the switch gave it. */
function dialFailure(errorCode: OutboundErrorCode, number: string, callState: CallState): AgentMessage {
  switch (errorCode) {
    case 'BUSY':
      return say('genesysCalleeBusy', { number });
    case 'INVALID_NUMBER':
      return say('genesysNotCallable', { number, state: callState });
    default:
      return say('genesysNotReached', { number, state: callState });
  }
}

/**
 * The agent's presence from T-Server's state. A not-ready reason is named as the site's configuration names it
 * (`reasonNames`, genesys.notReadyReasons); a code it does not list (set on the phone, or by another desktop) is shown
 * by its code, since T-Server leaves its meaning to the applications
 * (https://docs.genesys.com/Documentation/System/latest/GenEM/Reasons).
 */
export function presenceOf(state: AgentState, reasonCode?: string, reasonNames: ReasonNames = NO_REASON_NAMES): AgentPresence {
  switch (state) {
    case 'Ready':
      return presenceNamed({ loggedIn: true, available: true, stateCode: 'AVAILABLE' }, say('presenceAvailable'));
    case 'NotReady': {
      const notReady = { loggedIn: true, available: false, stateCode: 'UNAVAILABLE' } as const;
      if (!reasonCode) return presenceNamed(notReady, say('presenceNotReady'));
      const named = reasonNames.get(reasonCode);
      return named !== undefined ? { ...notReady, displayName: named, reasonCode } : { ...presenceNamed(notReady, say('presenceNotReadyCode', { code: reasonCode })), reasonCode };
    }
    case 'LoggedOut':
      return presenceNamed({ loggedIn: false, available: false, stateCode: 'LOGGED_OUT' }, say('presenceLoggedOut'));
  }
}

function phaseOf(state: PartyState): CallPhase {
  return state === 'Ringing' || state === 'Dialing' ? 'ringing' : 'connected';
}

function talking(state: PartyState): boolean {
  return state === 'Established' || state === 'Held';
}

/** The number the core shows: an anonymous caller still needs one. */
function numberOf(ani: string): string {
  return ani.trim() === '' ? 'anonymous' : ani;
}

/** Which way a call goes, for one the toolbar first hears of in a given state. */
function directionOf(state: PartyState, callType: CallType): Direction {
  if (state === 'Ringing') return 'inbound';
  if (state === 'Dialing') return 'outbound';
  return callType === 'Outbound' ? 'outbound' : 'inbound';
}

/** A mutable working copy of the book, for one interpretation. */
class Draft {
  readonly calls: Map<EventId, BridgeCall>;
  private readonly ended: EventId[];
  private readonly unsure: EventId[];
  private readonly aliases: Map<EventId, EventId>;
  readonly reports: VendorEvent[] = [];
  readonly orphans: Orphan[] = [];
  readonly leftovers: Leftover[] = [];

  constructor(book: CallBook) {
    this.calls = new Map(book.calls);
    this.ended = [...book.ended];
    this.unsure = [...book.unsure];
    this.aliases = new Map(book.aliases);
  }

  /** The eventId the book knows a call of the bridge's by (see CallBook.aliases). */
  resolve(eventId: EventId): EventId {
    return this.aliases.get(eventId) ?? eventId;
  }

  /** From now on the bridge's `eventId` names the book's call `known`. */
  alias(eventId: EventId, known: EventId): void {
    if (eventId !== known) this.aliases.set(eventId, known);
  }

  /** The reported call a consult call belongs to: the one it was placed for, or the one that already has it as its leg. */
  parentOfConsult(connectionId: ConnectionId, transferConnectionId: ConnectionId | undefined): (BridgeCall & { connectionId: ConnectionId }) | undefined {
    for (const call of this.calls.values()) {
      if (!reported(call)) continue;
      if (call.consult?.connectionId === connectionId) return call;
      if (transferConnectionId !== undefined && call.connectionId === transferConnectionId) return call;
    }
    return undefined;
  }

  update(tracked: BridgeCall, change: Partial<Omit<BridgeCall, 'eventId'>>): BridgeCall {
    const next = { ...tracked, ...change };
    this.calls.set(tracked.eventId, next);
    return next;
  }

  /** A consult leg that is gone: its late events are an ended call's, never a new one's. */
  legGone(leg: ConsultLeg): void {
    this.remember(leg.eventId);
  }

  hasEnded(eventId: EventId): boolean {
    return this.ended.includes(eventId);
  }

  /**
   * A call first seen under the eventId of a dial the toolbar gave up on: to be hung up, reported to no one (its
   * engagement is closed). Its later events are ignored as an ended call's. False for any other call.
   */
  adoptedAsOrphan(call: { eventId: EventId; connectionId: ConnectionId; ANI: string }): boolean {
    if (!this.settleUnsure(call.eventId)) return false;
    this.orphans.push({ eventId: call.eventId, connectionId: call.connectionId, number: numberOf(call.ANI) });
    return true;
  }

  /** Whether the eventId was an unsure dial's; it is remembered as ended from now on. */
  settleUnsure(eventId: EventId): boolean {
    const at = this.unsure.indexOf(eventId);
    if (at < 0) return false;
    this.unsure.splice(at, 1);
    this.remember(eventId);
    return true;
  }

  private remember(eventId: EventId): void {
    this.ended.push(eventId);
    if (this.ended.length > ENDED_MEMORY) this.ended.shift();
  }

  /** Known to the core: reported, or placed by the toolbar. */
  get(eventId: EventId): BridgeCall | undefined {
    return this.calls.get(eventId);
  }

  /**
   * Reports a call the core has not heard of from the handler (incoming or dialing, then connected if talking). A call
   * another DN transferred here (`transferredBy`, T-Server's ThirdPartyDN on its EventRinging) is an incoming transfer.
   */
  introduce(call: { eventId: EventId; connectionId: ConnectionId; state: PartyState; callType: CallType; ANI: string; transferredBy?: string }): void {
    const known = this.calls.get(call.eventId);
    const direction = known?.direction ?? directionOf(call.state, call.callType);
    this.calls.set(call.eventId, { eventId: call.eventId, connectionId: call.connectionId, direction, state: call.state, busy: known?.busy ?? false });
    const phoneNumber = numberOf(call.ANI);
    if (direction === 'outbound') this.reports.push({ type: 'dialing', eventId: call.eventId, phoneNumber });
    else if (call.transferredBy !== undefined) this.reports.push({ type: 'incoming', eventId: call.eventId, phoneNumber, transfer: { from: call.transferredBy } });
    else this.reports.push({ type: 'incoming', eventId: call.eventId, phoneNumber });
    if (talking(call.state)) this.reports.push({ type: 'connected', eventId: call.eventId });
    if (call.state === 'Held') this.reports.push({ type: 'held', eventId: call.eventId });
  }

  /**
   * A call already reported moves to a new party state; the core hears 'connected' when it starts talking, 'held' and
   * 'resumed' when it goes on hold and comes back (whoever held it: the toolbar or the agent's phone).
   */
  move(tracked: BridgeCall, state: PartyState): void {
    if (!talking(tracked.state) && talking(state)) this.reports.push({ type: 'connected', eventId: tracked.eventId });
    if (tracked.state !== 'Held' && state === 'Held') this.reports.push({ type: 'held', eventId: tracked.eventId });
    if (tracked.state === 'Held' && state === 'Established') this.reports.push({ type: 'resumed', eventId: tracked.eventId });
    this.calls.set(tracked.eventId, { ...tracked, state });
  }

  /** The call leaves the book, and with it any consult leg of it, which is hung up: the agent must be free. */
  end(tracked: BridgeCall, report: VendorEvent): void {
    this.calls.delete(tracked.eventId);
    this.remember(tracked.eventId);
    for (const [alias, known] of this.aliases) if (known === tracked.eventId) this.aliases.delete(alias);
    this.reports.push(report);
    if (tracked.consult) this.release(tracked.consult.eventId, tracked.consult.connectionId, tracked.consult.dn);
  }

  /** A leg of the agent's to hang up (see Leftover); its events from now on are an ended call's. */
  release(eventId: EventId, connectionId: ConnectionId, number: string): void {
    if (!this.hasEnded(eventId)) this.remember(eventId);
    if (!this.leftovers.some((leftover) => leftover.connectionId === connectionId)) this.leftovers.push({ eventId, connectionId, number: numberOf(number) });
  }

  done(): Interpretation {
    return {
      book: { calls: this.calls, ended: this.ended, unsure: this.unsure, aliases: this.aliases },
      reports: this.reports,
      orphans: this.orphans,
      leftovers: this.leftovers,
    };
  }
}

/** A reported call (not a placed one still waiting for its first event). */
function reported(tracked: BridgeCall | undefined): tracked is BridgeCall & { connectionId: ConnectionId } {
  return tracked !== undefined && tracked.connectionId !== null;
}

function released(draft: Draft, event: Extract<PushedEvent, { eventName: 'EventReleased' }>): void {
  if (draft.settleUnsure(event.eventId)) return; // a dial given up on that ended before it was seen: nothing to hang up
  const tracked = draft.get(event.eventId);
  if (!tracked) return; // never reported, or already ended: the core has nothing to close
  const phase = phaseOf(event.previousState);
  const meaning = RELEASE_MEANING[event.callState];
  if (phase === 'ringing' && tracked.direction === 'outbound') {
    const errorCode: OutboundErrorCode | undefined =
      meaning === 'busy' || tracked.busy ? 'BUSY' : meaning === 'invalidNumber' ? 'INVALID_NUMBER' : meaning === 'dialFailed' ? 'OUTDIAL_FAILED' : undefined;
    if (errorCode !== undefined) {
      draft.end(tracked, { type: 'outboundFailed', eventId: event.eventId, errorCode, message: dialFailure(errorCode, numberOf(event.ANI), event.callState) });
      return;
    }
  }
  // A talked call the agent transferred (in one step, or by completing a consult) went to the third party.
  if (phase === 'connected' && event.callState === 'Transferred') {
    const destination = tracked.transferredTo ?? tracked.transferTo ?? event.thirdPartyDN ?? ANOTHER_PHONE;
    draft.end(tracked, { type: 'transferred', eventId: event.eventId, destination });
    return;
  }
  // A call that rang out, or went on elsewhere, was ended by nobody here, whatever party T-Server names.
  const endedBy: EndedBy =
    meaning === 'party' ? ENDED_BY[event.releasingParty] : meaning === 'customer' ? 'customer' : phase === 'ringing' ? 'system' : ENDED_BY[event.releasingParty];
  draft.end(tracked, { type: 'ended', eventId: event.eventId, phase, endedBy });
}

/**
 * Whether a snapshot stamped `snapshot` is surely newer than a MakeCall answered at `placed`: by sequence within one
 * bridge process; between two processes (a toolbar whose REST and WebSocket reach different bridges behind a load
 * balancer, or a bridge restarted) by their clocks, which bridges behind one balancer keep in step (NTP) far more
 * closely than the time between a call placed and a reconnect's snapshot. An answer without a stamp is older than any.
 */
function snapshotIsNewer(snapshot: BridgeOrder, placed: BridgeOrder | null | undefined): boolean {
  if (!placed) return true;
  return snapshot.bridge === placed.bridge ? snapshot.sequence > placed.sequence : snapshot.time > placed.time;
}

function reconcile(draft: Draft, event: Extract<PushedEvent, { eventName: 'EventRegistered' }>, reasonNames: ReasonNames): void {
  draft.reports.push(event.linkConnected ? { type: 'link', status: 'connected' } : { type: 'link', status: 'down', detail: LINK_DOWN_DETAIL });
  // T-Server's registration reports the DN's current reason too (GenEM "Persistent Reasons", see presenceOf).
  draft.reports.push({ type: 'agentState', presence: presenceOf(event.agent.state, event.agent.reasonCode, reasonNames), onConnect: true });
  const { calls, legs } = splitLegs(draft, event.calls);
  const present = new Set(calls.map((call) => call.eventId));
  for (const tracked of [...draft.calls.values()]) {
    if (present.has(tracked.eventId)) continue;
    // A placed call not seen yet is ended only by a snapshot taken after the bridge placed it: one taken before (and
    // arriving after the answer, on a session opened meanwhile) does not know of it yet.
    if (!reported(tracked) && !snapshotIsNewer(event.order, tracked.placedAt)) continue;
    draft.end(tracked, { type: 'ended', eventId: tracked.eventId, phase: phaseOf(tracked.state), endedBy: 'system' });
  }
  for (const call of calls) {
    const tracked = draft.get(call.eventId);
    if (reported(tracked)) {
      draft.move({ ...tracked, connectionId: call.connectionId }, call.state);
      // A call still on hold is said to be again: the core may have missed its EventHeld while the toolbar was away.
      if (tracked.state === 'Held' && call.state === 'Held') draft.reports.push({ type: 'held', eventId: call.eventId });
    } else if (!draft.adoptedAsOrphan(call)) draft.introduce(call);
    if (talking(call.state)) thirdPartyOnSnapshot(draft, call, legs.get(call.eventId));
  }
}

/** Folds one event into the book. */
/** `reasonNames`: what the agent reads of each configured reason code (genesys.notReadyReasons). */
export function interpret(book: CallBook, event: PushedEvent, reasonNames: ReasonNames = NO_REASON_NAMES): Interpretation {
  const draft = new Draft(book);
  if (isCallEvent(event)) {
    const parent = draft.parentOfConsult(event.connectionId, event.callType === 'Consult' ? event.transferConnectionId : undefined);
    if (parent) {
      consultEvent(draft, parent, event);
      return draft.done();
    }
    callEventOf(draft, { ...event, eventId: draft.resolve(event.eventId) });
    return draft.done();
  }
  switch (event.eventName) {
    case 'EventAgentReady':
      draft.reports.push({ type: 'agentState', presence: presenceOf('Ready') });
      break;
    case 'EventAgentNotReady':
      draft.reports.push({ type: 'agentState', presence: presenceOf('NotReady', event.reasonCode, reasonNames) });
      break;
    case 'EventAgentLogout':
      draft.reports.push({ type: 'agentState', presence: presenceOf('LoggedOut') });
      break;
    case 'EventLinkDisconnected':
      draft.reports.push({ type: 'link', status: 'down', detail: LINK_DOWN_DETAIL });
      break;
    case 'EventLinkConnected':
      draft.reports.push({ type: 'link', status: 'connected' });
      break;
    case 'EventRegistered':
      reconcile(draft, event, reasonNames);
      break;
    case 'EventTokenRenewed':
      // The session's own business (the handler's sign-in), nothing the core hears of.
      break;
    case 'EventError': {
      const eventId = event.connectionId === undefined ? undefined : eventIdOfConnection(book, event.connectionId);
      draft.reports.push({ type: 'error', message: saidAs(event.errorMessage), ...(eventId === undefined ? {} : { eventId }) });
      break;
    }
  }
  return draft.done();
}

function isCallEvent(event: PushedEvent): event is CallEvent {
  return (CALL_EVENT_NAMES as readonly string[]).includes(event.eventName);
}

/** Folds a call event (its eventId the book's) into the book. */
function callEventOf(draft: Draft, event: CallEvent): void {
  switch (event.eventName) {
    case 'EventRinging':
    case 'EventDialing':
    case 'EventEstablished':
    case 'EventHeld':
    case 'EventRetrieved': {
      const state: PartyState =
        event.eventName === 'EventRinging'
          ? 'Ringing'
          : event.eventName === 'EventDialing'
            ? 'Dialing'
            : event.eventName === 'EventHeld'
              ? 'Held'
              : 'Established';
      const tracked = draft.get(event.eventId);
      if (reported(tracked)) {
        // A repeated Ringing or Dialing must not take a talking call back to offered.
        if (state !== 'Ringing' && state !== 'Dialing') draft.move(tracked, state);
      } else if (!draft.hasEnded(event.eventId) && !draft.adoptedAsOrphan(event)) {
        draft.introduce({ ...event, state, ...(event.thirdPartyDN === undefined ? {} : { transferredBy: event.thirdPartyDN }) });
      }
      break;
    }
    case 'EventDTMFSent':
      // The far side heard the tones: nothing changes for the core (sendDigits resolved on the bridge's answer).
      break;
    case 'EventDestinationBusy': {
      const tracked = draft.get(event.eventId);
      if (tracked) draft.update(tracked, { busy: true });
      break;
    }
    case 'EventAbandoned': {
      if (draft.settleUnsure(event.eventId)) break;
      const tracked = draft.get(event.eventId);
      if (tracked) draft.end(tracked, { type: 'ended', eventId: event.eventId, phase: 'ringing', endedBy: 'customer' });
      break;
    }
    case 'EventReleased':
      released(draft, event);
      break;
    case 'EventPartyChanged': {
      // T-Server gave the call a new ConnID: the toolbar's commands must name the new one from now on, and its events
      // the new call's eventId, which is the same engagement to the core. A call the toolbar does not know is left to
      // the next snapshot (the event does not say the call's party state).
      const tracked = draft.get(event.eventId) ?? [...draft.calls.values()].find((call) => call.connectionId === event.previousConnectionId);
      if (!reported(tracked)) break;
      draft.alias(event.eventId, tracked.eventId);
      draft.update(tracked, { connectionId: event.connectionId });
      break;
    }
    case 'EventPartyAdded':
      partyAdded(draft, event);
      break;
    case 'EventPartyDeleted':
      partyDeleted(draft, event);
      break;
  }
}

// ---- Third parties: consults, conferences, transfers ----------------------------------------------------------

/** EventPartyAdded and EventPartyDeleted, which name the party. */
type PartyListEvent = Extract<CallEvent, { readonly eventName: 'EventPartyAdded' | 'EventPartyDeleted' }>;

/** What the agent reads as the destination of a transfer whose destination the bridge did not name. */
const ANOTHER_PHONE = 'another phone';

/** Why a consult call left, from its release (T-Library's CallState and ReleasingParty, GenEM's release models). */
function goneOf(event: Extract<CallEvent, { eventName: 'EventReleased' | 'EventAbandoned' }>, leg: ConsultLeg): ThirdPartyGone {
  if (event.eventName === 'EventAbandoned') return 'hungUp';
  if (event.releasingParty === 'Local') return 'cancelled';
  const meaning = RELEASE_MEANING[event.callState];
  if (leg.busy || meaning === 'busy') return 'busy';
  if (meaning === 'invalidNumber' || meaning === 'dialFailed') return 'failed';
  if (event.previousState === 'Dialing' || event.previousState === 'Ringing') return event.releasingParty === 'Remote' ? 'refused' : 'noAnswer';
  return 'hungUp';
}

/** An event of the agent's consult call for `parent`: reported as the parent's third party, never as a call. */
function consultEvent(draft: Draft, parent: BridgeCall & { connectionId: ConnectionId }, event: CallEvent): void {
  const leg = parent.consult?.connectionId === event.connectionId ? parent.consult : undefined;
  switch (event.eventName) {
    case 'EventDialing':
    case 'EventRinging':
    case 'EventEstablished':
    case 'EventHeld':
    case 'EventRetrieved': {
      // Once answered the third party talks, whoever of the two the agent holds.
      const state = event.eventName === 'EventDialing' || event.eventName === 'EventRinging' ? 'dialing' : 'talking';
      if (!leg) {
        if (draft.hasEnded(event.eventId)) return;
        const destination = parent.transferTo ?? numberOf(event.ANI);
        const consult: ConsultLeg = { eventId: event.eventId, connectionId: event.connectionId, dn: event.ANI, destination, state, busy: false };
        draft.update(parent, { consult, conference: undefined });
        draft.reports.push({ type: 'thirdParty', eventId: parent.eventId, party: { destination, state } });
      } else if (leg.state === 'dialing' && state === 'talking') {
        draft.update(parent, { consult: { ...leg, state } });
        draft.reports.push({ type: 'thirdParty', eventId: parent.eventId, party: { destination: leg.destination, state } });
      }
      return;
    }
    case 'EventDestinationBusy':
      if (leg) draft.update(parent, { consult: { ...leg, busy: true } });
      return;
    case 'EventReleased':
    case 'EventAbandoned': {
      if (!leg) return;
      draft.legGone(leg);
      // Completed: the customer goes to the third party (the parent's release says 'transferred'), or all three talk
      // (EventPartyAdded says 'conferenced'); the consult call's end is no news of its own.
      if (event.eventName === 'EventReleased' && event.callState === 'Transferred') {
        draft.update(parent, { consult: undefined, transferredTo: leg.destination });
        return;
      }
      if (event.eventName === 'EventReleased' && event.callState === 'Conferenced') {
        draft.update(parent, { consult: undefined, conference: { dn: leg.dn, destination: leg.destination, joined: false } });
        return;
      }
      draft.update(parent, { consult: undefined, transferTo: undefined });
      draft.reports.push({ type: 'thirdParty', eventId: parent.eventId, party: null, gone: goneOf(event, leg) });
      return;
    }
    default:
      // Tones, a ConnID change or a party change of the consult call: nothing the core needs.
      return;
  }
}

/** A party joined the call: the consulted party of a conference completed. */
function partyAdded(draft: Draft, event: PartyListEvent): void {
  const tracked = draft.get(event.eventId);
  if (!reported(tracked) || tracked.conference?.joined) return; // the toolbar shows one third party
  const forming = tracked.conference;
  const destination = forming ? forming.destination : event.thirdPartyDN;
  draft.update(tracked, { conference: { dn: event.thirdPartyDN, destination, joined: true }, consult: undefined, transferTo: undefined });
  draft.reports.push({ type: 'thirdParty', eventId: tracked.eventId, party: { destination, state: 'conferenced' } });
}

/**
 * A party left a conference that goes on. The third party: the agent and the customer talk on. Anyone else is the
 * customer: the call is over for the agent, whose party is hung up so that the agent is free.
 */
function partyDeleted(draft: Draft, event: PartyListEvent): void {
  const tracked = draft.get(event.eventId);
  const conference = tracked?.conference;
  if (!reported(tracked) || !conference?.joined) return;
  if (event.thirdPartyDN === conference.dn) {
    draft.update(tracked, { conference: undefined });
    draft.reports.push({ type: 'thirdParty', eventId: tracked.eventId, party: null, gone: 'hungUp' });
    return;
  }
  draft.end(tracked, { type: 'ended', eventId: tracked.eventId, phase: 'connected', endedBy: 'customer' });
  draft.release(tracked.eventId, tracked.connectionId, conference.dn);
}

/**
 * Splits a snapshot's calls into the calls the core knows as calls and the agent's consult calls, by the eventId of the
 * call each consults for (eventIds as the book knows them). A consult call is the agent's leg when the book has it as
 * one, or when it was placed for another call of this DN and is not ringing here (a colleague's consult rings; the
 * agent's dials or talks). A leg of a call that already ended is hung up.
 */
function splitLegs(draft: Draft, snapshotCalls: readonly CallSnapshot[]): { calls: CallSnapshot[]; legs: Map<EventId, CallSnapshot> } {
  const all = snapshotCalls.map((call) => ({ ...call, eventId: draft.resolve(call.eventId) }));
  const byConnection = new Map(all.map((call) => [call.connectionId, call]));
  const calls: CallSnapshot[] = [];
  const legs = new Map<EventId, CallSnapshot>();
  for (const call of all) {
    const consultFor = call.callType === 'Consult' ? call.transferConnectionId : undefined;
    const parent = draft.parentOfConsult(call.connectionId, consultFor)?.eventId ?? (consultFor !== undefined && call.state !== 'Ringing' ? byConnection.get(consultFor)?.eventId : undefined);
    if (parent !== undefined) legs.set(parent, call);
    else if (call.callType === 'Consult' && draft.hasEnded(call.eventId)) draft.release(call.eventId, call.connectionId, call.ANI);
    else calls.push(call);
  }
  return { calls, legs };
}

/** A reconnect's snapshot says the third party of a talking call again: its consult call, or its conference, or none. */
function thirdPartyOnSnapshot(draft: Draft, call: CallSnapshot, leg: CallSnapshot | undefined): void {
  const tracked = draft.get(call.eventId);
  if (!tracked || !reported(tracked)) return;
  if (leg) {
    const known = tracked.consult?.connectionId === leg.connectionId ? tracked.consult : undefined;
    const destination = known?.destination ?? tracked.transferTo ?? numberOf(leg.ANI);
    const state = leg.state === 'Dialing' || leg.state === 'Ringing' ? 'dialing' : 'talking';
    draft.update(tracked, { consult: { eventId: leg.eventId, connectionId: leg.connectionId, dn: leg.ANI, destination, state, busy: known?.busy ?? false }, conference: undefined });
    draft.reports.push({ type: 'thirdParty', eventId: tracked.eventId, party: { destination, state } });
    return;
  }
  const parties = call.otherParties ?? [];
  if (parties.length >= 2) {
    // The customer is the call's other party (its ANI); the third party is the one the agent brought in.
    const dn = parties.find((party) => party !== call.ANI) ?? parties[parties.length - 1];
    const known = tracked.conference?.dn === dn ? tracked.conference : tracked.consult?.dn === dn ? tracked.consult : undefined;
    const destination = known?.destination ?? dn;
    draft.update(tracked, { conference: { dn, destination, joined: true }, consult: undefined });
    draft.reports.push({ type: 'thirdParty', eventId: tracked.eventId, party: { destination, state: 'conferenced' } });
    return;
  }
  const gone = tracked.consult ?? (tracked.conference?.joined ? tracked.conference : undefined);
  if (!gone) return;
  if (tracked.consult) draft.legGone(tracked.consult);
  draft.update(tracked, { consult: undefined, conference: undefined, transferTo: undefined });
  draft.reports.push({ type: 'thirdParty', eventId: tracked.eventId, party: null, gone: 'hungUp' });
}

/**
 * Records what the agent reads of a transfer's destination before the toolbar asks the bridge for it (the events may
 * come before the answer), or forgets it when the bridge refused (destination undefined).
 */
export function transferAsked(book: CallBook, eventId: EventId, destination: string | undefined): CallBook {
  const tracked = book.calls.get(eventId);
  if (!tracked) return book;
  const calls = new Map(book.calls);
  calls.set(eventId, { ...tracked, transferTo: destination });
  return { ...book, calls };
}

/** The customer's call and its consult call, for the verbs that end a consult. */
export function consultOf(book: CallBook, eventId: EventId): { connectionId: ConnectionId; consultConnectionId: ConnectionId } | undefined {
  const tracked = book.calls.get(eventId);
  if (!reported(tracked) || !tracked.consult) return undefined;
  return { connectionId: tracked.connectionId, consultConnectionId: tracked.consult.connectionId };
}

/**
 * Records a call the toolbar placed and the bridge accepted, so that its end is reported even if none of its
 * events reaches the toolbar (the WebSocket was down meanwhile). A call already seen is left as it is.
 */
export function placed(book: CallBook, eventId: EventId, placedAt: BridgeOrder | null): CallBook {
  if (inUse(book, eventId)) return book;
  const calls = new Map(book.calls);
  calls.set(eventId, { eventId, connectionId: null, direction: 'outbound', state: 'Dialing', busy: false, placedAt });
  return { ...book, calls };
}

/**
 * Records a dial whose MakeCall got no answer the toolbar could read: if the bridge placed it all the same, its first
 * event names it, and the handler hangs it up (see Orphan). A call already seen is left as it is.
 */
export function givenUp(book: CallBook, eventId: EventId): CallBook {
  if (inUse(book, eventId)) return book;
  const unsure = [...book.unsure, eventId];
  if (unsure.length > ENDED_MEMORY) unsure.shift();
  return { ...book, unsure };
}

/** Whether a dial may not use this eventId: a call of the book has it, had it, or may have it (its events would be taken for the new call's). */
export function inUse(book: CallBook, eventId: EventId): boolean {
  return book.calls.has(eventId) || book.ended.includes(eventId) || book.unsure.includes(eventId);
}

/** The call a ConnID names, or whose consult call it is. */
export function eventIdOfConnection(book: CallBook, connectionId: ConnectionId): EventId | undefined {
  for (const call of book.calls.values()) if (call.connectionId === connectionId || call.consult?.connectionId === connectionId) return call.eventId;
  return undefined;
}
