/**
 * Amazon Connect's refusals as the vendor contract's errors. Streams hands a failed request's callback the error of
 * the Amazon Connect API behind it, a bare 'error' string, or nothing. Through the CCP (initCCP, as the toolbar runs)
 * that error is a JSON string: the CCP's shared worker sends `JSON.stringify(err)`
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/worker.js, handleAPIRequest) of what its
 * client made of the API's error, `{type, message, stack, retryStatus, statusCode}`
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/client.js, _formatCallError), and Streams'
 * own callers JSON.parse it (src/api.js). It is read here as that object; the agent is shown its message, never the
 * JSON or its stack. The exception names are Amazon Connect's
 * (https://docs.aws.amazon.com/connect/latest/APIReference/CommonErrors.html, and the errors of each action, e.g.
 * https://docs.aws.amazon.com/connect/latest/APIReference/API_StartOutboundVoiceContact.html) and Streams' own
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md). Pure: the tests read it as a
 * table.
 */
import { type AgentMessage, say } from '../../core/agentMessages';
import { VendorError, type OutboundErrorCode, type VendorErrorCode } from '../../core/errors';

interface Meaning {
  readonly code: VendorErrorCode;
  /** What it means for a call the toolbar placed, when that is more than "it failed". */
  readonly dial?: OutboundErrorCode;
}

/** Each error type Amazon Connect or Streams names, by what it means for the toolbar. Any other is REFUSED. */
export const STREAMS_ERRORS: Readonly<Record<string, Meaning>> = {
  // The agent's credentials or permissions.
  AccessDeniedException: { code: 'UNAUTHORIZED' },
  UnauthorizedException: { code: 'UNAUTHORIZED' },
  NotAuthorizedException: { code: 'UNAUTHORIZED' },
  ExpiredTokenException: { code: 'UNAUTHORIZED' },
  OutboundContactNotPermittedException: { code: 'UNAUTHORIZED' },
  // The contact or the agent is not in a state that allows it (answer a contact that stopped ringing).
  InvalidStateException: { code: 'INVALID_IN_STATE' },
  ConflictException: { code: 'INVALID_IN_STATE' },
  // A resume of a call that is not on hold (amazon-connect-streams issues #735, #1064).
  CallAlreadyResumedException: { code: 'INVALID_IN_STATE' },
  // The contact is gone.
  ResourceNotFoundException: { code: 'NOT_FOUND' },
  CallNotFoundException: { code: 'NOT_FOUND' },
  // Amazon Connect itself cannot be reached: the same request may work later.
  ServiceUnavailableException: { code: 'LINK_DOWN' },
  // Refused for a reason of Amazon Connect's own; for a dial, most are the number.
  InvalidParameterException: { code: 'REFUSED', dial: 'INVALID_NUMBER' },
  BadEndpointException: { code: 'REFUSED', dial: 'INVALID_NUMBER' },
  InvalidEndpointException: { code: 'REFUSED', dial: 'INVALID_NUMBER' },
  DestinationNotAllowedException: { code: 'REFUSED', dial: 'INVALID_NUMBER' },
  InternalServiceException: { code: 'REFUSED' },
  ThrottlingException: { code: 'REFUSED' },
  TooManyRequestsException: { code: 'REFUSED' },
  LimitExceededException: { code: 'REFUSED' },
  QuotaExceededException: { code: 'REFUSED' },
};

const UNKNOWN: Meaning = { code: 'REFUSED' };

/** What Streams handed over, with the CCP's JSON string read as the object it stands for. */
function decoded(err: unknown): unknown {
  if (typeof err !== 'string' || !err.trim().startsWith('{')) return err;
  try {
    const parsed: unknown = JSON.parse(err);
    return parsed && typeof parsed === 'object' ? parsed : {};
  } catch {
    return {}; // cut short or not JSON after all: nothing readable in it, and not for the agent's eyes
  }
}

/** The error type Streams handed over, if any. */
function errorTypeOf(raw: unknown): string | null {
  const err = decoded(raw);
  if (!err || typeof err !== 'object') return null;
  const { type } = err as { type?: unknown };
  return typeof type === 'string' && type.trim() !== '' ? type : null;
}

function meaningOf(err: unknown): Meaning {
  const type = errorTypeOf(err);
  return type !== null && Object.prototype.hasOwnProperty.call(STREAMS_ERRORS, type) ? STREAMS_ERRORS[type] : UNKNOWN;
}

/** The contract's code for what Streams handed a failure callback (or threw). */
function vendorCodeOf(err: unknown): VendorErrorCode {
  return meaningOf(err).code;
}

/** Why a dial failed, for Fusion's outboundCommError. */
function dialErrorCodeOf(err: unknown): OutboundErrorCode {
  return meaningOf(err).dial ?? 'OUTDIAL_FAILED';
}

/** The readable part of a Streams failure: its message, else its type; null for a bare 'error' string or nothing. */
export function reasonOf(raw: unknown): string | null {
  const err = decoded(raw);
  if (typeof err === 'string') return err.trim() === '' || err === 'error' ? null : err;
  if (err && typeof err === 'object') {
    const { message } = err as { message?: unknown };
    if (typeof message === 'string' && message.trim() !== '') return message;
  }
  return errorTypeOf(err);
}

/**
 * A request to Amazon Connect, as the agent reads it: `what` is a message of the catalog that words the request for
 * the sentences below ("accept the call", "call +16505550100"); `dial` for makeOutboundCall's.
 */
export interface AmazonRequest {
  readonly what: AgentMessage;
  readonly dial?: boolean;
}

/**
 * A request Amazon Connect refused (through the failure callback, or by throwing), as the agent reads it ("Amazon
 * Connect could not hang up: <reason>", the reason in Amazon Connect's own words), with Amazon Connect's error type
 * kept and, for a dial only, why in Fusion's terms: every refusal the handler rejects with is built here.
 */
export function refusal({ what, dial = false }: AmazonRequest, err: unknown): VendorError {
  const reason = reasonOf(err);
  const message = reason ? say('amazonRefused', { request: what, reason }) : say('amazonRefusedNoReason', { request: what });
  return new VendorError(vendorCodeOf(err), message, errorTypeOf(err) ?? undefined, dial ? dialErrorCodeOf(err) : undefined);
}
