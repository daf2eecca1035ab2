import { type AgentMessage, agentMessageProblem, inEnglish, say } from './agentMessages';
import { OUTBOUND_ERROR_CODES, type OutboundErrorCode } from './errors';

/** Why a dial failed, as Fusion's outboundCommError hears it (the message in English). */
export interface OutboundFailure {
  readonly errorCode: OutboundErrorCode;
  readonly message: string;
}

function isOutboundErrorCode(value: unknown): value is OutboundErrorCode {
  return (OUTBOUND_ERROR_CODES as readonly unknown[]).includes(value);
}

/** Whether a message says nothing: none at all, or words from elsewhere that are blank. */
function isBlank(message: unknown): boolean {
  if (message === undefined || message === null) return true;
  const { key, params } = message as { key?: unknown; params?: { text?: unknown } | null };
  return key === 'said' && (typeof params?.text !== 'string' || params.text.trim() === '');
}

/**
 * A failed dial as the phone system reported it, made usable: a failed dial must always close the call, so an
 * errorCode outside the declared set becomes OUTDIAL_FAILED ("any other failure"), and a message that is missing,
 * blank or not a message of the catalog (agentMessageProblem) becomes "the phone system gave no reason". `reason` is
 * what the agent reads, `failure` what Fusion hears (in English); `oddity` names what had to be replaced (null: the
 * report was as declared), for the log and the agent.
 */
export function outboundFailureOf(
  errorCode: unknown,
  message: unknown,
): { readonly failure: OutboundFailure; readonly reason: AgentMessage; readonly oddity: string | null } {
  const oddities: string[] = [];
  const code = isOutboundErrorCode(errorCode) ? errorCode : 'OUTDIAL_FAILED';
  if (code !== errorCode) oddities.push(`errorCode "${String(errorCode)}" taken as OUTDIAL_FAILED`);
  const problem = isBlank(message) ? 'no message' : agentMessageProblem(message);
  if (problem === 'no message') oddities.push(problem);
  else if (problem !== null) oddities.push(`an unusable message (${problem})`);
  const reason = problem === null ? (message as AgentMessage) : say('noReasonGiven');
  return { failure: { errorCode: code, message: inEnglish(reason) }, reason, oddity: oddities.length > 0 ? oddities.join(', ') : null };
}
