/**
 * What the Genesys bridge pushes, turned into the toolbar's vendor events. Pure: no socket, no timers.
 *
 * decodeFrame() (bridgeFrames.ts) checks a frame. interpret() folds a decoded event into the handler's book of calls
 * and says what the core must hear; it also reconciles the book with the snapshot (EventRegistered) the bridge sends
 * on every (re)connect, so that a call that ended while the toolbar was away is reported ended once, and a call it
 * already reported is not reported again.
 */
import type { OutboundErrorCode } from '../../core/errors';
import type { AgentPresence, CallPhase, Direction, EndedBy, EventId, VendorEvent } from '../../core/types';
import type { AgentState, BridgeOrder, CallState, CallType, ConnectionId, PartyState, PushedEvent, ReleasingParty } from 'protocol/bridgeProtocol';

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
}

export const EMPTY_BOOK: CallBook = { calls: new Map(), ended: [], unsure: [] };

/** Far more calls than end within the time a late event or answer can take to arrive. */
const ENDED_MEMORY = 200;

export interface Interpretation {
  readonly book: CallBook;
  /** What the core must hear, in order. */
  readonly reports: readonly VendorEvent[];
  /** Calls the handler must hang up (see Orphan). */
  readonly orphans: readonly Orphan[];
}

/** The T-Server link is down: the agent reads this while calls cannot be controlled. */
export const LINK_DOWN_DETAIL = 'T-Server link down: calls cannot be controlled until it returns.';

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

/** The words of a failed dial, by its code (the number is named where it is the fault). */
function dialFailure(errorCode: OutboundErrorCode, number: string, callState: CallState): string {
  switch (errorCode) {
    case 'BUSY':
      return `${number} is busy.`;
    case 'INVALID_NUMBER':
      return `${number} is not a number that can be called (${callState}).`;
    default:
      return `The call to ${number} could not be placed (${callState}).`;
  }
}

export function presenceOf(state: AgentState, reasonCode?: string): AgentPresence {
  switch (state) {
    case 'Ready':
      return { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' };
    case 'NotReady':
      return {
        loggedIn: true,
        available: false,
        stateCode: 'UNAVAILABLE',
        displayName: reasonCode ? `Not ready (${reasonCode})` : 'Not ready',
        ...(reasonCode ? { reasonCode } : {}),
      };
    case 'LoggedOut':
      return { loggedIn: false, available: false, stateCode: 'LOGGED_OUT', displayName: 'Logged out' };
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
  readonly reports: VendorEvent[] = [];
  readonly orphans: Orphan[] = [];

  constructor(book: CallBook) {
    this.calls = new Map(book.calls);
    this.ended = [...book.ended];
    this.unsure = [...book.unsure];
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

  /** Reports a call the core has not heard of from the handler (incoming or dialing, then connected if talking). */
  introduce(call: { eventId: EventId; connectionId: ConnectionId; state: PartyState; callType: CallType; ANI: string }): void {
    const known = this.calls.get(call.eventId);
    const direction = known?.direction ?? directionOf(call.state, call.callType);
    this.calls.set(call.eventId, { eventId: call.eventId, connectionId: call.connectionId, direction, state: call.state, busy: known?.busy ?? false });
    this.reports.push({ type: direction === 'inbound' ? 'incoming' : 'dialing', eventId: call.eventId, phoneNumber: numberOf(call.ANI) });
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

  end(tracked: BridgeCall, report: VendorEvent): void {
    this.calls.delete(tracked.eventId);
    this.remember(tracked.eventId);
    this.reports.push(report);
  }

  done(): Interpretation {
    return { book: { calls: this.calls, ended: this.ended, unsure: this.unsure }, reports: this.reports, orphans: this.orphans };
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

function reconcile(draft: Draft, event: Extract<PushedEvent, { eventName: 'EventRegistered' }>): void {
  draft.reports.push(event.linkConnected ? { type: 'link', status: 'connected' } : { type: 'link', status: 'down', detail: LINK_DOWN_DETAIL });
  draft.reports.push({ type: 'agentState', presence: presenceOf(event.agent.state, event.agent.reasonCode), onConnect: true });
  const present = new Set(event.calls.map((call) => call.eventId));
  for (const tracked of [...draft.calls.values()]) {
    if (present.has(tracked.eventId)) continue;
    // A placed call not seen yet is ended only by a snapshot taken after the bridge placed it: one taken before (and
    // arriving after the answer, on a session opened meanwhile) does not know of it yet.
    if (!reported(tracked) && !snapshotIsNewer(event.order, tracked.placedAt)) continue;
    draft.end(tracked, { type: 'ended', eventId: tracked.eventId, phase: phaseOf(tracked.state), endedBy: 'system' });
  }
  for (const call of event.calls) {
    const tracked = draft.get(call.eventId);
    if (reported(tracked)) {
      draft.move({ ...tracked, connectionId: call.connectionId }, call.state);
      // A call still on hold is said to be again: the core may have missed its EventHeld while the toolbar was away.
      if (tracked.state === 'Held' && call.state === 'Held') draft.reports.push({ type: 'held', eventId: call.eventId });
    } else if (!draft.adoptedAsOrphan(call)) draft.introduce(call);
  }
}

/** Folds one event into the book. */
export function interpret(book: CallBook, event: PushedEvent): Interpretation {
  const draft = new Draft(book);
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
        draft.introduce({ ...event, state });
      }
      break;
    }
    case 'EventDTMFSent':
      // The far side heard the tones: nothing changes for the core (sendDigits resolved on the bridge's answer).
      break;
    case 'EventDestinationBusy': {
      const tracked = draft.get(event.eventId);
      if (tracked) draft.calls.set(tracked.eventId, { ...tracked, busy: true });
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
      // T-Server gave the call a new ConnID: the toolbar's commands must name the new one from now on. A call the
      // toolbar does not know is left to the next snapshot (the event does not say the call's party state).
      const tracked = draft.get(event.eventId);
      if (reported(tracked)) draft.calls.set(tracked.eventId, { ...tracked, connectionId: event.connectionId });
      break;
    }
    case 'EventAgentReady':
      draft.reports.push({ type: 'agentState', presence: presenceOf('Ready') });
      break;
    case 'EventAgentNotReady':
      draft.reports.push({ type: 'agentState', presence: presenceOf('NotReady', event.reasonCode) });
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
      reconcile(draft, event);
      break;
    case 'EventTokenRenewed':
      // The session's own business (the handler's sign-in), nothing the core hears of.
      break;
    case 'EventError': {
      const eventId = event.connectionId === undefined ? undefined : eventIdOfConnection(book, event.connectionId);
      draft.reports.push({ type: 'error', message: event.errorMessage, ...(eventId === undefined ? {} : { eventId }) });
      break;
    }
  }
  return draft.done();
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

export function eventIdOfConnection(book: CallBook, connectionId: ConnectionId): EventId | undefined {
  for (const call of book.calls.values()) if (call.connectionId === connectionId) return call.eventId;
  return undefined;
}
