/**
 * The `genesys` section of the toolbar's configuration, validated by hand like the rest of the configuration
 * (toolbarConfig.ts). Values may come from the JSON file or from "genesys.key" URL parameters, which are always
 * text: numbers are accepted as numeric strings too. Every error names its key as `genesys.<key>`.
 */
import { isLoopback, milliseconds, show, unknownKeys } from '../optionValues';
import { parseSignInOptions, type SignInOptions } from '../../signin/signInOptions';
import { parseGwsSignInOptions, type GwsSignInOptions } from '../../signin/gwsSignInOptions';
import { type NotReadyReason, REASON_CODE } from '../../core/types';
import { FIELD_RULES, fitsRule, type TextRule } from 'protocol/fieldRules';

export interface GenesysOptions {
  /** The bridge's base address (http or https), without a trailing slash. */
  readonly bridgeUrl: string;
  /** POST target of every command. */
  readonly eventsUrl: string;
  /** The WebSocket that pushes events: ws or wss, derived from bridgeUrl. */
  readonly wsUrl: string;
  /**
   * Where a signed agent token is fetched before each (re)connect (GET, with cookies): kept for existing deployments;
   * signIn is the way. Absent with signIn: the bridge's token-less development mode.
   */
  readonly tokenUrl?: string;
  /** The agent signs in with the customer's OpenID provider, in a window the toolbar opens; the bridge gets that token. */
  readonly signIn?: SignInOptions;
  /** The agent signs in with Genesys itself, in a window the toolbar opens; the bridge (Workspace backend) exchanges the code. */
  readonly gwsSignIn?: GwsSignInOptions;
  /** The first delay before reconnecting; it doubles (with jitter) up to reconnectMaxMs. */
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** How long a command, a token request or the first snapshot may take. */
  readonly requestTimeoutMs: number;
  /** The reasons the agent may give for not taking calls, in the order the agent reads them; empty: none offered. */
  readonly notReadyReasons: readonly NotReadyReason[];
}

export type GenesysOptionsResult = { readonly ok: true; readonly options: GenesysOptions } | { readonly ok: false; readonly errors: readonly string[] };

export const GENESYS_DEFAULTS = {
  bridgeUrl: 'http://127.0.0.1:8087',
  reconnectMinMs: 500,
  reconnectMaxMs: 15_000,
  requestTimeoutMs: 10_000,
} as const;

const KEYS = ['bridgeUrl', 'tokenUrl', 'signIn', 'gwsSignIn', 'reconnectMinMs', 'reconnectMaxMs', 'requestTimeoutMs', 'notReadyReasons'] as const;
type Key = (typeof KEYS)[number];

/** Bounds that keep a typo (seconds for milliseconds, a stray zero) from freezing or hammering the bridge. */
const RANGES: Readonly<Record<'reconnectMinMs' | 'reconnectMaxMs' | 'requestTimeoutMs', readonly [number, number]>> = {
  reconnectMinMs: [10, 60_000],
  reconnectMaxMs: [10, 600_000],
  requestTimeoutMs: [100, 120_000],
};

/** An absolute http(s) address without credentials, query or fragment; null (with an error) otherwise. */
function httpUrl(key: Key, value: unknown, errors: string[]): URL | null {
  if (typeof value !== 'string' || value.trim() === '' || value.length > 2048) {
    errors.push(`genesys.${key}: must be an http or https address, got ${show(value)}`);
    return null;
  }
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    errors.push(`genesys.${key}: "${value}" is not an absolute address (e.g. https://bridge.example.com)`);
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    errors.push(`genesys.${key}: "${value}" must use http or https`);
    return null;
  }
  if (url.username !== '' || url.password !== '') {
    errors.push(`genesys.${key}: "${value}" must not hold a user name or password`);
    return null;
  }
  if (url.search !== '' || url.hash !== '') {
    // tokenUrl may carry a query (e.g. ?agent=…); the bridge's base address is extended with paths, so it may not.
    if (key === 'bridgeUrl') {
      errors.push(`genesys.${key}: "${value}" must not have a query or fragment`);
      return null;
    }
  }
  return url;
}

/** Validates the `genesys` section and derives the addresses the handler uses. */
export function parseGenesysOptions(given: Readonly<Record<string, unknown>> = {}): GenesysOptionsResult {
  const errors: string[] = [];
  const raw = withSectionParameters(withSectionParameters(given, 'signIn', errors), 'gwsSignIn', errors);
  unknownKeys('genesys', raw, KEYS, errors);
  const signIn = raw.signIn === undefined ? undefined : parseSignInOptions(raw.signIn as Readonly<Record<string, unknown>>, errors);
  const gwsSignIn = raw.gwsSignIn === undefined ? undefined : parseGwsSignInOptions(raw.gwsSignIn as Readonly<Record<string, unknown>>, errors);
  if (raw.signIn !== undefined && raw.tokenUrl !== undefined) errors.push('genesys.tokenUrl: set genesys.signIn or genesys.tokenUrl, not both (signIn is the way)');
  if (raw.gwsSignIn !== undefined && (raw.signIn !== undefined || raw.tokenUrl !== undefined)) {
    errors.push(`genesys.gwsSignIn: set one way of signing in: gwsSignIn (Genesys' own, with the bridge's Workspace backend) and ${raw.signIn !== undefined ? 'signIn' : 'tokenUrl'} cannot go together`);
  }

  const bridge = httpUrl('bridgeUrl', raw.bridgeUrl ?? GENESYS_DEFAULTS.bridgeUrl, errors);
  const token = raw.tokenUrl === undefined ? undefined : httpUrl('tokenUrl', raw.tokenUrl, errors);
  const reconnectMinMs = milliseconds('genesys.reconnectMinMs', raw.reconnectMinMs, RANGES.reconnectMinMs, errors) ?? GENESYS_DEFAULTS.reconnectMinMs;
  const reconnectMaxMs = milliseconds('genesys.reconnectMaxMs', raw.reconnectMaxMs, RANGES.reconnectMaxMs, errors) ?? GENESYS_DEFAULTS.reconnectMaxMs;
  const requestTimeoutMs = milliseconds('genesys.requestTimeoutMs', raw.requestTimeoutMs, RANGES.requestTimeoutMs, errors) ?? GENESYS_DEFAULTS.requestTimeoutMs;
  const notReadyReasons = parseNotReadyReasons(raw.notReadyReasons, errors);
  if (reconnectMaxMs < reconnectMinMs) {
    errors.push(`genesys.reconnectMaxMs: must not be less than genesys.reconnectMinMs (${reconnectMinMs}), got ${reconnectMaxMs}`);
  }
  // A token is the agent's credential: it must not cross the network in clear (loopback is a development set-up).
  if (bridge && (token || signIn || gwsSignIn) && bridge.protocol === 'http:' && !isLoopback(bridge)) {
    errors.push(`genesys.bridgeUrl: must use https when genesys.${signIn ? 'signIn' : gwsSignIn ? 'gwsSignIn' : 'tokenUrl'} is set, got "${bridge.href}"`);
  }
  if (token && token.protocol === 'http:' && !isLoopback(token)) {
    errors.push(`genesys.tokenUrl: must use https (it hands out the agent's credential), got "${token.href}"`);
  }
  if (errors.length > 0 || !bridge) return { ok: false, errors };

  const bridgeUrl = bridge.href.replace(/\/+$/, '');
  const wsUrl = `${bridge.protocol === 'https:' ? 'wss:' : 'ws:'}${bridgeUrl.slice(bridge.protocol.length)}/genesysWs`;
  return {
    ok: true,
    options: {
      bridgeUrl,
      eventsUrl: `${bridgeUrl}/genesys/events`,
      wsUrl,
      ...(token ? { tokenUrl: token.href } : {}),
      ...(signIn ? { signIn } : {}),
      ...(gwsSignIn ? { gwsSignIn } : {}),
      reconnectMinMs,
      reconnectMaxMs,
      requestTimeoutMs,
      notReadyReasons,
    },
  };
}

/** More would not fit the toolbar's list, and is more likely a pasted table than a list of reasons. */
export const MAX_NOT_READY_REASONS = 50;
const REASON_KEYS = ['code', 'name'] as const;
/**
 * What the agent reads in the toolbar's list, and Fusion's reasonDisplayString: held to a code's rule (no control
 * characters, since it is shown and logged; not blank; as short).
 */
const REASON_NAME: TextRule = FIELD_RULES.reasonCode;

/**
 * genesys.notReadyReasons: `[{ "code": "…", "name": "…" }, …]`, as a JSON array in the file, or as its JSON text in a
 * URL parameter. Genesys has no list of reasons of its own to read: the codes are the site's (Action Codes of type Not
 * Ready, which a desktop sends as the ReasonCode of the agent's Reasons,
 * https://docs.genesys.com/Documentation/IW/8.1.2/Dep/NotReadyReasonCodes), and T-Server passes them through without
 * interpreting them (https://docs.genesys.com/Documentation/System/latest/GenEM/Reasons). So the site lists them here;
 * each code goes to the bridge as the NotReady command's reasonCode, whose rule (protocol/fieldRules.ts) it must fit.
 */
function parseNotReadyReasons(value: unknown, errors: string[]): readonly NotReadyReason[] {
  if (value === undefined) return [];
  const key = 'genesys.notReadyReasons';
  let list: unknown = value;
  if (typeof value === 'string') {
    try {
      list = JSON.parse(value) as unknown;
    } catch {
      errors.push(`${key}: must be an array of {"code", "name"} reasons (in a URL parameter, its JSON text), got ${show(value)}`);
      return [];
    }
  }
  if (!Array.isArray(list)) {
    errors.push(`${key}: must be an array of {"code", "name"} reasons, got ${show(list)}`);
    return [];
  }
  if (list.length > MAX_NOT_READY_REASONS) {
    errors.push(`${key}: at most ${MAX_NOT_READY_REASONS} reasons, got ${list.length}`);
    return [];
  }
  const reasons: NotReadyReason[] = [];
  const seen = new Map<string, number>();
  list.forEach((entry: unknown, index) => {
    const at = `${key}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      errors.push(`${at}: must be an object {"code", "name"}, got ${show(entry)}`);
      return;
    }
    const { code, name } = entry as Record<string, unknown>;
    const before = errors.length;
    unknownKeys(at, entry as Record<string, unknown>, REASON_KEYS, errors);
    if (!fitsRule(FIELD_RULES.reasonCode, code) || !REASON_CODE.test(code)) {
      errors.push(`${at}.code: must be the reason code Genesys is sent, ${FIELD_RULES.reasonCode.wording}, of letters, digits, spaces and punctuation, got ${show(code)}`);
    } else if (seen.has(code)) {
      errors.push(`${at}.code: "${code}" is listed already, at [${seen.get(code)}]`);
    } else {
      seen.set(code, index);
    }
    if (!fitsRule(REASON_NAME, name)) errors.push(`${at}.name: must be what the agent reads, ${REASON_NAME.wording}, got ${show(name)}`);
    if (errors.length === before) reasons.push({ code: code as string, name: (name as string).trim() });
  });
  return reasons;
}

/**
 * A sign-in section (`genesys.signIn`, `genesys.gwsSignIn`) as an object (the file), with `<section>.<key>` URL
 * parameters (genesys.signIn.clientId=…) merged over it; a section that is not an object is an error.
 */
function withSectionParameters(raw: Readonly<Record<string, unknown>>, section: 'signIn' | 'gwsSignIn', errors: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let settings: Record<string, unknown> | undefined;
  const given = raw[section];
  if (given !== undefined) {
    if (typeof given === 'object' && given !== null && !Array.isArray(given)) settings = { ...(given as Record<string, unknown>) };
    else errors.push(`genesys.${section}: must be an object of sign-in settings (${section === 'signIn' ? 'issuer' : 'baseUrl'}, clientId, …), got ${show(given)}`);
  }
  const prefix = `${section}.`;
  for (const [key, value] of Object.entries(raw)) {
    if (key === section) continue;
    if (key.startsWith(prefix)) (settings ??= {})[key.slice(prefix.length)] = value;
    else result[key] = value;
  }
  if (settings !== undefined) result[section] = settings;
  return result;
}
