/**
 * Keypad digits (DTMF) an agent may send on a call: the toolbar's own rule, the keys of a phone's keypad (0-9, * and
 * #, ITU-T E.161) and ',' for a pause. Neither Amazon Connect's `connection.sendDigits`
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md) nor the Workspace API's
 * send-dtmf publishes a character set. The core checks them before any vendor is asked.
 */
export const MAX_DIGITS = 32;

import { type AgentMessage, inEnglish, say } from './agentMessages';

const DIGITS = /^[0-9*#,]+$/;

/** null when `digits` may be sent; otherwise what is wrong with it, as a message for the agent. */
export function digitsIssue(digits: string): AgentMessage | null {
  if (digits.length === 0) return say('typeADigit');
  if (digits.length > MAX_DIGITS) return say('tooManyDigits', { max: MAX_DIGITS });
  const odd = [...digits].find((c) => !DIGITS.test(c));
  return odd === undefined ? null : say('notAKeypadKey', { key: odd });
}

/** The same, in English: for a vendor's refusal (VendorError), which the core words again for the agent. */
export function digitsProblem(digits: string): string | null {
  const issue = digitsIssue(digits);
  return issue === null ? null : inEnglish(issue);
}
