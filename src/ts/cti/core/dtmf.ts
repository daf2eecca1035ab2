/**
 * Keypad digits (DTMF) an agent may send on a call: the toolbar's own rule, the keys of a phone's keypad (0-9, * and
 * #, ITU-T E.161) and ',' for a pause. Neither Amazon Connect's `connection.sendDigits`
 * (https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md) nor the Workspace API's
 * send-dtmf publishes a character set. The core checks them before any vendor is asked.
 */
export const MAX_DIGITS = 32;

const DIGITS = /^[0-9*#,]+$/;

/** null when `digits` may be sent; otherwise what is wrong with it, in words an agent can read. */
export function digitsProblem(digits: string): string | null {
  if (digits.length === 0) return 'Type at least one digit.';
  if (digits.length > MAX_DIGITS) return `Send at most ${MAX_DIGITS} digits at a time.`;
  const odd = [...digits].find((c) => !DIGITS.test(c));
  return odd === undefined ? null : `"${odd}" is not a keypad key: use 0-9, * and #, or a comma for a pause.`;
}
