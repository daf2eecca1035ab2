/**
 * The T-Server simulator's control surface: the parts of the world the bridge never controls (the customer, the
 * callee of an outbound call, the agent's softphone, the CTI link). The bridge mounts it as /simulator/* only
 * when the simulator is the backend. Every method throws a SimulatorError when the action is not possible.
 */
import type { TEventListener, TRequest } from '../telephonyBackend';

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

export interface SimulatorOptions {
  /** The DNs that exist on the simulated switch (calls to other DNs are refused). */
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
  /** The agent answers on the softphone: the named call, or the one ringing call on the DN. */
  phoneAnswers(dn: string, connId?: string): { connId: string };
  /** The agent hangs up on the softphone: the named call, or the one call on the DN (ringing: a decline). */
  phoneReleases(dn: string, connId?: string): { connId: string };
  /**
   * The agent presses Hold (or Retrieve) on the softphone: EventHeld (EventRetrieved) without a ReferenceID, for the
   * named call or the DN's one talking (held) call. CONFLICT when the call is not talking (held).
   */
  phoneHolds(dn: string, connId?: string): { connId: string };
  phoneRetrieves(dn: string, connId?: string): { connId: string };
  /** The DTMF digits the customer of a call has heard so far, in order ('' for none); undefined for no such call. */
  digitsHeard(connId: string): string | undefined;
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
