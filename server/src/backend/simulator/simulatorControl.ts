/**
 * The T-Server simulator's control surface: the parts of the world the bridge never controls (the customer, the
 * callee of an outbound call, the agent's softphone and every other phone of the switch, the CTI link). The bridge mounts it as /simulator/* only
 * when the simulator is the backend. Every method throws a SimulatorError when the action is not possible.
 */
import type { CallType, PartyState, TEventListener, TRequest } from '../telephonyBackend';

/** The requests that act on one call (they name its ConnID). */
export type CallRequestKind = Extract<TRequest, { readonly connId: string }>['kind'];

export class SimulatorError extends Error {
  constructor(
    /**
     * NOT_FOUND: no such call or DN. CONFLICT: not possible in the current state. BUSY: the DN called holds as many
     * calls as it may (SimulatorOptions.callsPerDn): the caller hears busy.
     */
    readonly code: 'NOT_FOUND' | 'CONFLICT' | 'BAD_REQUEST' | 'BUSY',
    message: string,
  ) {
    super(message);
    this.name = 'SimulatorError';
  }
}

/** One call of the switch as a whole, beyond what T-Server reports at any one DN (for the Customer panel and tests). */
export interface SwitchCallView {
  readonly connId: string;
  readonly callType: Exclude<CallType, 'Internal'>;
  /** The party outside the switch (the customer, or an outbound call's callee) while on the call, and the digits it heard. */
  readonly outside?: { readonly number: string; readonly digitsHeard: string };
  /** The parties at DNs of the switch, in the order they joined. */
  readonly parties: ReadonlyArray<{ readonly dn: string; readonly state: PartyState }>;
  /** A consult call: the call it was placed for. */
  readonly consultFor?: string;
  /** DNs that left the call while it went on (a transfer, a conference left), oldest first. */
  readonly formerDNs: readonly string[];
}

export interface SimulatorOptions {
  /** The DNs that exist on the simulated switch (transfers to other DNs are refused). */
  readonly dns: readonly string[];
  /** How long a call rings at the agent's DN before T-Server releases it as NoAnswer; null: until someone acts. */
  readonly ringTimeoutMs: number | null;
  /** How long an outbound call rings at the callee before it is released as NoAnswer; null: until someone acts. */
  readonly dialTimeoutMs: number | null;
  /** The most calls a DN holds at once (1 to MAX_CALLS_PER_DN; default MAX_CALLS_PER_DN): a call beyond is refused. */
  readonly callsPerDn?: number;
}

export interface SimulatorControl {
  /**
   * Shows a simulator tool (the traffic generator) every event of the switch, for registered DNs or not, after the
   * bridge's listener has had it. Returns the function that stops watching.
   */
  watch(watcher: TEventListener): () => void;
  /**
   * A customer calls a DN: the DN rings (EventRinging, no ReferenceID). A DN at its callsPerDn is busy: the call is
   * refused with SimulatorError BUSY and the DN sees nothing of it.
   */
  customerCalls(call: { readonly dn: string; readonly ani: string }): { connId: string; callUuid: string };
  /** The customer (or the callee of an outbound call) hangs up: EventAbandoned while ringing, else EventReleased (Remote). */
  customerHangsUp(connId: string): void;
  /** The callee of an outbound call answers: EventEstablished at the agent's DN. */
  calleeAnswers(connId: string): void;
  /** The callee is busy: EventDestinationBusy, then EventReleased (Busy). */
  calleeBusy(connId: string): void;
  /** The agent answers on the softphone (any DN's: the colleague a call was transferred to): the named call, or the one ringing call on the DN. */
  phoneAnswers(dn: string, connId?: string): { connId: string };
  /**
   * The agent hangs up on the softphone: the named call, or the one call on the DN (ringing: a decline). Any DN's
   * phone: at the DN a transfer or consult went to, this is the colleague there refusing or hanging up.
   */
  phoneReleases(dn: string, connId?: string): { connId: string };
  /**
   * The agent presses Hold (or Retrieve) on the softphone: EventHeld (EventRetrieved) without a ReferenceID, for the
   * named call or the DN's one talking (held) call. CONFLICT when the call is not talking (held).
   */
  phoneHolds(dn: string, connId?: string): { connId: string };
  phoneRetrieves(dn: string, connId?: string): { connId: string };
  /** The DTMF digits the customer of a call has heard so far, in order ('' for none); undefined for no such call. */
  digitsHeard(connId: string): string | undefined;
  /**
   * The phone of a DN is busy (true) or free again: a customer's call to it is refused BUSY, a consult to it hears
   * busy (EventDestinationBusy, EventReleased Busy), a single-step transfer to it is refused (EventError).
   */
  setBusy(dn: string, busy: boolean): void;
  /**
   * Another agent, at DN `from`, transfers a customer's call to `dn`: the customer calls `from`, whose phone answers
   * and transfers the call in one step (what `from` hears too, where registered), and `dn` rings with ThirdPartyDN
   * `from`. BUSY when `dn` is busy.
   */
  transferToAgent(transfer: { readonly dn: string; readonly ani: string; readonly from: string }): { connId: string; callUuid: string };
  /** Every call of the switch as a whole: who is on it, inside and outside the switch. */
  switchCalls(): SwitchCallView[];
  /** The CTI link drops (one EventLinkDisconnected, thisDN empty: it concerns every DN) or returns (EventLinkConnected). */
  linkDown(): void;
  linkUp(): void;
  /**
   * A test control, not a part of the world: T-Server refuses the next request of this kind for a call the DN has,
   * with EventError (BACKEND_ERROR), as a real T-Server answers a request the switch rejected for a reason of its own
   * (T-Library's negative response: https://docs.genesys.com/Documentation/System/Current/GenEM/Welcome, chapter
   * Negative-Response Events). Nothing changes and nothing is emitted; later requests are carried out as usual.
   */
  refuseNext(kind: CallRequestKind): void;
}
