/**
 * The `genesys.signIn` section: the agent signs in with the customer's OpenID provider (authorization code with PKCE,
 * in a window the toolbar opens) and the toolbar hands the bridge the token it got. From the JSON file as an object,
 * or from URL parameters as `genesys.signIn.<key>=…`; every error names its key.
 */
import { flag, isLoopback, milliseconds, show } from '../vendor/optionValues';

export interface SignInOptions {
  /** The provider's issuer (its discovery document is at issuer + /.well-known/openid-configuration). */
  readonly issuer: string;
  /** The toolbar's client id at the provider: a public client (no secret), PKCE. */
  readonly clientId: string;
  /** Space-separated; always includes openid. offline_access asks for a refresh token. */
  readonly scope: string;
  /** The ID token claim that names the agent, compared with the agent Fusion names. */
  readonly agentClaim: string;
  /** Which token the bridge gets: the ID token (its audience is clientId) or the access token. */
  readonly bridgeToken: 'id' | 'access';
  /** How long before the token expires it is renewed. */
  readonly renewBeforeMs: number;
  /** How long the agent has to finish signing in, once the window opened. */
  readonly timeoutMs: number;
  /** Whether the provider needs prompt=consent to grant offline_access (OpenID Connect Core 1.0, section 11). */
  readonly consentPrompt: boolean;
}

export const SIGN_IN_DEFAULTS = {
  scope: 'openid profile offline_access',
  agentClaim: 'sub',
  bridgeToken: 'id',
  renewBeforeMs: 60_000,
  timeoutMs: 300_000,
  consentPrompt: true,
} as const;

export const SIGN_IN_KEYS = ['issuer', 'clientId', 'scope', 'agentClaim', 'bridgeToken', 'renewBeforeMs', 'timeoutMs', 'consentPrompt'] as const;

const CLAIM = /^[A-Za-z0-9_.:-]{1,64}$/;
/** A client id: printable ASCII. */
export const CLIENT_ID = /^[\x20-\x7E]{1,256}$/;
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]+$/; // RFC 6749, section 3.3: scope-token = 1*( %x21 / %x23-5B / %x5D-7E )

/**
 * The section from its raw values (`raw` is the object under genesys.signIn, URL parameters merged in). Errors are
 * pushed, named `genesys.signIn.<key>`; undefined when there is an error.
 */
export function parseSignInOptions(raw: Readonly<Record<string, unknown>>, errors: string[]): SignInOptions | undefined {
  const before = errors.length;
  const label = (key: string): string => `genesys.signIn.${key}`;
  for (const key of Object.keys(raw)) {
    if (!(SIGN_IN_KEYS as readonly string[]).includes(key)) errors.push(`${label(key)}: unknown key (known: ${SIGN_IN_KEYS.join(', ')})`);
  }
  const issuer = serviceUrl(raw.issuer, label('issuer'), errors, 'the identity provider\'s issuer, e.g. https://login.example.com');
  const clientId = text(raw.clientId, label('clientId'), errors, CLIENT_ID, 'the toolbar\'s client id at the provider');
  const scope = scopeOf(raw.scope, errors);
  const agentClaim = raw.agentClaim === undefined ? SIGN_IN_DEFAULTS.agentClaim : text(raw.agentClaim, label('agentClaim'), errors, CLAIM, 'a claim name, e.g. sub or preferred_username');
  let bridgeToken: 'id' | 'access' = SIGN_IN_DEFAULTS.bridgeToken;
  if (raw.bridgeToken !== undefined) {
    if (raw.bridgeToken === 'id' || raw.bridgeToken === 'access') bridgeToken = raw.bridgeToken;
    else errors.push(`${label('bridgeToken')}: must be "id" (the ID token) or "access" (the access token), got ${show(raw.bridgeToken)}`);
  }
  const renewBeforeMs = milliseconds(label('renewBeforeMs'), raw.renewBeforeMs, [5_000, 3_600_000], errors) ?? SIGN_IN_DEFAULTS.renewBeforeMs;
  const timeoutMs = milliseconds(label('timeoutMs'), raw.timeoutMs, [10_000, 3_600_000], errors) ?? SIGN_IN_DEFAULTS.timeoutMs;
  const consentPrompt = flag(label('consentPrompt'), raw.consentPrompt, errors) ?? SIGN_IN_DEFAULTS.consentPrompt;
  if (errors.length > before || issuer === undefined || clientId === undefined || agentClaim === undefined) return undefined;
  return { issuer, clientId, scope, agentClaim, bridgeToken, renewBeforeMs, timeoutMs, consentPrompt };
}

export function text(value: unknown, label: string, errors: string[], pattern: RegExp, what: string): string | undefined {
  if (value === undefined) {
    errors.push(`${label}: is required (${what})`);
    return undefined;
  }
  if (typeof value !== 'string' || !pattern.test(value)) {
    errors.push(`${label}: must be ${what}, got ${show(value)}`);
    return undefined;
  }
  return value;
}

/**
 * A sign-in service's address: https (http only on loopback, for development services), no query or fragment, no
 * credentials; kept as written. `what` says what it is, for the error when it is missing.
 */
export function serviceUrl(value: unknown, label: string, errors: string[], what: string): string | undefined {
  if (value === undefined) {
    errors.push(`${label}: is required (${what})`);
    return undefined;
  }
  let url: URL;
  try {
    if (typeof value !== 'string' || value.length > 2048) throw new Error('not text');
    url = new URL(value);
  } catch {
    errors.push(`${label}: must be an absolute https address, got ${show(value)}`);
    return undefined;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url))) {
    errors.push(`${label}: must use https (http only on loopback, for development), got "${url.href}"`);
    return undefined;
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    errors.push(`${label}: must have no query, fragment, user name or password, got "${url.href}"`);
    return undefined;
  }
  // The issuer is compared exactly with the provider's own (OpenID Connect Discovery 1.0, section 4.3): keep it as written.
  return value;
}

function scopeOf(value: unknown, errors: string[]): string {
  if (value === undefined) return SIGN_IN_DEFAULTS.scope;
  const tokens = typeof value === 'string' ? value.split(' ').filter((token) => token !== '') : [];
  if (tokens.length === 0 || !tokens.every((token) => SCOPE_TOKEN.test(token)) || !tokens.includes('openid')) {
    errors.push(`genesys.signIn.scope: must be scopes separated by spaces, openid among them (e.g. "openid profile offline_access"), got ${show(value)}`);
    return SIGN_IN_DEFAULTS.scope;
  }
  return tokens.join(' ');
}
