/**
 * Keypad digits (DTMF) an agent may send on a call: 0-9, * and #, and ',' for a pause, as Amazon Connect's
 * `connection.sendDigits` takes them (https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md)
 * and as T-Server's `TSendDTMF` carries them. The core checks them before any vendor is asked.
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
