/**
 * The bridge's refusals as the vendor contract's errors: one table from the bridge's errorCode to a VendorError code,
 * the bridge's own code kept beside it (vendorCode) for logs and support; a MakeCall refused for its destination also
 * says so in Fusion's terms (INVALID_NUMBER). Pure.
 */
import { say } from '../../core/agentMessages';
import { VendorError, type VendorErrorCode } from '../../core/errors';
import { BRIDGE_ERROR_CODES, type BridgeCommandType, type BridgeErrorCode } from 'protocol/bridgeProtocol';
import { FIELD_RULES, fitsRule } from 'protocol/fieldRules';
import { isRecord } from 'protocol/jsonRecord';

export const VENDOR_CODE_OF: Readonly<Record<BridgeErrorCode, VendorErrorCode>> = {
  LINK_DOWN: 'LINK_DOWN',
  UNAUTHORIZED: 'UNAUTHORIZED',
  // Another agent's call, or a page whose origin the bridge does not serve: the agent's credentials do not reach it.
  FORBIDDEN: 'UNAUTHORIZED',
  UNKNOWN_CALL: 'NOT_FOUND',
  INVALID_IN_STATE: 'INVALID_IN_STATE',
  BAD_JSON: 'REFUSED',
  BAD_REQUEST: 'REFUSED',
  BODY_TOO_LARGE: 'REFUSED',
  BACKEND_ERROR: 'REFUSED',
  // Too many commands too fast: refused, and the bridge's message says to slow down.
  RATE_LIMITED: 'REFUSED',
  // This bridge instance is going away: as with a link down, trying again soon reaches another.
  SHUTTING_DOWN: 'LINK_DOWN',
};

/** For an answer with no errorCode the toolbar knows (a proxy in front of the bridge, say): the HTTP status says it. */
const VENDOR_CODE_OF_STATUS: Readonly<Record<number, VendorErrorCode>> = {
  401: 'UNAUTHORIZED',
  403: 'UNAUTHORIZED',
  404: 'NOT_FOUND',
  409: 'INVALID_IN_STATE',
  429: 'REFUSED',
  503: 'LINK_DOWN',
  504: 'TIMEOUT',
};

function isBridgeErrorCode(value: unknown): value is BridgeErrorCode {
  return typeof value === 'string' && (BRIDGE_ERROR_CODES as readonly string[]).includes(value);
}

/** A text fit to show the agent (the protocol's rule for an errorMessage), or null. */
function readableText(value: unknown): string | null {
  return fitsRule(FIELD_RULES.errorMessage, value) ? value : null;
}

/**
 * The error for a command the bridge did not accept: `{ok: false, errorCode, errorMessage, field?}` with its HTTP
 * status, or whatever else came back. The bridge's message is shown when it is readable text. A MakeCall refused for
 * its destination (not a dialable number, a DN of this switch, or a number T-Server cannot dial) is REFUSED whatever
 * the bridge's code (another agent's DN is FORBIDDEN there, which is not the agent's sign-in failing) and carries
 * INVALID_NUMBER for Fusion's outboundCommError.
 */
export function vendorErrorOfReply(status: number, body: unknown, command: BridgeCommandType): VendorError {
  const reply = isRecord(body) && body.ok === false ? body : undefined;
  // The bridge's words are its own, shown as they are; without readable ones, the toolbar's (translated).
  const text = readableText(reply?.errorMessage);
  const message = text ?? say('genesysBridgeRefused', { status });
  const errorCode = reply?.errorCode;
  const badNumber = command === 'MakeCall' && reply?.field === 'destination';
  if (isBridgeErrorCode(errorCode)) {
    return badNumber ? new VendorError('REFUSED', message, errorCode, 'INVALID_NUMBER') : new VendorError(VENDOR_CODE_OF[errorCode], message, errorCode);
  }
  return new VendorError(VENDOR_CODE_OF_STATUS[status] ?? 'REFUSED', message);
}
