/**
 * The `genesys` section of the toolbar's configuration, validated by hand like the rest of the configuration
 * (toolbarConfig.ts). Values may come from the JSON file or from "genesys.key" URL parameters, which are always
 * text: numbers are accepted as numeric strings too. Every error names its key as `genesys.<key>`.
 */
import { isLoopback, milliseconds, show, unknownKeys } from '../optionValues';
import { parseSignInOptions, type SignInOptions } from '../../signin/signInOptions';

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
  /** The first delay before reconnecting; it doubles (with jitter) up to reconnectMaxMs. */
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  /** How long a command, a token request or the first snapshot may take. */
  readonly requestTimeoutMs: number;
}

export type GenesysOptionsResult = { readonly ok: true; readonly options: GenesysOptions } | { readonly ok: false; readonly errors: readonly string[] };

export const GENESYS_DEFAULTS = {
  bridgeUrl: 'http://127.0.0.1:8087',
  reconnectMinMs: 500,
  reconnectMaxMs: 15_000,
  requestTimeoutMs: 10_000,
} as const;

const KEYS = ['bridgeUrl', 'tokenUrl', 'signIn', 'reconnectMinMs', 'reconnectMaxMs', 'requestTimeoutMs'] as const;
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
  const raw = withSignInParameters(given, errors);
  unknownKeys('genesys', raw, KEYS, errors);
  const signIn = raw.signIn === undefined ? undefined : parseSignInOptions(raw.signIn as Readonly<Record<string, unknown>>, errors);
  if (raw.signIn !== undefined && raw.tokenUrl !== undefined) errors.push('genesys.tokenUrl: set genesys.signIn or genesys.tokenUrl, not both (signIn is the way)');

  const bridge = httpUrl('bridgeUrl', raw.bridgeUrl ?? GENESYS_DEFAULTS.bridgeUrl, errors);
  const token = raw.tokenUrl === undefined ? undefined : httpUrl('tokenUrl', raw.tokenUrl, errors);
  const reconnectMinMs = milliseconds('genesys.reconnectMinMs', raw.reconnectMinMs, RANGES.reconnectMinMs, errors) ?? GENESYS_DEFAULTS.reconnectMinMs;
  const reconnectMaxMs = milliseconds('genesys.reconnectMaxMs', raw.reconnectMaxMs, RANGES.reconnectMaxMs, errors) ?? GENESYS_DEFAULTS.reconnectMaxMs;
  const requestTimeoutMs = milliseconds('genesys.requestTimeoutMs', raw.requestTimeoutMs, RANGES.requestTimeoutMs, errors) ?? GENESYS_DEFAULTS.requestTimeoutMs;
  if (reconnectMaxMs < reconnectMinMs) {
    errors.push(`genesys.reconnectMaxMs: must not be less than genesys.reconnectMinMs (${reconnectMinMs}), got ${reconnectMaxMs}`);
  }
  // A token is the agent's credential: it must not cross the network in clear (loopback is a development set-up).
  if (bridge && (token || signIn) && bridge.protocol === 'http:' && !isLoopback(bridge)) {
    errors.push(`genesys.bridgeUrl: must use https when genesys.${signIn ? 'signIn' : 'tokenUrl'} is set, got "${bridge.href}"`);
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
      reconnectMinMs,
      reconnectMaxMs,
      requestTimeoutMs,
    },
  };
}

/**
 * `genesys.signIn` as an object (the file), with `signIn.<key>` URL parameters (genesys.signIn.clientId=…) merged
 * over it; a signIn that is not an object is an error.
 */
function withSignInParameters(raw: Readonly<Record<string, unknown>>, errors: string[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  let signIn: Record<string, unknown> | undefined;
  if (raw.signIn !== undefined) {
    if (typeof raw.signIn === 'object' && raw.signIn !== null && !Array.isArray(raw.signIn)) signIn = { ...(raw.signIn as Record<string, unknown>) };
    else errors.push(`genesys.signIn: must be an object of sign-in settings (issuer, clientId, …), got ${show(raw.signIn)}`);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'signIn') continue;
    if (key.startsWith('signIn.')) (signIn ??= {})[key.slice('signIn.'.length)] = value;
    else result[key] = value;
  }
  if (signIn !== undefined) result.signIn = signIn;
  return result;
}
