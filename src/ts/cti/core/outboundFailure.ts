import { CALL_MESSAGES } from './agentMessages';
import { OUTBOUND_ERROR_CODES, type OutboundErrorCode } from './errors';

/** Why a dial failed, as Fusion's outboundCommError hears it. */
export interface OutboundFailure {
  readonly errorCode: OutboundErrorCode;
  readonly message: string;
}

/** What Fusion and the agent read when the phone system gave no reason for a failed dial. */
export const NO_REASON_GIVEN: string = CALL_MESSAGES.noReasonGiven;

function isOutboundErrorCode(value: unknown): value is OutboundErrorCode {
  return (OUTBOUND_ERROR_CODES as readonly unknown[]).includes(value);
}

/**
 * A failed dial as the phone system reported it, made usable: a failed dial must always close the call, so an
 * errorCode outside the declared set becomes OUTDIAL_FAILED ("any other failure") and an empty message a default.
 * `oddity` names what had to be replaced (null: the report was as declared), for the log and the agent.
 */
export function outboundFailureOf(errorCode: unknown, message: unknown): { readonly failure: OutboundFailure; readonly oddity: string | null } {
  const oddities: string[] = [];
  const code = isOutboundErrorCode(errorCode) ? errorCode : 'OUTDIAL_FAILED';
  if (code !== errorCode) oddities.push(`errorCode "${String(errorCode)}" taken as OUTDIAL_FAILED`);
  const hasText = typeof message === 'string' && message.trim() !== '';
  if (!hasText) oddities.push('no message');
  return { failure: { errorCode: code, message: hasText ? message : NO_REASON_GIVEN }, oddity: oddities.length > 0 ? oddities.join(', ') : null };
}
