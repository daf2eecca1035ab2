import { asVendorError, type VendorErrorCode } from './errors';
import { type Failure, failure } from './types';

/**
 * Why, in the agent's words, by the VendorError's code: whether to try again once the link is back, to check the
 * call first, or that the call is gone. `vendor` is the vendor's display name, `said` the vendor's own message.
 */
const REASONS: Readonly<Record<VendorErrorCode, (vendor: string, said: string) => string>> = {
  LINK_DOWN: (vendor, said) => `the link to ${vendor} is down (${said}). Try again once it is back.`,
  TIMEOUT: (vendor, said) => `${vendor} did not answer in time (${said}). Check the call before trying again.`,
  NOT_FOUND: (vendor, said) => `${vendor} no longer has this call (${said}).`,
  UNAUTHORIZED: (vendor, said) => `${vendor} did not accept your sign-in (${said}).`,
  NOT_SUPPORTED: (vendor, said) => `${vendor} cannot do that (${said}).`,
  INVALID_IN_STATE: (_vendor, said) => said,
  REFUSED: (_vendor, said) => said,
};

/**
 * Whatever a vendor verb rejected with, as the failed CommandResult that Fusion and the toolbar get: the code is the
 * VendorError's (a plain Error is REFUSED), the message `${lead}: ${reason}`, e.g. "Could not answer the call: …".
 */
export function vendorFailure(err: unknown, lead: string, vendor: string): Failure {
  const error = asVendorError(err);
  const said = error.message.trim() === '' ? `${vendor} gave no reason` : error.message;
  return failure(error.code, `${lead}: ${REASONS[error.code](vendor, said)}`);
}
