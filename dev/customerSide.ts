/**
 * The far side of the phone line, which the toolbar never controls: the customer who calls, the callee of an
 * outbound call, and the agent's own softphone. Each vendor's development backend implements it (the Genesys
 * bridge's T-Server simulator through its control API); the Fusion simulator's Customer panel drives it.
 */
export type PanelCallState = 'ringing' | 'dialing' | 'talking' | 'held' | 'transferred';

/** The third party of a call: the destination of a transfer or consult, played by the panel. */
export interface PanelThirdParty {
  /** The destination as the phone system names it (the number dialled, the quick connect's name). */
  readonly destination: string;
  /** Ringing at the destination; talking with the agent (a consult) or with the customer (after a transfer); in a conference with both. */
  readonly state: 'ringing' | 'talking' | 'conferenced';
}

export interface PanelCall {
  /** The vendor's id of the call (Genesys: the ConnID). */
  readonly id: string;
  readonly direction: 'inbound' | 'outbound';
  readonly state: PanelCallState;
  /** The customer's number: the caller, or the number the agent dialed. */
  readonly number: string;
  /** The keypad digits (DTMF) the customer has heard on this call, in order; absent where the backend cannot tell. */
  readonly digitsHeard?: string;
  /**
   * The third party the agent brought in, if any. A call whose state is 'transferred' has left the agent: the
   * customer talks with this party, and the panel lists it until the customer or the party hangs up.
   */
  readonly thirdParty?: PanelThirdParty;
}

export interface CustomerSide {
  /** Names the backend in the panel, e.g. "Genesys T-Server simulator at http://127.0.0.1:8087". */
  readonly description: string;
  /** The calls on the agent's phone now. */
  calls(): Promise<PanelCall[]>;
  /** A customer calls the agent from this number. */
  callAgent(number: string): Promise<void>;
  /** The customer (or the callee of an outbound call) hangs up. */
  hangUp(callId: string): Promise<void>;
  /** The callee of an outbound call answers, or is busy. */
  calleeAnswers(callId: string): Promise<void>;
  calleeBusy(callId: string): Promise<void>;
  /** The agent uses the softphone rather than the toolbar or Fusion. */
  softphoneAnswer(callId: string): Promise<void>;
  softphoneHangUp(callId: string): Promise<void>;
  /** The agent holds the call, or takes it back, at the softphone (where the backend models it). */
  softphoneHold?(callId: string): Promise<void>;
  softphoneResume?(callId: string): Promise<void>;
  /** The transfer target (where the backend models one): answers the call ringing there, refuses it, or hangs up. */
  targetAnswers?(callId: string): Promise<void>;
  targetRefuses?(callId: string): Promise<void>;
  targetHangsUp?(callId: string): Promise<void>;
  /** Another agent transfers a caller from this number to the agent (where the backend models it). */
  transferToAgent?(number: string): Promise<void>;
  /** While busy, a transfer or consult to the target fails at once with busy (where the backend models it). */
  setTargetBusy?(busy: boolean): Promise<void>;
  /** The destinations the backend routes to its target, for the panel to show the agent what to type or pick. */
  readonly targetDestinations?: readonly string[];
}
