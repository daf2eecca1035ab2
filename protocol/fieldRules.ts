/**
 * What each text field of the bridge's wire protocol may hold, as data: the bridge builds its JSON schemas from these
 * rules (ajv compiles them on Node), and the toolbar checks the frames it receives with fitsRule(). Data and a small
 * checker rather than one JSON schema for both sides, because the toolbar runs inside Fusion, whose Content Security
 * Policy has no 'unsafe-eval': ajv's compiled validators are generated code, so the browser cannot use them.
 *
 * Every text on this wire ends up in logs, in Fusion or on the agent's screen: none may hold control characters.
 * Lengths count Unicode code points, as JSON Schema's minLength and maxLength do
 * (https://json-schema.org/draft/2020-12/json-schema-validation#section-6.3.1), so both sides agree on every text.
 */

export interface TextRule {
  readonly minLength: number;
  readonly maxLength: number;
  /** An ECMAScript pattern (JSON Schema's `pattern`, matched with the `u` flag, as ajv does). */
  readonly pattern: string;
  /** The rule in words, for the messages that refuse a value: "<field> must be <wording>". */
  readonly wording: string;
}

/** No control characters (C0 and DEL). */
const PRINTABLE = '^[^\\u0000-\\u001f\\u007f]*$';
/** No control characters, and something other than white space. */
const PRINTABLE_NOT_BLANK = '^(?=.*\\S)[^\\u0000-\\u001f\\u007f]*$';

/**
 * A number to dial: digits, an optional leading +, and the separators people type (spaces, dots, dashes,
 * parentheses), with at least one digit and no blank at either end. Not * or #: Genesys Workspace builds a T-Server
 * request for a phone number from 0-9 and + only by default and drops every other character
 * (expression.phone-number.supported-characters, https://docs.genesys.com/Documentation/HTCC/8.5.2/IWWDep/Expression);
 * dropping them here would dial another number than the one the agent typed ("#*#*" would be no number at all), so
 * they are refused instead. The separators are the ones that option's default drops without changing the number.
 */
const DIALABLE = '^(?=[^0-9]*[0-9])\\+?[0-9().-](?:[0-9 ().-]*[0-9().-])?$';

/** The separators DIALABLE allows, which do not change the number dialed. */
const SEPARATORS = /[ ().-]/g;

/**
 * A destination as a switch dials it: without its separators, as Genesys Workspace builds the request (see DIALABLE).
 * The bridge compares DNs with it, and the Workspace backend dials it.
 */
export function dialString(destination: string): string {
  return destination.replace(SEPARATORS, '');
}

function printable(maxLength: number): TextRule {
  return { minLength: 0, maxLength, pattern: PRINTABLE, wording: `a printable text of at most ${maxLength} characters` };
}

function notBlank(maxLength: number): TextRule {
  return { minLength: 1, maxLength, pattern: PRINTABLE_NOT_BLANK, wording: `a printable, non-blank text of 1 to ${maxLength} characters` };
}

/** T-Server's ConnID. */
const CONN_ID: TextRule = { minLength: 16, maxLength: 16, pattern: '^[0-9a-f]{16}$', wording: 'a ConnID of 16 lowercase hex digits' };

export const FIELD_RULES = {
  connectionId: CONN_ID,
  /** The consult call of a CompleteTransfer, CompleteConference or Reconnect (the held call is connectionId). */
  consultConnectionId: CONN_ID,
  /** The id Fusion sees for a call: a MakeCall's eventId, or T-Server's CallUuid. */
  eventId: notBlank(256),
  callUuid: notBlank(128),
  /** A number to dial (DIALABLE): a destination the switch could not dial is the client's mistake, not T-Server's. */
  destination: {
    minLength: 1,
    maxLength: 64,
    pattern: DIALABLE,
    wording: 'a number to dial: digits, an optional leading +, and spaces, dots, dashes or parentheses between them (at most 64 characters)',
  },
  /**
   * Keypad tones to send on a call: the keys of a phone's keypad and ',' for a pause, as T-Server's TSendDTMF and
   * Amazon Connect's connection.sendDigits take them; the toolbar checks the same (src/ts/cti/core/dtmf.ts).
   */
  digits: { minLength: 1, maxLength: 32, pattern: '^[0-9*#,]+$', wording: '1 to 32 keypad digits: 0-9, * and #, or a comma for a pause' },
  reasonCode: notBlank(64),
  thisDN: notBlank(64),
  /** The other party's number; an anonymous caller has none. */
  ANI: printable(64),
  /** A party T-Server names besides the DN's own (ThirdPartyDN, a conference's parties): a DN or a number. */
  thirdPartyDN: notBlank(64),
  agentId: notBlank(128),
  errorMessage: notBlank(1000),
  /** BridgeOrder.bridge: the bridge process that stamped a snapshot or an answer. */
  bridgeId: { minLength: 1, maxLength: 64, pattern: '^[0-9A-Za-z_-]+$', wording: 'an id of 1 to 64 letters, digits, dashes or underscores' },
} as const satisfies Readonly<Record<string, TextRule>>;

export type FieldName = keyof typeof FIELD_RULES;

/** The same rule, but an empty text is allowed too (a link event's DN, a logged-out DN's agent). */
export function orEmpty(rule: TextRule): TextRule {
  return {
    minLength: 0,
    maxLength: rule.maxLength,
    pattern: `^$|${rule.pattern}`,
    wording: `empty or ${rule.wording}`,
  };
}

/** The JSON schema of a text rule. */
export function textSchema(rule: TextRule): { type: 'string'; minLength: number; maxLength: number; pattern: string } {
  return { type: 'string', minLength: rule.minLength, maxLength: rule.maxLength, pattern: rule.pattern };
}

const compiled = new Map<string, RegExp>();

function regExpOf(pattern: string): RegExp {
  let re = compiled.get(pattern);
  if (!re) {
    re = new RegExp(pattern, 'u');
    compiled.set(pattern, re);
  }
  return re;
}

/** Whether a value is a text that follows the rule: what the rule's JSON schema would say. */
export function fitsRule(rule: TextRule, value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const length = codePointsUpTo(value, rule.maxLength + 1);
  return length >= rule.minLength && length <= rule.maxLength && regExpOf(rule.pattern).test(value);
}

/** A text's length in code points (a surrogate pair counts once, as in ajv), counted no further than `limit`. */
function codePointsUpTo(value: string, limit: number): number {
  let count = 0;
  for (let i = 0; i < value.length && count < limit; i++, count++) {
    const unit = value.charCodeAt(i);
    const next = value.charCodeAt(i + 1);
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
  }
  return count;
}
