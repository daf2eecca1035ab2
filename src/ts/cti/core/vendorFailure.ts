import { type AgentMessage, type CallMessageKey, inEnglish, say } from './agentMessages';
import { asVendorError, type VendorErrorCode } from './errors';
import { type Failure, failure } from './types';

/**
 * Why, in the agent's words, by the VendorError's code: whether to try again once the link is back, to check the
 * call first, or that the call is gone. A code without words of its own shows the vendor's message as it is.
 */
const REASONS: Readonly<Record<VendorErrorCode, CallMessageKey | null>> = {
  LINK_DOWN: 'reasonLinkDown',
  TIMEOUT: 'reasonTimeout',
  NOT_FOUND: 'reasonNotFound',
  UNAUTHORIZED: 'reasonUnauthorized',
  NOT_SUPPORTED: 'reasonNotSupported',
  INVALID_IN_STATE: null,
  REFUSED: null,
};

/**
 * Whatever a vendor verb rejected with, as the failed CommandResult that Fusion and the toolbar get, and the message
 * the agent reads: the code is the VendorError's (a plain Error is REFUSED), the words "{lead}: {reason}", e.g.
 * "Could not answer the call: …"; `vendor` is the vendor's display name. Fusion's result carries them in English.
 */
export function vendorFailure(err: unknown, lead: AgentMessage, vendor: string): { readonly failure: Failure; readonly message: AgentMessage } {
  const error = asVendorError(err);
  const said: AgentMessage = error.message.trim() === '' ? say('vendorGaveNoReason', { vendor }) : error.said;
  const reason = REASONS[error.code];
  const message = say('failedBecause', { lead, reason: reason === null ? said : say(reason, { vendor, said }) });
  return { failure: failure(error.code, inEnglish(message)), message };
}
