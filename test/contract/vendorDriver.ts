import type { ICtiVendorHandler } from '../../src/ts/cti/vendor/ICtiVendorHandler';
import type { EventId, TransferDestination } from '../../src/ts/cti/core/types';

/**
 * What each vendor's contract test provides: the handler under test, plus the *other* side of the vendor, which
 * the toolbar never controls: the customer, the callee of an outbound call, and the agent's own phone (softphone
 * or CCP). The contract suite (vendorContract.ts) plays those parts through the driver and watches what the
 * handler reports.
 *
 * Every method resolves once the vendor has taken the action (not once the handler has reported it: waiting for
 * the report is the suite's business).
 */
export interface VendorDriver {
  /** The real handler, not started yet: the suite starts it with its own listener. */
  readonly handler: ICtiVendorHandler;

  /** A customer calls and the agent's phone rings; resolves the eventId the handler will report for the call. */
  customerCalls(phoneNumber: string): Promise<EventId>;
  customerHangsUp(eventId: EventId): Promise<void>;

  /** The agent answers on the softphone or CCP: no toolbar request behind it. */
  phoneAnswers(eventId: EventId): Promise<void>;
  /** The agent hangs up (or declines a ringing call) on the softphone or CCP. */
  phoneHangsUp(eventId: EventId): Promise<void>;

  /** Nobody answers a ringing call and the vendor gives up on it (only for vendors that model ring timeouts). */
  ringTimesOut?(eventId: EventId): Promise<void>;

  /** The callee of an outbound call answers (for handlers with capabilities.outboundCalls). */
  calleeAnswers?(eventId: EventId): Promise<void>;
  /** The callee of an outbound call refuses it (busy, declined). */
  calleeRefuses?(eventId: EventId): Promise<void>;

  /**
   * The phone system itself refuses the next such request, for a call it has (as a switch refuses an answer it cannot
   * route): the handler's own checks pass, and the refusal comes from the vendor.
   */
  refuseNext(verb: 'acceptCall' | 'hangupCall'): void;

  /** Whether the vendor has the call on hold, the customer hearing hold music (for capabilities.hold). */
  callHeld?(eventId: EventId): Promise<boolean>;
  /** The agent puts the call on hold, or takes it back, at the phone (the CCP's or softphone's own button). */
  phoneHolds?(eventId: EventId): Promise<void>;
  phoneResumes?(eventId: EventId): Promise<void>;

  /** Whether the vendor has the agent's microphone muted on the call (for capabilities.mute). */
  callMuted?(eventId: EventId): Promise<boolean>;

  /** The DTMF digits the far side of the call has received so far, in order (for capabilities.digits). */
  digitsReceived?(eventId: EventId): Promise<string>;

  /**
   * The transfer target the driver plays (for capabilities.transfer): a destination the phone system routes to a
   * party that rings until the driver makes it answer, refuse, or hang up. One target per driver; one call at it at
   * a time. `unroutable` is a destination the phone system cannot reach (an unknown extension).
   */
  readonly transferTarget?: {
    readonly destination: TransferDestination;
    /** What the handler reports as the third party's destination (the number, or the directory entry's name). */
    readonly reportedAs: string;
    readonly unroutable: TransferDestination;
  };
  /**
   * The target's side, as the phone system has it: whether a call rings or talks there, and with whom it talks
   * (the customer after a transfer or in a conference, the agent in a consult or a conference).
   */
  targetCall?(): Promise<{ readonly state: 'none' | 'ringing' | 'talking'; readonly withCustomer: boolean; readonly withAgent: boolean }>;
  targetAnswers?(): Promise<void>;
  /** The target declines the call ringing there (busy, or refused). */
  targetRefuses?(): Promise<void>;
  targetHangsUp?(): Promise<void>;
  /**
   * Another agent (or a flow) transfers a customer's call to this agent: it rings here as a transferred call.
   * Resolves the eventId the handler will report for it (for capabilities.transfer).
   */
  callTransferredIn?(phoneNumber: string): Promise<EventId>;
  /** Whether the agent still has any call at the vendor (the customer's or a consult leg): false once the agent is free. */
  agentHasCalls?(): Promise<boolean>;

  /** What the vendor side believes of the agent: 'available', 'unavailable', or the vendor's own word for another state. */
  agentState(): Promise<string>;

  /** Releases whatever the driver holds (calls, timers, servers). Called after the handler was stopped. */
  dispose(): Promise<void>;
}

/** Makes a fresh driver (and handler) for each contract check, so that no check depends on another's leftovers. */
export type VendorDriverFactory = () => Promise<VendorDriver>;

/**
 * The optional parts of the contract a vendor's test takes on, declared up front so that the suite can decide at
 * describe-time which checks exist. Every flag is required: a vendor says "no" explicitly, and the suite verifies
 * that what is declared matches what the handler and driver really offer, so no check is silently left out.
 */
export interface ContractFeatures {
  /** The driver has ringTimesOut(): the vendor gives up on calls nobody answers. */
  readonly ringTimeout: boolean;
  /** The handler has capabilities.outboundCalls and the driver can play the callee (calleeAnswers, calleeRefuses). */
  readonly outbound: boolean;
  /** The handler has capabilities.afterCallWork: completeWrapup ends the agent's after-call work. */
  readonly afterCallWork: boolean;
  /** The handler has capabilities.hold and the driver has callHeld(), phoneHolds() and phoneResumes(). */
  readonly hold: boolean;
  /** The handler has capabilities.mute and the driver has callMuted(). */
  readonly mute: boolean;
  /** The handler has capabilities.digits and the driver has digitsReceived(). */
  readonly digits: boolean;
  /**
   * The handler has capabilities.transfer and the driver has transferTarget, targetCall(), targetAnswers(),
   * targetRefuses(), targetHangsUp(), callTransferredIn() and agentHasCalls().
   */
  readonly transfer: boolean;
  /** The handler has capabilities.conference (on top of transfer). */
  readonly conference: boolean;
  /** The handler has capabilities.transferDirectory, and transferTarget.destination is one of its entries. */
  readonly transferDirectory: boolean;
  /** The handler has capabilities.notReadyReasons: it lists reasons, and takes them with makeAgentUnavailable. */
  readonly notReadyReasons: boolean;
}
