/**
 * The built-in T-Server simulator: the default TelephonyBackend. It models one T-Server over one switch, as the
 * bridge sees it through its single connection: the DNs of `options.dns`, the agent logged in at each, and the calls
 * at each DN (the agent's party; the other party is an outside number, never one of these DNs).
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
 * - MakeCall to one of the switch's own DNs is refused: internal calls are not modeled.
 *   (The bridge refuses both as the client's mistake before it asks, see bridge/destinationCheck.ts; these refusals
 *   are what a caller of the backend itself meets.)
 * - A DN holds at most callsPerDn calls. A customer calling a DN at the cap hears busy, as a call to a busy
 *   destination goes in the basic call models (abnormal call flow: EventDestinationBusy at the caller's side only,
 *   no event at the busy party's): the DN gets no event at all, and since the customer is outside this switch the
 *   refusal is the simulator's (SimulatorError BUSY). A MakeCall from a DN at the cap is refused (INVALID_IN_STATE)
 *   naming the cap, and nothing is emitted.
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
 */
import {
  TServerError,
  type CallState,
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
import { FIELD_RULES, fitsRule } from '../../../../protocol/fieldRules';
import { connIdSource, newCallUuid } from './ids';
import { SimulatorError, type CallRequestKind, type SimulatorControl, type SimulatorOptions } from './simulatorControl';

type Agent =
  | { readonly state: 'LoggedOut' }
  | { readonly state: 'NotReady' | 'Ready'; readonly agentId: string; readonly reasonCode?: string };

/** A call at its agent DN. Inbound calls go Ringing → Established ⇄ Held; outbound ones Dialing → Established ⇄ Held. */
interface LiveCall {
  readonly connId: string;
  readonly callUuid: string;
  readonly callType: 'Inbound' | 'Outbound';
  readonly dn: string;
  state: PartyState;
  readonly ani?: string;
  readonly otherDN: string;
  readonly userData: Readonly<Record<string, string>>;
  /** The DTMF digits the customer has heard on this call, in order. */
  digitsHeard: string;
  /** The ring or dial timeout, only while the call is Ringing or Dialing. */
  timer?: NodeJS.Timeout;
}

interface Line {
  agent: Agent;
  readonly calls: Map<string, LiveCall>;
}

interface Queued {
  readonly event: TEvent;
  /** Settles the request this event answers, once the listener has had it. */
  delivered?: () => void;
}

type CallRequest = Extract<TRequest, { readonly connId: string }>;
/** Call events that carry nothing beyond the call (the simulator never changes a call's ConnID). */
type PlainCallEventName = Exclude<TCallEvent['name'], 'EventReleased' | 'EventPartyChanged'>;
/** The events of a party moving between Ringing/Dialing, Established and Held. */
type MoveEventName = 'EventEstablished' | 'EventHeld' | 'EventRetrieved';
/** What the agent does at the softphone to a talking call. */
type PhoneMove = { readonly from: PartyState; readonly to: PartyState; readonly name: MoveEventName; readonly what: string };
const PHONE_HOLD: PhoneMove = { from: 'Established', to: 'Held', name: 'EventHeld', what: 'talking' };
const PHONE_RETRIEVE: PhoneMove = { from: 'Held', to: 'Established', name: 'EventRetrieved', what: 'held' };
type AgentRequest = Extract<TRequest, { readonly agentId: string }>;
type ErrorCode = TServerError['code'];

/** The party states each call request is valid in. */
const VALID_IN: Readonly<Record<CallRequest['kind'], readonly PartyState[]>> = {
  AnswerCall: ['Ringing'],
  ReleaseCall: ['Ringing', 'Dialing', 'Established', 'Held'],
  HoldCall: ['Established'],
  RetrieveCall: ['Held'],
  SendDTMF: ['Established'],
};

/** Digits with the usual dialing punctuation, optionally international. */
const PHONE_NUMBER = /^\+?[\d*#(). -]{1,32}$/;

export function isPhoneNumber(text: unknown): text is string {
  return typeof text === 'string' && text === text.trim() && PHONE_NUMBER.test(text) && /\d/.test(text);
}

/** Omits the attribute instead of setting it to undefined: events carry only what T-Server would send. */
function withReference(referenceId: number | undefined): { readonly referenceId?: number } {
  return referenceId === undefined ? {} : { referenceId };
}

function snapshot(call: LiveCall): TCall {
  return {
    connId: call.connId,
    callUuid: call.callUuid,
    callType: call.callType,
    state: call.state,
    ...(call.ani === undefined ? {} : { ani: call.ani }),
    otherDN: call.otherDN,
    userData: call.userData,
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
  private readonly calls = new Map<string, LiveCall>();
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
      this.lines.set(dn, { agent: { state: 'LoggedOut' }, calls: new Map() });
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
    for (const call of this.calls.values()) clearTimeout(call.timer);
    this.calls.clear();
    for (const line of this.lines.values()) line.calls.clear();
    this.registered.clear();
    this.listener = undefined;
  }

  // ---- SimulatorControl -----------------------------------------------------------------------------------------

  watch(watcher: TEventListener): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  customerCalls(call: { readonly dn: string; readonly ani: string }): { connId: string; callUuid: string } {
    return this.act(() => {
      const line = this.lines.get(call.dn);
      if (!line) throw new SimulatorError('NOT_FOUND', `DN ${call.dn} does not exist on this switch`);
      if (!isPhoneNumber(call.ani)) {
        throw new SimulatorError('BAD_REQUEST', `the caller's number (ani) must be a phone number, not ${JSON.stringify(call.ani)}`);
      }
      if (this.isFull(line)) throw new SimulatorError('BUSY', `DN ${call.dn} is busy: it ${this.fullness(line)}`);
      const fields = { dn: call.dn, callType: 'Inbound', state: 'Ringing', ani: call.ani, otherDN: call.ani, userData: {} } as const;
      const ringing = this.addCall(line, fields);
      this.emitCall('EventRinging', ringing);
      return { connId: ringing.connId, callUuid: ringing.callUuid };
    });
  }

  customerHangsUp(connId: string): void {
    this.act(() => {
      const call = this.knownCall(connId);
      if (call.state === 'Ringing') {
        this.end(call);
        this.emitCall('EventAbandoned', call);
      } else {
        // Dialing: the callee refused the call before answering it.
        this.release(call, call.state === 'Dialing' ? 'NoAnswer' : 'Ok', 'Remote');
      }
    });
  }

  calleeAnswers(connId: string): void {
    this.act(() => this.moveTo(this.dialingCall(connId, 'answer'), 'Established', 'EventEstablished'));
  }

  calleeBusy(connId: string): void {
    this.act(() => {
      const call = this.dialingCall(connId, 'be busy');
      this.emitCall('EventDestinationBusy', call);
      this.release(call, 'Busy', 'Remote');
    });
  }

  phoneAnswers(dn: string, connId?: string): { connId: string } {
    return this.act(() => {
      const call = this.phoneCall(dn, connId, 'ringing', (candidate) => candidate.state === 'Ringing');
      if (call.state !== 'Ringing') throw new SimulatorError('CONFLICT', `call ${call.connId} on DN ${dn} is ${call.state}, not ringing`);
      this.moveTo(call, 'Established', 'EventEstablished');
      return { connId: call.connId };
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
      const call = this.phoneCall(dn, connId, 'active', () => true);
      this.release(call, 'Ok', 'Local');
      return { connId: call.connId };
    });
  }

  /** A softphone's Hold or Retrieve: the named call, or the DN's one call in the state the move starts from. */
  private phoneMoves(dn: string, connId: string | undefined, move: PhoneMove): { connId: string } {
    return this.act(() => {
      const call = this.phoneCall(dn, connId, move.what, (candidate) => candidate.state === move.from);
      if (call.state !== move.from) throw new SimulatorError('CONFLICT', `call ${call.connId} on DN ${dn} is ${call.state}, not ${move.what}`);
      this.moveTo(call, move.to, move.name);
      return { connId: call.connId };
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
    const refuse = (code: ErrorCode, message: string, field?: 'destination') => new TServerError(code, message, referenceId, field);
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
          throw refuse('BACKEND_ERROR', `cannot dial ${destination}: calls between DNs of this switch are not simulated`);
        }
        if (this.isFull(line)) throw refuse('INVALID_IN_STATE', `MakeCall refused: DN ${dn} ${this.fullness(line)}`);
        const userData = Object.freeze({ ...request.userData });
        const call = this.addCall(line, { dn, callType: 'Outbound', state: 'Dialing', otherDN: destination, userData });
        return this.emitCall('EventDialing', call, referenceId);
      }
      case 'AnswerCall':
      case 'ReleaseCall':
      case 'HoldCall':
      case 'RetrieveCall':
      case 'SendDTMF': {
        // A call at another DN is unknown at this one, as it would be to T-Server.
        const call = line.calls.get(request.connId);
        if (!call) throw refuse('UNKNOWN_CALL', `${request.kind}: no call ${request.connId} at DN ${dn}`);
        if (!VALID_IN[request.kind].includes(call.state)) {
          throw refuse('INVALID_IN_STATE', `${request.kind} is not valid for call ${call.connId}: it is ${call.state}`);
        }
        // The bridge lets only these through (protocol/fieldRules.ts); a caller of the backend itself meets this.
        if (request.kind === 'SendDTMF' && !fitsRule(FIELD_RULES.digits, request.digits)) {
          throw refuse('BACKEND_ERROR', `SendDTMF refused for call ${call.connId}: the digits must be ${FIELD_RULES.digits.wording}`);
        }
        if (this.refusing.delete(request.kind)) throw refuse('BACKEND_ERROR', `the switch refused ${request.kind} for call ${call.connId}`);
        return this.applyCallRequest(request, call, referenceId);
      }
      default: {
        const unknown: never = request;
        throw refuse('BACKEND_ERROR', `unknown request ${JSON.stringify(unknown)}`);
      }
    }
  }

  private applyCallRequest(request: CallRequest, call: LiveCall, referenceId: number): Queued {
    switch (request.kind) {
      case 'AnswerCall':
        return this.moveTo(call, 'Established', 'EventEstablished', referenceId);
      case 'HoldCall':
        return this.moveTo(call, 'Held', 'EventHeld', referenceId);
      case 'RetrieveCall':
        return this.moveTo(call, 'Established', 'EventRetrieved', referenceId);
      case 'SendDTMF':
        // The tones reach the customer; the event does not repeat them (they may be a PIN).
        call.digitsHeard += request.digits;
        return this.emitCall('EventDTMFSent', call, referenceId);
      case 'ReleaseCall':
        // Ringing: the agent declines the call (release of an alerting call).
        return this.release(call, 'Ok', 'Local', referenceId);
    }
  }

  private changeAgent(
    dn: string,
    line: Line,
    request: AgentRequest,
    referenceId: number,
    refuse: (code: ErrorCode, message: string) => TServerError,
  ): Queued {
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

  private addCall(line: Line, fields: Omit<LiveCall, 'connId' | 'callUuid' | 'timer' | 'digitsHeard'>): LiveCall {
    let connId = this.nextConnId();
    while (this.calls.has(connId)) connId = this.nextConnId();
    const call: LiveCall = { ...fields, connId, callUuid: newCallUuid(), digitsHeard: '' };
    this.calls.set(connId, call);
    line.calls.set(connId, call);
    this.startTimer(call);
    return call;
  }

  private moveTo(call: LiveCall, state: PartyState, name: MoveEventName, referenceId?: number): Queued {
    this.stopTimer(call);
    call.state = state;
    return this.emitCall(name, call, referenceId);
  }

  /** Ends the call at once (nothing of it stays behind); the event shows the state it was released in. */
  private release(call: LiveCall, callState: CallState, releasingParty: ReleasingParty, referenceId?: number): Queued {
    this.end(call);
    const released = { name: 'EventReleased', thisDN: call.dn, call: snapshot(call), callState, releasingParty } as const;
    return this.emit({ ...released, ...withReference(referenceId) });
  }

  private end(call: LiveCall): void {
    this.stopTimer(call);
    this.calls.delete(call.connId);
    this.lines.get(call.dn)?.calls.delete(call.connId);
  }

  private startTimer(call: LiveCall): void {
    const ms = call.state === 'Ringing' ? this.ringTimeoutMs : this.dialTimeoutMs;
    if (ms === null) return;
    call.timer = setTimeout(() => this.timedOut(call), ms);
    // A ringing call alone should not keep the process alive.
    call.timer.unref();
  }

  private stopTimer(call: LiveCall): void {
    clearTimeout(call.timer);
    call.timer = undefined;
  }

  private timedOut(call: LiveCall): void {
    call.timer = undefined;
    if (this.closed || this.calls.get(call.connId) !== call) return;
    if (!this.link) return this.startTimer(call);
    this.release(call, 'NoAnswer', 'Unknown');
    this.flush();
  }

  private isFull(line: Line): boolean {
    return line.calls.size >= this.callsPerDn;
  }

  private fullness(line: Line): string {
    return `holds ${line.calls.size} calls, the most one DN may hold (limits.callsPerDn ${this.callsPerDn})`;
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

  private knownCall(connId: string): LiveCall {
    const call = this.calls.get(connId);
    if (!call) throw new SimulatorError('NOT_FOUND', `no call ${connId}`);
    return call;
  }

  private dialingCall(connId: string, action: string): LiveCall {
    const call = this.knownCall(connId);
    if (call.state !== 'Dialing') {
      const what = `${call.callType} and ${call.state}`;
      throw new SimulatorError('CONFLICT', `the callee of call ${connId} cannot ${action}: the call is ${what}, not dialing`);
    }
    return call;
  }

  /** The named call at the DN, or else its one call that `fits`. */
  private phoneCall(dn: string, connId: string | undefined, what: string, fits: (call: LiveCall) => boolean): LiveCall {
    const line = this.lines.get(dn);
    if (!line) throw new SimulatorError('NOT_FOUND', `DN ${dn} does not exist on this switch`);
    if (connId !== undefined) {
      const call = line.calls.get(connId);
      if (!call) throw new SimulatorError('NOT_FOUND', `no call ${connId} at DN ${dn}`);
      return call;
    }
    const candidates = [...line.calls.values()].filter(fits);
    if (candidates.length === 1) return candidates[0];
    if (candidates.length === 0) throw new SimulatorError('NOT_FOUND', `no ${what} call at DN ${dn}`);
    const ids = candidates.map((call) => call.connId).join(', ');
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

  private emitCall(name: PlainCallEventName, call: LiveCall, referenceId?: number): Queued {
    return this.emit({ name, thisDN: call.dn, call: snapshot(call), ...withReference(referenceId) });
  }

  private emit(unstamped: UnstampedTEvent): Queued {
    // Stamped as produced (not as delivered), on the clock every process shares, so latency can be measured end to end.
    const event = { ...unstamped, time: performance.timeOrigin + performance.now() } as TEvent;
    const queued: Queued = { event };
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
