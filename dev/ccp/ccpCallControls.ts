/**
 * The call controls of a connected voice contact as Amazon Connect and Amazon's softphone answer them, for the CCP
 * emulator's model: what each request sends, what it changes, and the refusals that have been published.
 *
 * Hold and resume are requests to Amazon Connect: Streams' `connection.hold()` / `resume()` send `holdConnection` /
 * `resumeConnection {contactId, connectionId}` (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/api.js,
 * Connection.prototype.hold). In a two-party call they are meant for the customer's (initial) connection, not the
 * agent's (https://github.com/amazon-connect/amazon-connect-streams/blob/master/Documentation.md#connectionhold). The
 * held connection's state type becomes 'hold' (connect.ConnectionStateType.HOLD, "connected but on hold", ibid.); the
 * contact itself stays 'connected', as ContactStateType has no hold state (src/api.js). Not published: the agent's state
 * while the customer waits (here it stays Busy), nor what Amazon Connect does with a hold of the agent's own connection
 * in a two-party call (issue #735 reports it accepted; here it is refused, as the documentation says not to).
 *
 * Digits are a request too: `connection.sendDigits(digits)` sends `sendDigits {contactId, connectionId, digits}`
 * (src/api.js), "only valid for ... softphone-enabled voice contacts" (Documentation.md#connectionsenddigits). Not
 * published: which of the contact's connections Amazon Connect takes them on (both are accepted here), which
 * characters it refuses, and whether a customer on hold hears them (refused here: the customer hears hold music).
 *
 * Mute is not a request to Amazon Connect. Streams' `agent.mute()` / `unmute()` broadcast `mute {mute}` to every page
 * of the agent's session (src/api.js, Agent.prototype.mute); the softphone manager in the CCP page, which holds the
 * call's media, mutes the microphone of the contact last connected and broadcasts `agent::mute_toggle {muted}` back,
 * which Streams' `agent.onMuteToggle` hears; with no media at all it answers nothing; and when a call's media ends it
 * broadcasts `{muted: false}` (https://github.com/amazon-connect/amazon-connect-streams/blob/master/src/softphone.js,
 * muteToggle and deleteLocalMediaStream).
 */

/** Streams' event names for mute (connect.EventType.MUTE, connect.AgentEvents.MUTE_TOGGLE in src/event.js). */
export const MUTE_EVENT = 'mute';
export const MUTE_TOGGLE_EVENT = 'agent::mute_toggle';

/** Amazon Connect's refusals of the call controls: the type and message each reaches Streams with. */
export const CONTROL_ERRORS = {
  /** A hold of a contact that is not talking (ringing, after-contact work): issues #224 and #724 quote it. */
  cannotHold: { type: 'InvalidStateException', message: 'Cannot put call on hold: Invalid contact state.' },
  /** A resume of a connection that is not on hold: issues #735 and #1064 quote it. */
  alreadyResumed: { type: 'CallAlreadyResumedException', message: 'Error received from Voice Service' },
} as const;

/** The keys of a phone's keypad, and ',' for a pause (Documentation.md#connectionsenddigits gives no list: the emulator's). */
const DTMF = /^[0-9*#,]+$/;
/** More than an agent types at once; a longer string is refused rather than stored. */
export const MAX_DIGITS_PER_REQUEST = 64;
/** The digits the customer heard on one contact, kept up to this many (the newest). */
export const MAX_DIGITS_HEARD = 256;

/** What is wrong with `digits` as sendDigits' parameter, or null. */
export function digitsParameterProblem(digits: unknown): string | null {
  if (typeof digits !== 'string' || digits === '') return `sendDigits: digits must be a non-empty string, got ${JSON.stringify(digits) ?? 'undefined'}`;
  if (digits.length > MAX_DIGITS_PER_REQUEST) return `sendDigits: digits must be at most ${MAX_DIGITS_PER_REQUEST} characters, got ${digits.length}`;
  if (!DTMF.test(digits)) return `sendDigits: digits may hold only 0-9, *, # and ',' (a pause), got ${JSON.stringify(digits)}`;
  return null;
}

/** The digits heard so far with `more` after them, the oldest dropped past MAX_DIGITS_HEARD. */
export function heardAfter(heard: string, more: string): string {
  return (heard + more).slice(-MAX_DIGITS_HEARD);
}

/** What the mute broadcast asks: true or false, or undefined (no value: the softphone answers with the state it has). */
export function muteAsked(data: unknown): boolean | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const { mute } = data as { mute?: unknown };
  return typeof mute === 'boolean' ? mute : undefined;
}
