import { saidAs } from '../../src/ts/cti/core/agentMessages';
import type { ICtiVendorHandler, VendorCapabilities } from '../../src/ts/cti/vendor/ICtiVendorHandler';
import { VendorError, messageOf } from '../../src/ts/cti/core/errors';
import type {
  AgentPresence,
  DirectoryEntry,
  EndedBy,
  EventId,
  NotReadyReason,
  ThirdParty,
  ThirdPartyGone,
  TransferDestination,
  TransferMode,
  VendorEvent,
  VendorEventListener,
} from '../../src/ts/cti/core/types';
import type { VendorDriver } from '../contract/vendorDriver';
import { notSupported } from '../../src/ts/cti/vendor/handlerSupport';
import { digitsProblem } from '../../src/ts/cti/core/dtmf';
import { transferDestinationProblem } from '../../src/ts/cti/core/transferDestination';

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
/** 'consult': a call the agent places from a customer's call to talk with a station first (a consult call). */
export type CallDirection = 'inbound' | 'outbound' | 'consult';
/** The agent's leg of a call. */
export type AgentPartyState = 'ringing' | 'dialing' | 'talking' | 'released';
/**
 * The other leg: the customer who called (waiting while the agent's phone rings), the callee of an outbound call, or
 * the station a consult call rings.
 */
export type RemotePartyState = 'waiting' | 'ringing' | 'talking' | 'released';
/** Who released the call, as the switch records it; 'busy': the switch found the remote station on another call. */
export type ReleasedBy = 'agent' | 'remote' | 'ring-timeout' | 'busy';
export type AfterCallWork = 'none' | 'pending' | 'done';

/** The station as a party of a customer's call itself: the destination of a transfer, or a conference member. */
export interface StationParty {
  readonly number: string;
  state: 'ringing' | 'talking' | 'released';
}

/** An entry of the switch's directory: a name the agent picks instead of dialling the number behind it. */
export interface DirectoryListing extends DirectoryEntry {
  readonly number: string;
}

/** The agent's requests the switch can refuse for a reason of its own. */
export type SwitchRequest = 'answer' | 'hangUp';

/** A refusal by the switch itself (no route, a busy station, a fault), not by the rules of a call's state. */
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
  /** On a consult call: the customer's call it was placed from. */
  readonly consultFrom?: string;
  /** On a customer's call: the consult call placed from it, while that call lasts. */
  consultCall?: string;
  /** The station on the customer's call itself, once the agent transferred the call to it or made a conference. */
  station?: StationParty;
  /** On a call another agent transferred here: that agent's extension. */
  readonly transferredBy?: string;
}

/** What the phone system tells its subscribers (the agent's line); each notice carries a copy of the call as it was then. */
export type PhoneNotice =
  | { readonly kind: 'offered'; readonly call: Readonly<PhoneCall> }
  | { readonly kind: 'dialing'; readonly call: Readonly<PhoneCall> }
  | { readonly kind: 'established'; readonly call: Readonly<PhoneCall> }
  | { readonly kind: 'released'; readonly call: Readonly<PhoneCall> }
  | { readonly kind: 'held' | 'retrieved' | 'muted' | 'unmuted'; readonly call: Readonly<PhoneCall> }
  /** The agent left the customer's call, handing it to the station (a blind transfer, or a consult completed). */
  | { readonly kind: 'transferred'; readonly call: Readonly<PhoneCall> }
  /** The consult call joined the customer's call: the agent, the customer and the station talk together. */
  | { readonly kind: 'conferenced'; readonly call: Readonly<PhoneCall> }
  /** A party left a conference; the agent is still on the call with the other one. */
  | { readonly kind: 'partyLeft'; readonly party: 'remote' | 'station'; readonly call: Readonly<PhoneCall> }
  | { readonly kind: 'agentReadiness'; readonly readiness: AgentReadiness; readonly reason?: string };

export interface ReferencePhoneOptions {
  /** How long a call may ring (either way) before the system gives up on it; null: it rings until someone acts. */
  readonly ringTimeoutMs?: number | null;
  /** Whether a talked call leaves the agent in after-call work until completeAfterCallWork. */
  readonly afterCallWork?: boolean;
  /** Whether the switch offers hold, mute, DTMF, transfer and conference on a talked call (it does unless told otherwise). */
  readonly callControls?: boolean;
  /** Whether the switch keeps a directory of named destinations (it does unless told otherwise). */
  readonly directory?: boolean;
}

/**
 * The one other station of the system: a colleague's desk the agent can transfer a call to or consult, reachable at
 * its extension and listed in the directory. Any other number has no route.
 */
export const STATION = {
  number: '7002',
  listing: { id: 'desk-7002', name: 'Sales desk', kind: 'agent', number: '7002' },
} as const satisfies { number: string; listing: DirectoryListing };

/** The extension of the colleague who transfers calls to the agent (customerTransferredIn). */
export const COLLEAGUE = '7010';

/** What a dialled number is once the separators people type are gone. */
function digitsOf(number: string): string {
  return number.replace(/[\s().-]/g, '');
}

/**
 * The switch. The agent's actions (answer, decline, hang up, dial, transfer) are the same whether the toolbar asked
 * for them through the handler or the agent used the softphone: like a real switch, it cannot tell the two apart, so
 * the handler must report what the switch notifies, not what it requested.
 */
/** The switch's not-ready reasons. */
export const NOT_READY_REASONS: readonly NotReadyReason[] = [
  { code: 'lunch', name: 'Lunch' },
  { code: 'training', name: 'Training' },
];

export class ReferencePhoneSystem {
  readonly ringTimeoutMs: number | null;
  readonly hasAfterCallWork: boolean;
  readonly hasCallControls: boolean;
  readonly hasDirectory: boolean;
  private readonly calls = new Map<string, PhoneCall>();
  private readonly ringTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly subscribers = new Set<(notice: PhoneNotice) => void>();
  private readiness: AgentReadiness = 'not-ready';
  /** Why the agent is not ready, one of NOT_READY_REASONS' codes, if the agent said. */
  private readinessReason: string | undefined;
  private callsPlaced = 0;
  /** Requests the switch refuses the next time they are made (refuseNext). */
  private readonly refusing = new Set<SwitchRequest>();

  constructor(options: ReferencePhoneOptions = {}) {
    this.ringTimeoutMs = options.ringTimeoutMs === undefined ? 30_000 : options.ringTimeoutMs;
    this.hasAfterCallWork = options.afterCallWork ?? true;
    this.hasCallControls = options.callControls ?? true;
    this.hasDirectory = options.directory ?? true;
  }

  subscribe(subscriber: (notice: PhoneNotice) => void): () => void {
    this.subscribers.add(subscriber);
    return () => this.subscribers.delete(subscriber);
  }

  // ---- the agent's state

  get agentReadiness(): AgentReadiness {
    return this.readiness;
  }

  get agentReadinessReason(): string | undefined {
    return this.readinessReason;
  }

  /** A reason goes with not-ready only, and must be one of the switch's (NOT_READY_REASONS). */
  setAgentReadiness(readiness: AgentReadiness, reason?: string): void {
    if (reason !== undefined && (readiness === 'ready' || !NOT_READY_REASONS.some((r) => r.code === reason))) {
      throw new Error(`The switch has no not-ready reason "${reason}".`);
    }
    if (readiness === this.readiness && reason === this.readinessReason) return;
    this.readiness = readiness;
    this.readinessReason = reason;
    this.notify({ kind: 'agentReadiness', readiness, ...(reason === undefined ? {} : { reason }) });
  }

  // ---- looking calls up

  findCall(matches: (call: Readonly<PhoneCall>) => boolean): Readonly<PhoneCall> | undefined {
    return [...this.calls.values()].find(matches);
  }

  /** Whether the agent is on any call: ringing, dialing or talking, a customer's call or a consult call. */
  agentHasCalls(): boolean {
    return [...this.calls.values()].some((call) => call.agent !== 'released');
  }

  /** The named destinations, in the order an agent reads them (none where the switch keeps no directory). */
  directory(): readonly DirectoryListing[] {
    return this.hasDirectory ? [STATION.listing] : [];
  }

  /**
   * The station's side: what rings or talks there, and with whom it talks (the agent on a consult call or in a
   * conference; the customer after a transfer or in a conference).
   */
  stationView(): { readonly state: 'none' | 'ringing' | 'talking'; readonly withCustomer: boolean; readonly withAgent: boolean } {
    const consult = this.liveConsultAtStation();
    if (consult) {
      const state = consult.remote === 'talking' ? 'talking' : 'ringing';
      return { state, withCustomer: false, withAgent: state === 'talking' && consult.agent === 'talking' };
    }
    const call = this.customerCallAtStation();
    if (!call?.station || call.station.state === 'released') return { state: 'none', withCustomer: false, withAgent: false };
    const talking = call.station.state === 'talking';
    return {
      state: call.station.state,
      withCustomer: talking && call.remote === 'talking' && !call.held,
      withAgent: talking && call.agent === 'talking',
    };
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

  /**
   * A colleague transfers a customer's call to the agent's extension: it rings there straight from the colleague's
   * station, not through the ACD, so the agent's readiness does not matter.
   */
  customerTransferredIn(customerNumber: string, byExtension: string = COLLEAGUE): string {
    const call = this.newCall('inbound', customerNumber, {}, 'ringing', 'waiting', { transferredBy: byExtension });
    this.notify({ kind: 'offered', call: { ...call } });
    return call.id;
  }

  /**
   * The customer hangs up. A plain call ends. In a conference, the agent and the station stay on the call together,
   * as a three-party call of a real switch does when one party leaves; after a transfer the agent is gone, so the
   * agent's line hears nothing.
   */
  customerHangsUp(callId: string): void {
    const call = this.callNamed(callId);
    if (call.direction !== 'inbound' || call.remote === 'released') {
      throw new Error(`The customer of call ${callId} cannot hang up: ${describeState(call)}.`);
    }
    if (call.agent === 'talking' && call.station?.state === 'talking') {
      call.remote = 'released';
      this.notify({ kind: 'partyLeft', party: 'remote', call: { ...call } });
      return;
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

  // ---- the station's side

  /** The station picks up what rings there: a consult call from the agent, or a customer's call transferred to it. */
  stationAnswers(): void {
    const consult = this.liveConsultAtStation();
    if (consult?.remote === 'ringing') {
      this.establish(consult);
      return;
    }
    const call = this.customerCallAtStation();
    if (call?.station?.state !== 'ringing') throw new Error(`Nothing rings at station ${STATION.number}.`);
    call.station.state = 'talking';
  }

  /** The station declines what rings there; a transferred call it declines has nowhere else to go and is cleared. */
  stationDeclines(): void {
    const consult = this.liveConsultAtStation();
    if (consult?.remote === 'ringing') {
      this.release(consult, 'remote');
      return;
    }
    const call = this.customerCallAtStation();
    if (call?.station?.state !== 'ringing') throw new Error(`Nothing rings at station ${STATION.number}.`);
    this.release(call, 'remote');
  }

  /** The station hangs up: a consult call ends, a conference goes on without it, a transferred call is cleared. */
  stationHangsUp(): void {
    const consult = this.liveConsultAtStation();
    if (consult?.remote === 'talking') {
      this.release(consult, 'remote');
      return;
    }
    const call = this.customerCallAtStation();
    if (call?.station?.state !== 'talking') throw new Error(`Station ${STATION.number} is not talking.`);
    if (call.agent === 'talking' && call.remote === 'talking') {
      call.station.state = 'released';
      this.notify({ kind: 'partyLeft', party: 'station', call: { ...call } });
      return;
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

  /**
   * Ends a conversation, or gives up an outbound or consult call that is still dialing. From a conference, only the
   * agent leaves: the customer and the station talk on.
   */
  hangUp(callId: string): void {
    const call = this.callNamed(callId);
    this.maybeRefuse('hangUp', call);
    if (call.agent !== 'talking' && call.agent !== 'dialing') {
      throw new Error(`Call ${callId} cannot be hung up: ${describeState(call)}.`);
    }
    if (call.remote === 'talking' && call.station?.state === 'talking') {
      this.agentLeaves(call);
      call.releasedBy = 'agent';
      this.notify({ kind: 'released', call: { ...call } });
      return;
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
    if (call.consultCall) throw new Error(`Call ${callId} waits for consult call ${call.consultCall}: reconnect, complete or conference it.`);
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

  /**
   * A single-step (blind) transfer: the station rings with the customer's call and the agent leaves it at once. The
   * switch refuses it, and the call stays with the agent, when the number has no route or the station is busy, as a
   * single-step transfer fails on a real switch (Genesys T-Server's RequestSingleStepTransfer answers EventError,
   * https://docs.genesys.com/Documentation/System/latest/GenEM/CallHandlingTransferConferenceEvents).
   */
  singleStepTransfer(callId: string, toNumber: string): void {
    const call = this.customerCallToHandOn(callId, 'transferred');
    const station = this.route(toNumber);
    if (this.stationBusy()) throw new SwitchRefusal(`Station ${station} is busy: call ${callId} stays with the agent.`);
    call.station = { number: station, state: 'ringing' };
    this.agentLeaves(call);
    this.notify({ kind: 'transferred', call: { ...call } });
  }

  /**
   * Starts a consult: the customer's call goes on hold and a consult call with its own id rings the station, the way
   * a two-step transfer makes a second call (Genesys: a second ConnID of CallType Consult,
   * https://all.docs.genesys.com/VM/Current/VMEventsandModels/HoldTransferConference). A busy station ends the consult
   * call at once; a number with no route is refused before anything changes.
   */
  consult(callId: string, toNumber: string): void {
    const call = this.customerCallToHandOn(callId, 'consulted from');
    const station = this.route(toNumber);
    call.held = true;
    this.notify({ kind: 'held', call: { ...call } });
    const consult = this.newCall('consult', station, {}, 'dialing', 'ringing', { consultFrom: call.id });
    call.consultCall = consult.id;
    this.notify({ kind: 'dialing', call: { ...consult } });
    if (this.stationBusy(consult.id)) this.release(consult, 'busy');
  }

  /** Completes a consult the station answered: the customer's call goes to the station and the agent leaves both calls. */
  completeTransfer(callId: string): void {
    const [call, consult] = this.answeredConsult(callId, 'complete the transfer');
    this.mergeConsult(call, consult);
    this.agentLeaves(call);
    this.notify({ kind: 'transferred', call: { ...call } });
  }

  /** Ends the consult call, ringing or talking, and takes the customer back off hold (T-Server's ReconnectCall). */
  reconnect(callId: string): void {
    const call = this.callNamed(callId);
    const consult = call.consultCall === undefined ? undefined : this.calls.get(call.consultCall);
    if (!consult) throw new Error(`Call ${callId} has no consult call to reconnect from: ${describeState(call)}.`);
    this.release(consult, 'agent');
    call.held = false;
    this.notify({ kind: 'retrieved', call: { ...call } });
  }

  /** Joins a consult the station answered to the customer's call: all three talk, and nobody is on hold. */
  conference(callId: string): void {
    const [call, consult] = this.answeredConsult(callId, 'make a conference');
    this.mergeConsult(call, consult);
    call.held = false;
    this.notify({ kind: 'retrieved', call: { ...call } });
    this.notify({ kind: 'conferenced', call: { ...call } });
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
    links: Pick<PhoneCall, 'consultFrom' | 'transferredBy'> = {},
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
      ...links,
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

  /** Clears a call: every party leaves. The agent's line hears of it only if the agent was still on the call. */
  private release(call: PhoneCall, by: ReleasedBy): void {
    this.stopRingTimer(call.id);
    const agentWasOn = call.agent !== 'released';
    call.agent = 'released';
    call.remote = 'released';
    if (call.station) call.station.state = 'released';
    if (call.consultFrom !== undefined) this.consultEnded(call);
    if (!agentWasOn) return;
    call.releasedBy = by;
    call.afterCallWork = this.afterCallWorkOf(call);
    this.notify({ kind: 'released', call: { ...call } });
  }

  /** The agent leaves a call that goes on without them (handed to the station, or a conference left). */
  private agentLeaves(call: PhoneCall): void {
    call.agent = 'released';
    call.held = false;
    call.muted = false;
    call.afterCallWork = this.afterCallWorkOf(call);
  }

  /** A talked customer's call keeps the agent in after-call work; a consult call is part of the customer's. */
  private afterCallWorkOf(call: PhoneCall): AfterCallWork {
    return call.established && call.direction !== 'consult' && this.hasAfterCallWork ? 'pending' : 'none';
  }

  /** The consult call becomes part of the customer's call: the station is now a party of it, and the consult call is gone. */
  private mergeConsult(call: PhoneCall, consult: PhoneCall): void {
    consult.agent = 'released';
    consult.remote = 'released';
    this.consultEnded(consult);
    call.station = { number: consult.remoteNumber, state: 'talking' };
  }

  private consultEnded(consult: PhoneCall): void {
    const from = consult.consultFrom === undefined ? undefined : this.calls.get(consult.consultFrom);
    if (from?.consultCall === consult.id) from.consultCall = undefined;
  }

  /** A customer's call the agent talks on, free to be transferred or consulted from. */
  private customerCallToHandOn(callId: string, what: string): PhoneCall {
    const call = this.talkedCall(callId, what);
    if (call.direction === 'consult') throw new Error(`Call ${callId} is a consult call: it cannot be ${what}.`);
    if (call.consultCall) throw new Error(`Call ${callId} cannot be ${what}: consult call ${call.consultCall} is under way.`);
    if (call.held) throw new Error(`Call ${callId} is on hold: take it back before it is ${what}.`);
    if (call.station && call.station.state !== 'released') throw new Error(`Call ${callId} is a conference: it cannot be ${what}.`);
    return call;
  }

  /** The customer's call and its consult call, which the station answered. */
  private answeredConsult(callId: string, what: string): [PhoneCall, PhoneCall] {
    const call = this.talkedCall(callId, 'given a consult');
    const consult = call.consultCall === undefined ? undefined : this.calls.get(call.consultCall);
    if (!consult) throw new Error(`Call ${callId} has no consult call to ${what} with.`);
    if (consult.remote !== 'talking') throw new Error(`Consult call ${consult.id} is not answered yet: it cannot ${what}.`);
    return [call, consult];
  }

  /** The station a dialled number reaches; the switch refuses a number it has no route for. */
  private route(toNumber: string): string {
    if (digitsOf(toNumber) === STATION.number) return STATION.number;
    throw new SwitchRefusal(`The reference phone system has no route to ${toNumber}.`);
  }

  /** One call at the station at a time: it is busy while any other call rings or talks there. */
  private stationBusy(except?: string): boolean {
    return this.liveConsultAtStation(except) !== undefined || this.customerCallAtStation() !== undefined;
  }

  private liveConsultAtStation(except?: string): PhoneCall | undefined {
    return [...this.calls.values()].find(
      (call) => call.id !== except && call.direction === 'consult' && (call.remote === 'ringing' || call.remote === 'talking'),
    );
  }

  private customerCallAtStation(): PhoneCall | undefined {
    return [...this.calls.values()].find((call) => call.station?.state === 'ringing' || call.station?.state === 'talking');
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
  if (call.agent === 'released') return call.remote === 'released' ? 'it has already ended' : 'the agent has left it';
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
  busy: 'system',
};

/** Why a consult call ended, in the contract's words: the agent dropped it, the station refused, was busy, did not answer, or hung up. */
function goneOf(consult: Readonly<PhoneCall>): ThirdPartyGone {
  switch (consult.releasedBy) {
    case 'agent':
      return 'cancelled';
    case 'remote':
      return consult.established ? 'hungUp' : 'refused';
    case 'busy':
      return 'busy';
    case 'ring-timeout':
      return 'noAnswer';
    default:
      return 'failed';
  }
}

function presenceOf(readiness: AgentReadiness, reason?: string): AgentPresence {
  if (readiness === 'ready') return { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Ready' };
  const named = NOT_READY_REASONS.find((r) => r.code === reason);
  return named
    ? { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: named.name, reasonCode: named.code }
    : { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Not ready' };
}

export class ReferenceVendorHandler implements ICtiVendorHandler {
  readonly displayName = 'Reference phone system';
  readonly capabilities: VendorCapabilities;
  private listener: VendorEventListener | null = null;
  private unsubscribe: (() => void) | null = null;
  /** What the agent reads for the destination of each customer's call being transferred (by the switch's call id). */
  private readonly destinations = new Map<string, string>();
  /** Customer's calls whose end was reported when the customer left a conference, before the switch cleared them. */
  private readonly endReported = new Set<string>();

  constructor(
    protected readonly phone: ReferencePhoneSystem,
    options: { readonly outboundCalls?: boolean } = {},
  ) {
    this.capabilities = {
      outboundCalls: options.outboundCalls ?? true,
      afterCallWork: phone.hasAfterCallWork,
      hold: phone.hasCallControls,
      mute: phone.hasCallControls,
      digits: phone.hasCallControls,
      transfer: phone.hasCallControls,
      conference: phone.hasCallControls,
      transferDirectory: phone.hasCallControls && phone.hasDirectory,
      notReadyReasons: phone.hasCallControls,
    };
  }

  async start(listener: VendorEventListener): Promise<void> {
    if (this.listener) throw new VendorError('INVALID_IN_STATE', `Already connected to the ${this.displayName.toLowerCase()}.`);
    this.listener = listener;
    this.unsubscribe = this.phone.subscribe((notice) => this.noticed(notice));
    this.report({ type: 'link', status: 'connected' });
    this.report({ type: 'agentState', presence: presenceOf(this.phone.agentReadiness, this.phone.agentReadinessReason) });
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

  async makeAgentUnavailable(reasonCode?: string): Promise<void> {
    this.requireStarted();
    if (reasonCode !== undefined && !this.capabilities.notReadyReasons) throw notSupported(this.displayName, 'notReadyReasons');
    refused(() => this.phone.setAgentReadiness('not-ready', reasonCode));
  }

  async notReadyReasons(): Promise<readonly NotReadyReason[]> {
    this.requireStarted();
    if (!this.capabilities.notReadyReasons) throw notSupported(this.displayName, 'notReadyReasons');
    return NOT_READY_REASONS;
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

  async transferCall(eventId: EventId, destination: TransferDestination, options: { readonly mode: TransferMode }): Promise<void> {
    const callId = this.controlledCallIdOf(eventId, 'transfer');
    const problem = transferDestinationProblem(destination);
    if (problem) throw new VendorError('REFUSED', problem);
    const { mode } = options;
    if (mode !== 'blind' && mode !== 'consult') throw new VendorError('REFUSED', `"${String(mode)}" is not a way to transfer a call.`);
    const { number, label } = this.dialable(destination);
    // The switch notifies while it carries the request out, so the label must be known before it is asked.
    const before = this.destinations.get(callId);
    this.destinations.set(callId, label);
    try {
      refused(() => (mode === 'blind' ? this.phone.singleStepTransfer(callId, number) : this.phone.consult(callId, number)));
    } catch (err) {
      if (before === undefined) this.destinations.delete(callId);
      else this.destinations.set(callId, before);
      throw err;
    }
  }

  async completeTransfer(eventId: EventId): Promise<void> {
    const callId = this.controlledCallIdOf(eventId, 'transfer');
    refused(() => this.phone.completeTransfer(callId));
  }

  async cancelTransfer(eventId: EventId): Promise<void> {
    const callId = this.controlledCallIdOf(eventId, 'transfer');
    refused(() => this.phone.reconnect(callId));
  }

  async conferenceCall(eventId: EventId): Promise<void> {
    const callId = this.controlledCallIdOf(eventId, 'conference');
    refused(() => this.phone.conference(callId));
  }

  async transferDirectory(): Promise<readonly DirectoryEntry[]> {
    this.requireStarted();
    if (!this.capabilities.transferDirectory) throw notSupported(this.displayName, 'transferDirectory');
    return this.phone.directory().map(({ id, name, kind }) => ({ id, name, kind }));
  }

  async completeWrapup(eventId: EventId): Promise<void> {
    const callId = this.callIdOf(eventId);
    refused(() => this.phone.completeAfterCallWork(callId));
  }

  /**
   * The customer left a call with a third party (a consult under way, or a conference): hangs up what is left of the
   * agent's side, the consult call or the agent's place in the conference, so that the agent is free for the next call.
   */
  protected releaseWhatIsLeft(callId: string): void {
    const call = this.phone.findCall((candidate) => candidate.id === callId);
    const consultId = call?.consultCall;
    const consult = consultId === undefined ? undefined : this.phone.findCall((candidate) => candidate.id === consultId);
    try {
      if (consult && consult.agent !== 'released') this.phone.hangUp(consult.id);
      if (call && call.agent !== 'released') this.phone.hangUp(call.id);
    } catch (err) {
      this.report({ type: 'error', eventId: call ? eventIdOf(call) : callId, message: saidAs(`The agent's side of the call could not be released: ${messageOf(err)}`) });
    }
  }

  /** A notice of the switch: what it means for the toolbar is reported, then what the handler must do about it is done. */
  private noticed(notice: PhoneNotice): void {
    for (const event of this.eventsOf(notice)) this.report(event);
    if (notice.kind === 'partyLeft' && notice.party === 'remote') this.releaseWhatIsLeft(notice.call.id);
    if (notice.kind === 'released' && notice.call.consultCall !== undefined && notice.call.direction !== 'consult') {
      this.releaseWhatIsLeft(notice.call.id);
    }
  }

  /** The one place that turns the switch's notices into the toolbar's normalized vendor events. */
  private eventsOf(notice: PhoneNotice): VendorEvent[] {
    if (notice.kind === 'agentReadiness') return [{ type: 'agentState', presence: presenceOf(notice.readiness, notice.reason) }];
    const { call } = notice;
    if (call.direction === 'consult') return this.consultEventsOf(notice.kind, call);
    const eventId = eventIdOf(call);
    switch (notice.kind) {
      case 'offered':
        return [{ type: 'incoming', eventId, phoneNumber: call.remoteNumber, ...(call.transferredBy === undefined ? {} : { transfer: { from: call.transferredBy } }) }];
      case 'dialing':
        return [{ type: 'dialing', eventId, phoneNumber: call.remoteNumber }];
      case 'established':
        return [{ type: 'connected', eventId }];
      case 'released':
        this.destinations.delete(call.id);
        if (this.endReported.delete(call.id)) return [];
        return [{ type: 'ended', eventId, phase: call.established ? 'connected' : 'ringing', endedBy: ENDED_BY[call.releasedBy ?? 'agent'] }];
      case 'held':
        return [{ type: 'held', eventId }];
      case 'retrieved':
        return [{ type: 'resumed', eventId }];
      case 'muted':
      case 'unmuted':
        return [{ type: notice.kind, eventId }];
      case 'transferred': {
        const destination = this.destinationOf(call);
        this.destinations.delete(call.id);
        return [{ type: 'transferred', eventId, destination }];
      }
      case 'conferenced':
        return [{ type: 'thirdParty', eventId, party: { destination: this.destinationOf(call), state: 'conferenced' } }];
      case 'partyLeft':
        if (notice.party === 'station') return [{ type: 'thirdParty', eventId, party: null, gone: 'hungUp' }];
        this.endReported.add(call.id);
        return [{ type: 'ended', eventId, phase: 'connected', endedBy: 'customer' }];
    }
  }

  /**
   * A consult call is not a call of the toolbar's: it is the third party of the customer's call it was placed from,
   * reported under that call's eventId. Once that call has ended for the agent, nothing of its consult is reported.
   */
  private consultEventsOf(kind: Exclude<PhoneNotice['kind'], 'agentReadiness'>, consult: Readonly<PhoneCall>): VendorEvent[] {
    const from = this.phone.findCall((call) => call.id === consult.consultFrom);
    if (!from || from.agent === 'released') return [];
    const eventId = eventIdOf(from);
    const party = (state: ThirdParty['state']): ThirdParty => ({ destination: this.destinations.get(from.id) ?? consult.remoteNumber, state });
    switch (kind) {
      case 'dialing':
        return [{ type: 'thirdParty', eventId, party: party('dialing') }];
      case 'established':
        return [{ type: 'thirdParty', eventId, party: party('talking') }];
      case 'released':
        return [{ type: 'thirdParty', eventId, party: null, gone: goneOf(consult) }];
      default:
        return [];
    }
  }

  /** What the agent reads for where the call went: the label the handler dialled, else the station's number. */
  private destinationOf(call: Readonly<PhoneCall>): string {
    return this.destinations.get(call.id) ?? call.station?.number ?? call.remoteNumber;
  }

  /** The number the switch dials for a destination, and what the agent reads for it (the directory's name for an entry). */
  private dialable(destination: TransferDestination): { readonly number: string; readonly label: string } {
    if (destination.kind === 'number') return { number: destination.phoneNumber.trim(), label: destination.phoneNumber.trim() };
    const listing = this.phone.directory().find((entry) => entry.id === destination.id);
    if (!listing) throw new VendorError('REFUSED', `"${destination.name}" is not in the directory of the ${this.displayName.toLowerCase()}.`);
    return { number: listing.number, label: listing.name };
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

  /**
   * The switch's id of one of the agent's calls (a consult call is not one: it belongs to the customer's call); the
   * link is checked first, so that "try again" is never mistaken for "gone".
   */
  private callIdOf(eventId: EventId): string {
    this.requireStarted();
    const call = this.phone.findCall((candidate) => candidate.direction !== 'consult' && eventIdOf(candidate) === eventId);
    if (!call) throw new VendorError('NOT_FOUND', `There is no call ${eventId} at the ${this.displayName.toLowerCase()}.`);
    return call.id;
  }

  /** callIdOf, for a control the handler may not declare (NOT_SUPPORTED, after the link's check). */
  private controlledCallIdOf(eventId: EventId, capability: 'hold' | 'mute' | 'digits' | 'transfer' | 'conference'): string {
    const callId = this.callIdOf(eventId);
    if (!this.capabilities[capability]) throw notSupported(this.displayName, capability);
    return callId;
  }

  private requireStarted(): void {
    if (!this.listener) throw new VendorError('LINK_DOWN', `Not connected to the ${this.displayName.toLowerCase()}.`);
  }
}

/**
 * The switch's refusals in its words: a refusal of its own (refuseNext, no route, a busy station) is REFUSED; anything
 * else it refuses is what its call's state does not allow (answer a call that ended): INVALID_IN_STATE.
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
  /**
   * Puts another handler in front of the honest one, or in its place: suiteCanFail.test.ts uses it to break the
   * contract on purpose (a broken handler may talk to the phone system itself, as a real handler does).
   */
  readonly wrapHandler?: (honest: ReferenceVendorHandler, phone: ReferencePhoneSystem) => ICtiVendorHandler;
}

/**
 * A VendorDriver over a fresh reference phone system. It offers ringTimesOut only when the system has a ring timer,
 * plays the callee only when the handler can place calls, and plays the station only when the system transfers, as
 * a real vendor's driver would. The station is the transfer target: by its directory entry where the system keeps a
 * directory, else by its extension.
 */
export async function createReferenceDriver(options: ReferenceDriverOptions = {}): Promise<VendorDriver> {
  const phone = new ReferencePhoneSystem(options.phone);
  const honest = new ReferenceVendorHandler(phone, { outboundCalls: options.outboundCalls });
  const handler = options.wrapHandler ? options.wrapHandler(honest, phone) : honest;

  const callFor = (eventId: EventId): Readonly<PhoneCall> => {
    const call = phone.findCall((candidate) => candidate.direction !== 'consult' && eventIdOf(candidate) === eventId);
    if (!call) throw new Error(`The reference driver knows no call ${eventId}.`);
    return call;
  };
  const callIdOf = (eventId: EventId): string => callFor(eventId).id;
  const eventIdOfCall = (callId: string): EventId => {
    const call = phone.findCall((candidate) => candidate.id === callId);
    if (!call) throw new Error(`The reference phone system lost call ${callId}.`);
    return eventIdOf(call);
  };
  const { listing } = STATION;
  const transferTarget: VendorDriver['transferTarget'] = phone.hasDirectory
    ? { destination: { kind: 'directory', id: listing.id, name: listing.name }, reportedAs: listing.name, unroutable: { kind: 'number', phoneNumber: '7999' } }
    : { destination: { kind: 'number', phoneNumber: STATION.number }, reportedAs: STATION.number, unroutable: { kind: 'number', phoneNumber: '7999' } };

  const driver: VendorDriver = {
    handler,
    customerCalls: async (phoneNumber) => eventIdOfCall(phone.customerDials(phoneNumber)),
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
    ...(phone.hasCallControls ? { transferTarget } : {}),
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
    driver.targetCall = async () => phone.stationView();
    driver.targetAnswers = async () => phone.stationAnswers();
    driver.targetRefuses = async () => phone.stationDeclines();
    driver.targetHangsUp = async () => phone.stationHangsUp();
    driver.callTransferredIn = async (phoneNumber) => eventIdOfCall(phone.customerTransferredIn(phoneNumber));
    driver.agentHasCalls = async () => phone.agentHasCalls();
  }
  return driver;
}
