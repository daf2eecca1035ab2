/**
 * The bridge's requests to Genesys' Authentication API token endpoint (POST /auth/v3/oauth/token) as the confidential
 * client workspace.clientId: the agent's authorization code, or their refresh token, for the agent's access token. The
 * client's secret goes in HTTP Basic authentication, the grant in a form, as Genesys' generated AuthenticationApi
 * sends them (retrieveToken: https://github.com/GenesysPureEngage/authentication-client-js, file
 * src/internal/code-gen/authentication-api/api/AuthenticationApi.js); the answer is Spring Security OAuth's
 * DefaultOAuth2AccessToken {access_token, token_type, refresh_token, expires_in, scope}, a refusal RFC 6749 section
 * 5.2's {error, error_description}. Nothing here logs, and no failure quotes a token.
 */
import { MAX_TOKEN_CHARS } from '../../../../protocol/bridgeProtocol';
import { exchange, NoAnswer, printable } from './gwsRest';

export interface GwsClient {
  /** GWS's base URL, without a trailing slash (the Authentication API is under /auth/v3). */
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly apiKey?: string;
  readonly timeoutMs: number;
}

export type GwsGrant =
  | { readonly grant: 'authorization_code'; readonly code: string; readonly redirectUri: string }
  | { readonly grant: 'refresh_token'; readonly refreshToken: string };

export interface GwsTokens {
  readonly accessToken: string;
  /** Seconds. */
  readonly expiresIn: number;
  readonly refreshToken?: string;
}

export type GwsTokenFailure =
  /** The agent's code or refresh token is no good (used, expired, revoked, for another redirect URI): sign in again. */
  | { readonly kind: 'grantRefused'; readonly error: string; readonly description?: string }
  /** GWS refused the bridge's own client (workspace.clientId, workspace.clientSecret, its grant types). */
  | { readonly kind: 'clientRefused'; readonly error: string; readonly description?: string }
  /** GWS answered, but not with tokens (a server error, a body that is not the token answer). */
  | { readonly kind: 'failed'; readonly detail: string }
  /** No answer: GWS cannot be reached, or did not answer in time. */
  | { readonly kind: 'unreachable'; readonly detail: string };

export class GwsTokenError extends Error {
  constructor(readonly failure: GwsTokenFailure) {
    super(describeTokenFailure(failure));
    this.name = 'GwsTokenError';
  }
}

export function describeTokenFailure(failure: GwsTokenFailure): string {
  switch (failure.kind) {
    case 'grantRefused':
      return `Genesys refused the sign-in (${failure.error}${failure.description === undefined ? '' : `: ${failure.description}`})`;
    case 'clientRefused':
      return `Genesys refused the bridge's client (${failure.error}${failure.description === undefined ? '' : `: ${failure.description}`}): check workspace.clientId and workspace.clientSecret, and that the client may use the authorization code and refresh token grants`;
    case 'failed':
      return `Genesys' token endpoint failed: ${failure.detail}`;
    case 'unreachable':
      return `Genesys' token endpoint cannot be reached (${failure.detail})`;
  }
}

/** A token goes on in a WebSocket subprotocol and an HTTP header: only token characters. */
const TOKEN = new RegExp(`^[A-Za-z0-9._~+/=-]{1,${MAX_TOKEN_CHARS}}$`);
/** RFC 6749 section 5.2: the errors that say the grant itself is no good, and those about the client. */
const GRANT_ERRORS = new Set(['invalid_grant']);
const CLIENT_ERRORS = new Set(['invalid_client', 'unauthorized_client', 'unsupported_grant_type']);

/** Exchanges a grant at GWS's token endpoint; rejects with a GwsTokenError saying how it failed. */
export async function requestGwsTokens(client: GwsClient, grant: GwsGrant): Promise<GwsTokens> {
  const form = new URLSearchParams(
    grant.grant === 'authorization_code'
      ? { grant_type: 'authorization_code', code: grant.code, redirect_uri: grant.redirectUri }
      : { grant_type: 'refresh_token', refresh_token: grant.refreshToken },
  ).toString();
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Content-Type': 'application/x-www-form-urlencoded',
    'Content-Length': String(Buffer.byteLength(form)),
    // As Genesys' generated client sends them: id and secret as they are (loadConfig keeps ':' out of the id).
    Authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}`,
    ...(client.apiKey === undefined ? {} : { 'x-api-key': client.apiKey }),
  };
  let answer;
  try {
    answer = await exchange(new URL(`${client.baseUrl}/auth/v3/oauth/token`), 'POST', headers, form, client.timeoutMs);
  } catch (error) {
    const failure = error instanceof NoAnswer ? error.failure : undefined;
    const detail = failure?.kind === 'unreachable' ? failure.detail : failure?.kind === 'timeout' ? `no answer within ${failure.ms} ms` : 'no answer';
    throw new GwsTokenError({ kind: 'unreachable', detail });
  }
  const json = parseObject(answer.text);
  if (answer.status >= 200 && answer.status <= 299) return tokensOf(json);
  const error = json !== undefined && typeof json.error === 'string' ? printable(json.error) : undefined;
  const description = json !== undefined && typeof json.error_description === 'string' ? printable(json.error_description) : undefined;
  const said = { ...(description === undefined || description === '' ? {} : { description }) };
  if (error !== undefined && GRANT_ERRORS.has(error)) throw new GwsTokenError({ kind: 'grantRefused', error, ...said });
  if (error !== undefined && (CLIENT_ERRORS.has(error) || answer.status === 401)) throw new GwsTokenError({ kind: 'clientRefused', error, ...said });
  if (answer.status === 401) throw new GwsTokenError({ kind: 'clientRefused', error: 'HTTP 401' });
  throw new GwsTokenError({ kind: 'failed', detail: `HTTP ${answer.status}${error === undefined ? '' : ` ${error}`}${description === undefined ? '' : `: ${description}`}` });
}

function tokensOf(json: Record<string, unknown> | undefined): GwsTokens {
  if (json === undefined) throw new GwsTokenError({ kind: 'failed', detail: 'the answer is not a JSON object' });
  const { access_token: accessToken, token_type: tokenType, expires_in: expiresIn, refresh_token: refreshToken } = json;
  if (typeof accessToken !== 'string' || !TOKEN.test(accessToken)) throw new GwsTokenError({ kind: 'failed', detail: 'the answer has no usable access_token' });
  if (typeof tokenType !== 'string' || tokenType.toLowerCase() !== 'bearer') throw new GwsTokenError({ kind: 'failed', detail: 'the answer\'s token_type is not bearer' });
  if (typeof expiresIn !== 'number' || !Number.isFinite(expiresIn) || expiresIn <= 0) throw new GwsTokenError({ kind: 'failed', detail: 'the answer has no lifetime (expires_in)' });
  if (refreshToken !== undefined && (typeof refreshToken !== 'string' || !TOKEN.test(refreshToken))) {
    throw new GwsTokenError({ kind: 'failed', detail: 'the answer\'s refresh_token is not usable' });
  }
  return { accessToken, expiresIn: Math.floor(expiresIn), ...(refreshToken === undefined ? {} : { refreshToken }) };
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
