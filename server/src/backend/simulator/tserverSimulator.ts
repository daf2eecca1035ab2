/**
 * The built-in T-Server simulator: the default TelephonyBackend. It models one T-Server over one switch, as the
 * bridge sees it through its single connection: the DNs of `options.dns`, the agent logged in at each, and the calls
 * of the switch. A call (one ConnID) has a party at each DN of the switch it reaches and at most one party outside
 * the switch (the customer who called, or the callee of an outbound call); T-Server reports each DN's own party.
 *
 * Modeling choices where T-Server leaves room (Genesys' basic call models,
 * https://all.docs.genesys.com/VM/Current/VMEventsandModels/BasicCallModels, and release tracking,
 * https://docs.genesys.com/Documentation/TS/8.1.1/TSCSTA/CSTACallReleaseTracking):
 * - Events go to the listener only for registered DNs (link events, with thisDN '', always); calls go on regardless.
 * - Requests are checked before anything changes: a refused request emits nothing and changes nothing.
 * - A request for a DN that is not registered is refused (BACKEND_ERROR), as its answer could not reach the client.
 * - AgentReady/AgentNotReady from LoggedOut emit EventAgentLogin then the state event, both with the ReferenceID;
 *   repeating the current state is answered again (idempotent), NotReady may change the reason code.
 * - MakeCall to something that is not a phone number is refused (BACKEND_ERROR) naming the destination as the fault.
 * - MakeCall to one of the switch's own DNs is refused: only transfers and consults place calls between DNs.
 *   (The bridge refuses both as the client's mistake before it asks, see bridge/destinationCheck.ts; these refusals
 *   are what a caller of the backend itself meets.)
 * - A DN holds at most callsPerDn calls. A customer calling a DN at the cap hears busy, as a call to a busy
 *   destination goes in the basic call models (abnormal call flow: EventDestinationBusy at the caller's side only,
 *   no event at the busy party's): the DN gets no event at all, and since the customer is outside this switch the
 *   refusal is the simulator's (SimulatorError BUSY). A MakeCall or a consult from a DN at the cap is refused
 *   (INVALID_IN_STATE) naming the cap, and nothing is emitted. A DN whose phone is set busy (setBusy) is busy to
 *   every call, as one at its cap is.
 * - The callee hanging up while the call is dialing is a refusal: EventReleased, CallState NoAnswer, Remote.
 *   The dial timeout is T-Server giving up: EventReleased, CallState NoAnswer, Unknown (like the ring timeout).
 * - The ring and dial timeouts are T-Server's: while the CTI link is down they cannot act, so they start again.
 * - register, unregister and query work while the link is down (they concern the client and T-Server, not the
 *   switch); requests and simulator actions do not.
 * - Events are queued and delivered in order, synchronously: an event caused from inside the listener is delivered
 *   after the one being delivered, never nested in it.
 * - Hold and retrieve follow T-Server's hold model (RequestHoldCall → EventHeld, RequestRetrieveCall → EventRetrieved,
 *   same ConnID; https://all.docs.genesys.com/VM/Current/VMEventsandModels/HoldTransferConference): only an
 *   established call can be held and only a held one retrieved, else EventError (T-Library's negative response,
 *   https://docs.genesys.com/Documentation/System/Current/GenEM/Welcome) and nothing changes. While the agent's party
 *   is Held the customer hears the switch's music on hold; the softphone's own Hold button does the same, without a
 *   ReferenceID (phoneHolds, phoneRetrieves).
 * - RequestSendDTMF → EventDTMFSent (T-Library's TSendDTMF, https://docs.genesys.com/Documentation/PSDK/latest/TlibRef/TSendDTMF),
 *   for an established call only (the customer of a held call hears music, not tones). The digits reach the
 *   customer: the simulator keeps what each call's customer heard (digitsHeard), and the events do not carry them.
 *
 * Transfers and conferences follow T-Server's hold, transfer and conference models
 * (https://all.docs.genesys.com/VM/Current/VMEventsandModels/HoldTransferConference,
 * https://docs.genesys.com/Documentation/System/latest/GenEM/HoldingTransferringandConferencing) and the requests'
 * T-Library reference (https://docs.genesys.com/Documentation/PSDK/latest/TlibRef/TSingleStepTransfer,
 * …/TInitiateTransfer, …/TCompleteTransfer, …/TInitiateConference, …/TCompleteConference, …/TReconnectCall):
 * - They route to the DNs of this switch only; any other destination is refused with EventError (BACKEND_ERROR,
 *   naming the destination), as T-Server answers a request whose destination the switch cannot route. A call or
 *   consult goes to a DN whether or not an agent is logged in there, as a call dialed to an extension does.
 * - They act on an established call between two parties that is not itself a consult (a conference is left, not
 *   transferred); anything else is EventError INVALID_IN_STATE.
 * - RequestSingleStepTransfer: EventReleased at this DN (CallState Transferred, ThirdPartyDN the destination), and the
 *   destination rings with the same ConnID (EventRinging, ThirdPartyDN the DN that transferred it). A busy
 *   destination refuses the request (EventError): the call stays.
 * - RequestInitiateTransfer and RequestInitiateConference: EventHeld for the call, then EventDialing of a new call
 *   (CallType Consult, TransferConnID the held call, which its every event carries, as Genesys' sample softphone
 *   reads it from EventDialing) and EventRinging at the destination. A busy destination: EventDestinationBusy and
 *   EventReleased (Busy) for the consult call, and the call stays held. Either consult may be completed as a
 *   transfer or as a conference.
 * - RequestCompleteTransfer (before or after the consulted party answered, as TCompleteTransfer allows):
 *   EventReleased for the consult call and then the held call (CallState Transferred), and the consulted party's
 *   party moves to the held call's ConnID (EventPartyChanged, PreviousConnID the consult call's): the held call's
 *   ConnID is the resulting call's, as TCompleteTransfer assigns it.
 * - RequestCompleteConference (after the consulted party answered): EventReleased for the consult call (CallState
 *   Conferenced), EventPartyChanged for the consulted party, EventRetrieved and EventPartyAdded (ThirdPartyDN the new
 *   party) for the held call.
 * - RequestReconnectCall: EventReleased for the consult call (the consulted party hears it released, or abandoned
 *   while it rang), then EventRetrieved for the held call.
 * - A party leaving a call of three or more (a conference): the others hear EventPartyDeleted (ThirdPartyDN the one
 *   who left) and talk on. A party leaving a call of two: the other is released too (Remote), or hears EventAbandoned
 *   if it was still ringing.
 */
import {
  TServerError,
  type CallState,
  type CallType,
  type DnStatus,
  type PartyState,
  type ReleasingParty,
  type TCall,
  type TCallEvent,
  type TelephonyBackend,
  type TEvent,
  type TEventListener,
  type TRequest,
  type UnstampedTEvent,
} from '../telephonyBackend';
import { MAX_CALLS_PER_DN } from '../../../../protocol/bridgeProtocol';
import { FIELD_RULES, dialString, fitsRule } from '../../../../protocol/fieldRules';
import { connIdSource, newCallUuid } from './ids';
import { SimulatorError, type CallRequestKind, type SimulatorControl, type SimulatorOptions, type SwitchCallView } from './simulatorControl';

type Agent =
  | { readonly state: 'LoggedOut' }
  | { readonly state: 'NotReady' | 'Ready'; readonly agentId: string; readonly reasonCode?: string };

/** The party outside the switch: a customer who called (ani, their number), or the callee of an outbound call. */
interface Outside {
  readonly number: string;
  readonly ani?: string;
}

/** One call of the switch (one ConnID). */
interface SwitchCall {
  readonly connId: string;
  readonly callUuid: string;
  readonly callType: Exclude<CallType, 'Internal'>;
  readonly userData: Readonly<Record<string, string>>;
  /** The customer or callee, until they hang up. */
  outside: Outside | undefined;
  /** The parties at DNs of this switch, by DN, in the order they joined. */
  readonly parties: Map<string, Party>;
  /** A consult call: the call it was placed for (TransferConnID). */
  readonly consultFor?: string;
  /** The DTMF digits the outside party has heard on this call, in order. */
  digitsHeard: string;
  /** DNs that left the call while it went on (a transfer, a conference left), oldest first. */
  readonly formerDNs: string[];
}

/**
 * A DN's party in a call: what T-Server reports at that DN. Inbound calls go Ringing → Established ⇄ Held; outbound
 * and consult ones Dialing → Established ⇄ Held (the consulted DN's side: Ringing → Established).
 */
interface Party {
  readonly dn: string;
  /** The call the party is on; a transfer or conference completed moves it to another (EventPartyChanged). */
  call: SwitchCall;
  state: PartyState;
  /** The caller's number (inbound calls only, as T-Server's default ani-distribution gives it). */
  ani?: string;
  /** The other party: the caller's number, the number dialed, or the DN at the other end. */
  otherDN: string;
  /** The ring or dial timeout, only while the party is Ringing, or Dialing out of the switch. */
  timer?: NodeJS.Timeout;
}

interface Line {
  agent: Agent;
  readonly calls: Map<string, Party>;
  /** The phone is busy to every call (setBusy). */
  busy: boolean;
}

interface Queued {
  readonly event: TEvent;
  /** Settles the request this event answers, once the listener has had it. */
  delivered?: () => void;
}

/** How the parties left behind are released when a call of two ends. */
interface Leftover {
  readonly callState: CallState;
  readonly releasingParty: ReleasingParty;
}
const REMOTE_RELEASE: Leftover = { callState: 'Ok', releasingParty: 'Remote' };

type CallRequest = Extract<TRequest, { readonly connId: string }>;
type ConsultEnd = Extract<CallRequest, { readonly consultConnId: string }>;
/** Call events that carry nothing beyond the call and, where T-Server tells it, the third party. */
type PlainCallEventName = Exclude<TCallEvent['name'], 'EventReleased' | 'EventPartyChanged' | 'EventPartyAdded' | 'EventPartyDeleted'>;
/** The events of a party moving between Ringing/Dialing, Established and Held. */
type MoveEventName = 'EventEstablished' | 'EventHeld' | 'EventRetrieved';
/** What the agent does at the softphone to a talking call. */
type PhoneMove = { readonly from: PartyState; readonly to: PartyState; readonly name: MoveEventName; readonly what: string };
const PHONE_HOLD: PhoneMove = { from: 'Established', to: 'Held', name: 'EventHeld', what: 'talking' };
const PHONE_RETRIEVE: PhoneMove = { from: 'Held', to: 'Established', name: 'EventRetrieved', what: 'held' };
type AgentRequest = Extract<TRequest, { readonly agentId: string }>;
type ErrorCode = TServerError['code'];
type Refuse = (code: ErrorCode, message: string, field?: TServerError['field']) => TServerError;

/** The party states each call request is valid in (for the call it names; a consult's end checks its consult too). */
const VALID_IN: Readonly<Record<CallRequest['kind'], readonly PartyState[]>> = {
  AnswerCall: ['Ringing'],
  ReleaseCall: ['Ringing', 'Dialing', 'Established', 'Held'],
  HoldCall: ['Established'],
  RetrieveCall: ['Held'],
  SendDTMF: ['Established'],
  SingleStepTransfer: ['Established'],
  InitiateTransfer: ['Established'],
  InitiateConference: ['Established'],
  CompleteTransfer: ['Held'],
  CompleteConference: ['Held'],
  ReconnectCall: ['Held'],
};

/** performance.timeOrigin, read once: it does not change, and its getter is not free. */
const TIME_ORIGIN = performance.timeOrigin;

/** Digits with the usual dialing punctuation, optionally international. */
const PHONE_NUMBER = /^\+?[\d*#(). -]{1,32}$/;

export function isPhoneNumber(text: unknown): text is string {
  return typeof text === 'string' && text === text.trim() && PHONE_NUMBER.test(text) && /\d/.test(text);
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Everyone on a call: the outside party's number, then the DNs. */
function membersOf(call: SwitchCall): string[] {
  return [...(call.outside ? [call.outside.number] : []), ...call.parties.keys()];
}

/** Everyone on the call but `dn`, when they are more than one (a conference); counted first, as most calls have two. */
function othersOf(call: SwitchCall, dn: string): string[] | undefined {
  const others = (call.outside !== undefined && call.outside.number !== dn ? 1 : 0) + call.parties.size - (call.parties.has(dn) ? 1 : 0);
  return others > 1 ? membersOf(call).filter((member) => member !== dn) : undefined;
}

/**
 * The call as T-Server reports it at the party's DN. Optional attributes are omitted rather than set to undefined
 * (events carry only what T-Server would send), and set one by one: every call event carries a snapshot.
 */
function snapshot(party: Party): TCall {
  const { call } = party;
  const snap: Writable<TCall> = {
    connId: call.connId,
    callUuid: call.callUuid,
    callType: call.callType,
    state: party.state,
    otherDN: party.otherDN,
    userData: call.userData,
  };
  if (party.ani !== undefined) snap.ani = party.ani;
  if (call.consultFor !== undefined) snap.transferConnId = call.consultFor;
  const others = othersOf(call, party.dn);
  if (others !== undefined) snap.otherParties = others;
  return snap;
}

function viewOf(call: SwitchCall): SwitchCallView {
  return {
    connId: call.connId,
    callType: call.callType,
    ...(call.outside ? { outside: { number: call.outside.number, digitsHeard: call.digitsHeard } } : {}),
    parties: [...call.parties.values()].map((party) => ({ dn: party.dn, state: party.state })),
    ...(call.consultFor === undefined ? {} : { consultFor: call.consultFor }),
    formerDNs: [...call.formerDNs],
  };
}

function agentStatus(agent: Agent): DnStatus['agent'] {
  if (agent.state === 'LoggedOut') return { state: 'LoggedOut' };
  const reason = agent.reasonCode === undefined ? {} : { reasonCode: agent.reasonCode };
  return { agentId: agent.agentId, state: agent.state, ...reason };
}

/** What the simulator tells its host beyond events. */
export interface SimulatorHooks {
  /** The listener threw on an event (default: a process warning). The simulator carries on either way. */
  readonly onListenerError?: (error: unknown, event: TEvent) => void;
}

function warnOfListenerError(error: unknown, event: TEvent): void {
  process.emitWarning(`T-Server simulator: the event listener threw on ${event.name}: ${String(error)}`, 'TServerSimulatorWarning');
}

function checkTimeout(name: string, ms: number | null): void {
  if (ms !== null && !(Number.isFinite(ms) && ms > 0)) {
    throw new SimulatorError('BAD_REQUEST', `${name} must be a positive number of milliseconds or null, not ${ms}`);
  }
}

export class TServerSimulator implements TelephonyBackend, SimulatorControl {
  private readonly lines = new Map<string, Line>();
  private readonly calls = new Map<string, SwitchCall>();
  private readonly registered = new Set<string>();
  private readonly nextConnId = connIdSource();
  private readonly ringTimeoutMs: number | null;
  private readonly dialTimeoutMs: number | null;
  private readonly callsPerDn: number;
  private listener: TEventListener | undefined;
  /** Simulator tools (the traffic generator) that see every event of the switch. */
  private readonly watchers = new Set<TEventListener>();
  private readonly queue: Queued[] = [];
  private flushing = false;
  private lastReferenceId = 0;
  private link = true;
  private closed = false;
  /** The call requests a test asked T-Server to refuse once each (refuseNext). */
  private readonly refusing = new Set<CallRequestKind>();

  private readonly onListenerError: (error: unknown, event: TEvent) => void;

  constructor(options: SimulatorOptions, hooks: SimulatorHooks = {}) {
    for (const dn of options.dns) {
      if (typeof dn !== 'string' || dn === '') throw new SimulatorError('BAD_REQUEST', 'every DN must be a non-empty string');
      this.lines.set(dn, { agent: { state: 'LoggedOut' }, calls: new Map(), busy: false });
    }
    checkTimeout('ringTimeoutMs', options.ringTimeoutMs);
    checkTimeout('dialTimeoutMs', options.dialTimeoutMs);
    this.ringTimeoutMs = options.ringTimeoutMs;
    this.dialTimeoutMs = options.dialTimeoutMs;
    const callsPerDn = options.callsPerDn ?? MAX_CALLS_PER_DN;
    if (!Number.isInteger(callsPerDn) || callsPerDn < 1 || callsPerDn > MAX_CALLS_PER_DN) {
      throw new SimulatorError('BAD_REQUEST', `callsPerDn must be a whole number from 1 to ${MAX_CALLS_PER_DN}, not ${callsPerDn}`);
    }
    this.callsPerDn = callsPerDn;
    this.onListenerError = hooks.onListenerError ?? warnOfListenerError;
  }

  get linkConnected(): boolean {
    return this.link;
  }

  // ---- TelephonyBackend -----------------------------------------------------------------------------------------

  /** Sets the one listener (a second call replaces the first). */
  onEvent(listener: TEventListener): void {
    this.listener = listener;
  }

  async register(dn: string): Promise<DnStatus> {
    const line = this.existingLine(dn);
    this.registered.add(dn);
    return this.status(dn, line);
  }

  async unregister(dn: string): Promise<void> {
    this.existingLine(dn);
    this.registered.delete(dn);
  }

  async query(dn: string): Promise<DnStatus> {
    return this.status(dn, this.existingLine(dn));
  }

  async request(dn: string, request: TRequest): Promise<TEvent> {
    const referenceId = ++this.lastReferenceId;
    // A refusal (the TServerError T-Server would answer with) rejects the returned promise.
    const answer = this.perform(dn, request, referenceId);
    return new Promise((resolve) => {
      answer.delivered = () => resolve(answer.event);
      this.flush();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watchers.clear();
    for (const line of this.lines.values()) {
      for (const party of line.calls.values()) clearTimeout(party.timer);
      line.calls.clear();
    }
    this.calls.clear();
    this.registered.clear();
    this.listener = undefined;
  }

  // ---- SimulatorControl -----------------------------------------------------------------------------------------

  watch(watcher: TEventListener): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  customerCalls(call: { readonly dn: string; readonly ani: string }): { connId: string; callUuid: string } {
    return this.act(() => this.ringFromOutside(call.dn, call.ani));
  }

  customerHangsUp(connId: string): void {
    this.act(() => {
      const call = this.knownCall(connId);
      const outside = call.outside;
      if (!outside) throw new SimulatorError('CONFLICT', `call ${connId} has no party outside the switch to hang up`);
      call.outside = undefined;
      // The callee refusing an outbound call that is still dialing: NoAnswer, as before it answered.
      const dialing = [...call.parties.values()].some((party) => party.state === 'Dialing');
      this.settle(call, outside.number, dialing ? { callState: 'NoAnswer', releasingParty: 'Remote' } : REMOTE_RELEASE);
    });
  }

  calleeAnswers(connId: string): void {
    this.act(() => this.moveTo(this.dialingOut(connId, 'answer'), 'Established', 'EventEstablished'));
  }

  calleeBusy(connId: string): void {
    this.act(() => {
      const party = this.dialingOut(connId, 'be busy');
      this.emitCall('EventDestinationBusy', party);
      this.release(party, 'Busy', 'Remote');
      this.forget(party.call);
    });
  }

  phoneAnswers(dn: string, connId?: string): { connId: string } {
    return this.act(() => {
      const party = this.phoneParty(dn, connId, 'ringing', (candidate) => candidate.state === 'Ringing');
      if (party.state !== 'Ringing') throw new SimulatorError('CONFLICT', `call ${party.call.connId} on DN ${dn} is ${party.state}, not ringing`);
      this.answer(party);
      return { connId: party.call.connId };
    });
  }

  phoneHolds(dn: string, connId?: string): { connId: string } {
    return this.phoneMoves(dn, connId, PHONE_HOLD);
  }

  phoneRetrieves(dn: string, connId?: string): { connId: string } {
    return this.phoneMoves(dn, connId, PHONE_RETRIEVE);
  }

  digitsHeard(connId: string): string | undefined {
    return this.calls.get(connId)?.digitsHeard;
  }

  phoneReleases(dn: string, connId?: string): { connId: string } {
    return this.act(() => {
      const party = this.phoneParty(dn, connId, 'active', () => true);
      this.leave(party, 'Ok', 'Local');
      return { connId: party.call.connId };
    });
  }

  setBusy(dn: string, busy: boolean): void {
    const line = this.lines.get(dn);
    if (!line) throw new SimulatorError('NOT_FOUND', `DN ${dn} does not exist on this switch`);
    line.busy = busy;
  }

  transferToAgent(transfer: { readonly dn: string; readonly ani: string; readonly from: string }): { connId: string; callUuid: string } {
    return this.act(() => {
      const { dn, ani, from } = transfer;
      const line = this.lines.get(dn);
      if (!line) throw new SimulatorError('NOT_FOUND', `DN ${dn} does not exist on this switch`);
      if (!this.lines.has(from)) throw new SimulatorError('NOT_FOUND', `DN ${from} (who transfers) does not exist on this switch`);
      if (from === dn) throw new SimulatorError('BAD_REQUEST', `DN ${dn} cannot transfer a call to itself`);
      if (this.isBusy(line)) throw new SimulatorError('BUSY', `DN ${dn} is busy: ${this.busyness(line)}`);
      // The caller reaches `from`, whose phone answers and transfers the call in one step: what its own DN hears too.
      const { connId } = this.ringFromOutside(from, ani);
      const party = this.partyAt(from, connId);
      this.answer(party);
      this.transferInOneStep(party, dn);
      return { connId, callUuid: party.call.callUuid };
    });
  }

  switchCalls(): SwitchCallView[] {
    return [...this.calls.values()].map(viewOf);
  }

  /** A softphone's Hold or Retrieve: the named call, or the DN's one call in the state the move starts from. */
  private phoneMoves(dn: string, connId: string | undefined, move: PhoneMove): { connId: string } {
    return this.act(() => {
      const party = this.phoneParty(dn, connId, move.what, (candidate) => candidate.state === move.from);
      if (party.state !== move.from) throw new SimulatorError('CONFLICT', `call ${party.call.connId} on DN ${dn} is ${party.state}, not ${move.what}`);
      this.moveTo(party, move.to, move.name);
      return { connId: party.call.connId };
    });
  }

  linkDown(): void {
    this.switchLink(false, 'EventLinkDisconnected');
  }

  linkUp(): void {
    this.switchLink(true, 'EventLinkConnected');
  }

  refuseNext(kind: CallRequestKind): void {
    this.refusing.add(kind);
  }

  // ---- Requests -------------------------------------------------------------------------------------------------

  /** Checks the request, then applies it; returns its answering event, queued. Throws T-Server's EventError. */
  private perform(dn: string, request: TRequest, referenceId: number): Queued {
    const refuse: Refuse = (code, message, field) => new TServerError(code, message, referenceId, field);
    if (this.closed) throw refuse('BACKEND_ERROR', `the simulator is closed: ${request.kind} refused`);
    if (!this.link) throw refuse('LINK_DOWN', `the T-Server link is down: ${request.kind} refused`);
    const line = this.lines.get(dn);
    if (!line) throw refuse('BACKEND_ERROR', `DN ${dn} does not exist on this switch`);
    if (!this.registered.has(dn)) throw refuse('BACKEND_ERROR', `DN ${dn} is not registered: ${request.kind} refused`);

    switch (request.kind) {
      case 'AgentReady':
      case 'AgentNotReady':
        return this.changeAgent(dn, line, request, referenceId, refuse);
      case 'MakeCall': {
        const { destination } = request;
        // The switch dials what the bridge lets through (one rule, protocol/fieldRules.ts), so nothing the bridge
        // accepts comes back as a backend failure; a caller of the backend itself still meets this refusal.
        if (!fitsRule(FIELD_RULES.destination, destination)) throw refuse('BACKEND_ERROR', `cannot dial ${JSON.stringify(destination)}: not a phone number`, 'destination');
        if (this.lines.has(destination)) {
          throw refuse('BACKEND_ERROR', `cannot dial ${destination}: calls between DNs of this switch are placed by transfers and consults only`);
        }
        if (this.isFull(line)) throw refuse('INVALID_IN_STATE', `MakeCall refused: DN ${dn} ${this.fullness(line)}`);
        const userData = Object.freeze({ ...request.userData });
        const call = this.newCall({ callType: 'Outbound', userData, outside: { number: destination } });
        const party = this.join(call, dn, 'Dialing', destination);
        return this.emitCall('EventDialing', party, referenceId);
      }
      case 'AnswerCall':
      case 'ReleaseCall':
      case 'HoldCall':
      case 'RetrieveCall':
      case 'SendDTMF':
      case 'SingleStepTransfer':
      case 'InitiateTransfer':
      case 'InitiateConference':
      case 'CompleteTransfer':
      case 'CompleteConference':
      case 'ReconnectCall': {
        // A call at another DN is unknown at this one, as it would be to T-Server.
        const party = line.calls.get(request.connId);
        if (!party) throw refuse('UNKNOWN_CALL', `${request.kind}: no call ${request.connId} at DN ${dn}`);
        if (!VALID_IN[request.kind].includes(party.state)) {
          throw refuse('INVALID_IN_STATE', `${request.kind} is not valid for call ${request.connId}: it is ${party.state}`);
        }
        // The bridge lets only these through (protocol/fieldRules.ts); a caller of the backend itself meets this.
        if (request.kind === 'SendDTMF' && !fitsRule(FIELD_RULES.digits, request.digits)) {
          throw refuse('BACKEND_ERROR', `SendDTMF refused for call ${request.connId}: the digits must be ${FIELD_RULES.digits.wording}`);
        }
        const apply = this.checkCallRequest(request, party, line, refuse);
        if (this.refusing.delete(request.kind)) throw refuse('BACKEND_ERROR', `the switch refused ${request.kind} for call ${request.connId}`);
        return apply(referenceId);
      }
      default: {
        const unknown: never = request;
        throw refuse('BACKEND_ERROR', `unknown request ${JSON.stringify(unknown)}`);
      }
    }
  }

  /** Checks what a call request needs beyond its call's state, and returns how to carry it out. */
  private checkCallRequest(request: CallRequest, party: Party, line: Line, refuse: Refuse): (referenceId: number) => Queued {
    switch (request.kind) {
      case 'AnswerCall':
        return (referenceId) => this.answer(party, referenceId);
      case 'HoldCall':
        return (referenceId) => this.moveTo(party, 'Held', 'EventHeld', referenceId);
      case 'RetrieveCall':
        return (referenceId) => this.moveTo(party, 'Established', 'EventRetrieved', referenceId);
      case 'SendDTMF':
        return (referenceId) => {
          // The tones reach the customer; the event does not repeat them (they may be a PIN).
          party.call.digitsHeard += request.digits;
          return this.emitCall('EventDTMFSent', party, referenceId);
        };
      case 'ReleaseCall':
        // Ringing: the agent declines the call (release of an alerting call).
        return (referenceId) => this.leave(party, 'Ok', 'Local', referenceId);
      case 'SingleStepTransfer': {
        this.checkTransferable(request, party, refuse);
        const target = this.routedLine(request.destination, party.dn, refuse);
        if (this.isBusy(target.line)) throw refuse('BACKEND_ERROR', `cannot transfer to ${request.destination}: DN ${target.dn} is busy`, 'destination');
        return (referenceId) => this.transferInOneStep(party, target.dn, referenceId);
      }
      case 'InitiateTransfer':
      case 'InitiateConference': {
        this.checkTransferable(request, party, refuse);
        if (this.consultsOf(party).length > 0) throw refuse('INVALID_IN_STATE', `${request.kind} refused: call ${request.connId} already has a consult call`);
        const target = this.routedLine(request.destination, party.dn, refuse);
        if (this.isFull(line)) throw refuse('INVALID_IN_STATE', `${request.kind} refused: DN ${party.dn} ${this.fullness(line)}`);
        return (referenceId) => this.consult(party, target.dn, referenceId);
      }
      case 'CompleteTransfer':
      case 'CompleteConference':
      case 'ReconnectCall': {
        const consult = this.consultParty(request, party, refuse);
        const consulted = this.consultedParty(consult);
        if (request.kind === 'CompleteConference' && consulted?.state !== 'Established') {
          throw refuse('INVALID_IN_STATE', `CompleteConference refused: the party of consult call ${consult.call.connId} has not answered`, 'consultConnectionId');
        }
        if (request.kind !== 'ReconnectCall' && !consulted) {
          throw refuse('INVALID_IN_STATE', `${request.kind} refused: consult call ${consult.call.connId} reaches no party`, 'consultConnectionId');
        }
        if (request.kind === 'ReconnectCall') return (referenceId) => this.reconnect(party, consult, referenceId);
        if (request.kind === 'CompleteTransfer') return (referenceId) => this.completeTransfer(party, consult, referenceId);
        return (referenceId) => this.completeConference(party, consult, referenceId);
      }
    }
  }

  /** A transfer or a consult starts from a call of two parties that is not itself a consult. */
  private checkTransferable(request: CallRequest, party: Party, refuse: Refuse): void {
    if (party.call.consultFor !== undefined) {
      throw refuse('INVALID_IN_STATE', `${request.kind} refused: call ${request.connId} is a consult call; complete or end the consult instead`);
    }
    if (membersOf(party.call).length > 2) throw refuse('INVALID_IN_STATE', `${request.kind} refused: call ${request.connId} is a conference`);
  }

  /** The DN of this switch a destination routes to (not the requesting one); else T-Server's EventError. */
  private routedLine(destination: string, fromDn: string, refuse: Refuse): { dn: string; line: Line } {
    const dialed = fitsRule(FIELD_RULES.destination, destination) ? dialString(destination) : undefined;
    const dn = dialed === undefined ? undefined : [...this.lines.keys()].find((candidate) => dialString(candidate) === dialed);
    const line = dn === undefined ? undefined : this.lines.get(dn);
    if (dn === undefined || !line) {
      throw refuse('BACKEND_ERROR', `cannot route a call to ${JSON.stringify(destination)}: no DN of this switch answers to it`, 'destination');
    }
    if (dn === fromDn) throw refuse('BACKEND_ERROR', `cannot route a call to ${destination}: it is DN ${fromDn} itself`, 'destination');
    return { dn, line };
  }

  /** The consult call a request names for the held call, at the same DN. */
  private consultParty(request: ConsultEnd, held: Party, refuse: Refuse): Party {
    const consult = this.lines.get(held.dn)?.calls.get(request.consultConnId);
    if (!consult || consult.call.consultFor !== held.call.connId) {
      throw refuse('INVALID_IN_STATE', `${request.kind} refused: ${request.consultConnId} is no consult call of call ${request.connId} at DN ${held.dn}`, 'consultConnectionId');
    }
    return consult;
  }

  private changeAgent(dn: string, line: Line, request: AgentRequest, referenceId: number, refuse: Refuse): Queued {
    const { agentId } = request;
    if (typeof agentId !== 'string' || agentId === '') throw refuse('BACKEND_ERROR', `${request.kind} needs an agent id`);
    // One agent per DN: this switch refuses a second one rather than logging the first out.
    if (line.agent.state !== 'LoggedOut' && line.agent.agentId !== agentId) {
      const occupant = line.agent.agentId;
      throw refuse('INVALID_IN_STATE', `${request.kind} for agent ${agentId} refused: agent ${occupant} is logged in at DN ${dn}`);
    }
    if (line.agent.state === 'LoggedOut') this.emit({ name: 'EventAgentLogin', thisDN: dn, agentId, referenceId });
    if (request.kind === 'AgentReady') {
      line.agent = { state: 'Ready', agentId };
      return this.emit({ name: 'EventAgentReady', thisDN: dn, agentId, referenceId });
    }
    const reason = request.reasonCode === undefined ? {} : { reasonCode: request.reasonCode };
    line.agent = { state: 'NotReady', agentId, ...reason };
    return this.emit({ name: 'EventAgentNotReady', thisDN: dn, agentId, ...reason, referenceId });
  }

  // ---- Calls ----------------------------------------------------------------------------------------------------

  private newCall(fields: { callType: SwitchCall['callType']; userData: Readonly<Record<string, string>>; outside?: Outside; consultFor?: string }): SwitchCall {
    let connId = this.nextConnId();
    while (this.calls.has(connId)) connId = this.nextConnId();
    const call: SwitchCall = {
      connId,
      callUuid: newCallUuid(),
      callType: fields.callType,
      userData: fields.userData,
      outside: fields.outside,
      parties: new Map(),
      consultFor: fields.consultFor,
      digitsHeard: '',
      formerDNs: [],
    };
    this.calls.set(connId, call);
    return call;
  }

  /** A DN's party joins a call (its events are the caller's to emit). */
  private join(call: SwitchCall, dn: string, state: PartyState, otherDN: string, ani?: string): Party {
    const party: Party = { dn, call, state, otherDN, ani };
    call.parties.set(dn, party);
    this.lines.get(dn)?.calls.set(call.connId, party);
    this.startTimer(party);
    return party;
  }

  /** A customer's call rings at a DN (refused BUSY at a busy DN, which then hears nothing of it). */
  private ringFromOutside(dn: string, ani: string): { connId: string; callUuid: string } {
    const line = this.lines.get(dn);
    if (!line) throw new SimulatorError('NOT_FOUND', `DN ${dn} does not exist on this switch`);
    if (!isPhoneNumber(ani)) {
      throw new SimulatorError('BAD_REQUEST', `the caller's number (ani) must be a phone number, not ${JSON.stringify(ani)}`);
    }
    if (this.isBusy(line)) throw new SimulatorError('BUSY', `DN ${dn} is busy: ${this.busyness(line)}`);
    const call = this.newCall({ callType: 'Inbound', userData: {}, outside: { number: ani, ani } });
    const party = this.join(call, dn, 'Ringing', ani, ani);
    this.emitCall('EventRinging', party);
    return { connId: call.connId, callUuid: call.callUuid };
  }

  /** A ringing party answers; the DN that dialed it (a consult) hears it answered too. */
  private answer(party: Party, referenceId?: number): Queued {
    const answered = this.moveTo(party, 'Established', 'EventEstablished', referenceId);
    for (const other of party.call.parties.values()) {
      if (other !== party && other.state === 'Dialing') this.moveTo(other, 'Established', 'EventEstablished');
    }
    return answered;
  }

  private moveTo(party: Party, state: PartyState, name: MoveEventName, referenceId?: number): Queued {
    this.stopTimer(party);
    party.state = state;
    return this.emitCall(name, party, referenceId);
  }

  /**
   * A DN's party leaves its call (EventReleased), and the call goes on without it or ends: with two or more left,
   * they hear EventPartyDeleted; with one DN left, it is released too (`leftover`), or abandoned if still ringing.
   */
  private leave(party: Party, callState: CallState, releasingParty: ReleasingParty, referenceId?: number, leftover?: Leftover): Queued {
    const released = this.release(party, callState, releasingParty, referenceId);
    this.settle(party.call, party.dn, leftover ?? (party.state === 'Ringing' ? { callState: 'NoAnswer', releasingParty: 'Remote' } : REMOTE_RELEASE));
    return released;
  }

  /** Takes a party off its call, with EventReleased at its DN showing the state it was released in. */
  private release(party: Party, callState: CallState, releasingParty: ReleasingParty, referenceId?: number, thirdPartyDN?: string): Queued {
    const released: Writable<Extract<UnstampedTEvent, { name: 'EventReleased' }>> = { name: 'EventReleased', thisDN: party.dn, call: snapshot(party), callState, releasingParty };
    // Omitted rather than undefined: events carry only what T-Server would send.
    if (referenceId !== undefined) released.referenceId = referenceId;
    if (thirdPartyDN !== undefined) released.thirdPartyDN = thirdPartyDN;
    this.detach(party);
    return this.emit(released);
  }

  private detach(party: Party): void {
    this.stopTimer(party);
    party.call.parties.delete(party.dn);
    this.lines.get(party.dn)?.calls.delete(party.call.connId);
  }

  /** What is left of a call that `gone` left: a conference goes on, a call of two ends. */
  private settle(call: SwitchCall, gone: string, leftover: Leftover): void {
    const members = membersOf(call);
    if (members.length >= 2) {
      if (call.parties.has(gone) === false && this.lines.has(gone)) call.formerDNs.push(gone);
      for (const party of call.parties.values()) {
        if (party.otherDN === gone) party.otherDN = members.find((member) => member !== party.dn) ?? party.otherDN;
        this.emit({ name: 'EventPartyDeleted', thisDN: party.dn, call: snapshot(party), thirdPartyDN: gone });
      }
      return;
    }
    for (const party of [...call.parties.values()]) {
      if (party.state === 'Ringing') {
        // The caller gave up before the phone was answered.
        this.emitCall('EventAbandoned', party);
        this.detach(party);
      } else {
        this.release(party, leftover.callState, leftover.releasingParty);
      }
    }
    this.forget(call);
  }

  /** A call nobody is on any more. */
  private forget(call: SwitchCall): void {
    if (call.parties.size > 0) return;
    this.calls.delete(call.connId);
  }

  /** RequestSingleStepTransfer (or the transfer of transferToAgent): the call leaves `party` and rings at `dn`. */
  private transferInOneStep(party: Party, dn: string, referenceId?: number): Queued {
    const { call } = party;
    const released = this.release(party, 'Transferred', 'Local', referenceId, dn);
    call.formerDNs.push(party.dn);
    const otherDN = membersOf(call)[0] ?? party.dn;
    const ringing = this.join(call, dn, 'Ringing', otherDN, call.callType === 'Inbound' ? call.outside?.ani : undefined);
    this.emit({ name: 'EventRinging', thisDN: dn, call: snapshot(ringing), thirdPartyDN: party.dn });
    return released;
  }

  /** RequestInitiateTransfer / RequestInitiateConference: hold the call, place the consult call to `dn`. */
  private consult(party: Party, dn: string, referenceId: number): Queued {
    this.moveTo(party, 'Held', 'EventHeld', referenceId);
    const call = this.newCall({ callType: 'Consult', userData: {}, consultFor: party.call.connId });
    const dialing = this.join(call, party.dn, 'Dialing', dn);
    const answer = this.emitCall('EventDialing', dialing, referenceId);
    const target = this.lines.get(dn);
    if (!target || this.isBusy(target)) {
      this.emitCall('EventDestinationBusy', dialing);
      this.release(dialing, 'Busy', 'Remote');
      this.forget(call);
      return answer;
    }
    const ringing = this.join(call, dn, 'Ringing', party.dn);
    this.emitCall('EventRinging', ringing);
    return answer;
  }

  /** RequestCompleteTransfer: both calls leave `held`'s DN; the consulted party takes the held call's ConnID. */
  private completeTransfer(held: Party, consult: Party, referenceId: number): Queued {
    const consulted = this.consultedParty(consult);
    const target = consulted?.dn ?? consult.otherDN;
    this.release(consult, 'Transferred', 'Local', referenceId);
    const released = this.release(held, 'Transferred', 'Local', referenceId, target);
    held.call.formerDNs.push(held.dn);
    if (consulted) this.moveParty(consulted, consult.call, held.call, held.dn);
    this.forget(consult.call);
    return released;
  }

  /** RequestCompleteConference: the consulted party joins the held call, which is retrieved. */
  private completeConference(held: Party, consult: Party, referenceId: number): Queued {
    const consulted = this.consultedParty(consult);
    this.release(consult, 'Conferenced', 'Local', referenceId);
    if (consulted) this.moveParty(consulted, consult.call, held.call, held.dn);
    this.forget(consult.call);
    this.moveTo(held, 'Established', 'EventRetrieved', referenceId);
    const added = consulted?.dn ?? consult.otherDN;
    return this.emit({ name: 'EventPartyAdded', thisDN: held.dn, call: snapshot(held), thirdPartyDN: added, referenceId });
  }

  /** RequestReconnectCall: the consult call is released, the held call retrieved. */
  private reconnect(held: Party, consult: Party, referenceId: number): Queued {
    this.leave(consult, 'Ok', 'Local', referenceId);
    return this.moveTo(held, 'Established', 'EventRetrieved', referenceId);
  }

  /** A party moves from one call to another (EventPartyChanged at its DN, ThirdPartyDN who completed the move). */
  private moveParty(party: Party, from: SwitchCall, to: SwitchCall, by: string): void {
    from.parties.delete(party.dn);
    const line = this.lines.get(party.dn);
    line?.calls.delete(from.connId);
    party.call = to;
    to.parties.set(party.dn, party);
    line?.calls.set(to.connId, party);
    party.otherDN = membersOf(to).find((member) => member !== party.dn) ?? party.otherDN;
    const ani = to.callType === 'Inbound' ? to.outside?.ani : undefined;
    if (ani === undefined) delete party.ani;
    else party.ani = ani;
    this.emit({ name: 'EventPartyChanged', thisDN: party.dn, call: snapshot(party), previousConnId: from.connId, thirdPartyDN: by });
  }

  /** The consult calls a party's call has at the party's DN. */
  private consultsOf(party: Party): Party[] {
    const line = this.lines.get(party.dn);
    return [...(line?.calls.values() ?? [])].filter((candidate) => candidate.call.consultFor === party.call.connId);
  }

  /** The party a consult call reaches: its other DN's. */
  private consultedParty(consult: Party): Party | undefined {
    return [...consult.call.parties.values()].find((candidate) => candidate !== consult);
  }

  private startTimer(party: Party): void {
    // A call dialed to another DN of the switch rings there, and that DN's ring timeout decides.
    const ms = party.state === 'Ringing' ? this.ringTimeoutMs : party.state === 'Dialing' && party.call.outside ? this.dialTimeoutMs : null;
    if (ms === null) return;
    party.timer = setTimeout(() => this.timedOut(party), ms);
    // A ringing call alone should not keep the process alive.
    party.timer.unref();
  }

  private stopTimer(party: Party): void {
    clearTimeout(party.timer);
    party.timer = undefined;
  }

  private timedOut(party: Party): void {
    party.timer = undefined;
    if (this.closed || this.lines.get(party.dn)?.calls.get(party.call.connId) !== party) return;
    if (!this.link) return this.startTimer(party);
    this.leave(party, 'NoAnswer', 'Unknown', undefined, { callState: 'NoAnswer', releasingParty: 'Unknown' });
    this.flush();
  }

  private isFull(line: Line): boolean {
    return line.calls.size >= this.callsPerDn;
  }

  private isBusy(line: Line): boolean {
    return line.busy || this.isFull(line);
  }

  private fullness(line: Line): string {
    return `holds ${line.calls.size} calls, the most one DN may hold (limits.callsPerDn ${this.callsPerDn})`;
  }

  private busyness(line: Line): string {
    return line.busy ? 'its phone is busy' : `it ${this.fullness(line)}`;
  }

  // ---- Lookups --------------------------------------------------------------------------------------------------

  private existingLine(dn: string): Line {
    if (this.closed) throw new TServerError('BACKEND_ERROR', 'the simulator is closed');
    const line = this.lines.get(dn);
    if (!line) throw new TServerError('BACKEND_ERROR', `DN ${dn} does not exist on this switch`);
    return line;
  }

  private status(dn: string, line: Line): DnStatus {
    return { dn, agent: agentStatus(line.agent), calls: [...line.calls.values()].map(snapshot) };
  }

  private knownCall(connId: string): SwitchCall {
    const call = this.calls.get(connId);
    if (!call) throw new SimulatorError('NOT_FOUND', `no call ${connId}`);
    return call;
  }

  private partyAt(dn: string, connId: string): Party {
    const party = this.lines.get(dn)?.calls.get(connId);
    if (!party) throw new SimulatorError('NOT_FOUND', `no call ${connId} at DN ${dn}`);
    return party;
  }

  /** The party of an outbound call that dials out of the switch, for its callee's actions. */
  private dialingOut(connId: string, action: string): Party {
    const call = this.knownCall(connId);
    const party = [...call.parties.values()][0];
    if (!party || party.state !== 'Dialing' || !call.outside) {
      const what = party ? `${call.callType} and ${party.state}` : `${call.callType} and at no DN`;
      throw new SimulatorError('CONFLICT', `the callee of call ${connId} cannot ${action}: the call is ${what}, not dialing`);
    }
    return party;
  }

  /** The named call at the DN, or else its one call that `fits`. */
  private phoneParty(dn: string, connId: string | undefined, what: string, fits: (party: Party) => boolean): Party {
    const line = this.lines.get(dn);
    if (!line) throw new SimulatorError('NOT_FOUND', `DN ${dn} does not exist on this switch`);
    if (connId !== undefined) {
      const party = line.calls.get(connId);
      if (!party) throw new SimulatorError('NOT_FOUND', `no call ${connId} at DN ${dn}`);
      return party;
    }
    const candidates = [...line.calls.values()].filter(fits);
    if (candidates.length === 1) return candidates[0];
    if (candidates.length === 0) throw new SimulatorError('NOT_FOUND', `no ${what} call at DN ${dn}`);
    const ids = candidates.map((party) => party.call.connId).join(', ');
    throw new SimulatorError('CONFLICT', `${candidates.length} ${what} calls at DN ${dn} (${ids}): name the call`);
  }

  // ---- Control and delivery -------------------------------------------------------------------------------------

  /** Runs a simulator action when the world allows it, then delivers what it caused. */
  private act<T>(action: () => T): T {
    if (this.closed) throw new SimulatorError('CONFLICT', 'the simulator is closed');
    if (!this.link) throw new SimulatorError('CONFLICT', 'the T-Server link is down');
    const result = action();
    this.flush();
    return result;
  }

  private switchLink(up: boolean, name: 'EventLinkConnected' | 'EventLinkDisconnected'): void {
    if (this.closed) throw new SimulatorError('CONFLICT', 'the simulator is closed');
    if (this.link === up) throw new SimulatorError('CONFLICT', `the T-Server link is already ${up ? 'up' : 'down'}`);
    this.link = up;
    this.emit({ name, thisDN: '' });
    this.flush();
  }

  private emitCall(name: PlainCallEventName, party: Party, referenceId?: number): Queued {
    const call = snapshot(party);
    // Omitted rather than undefined: events carry only what T-Server would send.
    return this.emit(referenceId === undefined ? { name, thisDN: party.dn, call } : { name, thisDN: party.dn, call, referenceId });
  }

  /** Queues an event; `unstamped` is the caller's own new object, which becomes the event. */
  private emit(unstamped: UnstampedTEvent): Queued {
    // Stamped as produced (not as delivered), on the clock every process shares, so latency can be measured end to end.
    // In place rather than copied: every event of the switch passes here.
    const event = unstamped as Writable<UnstampedTEvent> & { time?: number };
    event.time = TIME_ORIGIN + performance.now();
    const queued: Queued = { event: event as TEvent };
    this.queue.push(queued);
    return queued;
  }

  /** Delivers queued events in order; re-entered from the listener, it leaves them to the loop already running. */
  private flush(): void {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (let next = this.queue.shift(); next; next = this.queue.shift()) {
        this.deliver(next.event);
        this.showWatchers(next.event);
        next.delivered?.();
      }
    } finally {
      this.flushing = false;
    }
  }

  /** Watchers see the event after the client. */
  private showWatchers(event: TEvent): void {
    if (this.closed) return;
    for (const watcher of this.watchers) this.hand(watcher, event);
  }

  private deliver(event: TEvent): void {
    const listener = this.listener;
    const forClient = event.thisDN === '' || this.registered.has(event.thisDN);
    if (this.closed || !listener || !forClient) return;
    this.hand(listener, event);
  }

  /**
   * A listener's or watcher's failure is its own: the switch's state already moved on, and the event still reaches
   * the others, as later events do. It is reported, and not even a failing reporter stops delivery.
   */
  private hand(receiver: TEventListener, event: TEvent): void {
    try {
      receiver(event);
    } catch (error) {
      try {
        this.onListenerError(error, event);
      } catch {
        // Nothing more to do: delivery goes on.
      }
    }
  }
}

export function createTServerSimulator(options: SimulatorOptions, hooks?: SimulatorHooks): TServerSimulator {
  return new TServerSimulator(options, hooks);
}
