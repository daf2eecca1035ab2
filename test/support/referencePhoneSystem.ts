import type { ICtiVendorHandler, VendorCapabilities } from '../../src/ts/cti/vendor/ICtiVendorHandler';
import { VendorError, messageOf } from '../../src/ts/cti/core/errors';
import type { AgentPresence, DirectoryEntry, EndedBy, EventId, TransferDestination, TransferMode, VendorEvent, VendorEventListener } from '../../src/ts/cti/core/types';
import type { VendorDriver } from '../contract/vendorDriver';
import { notSupported } from '../../src/ts/cti/vendor/handlerSupport';
import { digitsProblem } from '../../src/ts/cti/core/dtmf';

/**
 * A reference phone system: an in-memory model of a small telephony vendor, with a vocabulary of its own (call
 * ids, party states, agent readiness, notices), and ReferenceVendorHandler, the adapter that turns it into the
 * toolbar's vendor contract, the way the Genesys and Amazon handlers will turn theirs.
 *
 * It exists to prove the vendor contract suite (test/contract/vendorContract.ts): a suite that no honest handler
 * could pass, or that a broken one passes too, defines nothing. It is not a product vendor.
 */

// ---- The phone system: the vendor's side ------------------------------------------------------------------------

export type AgentReadiness = 'ready' | 'not-ready';
export type CallDirection = 'inbound' | 'outbound';
/** The agent's leg of a call. */
export type AgentPartyState = 'ringing' | 'dialing' | 'talking' | 'released';
/** The other leg: the customer who called (waiting while the agent's phone rings), or the callee of an outbound call. */
export type RemotePartyState = 'waiting' | 'ringing' | 'talking' | 'released';
/** Who released the call, as the switch records it. */
export type ReleasedBy = 'agent' | 'remote' | 'ring-timeout';
export type AfterCallWork = 'none' | 'pending' | 'done';

/** The agent's requests the switch can refuse for a reason of its own. */
export type SwitchRequest = 'answer' | 'hangUp';

/** A refusal by the switch itself, not by the rules of a call's state. */
export class SwitchRefusal extends Error {
  override readonly name = 'SwitchRefusal';
}

export interface PhoneCall {
  readonly id: string;
  readonly direction: CallDirection;
  readonly remoteNumber: string;
  /** Data attached by whoever placed the call (real switches call it user data); a handler tags its eventId here. */
  readonly attached: Readonly<Record<string, string>>;
  agent: AgentPartyState;
  remote: RemotePartyState;
  /** Whether both parties ever talked: decides whether a release ends a conversation or an offer. */
  established: boolean;
  releasedBy?: ReleasedBy;
  /** A talked call keeps the agent in after-call work until told it is done (if the system is so configured). */
  afterCallWork: AfterCallWork;
  /** The agent holds the call: the remote party waits, hearing music. */
  held: boolean;
  /** The agent's microphone is muted on the call. */
  muted: boolean;
  /** The DTMF digits the remote party has heard, in order. */
  digitsHeard: string;
}

/** What the phone system tells its subscribers; each notice carries a copy of the call as it was then. */
export type PhoneNotice =
  | { readonly kind: 'offered'; readonly call: Readonly<PhoneCall> }
  | { readonly kind: 'dialing'; readonly call: Readonly<PhoneCall> }
  | { readonly kind: 'established'; readonly call: Readonly<PhoneCall> }
  | { readonly kind: 'released'; readonly call: Readonly<PhoneCall> }
  | { readonly kind: 'held' | 'retrieved' | 'muted' | 'unmuted'; readonly call: Readonly<PhoneCall> }
  | { readonly kind: 'agentReadiness'; readonly readiness: AgentReadiness };

export interface ReferencePhoneOptions {
  /** How long a call may ring (either way) before the system gives up on it; null: it rings until someone acts. */
  readonly ringTimeoutMs?: number | null;
  /** Whether a talked call leaves the agent in after-call work until completeAfterCallWork. */
  readonly afterCallWork?: boolean;
  /** Whether the switch offers hold, mute and DTMF on a talked call (it does unless told otherwise). */
  readonly callControls?: boolean;
}

/**
 * The switch. The agent's actions (answer, decline, hang up, dial) are the same whether the toolbar asked for them
 * through the handler or the agent used the softphone: like a real switch, it cannot tell the two apart, so the
 * handler must report what the switch notifies, not what it requested.
 */
export class ReferencePhoneSystem {
  readonly ringTimeoutMs: number | null;
  readonly hasAfterCallWork: boolean;
  readonly hasCallControls: boolean;
  private readonly calls = new Map<string, PhoneCall>();
  private readonly ringTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscribers = new Set<(notice: PhoneNotice) => void>();
  private readiness: AgentReadiness = 'not-ready';
  private callsPlaced = 0;
  /** Requests the switch refuses the next time they are made (refuseNext). */
  private readonly refusing = new Set<SwitchRequest>();

  constructor(options: ReferencePhoneOptions = {}) {
    this.ringTimeoutMs = options.ringTimeoutMs === undefined ? 30_000 : options.ringTimeoutMs;
    this.hasAfterCallWork = options.afterCallWork ?? true;
    this.hasCallControls = options.callControls ?? true;
  }

  subscribe(subscriber: (notice: PhoneNotice) => void): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  // ---- the agent's state

  get agentReadiness(): AgentReadiness {
    return this.readiness;
  }

  setAgentReadiness(readiness: AgentReadiness): void {
    if (readiness === this.readiness) return;
    this.readiness = readiness;
    this.notify({ kind: 'agentReadiness', readiness });
  }

  // ---- looking calls up

  findCall(matches: (call: Readonly<PhoneCall>) => boolean): Readonly<PhoneCall> | undefined {
    return [...this.calls.values()].find(matches);
  }

  // ---- the customer's side

  /** A customer calls the agent. Like an ACD, the system offers calls only to a ready agent. */
  customerDials(fromNumber: string): string {
    if (this.readiness !== 'ready') {
      throw new Error(`The agent is not ready: the reference phone system offers calls only to a ready agent.`);
    }
    const call = this.newCall('inbound', fromNumber, {}, 'ringing', 'waiting');
    this.notify({ kind: 'offered', call: { ...call } });
    return call.id;
  }

  customerHangsUp(callId: string): void {
    const call = this.callNamed(callId);
    if (call.direction !== 'inbound' || call.remote === 'released') {
      throw new Error(`The customer of call ${callId} cannot hang up: ${describeState(call)}.`);
    }
    this.release(call, 'remote');
  }

  /** The callee of an outbound call picks up. */
  calleeAnswers(callId: string): void {
    const call = this.callNamed(callId);
    if (call.direction !== 'outbound' || call.remote !== 'ringing') {
      throw new Error(`The callee of call ${callId} cannot answer: ${describeState(call)}.`);
    }
    this.establish(call);
  }

  /** The callee of an outbound call declines it (or is busy). */
  calleeRefuses(callId: string): void {
    const call = this.callNamed(callId);
    if (call.direction !== 'outbound' || call.remote !== 'ringing') {
      throw new Error(`The callee of call ${callId} cannot refuse it: ${describeState(call)}.`);
    }
    this.release(call, 'remote');
  }

  // ---- the agent's side (the toolbar through its handler, or the softphone)

  answer(callId: string): void {
    const call = this.callNamed(callId);
    this.maybeRefuse('answer', call);
    if (call.direction !== 'inbound' || call.agent !== 'ringing') {
      throw new Error(`Call ${callId} cannot be answered: ${describeState(call)}.`);
    }
    this.establish(call);
  }

  /** Declines a call that rings at the agent's phone. */
  decline(callId: string): void {
    const call = this.callNamed(callId);
    if (call.agent !== 'ringing') throw new Error(`Call ${callId} cannot be declined: ${describeState(call)}.`);
    this.release(call, 'agent');
  }

  /** Ends a conversation, or gives up an outbound call that is still dialing. */
  hangUp(callId: string): void {
    const call = this.callNamed(callId);
    this.maybeRefuse('hangUp', call);
    if (call.agent !== 'talking' && call.agent !== 'dialing') {
      throw new Error(`Call ${callId} cannot be hung up: ${describeState(call)}.`);
    }
    this.release(call, 'agent');
  }

  dial(toNumber: string, attached: Readonly<Record<string, string>> = {}): string {
    const call = this.newCall('outbound', toNumber, attached, 'dialing', 'ringing');
    this.notify({ kind: 'dialing', call: { ...call } });
    return call.id;
  }

  hold(callId: string): void {
    const call = this.talkedCall(callId, 'held');
    if (call.held) throw new Error(`Call ${callId} is already on hold.`);
    call.held = true;
    this.notify({ kind: 'held', call: { ...call } });
  }

  retrieve(callId: string): void {
    const call = this.talkedCall(callId, 'taken off hold');
    if (!call.held) throw new Error(`Call ${callId} is not on hold.`);
    call.held = false;
    this.notify({ kind: 'retrieved', call: { ...call } });
  }

  setMuted(callId: string, muted: boolean): void {
    const call = this.talkedCall(callId, muted ? 'muted' : 'unmuted');
    if (call.muted === muted) return;
    call.muted = muted;
    this.notify({ kind: muted ? 'muted' : 'unmuted', call: { ...call } });
  }

  /** Plays DTMF tones to the remote party; a held call's remote party hears the music, not the tones. */
  sendDigits(callId: string, digits: string): void {
    const call = this.talkedCall(callId, 'given digits');
    if (call.held) throw new Error(`Call ${callId} is on hold: take it back before sending digits.`);
    call.digitsHeard += digits;
  }

  completeAfterCallWork(callId: string): void {
    const call = this.callNamed(callId);
    if (call.afterCallWork !== 'pending') {
      throw new Error(`Call ${callId} has no after-call work to complete: ${describeState(call)}.`);
    }
    call.afterCallWork = 'done';
  }

  /** The switch refuses the next such request for a call it has, for a reason of its own (no route, a fault). */
  refuseNext(request: SwitchRequest): void {
    this.refusing.add(request);
  }

  // ---- time

  /** The ring timer of a call goes off now (tests need not wait for it); the same path as the real timer. */
  ringTimerFires(callId: string): void {
    const call = this.callNamed(callId);
    if (!this.ringTimers.has(callId)) throw new Error(`Call ${callId} has no ring timer running: ${describeState(call)}.`);
    this.ringTimedOut(call);
  }

  /** Stops every timer, so a test leaves nothing running behind it. */
  shutdown(): void {
    for (const timer of this.ringTimers.values()) clearTimeout(timer);
    this.ringTimers.clear();
    this.subscribers.clear();
  }

  // ---- inside the switch

  private newCall(
    direction: CallDirection,
    remoteNumber: string,
    attached: Readonly<Record<string, string>>,
    agent: AgentPartyState,
    remote: RemotePartyState,
  ): PhoneCall {
    const id = `call-${++this.callsPlaced}`;
    const call: PhoneCall = {
      id,
      direction,
      remoteNumber,
      attached: { ...attached },
      agent,
      remote,
      established: false,
      afterCallWork: 'none',
      held: false,
      muted: false,
      digitsHeard: '',
    };
    this.calls.set(id, call);
    this.startRingTimer(call);
    return call;
  }

  private establish(call: PhoneCall): void {
    this.stopRingTimer(call.id);
    call.agent = 'talking';
    call.remote = 'talking';
    call.established = true;
    this.notify({ kind: 'established', call: { ...call } });
  }

  private release(call: PhoneCall, by: ReleasedBy): void {
    this.stopRingTimer(call.id);
    call.agent = 'released';
    call.remote = 'released';
    call.releasedBy = by;
    call.afterCallWork = call.established && this.hasAfterCallWork ? 'pending' : 'none';
    this.notify({ kind: 'released', call: { ...call } });
  }

  private startRingTimer(call: PhoneCall): void {
    if (this.ringTimeoutMs === null) return;
    this.ringTimers.set(call.id, setTimeout(() => this.ringTimedOut(call), this.ringTimeoutMs));
  }

  private stopRingTimer(callId: string): void {
    clearTimeout(this.ringTimers.get(callId));
    this.ringTimers.delete(callId);
  }

  private ringTimedOut(call: PhoneCall): void {
    this.release(call, 'ring-timeout');
  }

  private maybeRefuse(request: SwitchRequest, call: PhoneCall): void {
    if (!this.refusing.delete(request)) return;
    throw new SwitchRefusal(`The reference phone system refused to ${request === 'answer' ? 'answer' : 'hang up'} call ${call.id}: no route to the agent's phone.`);
  }

  /** A call whose parties are talking, for the call controls (which the switch may not offer at all). */
  private talkedCall(callId: string, what: string): PhoneCall {
    const call = this.callNamed(callId);
    if (!this.hasCallControls) throw new Error(`The reference phone system is configured without call controls: call ${callId} cannot be ${what}.`);
    if (call.agent !== 'talking') throw new Error(`Call ${callId} cannot be ${what}: ${describeState(call)}.`);
    return call;
  }

  private callNamed(callId: string): PhoneCall {
    const call = this.calls.get(callId);
    if (!call) throw new Error(`There is no call ${callId}.`);
    return call;
  }

  private notify(notice: PhoneNotice): void {
    for (const subscriber of [...this.subscribers]) subscriber(notice);
  }
}

function describeState(call: Readonly<PhoneCall>): string {
  if (call.agent === 'released') return 'it has already ended';
  if (call.agent === 'talking') return 'it is already answered';
  if (call.agent === 'dialing') return 'it is an outgoing call still dialing';
  return 'it is ringing';
}

// ---- The handler: the reference phone system as an ICtiVendorHandler ---------------------------------------

/** The eventId the handler reports for a call: the one the toolbar attached when it placed the call, else the switch's id. */
export function eventIdOf(call: Readonly<PhoneCall>): EventId {
  return call.attached.eventId ?? call.id;
}

const ENDED_BY: Readonly<Record<ReleasedBy, EndedBy>> = {
  agent: 'agent',
  remote: 'customer',
  'ring-timeout': 'system',
};

function presenceOf(readiness: AgentReadiness): AgentPresence {
  return readiness === 'ready'
    ? { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Ready' }
    : { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Not ready' };
}

/** The one place that turns the switch's notices into the toolbar's normalized vendor events. */
function normalize(notice: PhoneNotice): VendorEvent {
  switch (notice.kind) {
    case 'offered':
      return { type: 'incoming', eventId: eventIdOf(notice.call), phoneNumber: notice.call.remoteNumber };
    case 'dialing':
      return { type: 'dialing', eventId: eventIdOf(notice.call), phoneNumber: notice.call.remoteNumber };
    case 'established':
      return { type: 'connected', eventId: eventIdOf(notice.call) };
    case 'released':
      return {
        type: 'ended',
        eventId: eventIdOf(notice.call),
        phase: notice.call.established ? 'connected' : 'ringing',
        endedBy: ENDED_BY[notice.call.releasedBy ?? 'agent'],
      };
    case 'held':
      return { type: 'held', eventId: eventIdOf(notice.call) };
    case 'retrieved':
      return { type: 'resumed', eventId: eventIdOf(notice.call) };
    case 'muted':
    case 'unmuted':
      return { type: notice.kind, eventId: eventIdOf(notice.call) };
    case 'agentReadiness':
      return { type: 'agentState', presence: presenceOf(notice.readiness) };
  }
}

export class ReferenceVendorHandler implements ICtiVendorHandler {
  readonly displayName = 'Reference phone system';
  readonly capabilities: VendorCapabilities;
  private listener: VendorEventListener | null = null;
  private unsubscribe: (() => void) | null = null;

  constructor(
    private readonly phone: ReferencePhoneSystem,
    options: { readonly outboundCalls?: boolean } = {},
  ) {
    this.capabilities = { outboundCalls: options.outboundCalls ?? true, afterCallWork: phone.hasAfterCallWork,
      hold: phone.hasCallControls,
      mute: phone.hasCallControls,
      digits: phone.hasCallControls,
      transfer: false,
      conference: false,
      transferDirectory: false,
    };
  }

  async start(listener: VendorEventListener): Promise<void> {
    if (this.listener) throw new VendorError('INVALID_IN_STATE', `Already connected to the ${this.displayName.toLowerCase()}.`);
    this.listener = listener;
    this.unsubscribe = this.phone.subscribe((notice) => this.report(normalize(notice)));
    this.report({ type: 'link', status: 'connected' });
    this.report({ type: 'agentState', presence: presenceOf(this.phone.agentReadiness) });
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.listener = null;
  }

  async makeAgentAvailable(): Promise<void> {
    this.requireStarted();
    this.phone.setAgentReadiness('ready');
  }

  async makeAgentUnavailable(): Promise<void> {
    this.requireStarted();
    this.phone.setAgentReadiness('not-ready');
  }

  async makeOutboundCall(phoneNumber: string, eventId: EventId): Promise<void> {
    this.requireStarted();
    if (!this.capabilities.outboundCalls) throw new VendorError('NOT_SUPPORTED', `${this.displayName} is configured without outbound calls.`);
    if (this.phone.findCall((call) => eventIdOf(call) === eventId)) throw new VendorError('INVALID_IN_STATE', `There is already a call ${eventId}.`);
    this.phone.dial(phoneNumber, { eventId });
  }

  async acceptCall(eventId: EventId): Promise<void> {
    const callId = this.callIdOf(eventId);
    refused(() => this.phone.answer(callId));
  }

  async rejectCall(eventId: EventId): Promise<void> {
    const callId = this.callIdOf(eventId);
    refused(() => this.phone.decline(callId));
  }

  async hangupCall(eventId: EventId): Promise<void> {
    const callId = this.callIdOf(eventId);
    refused(() => this.phone.hangUp(callId));
  }

  async holdCall(eventId: EventId): Promise<void> {
    const callId = this.controlledCallIdOf(eventId, 'hold');
    refused(() => this.phone.hold(callId));
  }

  async resumeCall(eventId: EventId): Promise<void> {
    const callId = this.controlledCallIdOf(eventId, 'hold');
    refused(() => this.phone.retrieve(callId));
  }

  async muteCall(eventId: EventId): Promise<void> {
    const callId = this.controlledCallIdOf(eventId, 'mute');
    refused(() => this.phone.setMuted(callId, true));
  }

  async unmuteCall(eventId: EventId): Promise<void> {
    const callId = this.controlledCallIdOf(eventId, 'mute');
    refused(() => this.phone.setMuted(callId, false));
  }

  async sendDigits(eventId: EventId, digits: string): Promise<void> {
    const callId = this.controlledCallIdOf(eventId, 'digits');
    const problem = digitsProblem(digits);
    if (problem) throw new VendorError('REFUSED', problem);
    refused(() => this.phone.sendDigits(callId, digits));
  }

  async transferCall(_eventId: EventId, _destination: TransferDestination, _options: { readonly mode: TransferMode }): Promise<void> {
    throw notSupported(this.displayName, 'transfer');
  }

  async completeTransfer(_eventId: EventId): Promise<void> {
    throw notSupported(this.displayName, 'transfer');
  }

  async cancelTransfer(_eventId: EventId): Promise<void> {
    throw notSupported(this.displayName, 'transfer');
  }

  async conferenceCall(_eventId: EventId): Promise<void> {
    throw notSupported(this.displayName, 'conference');
  }

  async transferDirectory(): Promise<readonly DirectoryEntry[]> {
    throw notSupported(this.displayName, 'transferDirectory');
  }

  async completeWrapup(eventId: EventId): Promise<void> {
    const callId = this.callIdOf(eventId);
    refused(() => this.phone.completeAfterCallWork(callId));
  }

  /**
   * Delivers a report on a later turn, as a network would, so that nothing downstream may rely on hearing of a change
   * before the request that caused it resolves. A report still in flight when stop() is called is dropped.
   */
  private report(event: VendorEvent): void {
    const listener = this.listener;
    if (!listener) return;
    setTimeout(() => {
      if (this.listener === listener) listener(event);
    }, 0);
  }

  /** The switch's id of a call; the link is checked first, so that "try again" is never mistaken for "gone". */
  private callIdOf(eventId: EventId): string {
    this.requireStarted();
    const call = this.phone.findCall((candidate) => eventIdOf(candidate) === eventId);
    if (!call) throw new VendorError('NOT_FOUND', `There is no call ${eventId} at the ${this.displayName.toLowerCase()}.`);
    return call.id;
  }

  /** callIdOf, for a control the handler may not declare (NOT_SUPPORTED, after the link's check). */
  private controlledCallIdOf(eventId: EventId, capability: 'hold' | 'mute' | 'digits'): string {
    const callId = this.callIdOf(eventId);
    if (!this.capabilities[capability]) throw notSupported(this.displayName, capability);
    return callId;
  }

  private requireStarted(): void {
    if (!this.listener) throw new VendorError('LINK_DOWN', `Not connected to the ${this.displayName.toLowerCase()}.`);
  }
}

/**
 * The switch's refusals in its words: a refusal of its own (refuseNext) is REFUSED; anything else it refuses is what
 * its call's state does not allow (answer a call that ended): INVALID_IN_STATE.
 */
function refused(request: () => void): void {
  try {
    request();
  } catch (err) {
    throw new VendorError(err instanceof SwitchRefusal ? 'REFUSED' : 'INVALID_IN_STATE', messageOf(err));
  }
}

// ---- The driver: the other side of the reference phone system, for the contract suite -----------------------

export interface ReferenceDriverOptions {
  readonly phone?: ReferencePhoneOptions;
  readonly outboundCalls?: boolean;
  /** Puts another handler in front of the honest one: suiteCanFail.test.ts uses it to break the contract on purpose. */
  readonly wrapHandler?: (honest: ReferenceVendorHandler) => ICtiVendorHandler;
}

/**
 * A VendorDriver over a fresh reference phone system. It offers ringTimesOut only when the system has a ring timer,
 * and plays the callee only when the handler can place calls, as a real vendor's driver would.
 */
export async function createReferenceDriver(options: ReferenceDriverOptions = {}): Promise<VendorDriver> {
  const phone = new ReferencePhoneSystem(options.phone);
  const honest = new ReferenceVendorHandler(phone, { outboundCalls: options.outboundCalls });
  const handler = options.wrapHandler ? options.wrapHandler(honest) : honest;

  const callFor = (eventId: EventId): Readonly<PhoneCall> => {
    const call = phone.findCall((candidate) => eventIdOf(candidate) === eventId);
    if (!call) throw new Error(`The reference driver knows no call ${eventId}.`);
    return call;
  };
  const callIdOf = (eventId: EventId): string => callFor(eventId).id;

  const driver: VendorDriver = {
    handler,
    customerCalls: async (phoneNumber) => {
      const callId = phone.customerDials(phoneNumber);
      const call = phone.findCall((candidate) => candidate.id === callId);
      if (!call) throw new Error(`The reference phone system lost call ${callId}.`);
      return eventIdOf(call);
    },
    customerHangsUp: async (eventId) => phone.customerHangsUp(callIdOf(eventId)),
    phoneAnswers: async (eventId) => phone.answer(callIdOf(eventId)),
    phoneHangsUp: async (eventId) => {
      const call = callFor(eventId);
      // One red button on the phone: it declines a ringing call and hangs up any other.
      if (call.agent === 'ringing') phone.decline(call.id);
      else phone.hangUp(call.id);
    },
    refuseNext: (verb) => phone.refuseNext(verb === 'acceptCall' ? 'answer' : 'hangUp'),
    agentState: async () => (phone.agentReadiness === 'ready' ? 'available' : 'unavailable'),
    dispose: async () => phone.shutdown(),
  };
  if (phone.ringTimeoutMs !== null) {
    driver.ringTimesOut = async (eventId) => phone.ringTimerFires(callIdOf(eventId));
  }
  if (handler.capabilities.outboundCalls) {
    driver.calleeAnswers = async (eventId) => phone.calleeAnswers(callIdOf(eventId));
    driver.calleeRefuses = async (eventId) => phone.calleeRefuses(callIdOf(eventId));
  }
  if (phone.hasCallControls) {
    driver.callHeld = async (eventId) => callFor(eventId).held;
    driver.phoneHolds = async (eventId) => phone.hold(callIdOf(eventId));
    driver.phoneResumes = async (eventId) => phone.retrieve(callIdOf(eventId));
    driver.callMuted = async (eventId) => callFor(eventId).muted;
    driver.digitsReceived = async (eventId) => callFor(eventId).digitsHeard;
  }
  return driver;
}
