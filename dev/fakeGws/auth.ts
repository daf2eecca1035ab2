/**
 * Genesys' Authentication API (/auth/v3) as far as a Workspace client uses it: OAuth 2's authorization code grant
 * with a sign-in form, the token endpoint (authorization_code and refresh_token grants, and the password grant for
 * clients configured for it), and sign-out.
 *
 * Sources: Genesys' Authentication overview (https://all.docs.genesys.com/PEC-Developer/Current/WebAPIs/Authentication_API:
 * "the user authenticates ... using a sign-in form at endpoint /oauth/authorize ... the client application exchanges
 * this code for an access token, by using the /oauth/token endpoint, and sending client application credentials");
 * the generated AuthenticationApi (https://github.com/GenesysPureEngage/authentication-client-js): authorize takes
 * client_id, redirect_uri, response_type code and scope "*" only; /oauth/token takes a form with Basic client
 * credentials and answers DefaultOAuth2AccessToken {access_token, token_type "bearer", refresh_token, expires_in,
 * scope} (Spring Security OAuth's token, whose errors are RFC 6749 section 5.2's {error, error_description}).
 * Genesys' Agent API Simulator differs: its /oauth/token never answers the authorization_code grant, its password
 * grant takes any password, and its clients sign in through /auth/v3/sign-in and a WWE_CODE cookie instead of a
 * bearer token; the fake follows the Authentication API.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FakeAgent, FakeGwsConfig, GrantType, OAuthClient } from './config';
import { basicCredentials, bearerToken, escapeHtml, HttpError, mediaType, readBody, redirect, sendHtml, sendJson } from './http';
import { newSecret } from './ids';

export interface AccessToken {
  readonly agent: FakeAgent;
  readonly clientId: string;
  expiresAt: number;
  /** Why the token no longer works, once it does not. */
  ended?: 'expired' | 'revoked';
}

interface RefreshToken {
  readonly agent: FakeAgent;
  readonly clientId: string;
  revoked: boolean;
}

interface AuthorizationCode {
  readonly agent: FakeAgent;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly expiresAt: number;
}

type TokenEnded = (token: AccessToken) => void;

export class AuthServer {
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly accessTokens = new Map<string, AccessToken>();
  private readonly refreshTokens = new Map<string, RefreshToken>();
  private readonly expiryTimers = new Map<AccessToken, NodeJS.Timeout>();
  private readonly endedListeners: TokenEnded[] = [];

  constructor(private readonly config: FakeGwsConfig) {}

  /** Told when a token stops working (expired or revoked): the Workspace sessions opened with it end. */
  onTokenEnded(listener: TokenEnded): void {
    this.endedListeners.push(listener);
  }

  /** The live token for a bearer value, or undefined. */
  verify(accessToken: string | undefined): AccessToken | undefined {
    const token = accessToken === undefined ? undefined : this.accessTokens.get(accessToken);
    return token && !token.ended ? token : undefined;
  }

  /** An authorization code's agent, consumed, when it was issued for this redirect URI (initialize-workspace's code flow). */
  redeemCode(code: string | undefined, redirectUri: string | undefined): AccessToken | undefined {
    const grant = code === undefined ? undefined : this.codes.get(code);
    if (!grant || grant.expiresAt < Date.now() || grant.redirectUri !== redirectUri) return undefined;
    this.codes.delete(code as string);
    return this.issue(grant.agent, grant.clientId).token;
  }

  /**
   * Control API: signs the agent in as the first configured client would with the password grant, and returns the
   * access token the token endpoint would have answered (for a toolbar whose genesys.tokenUrl hands it out).
   */
  signInForDevelopment(agent: FakeAgent): string {
    const client = this.config.clients[0];
    if (client === undefined) throw new HttpError(409, 'no OAuth client is configured to issue the token to');
    this.config.log(`${agent.userName} signed in through the control API for client ${client.clientId}`);
    return this.issue(agent, client.clientId).value;
  }

  /** Keeps a token alive (GET /workspace/v3/auth-keep-alive): its lifetime starts again. */
  keepAlive(token: AccessToken): void {
    if (token.ended) return;
    token.expiresAt = Date.now() + this.config.tokenLifetimeSeconds * 1000;
    this.scheduleExpiry(token);
  }

  /** Control API: the agent's access tokens expire now (refresh tokens still work). */
  expireTokens(agent: FakeAgent): number {
    return this.endTokens(agent, 'expired');
  }

  /** Control API: the agent's access and refresh tokens are revoked (as a global sign-out or an administrator does). */
  revokeTokens(agent: FakeAgent): number {
    for (const refresh of this.refreshTokens.values()) if (refresh.agent === agent) refresh.revoked = true;
    return this.endTokens(agent, 'revoked');
  }

  close(): void {
    for (const timer of this.expiryTimers.values()) clearTimeout(timer);
    this.expiryTimers.clear();
  }

  /** Answers /auth/v3/*; false when the path is not the Authentication API's. */
  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const route = `${req.method} ${url.pathname}`;
    switch (route) {
      case 'GET /auth/v3/oauth/authorize':
        this.authorize(res, url.searchParams);
        return true;
      case 'POST /auth/v3/sign-in':
        await this.signIn(req, res);
        return true;
      case 'POST /auth/v3/oauth/token':
        await this.token(req, res);
        return true;
      case 'POST /auth/v3/sign-out':
        this.signOut(req, res, url.searchParams.get('global') === 'true');
        return true;
      default:
        if (url.pathname.startsWith('/auth/v3/')) {
          sendJson(res, 404, { error: 'not_found', error_description: `${url.pathname} is not part of this fake` });
          return true;
        }
        return false;
    }
  }

  // ----- /oauth/authorize and the sign-in form -----

  /**
   * Checks the client and its redirect URI first: when either is wrong the user is told so and not redirected (RFC
   * 6749 section 4.1.2.1). Other errors go back to the client in the redirect.
   */
  private authorize(res: ServerResponse, query: URLSearchParams): void {
    const checked = this.checkAuthorizeRequest(query);
    if ('page' in checked) return sendHtml(res, 400, page('Sign-in refused', `<p>${escapeHtml(checked.page)}</p>`));
    if ('redirectError' in checked) return redirect(res, withParams(checked.redirectUri, { error: checked.redirectError, state: query.get('state') }));
    sendHtml(res, 200, signInForm(query, undefined));
  }

  private checkAuthorizeRequest(
    query: URLSearchParams,
  ): { page: string } | { redirectUri: string; redirectError: string } | { client: OAuthClient; redirectUri: string } {
    const client = this.config.clients.find((c) => c.clientId === query.get('client_id'));
    if (!client) return { page: 'Unknown client_id.' };
    const redirectUri = query.get('redirect_uri');
    if (redirectUri === null || !client.redirectUris.includes(redirectUri)) return { page: 'The redirect_uri is not one this client registered.' };
    if (query.get('response_type') !== 'code') return { redirectUri, redirectError: 'unsupported_response_type' };
    if (!client.grantTypes.includes('authorization_code')) return { redirectUri, redirectError: 'unauthorized_client' };
    const scope = query.get('scope');
    if (scope !== null && scope !== '*') return { redirectUri, redirectError: 'invalid_scope' };
    return { client, redirectUri };
  }

  private async signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (mediaType(req) !== 'application/x-www-form-urlencoded') throw new HttpError(415, 'the sign-in form posts application/x-www-form-urlencoded');
    const form = new URLSearchParams(await readBody(req));
    const checked = this.checkAuthorizeRequest(form);
    if ('page' in checked) return sendHtml(res, 400, page('Sign-in refused', `<p>${escapeHtml(checked.page)}</p>`));
    if ('redirectError' in checked) return redirect(res, withParams(checked.redirectUri, { error: checked.redirectError, state: form.get('state') }));
    const agent = this.config.agents.find((a) => a.userName === form.get('username'));
    if (!agent || agent.password !== form.get('password')) {
      this.config.log(`sign-in refused for user "${form.get('username') ?? ''}"`);
      return sendHtml(res, 401, signInForm(form, 'The user name or password is wrong.'));
    }
    const code = newSecret();
    this.codes.set(code, {
      agent,
      clientId: checked.client.clientId,
      redirectUri: checked.redirectUri,
      expiresAt: Date.now() + this.config.codeLifetimeSeconds * 1000,
    });
    this.config.log(`${agent.userName} signed in for client ${checked.client.clientId}`);
    redirect(res, withParams(checked.redirectUri, { code, state: form.get('state') }));
  }

  // ----- /oauth/token -----

  private async token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const credentials = basicCredentials(req);
    const client = credentials && this.config.clients.find((c) => c.clientId === credentials.user && c.clientSecret === credentials.password);
    if (!client) {
      return sendJson(res, 401, { error: 'invalid_client', error_description: 'Bad client credentials' }, { 'WWW-Authenticate': 'Basic realm="oauth"' });
    }
    if (mediaType(req) !== 'application/x-www-form-urlencoded') {
      return tokenError(res, 'invalid_request', 'the token request is a form (application/x-www-form-urlencoded)');
    }
    const form = new URLSearchParams(await readBody(req));
    const grantType = form.get('grant_type') as GrantType | null;
    if (grantType === null || !['authorization_code', 'refresh_token', 'password'].includes(grantType)) {
      return tokenError(res, 'unsupported_grant_type', `Unsupported grant type: ${grantType ?? '(none)'}`);
    }
    if (!client.grantTypes.includes(grantType)) return tokenError(res, 'unauthorized_client', `Unauthorized grant type: ${grantType}`);
    const scope = form.get('scope');
    if (scope !== null && scope !== '*') return tokenError(res, 'invalid_scope', `Invalid scope: ${scope}`);

    if (grantType === 'authorization_code') {
      const code = form.get('code') ?? '';
      const grant = this.codes.get(code);
      // A code is used once; the redirect URI must be the one the code was issued for (RFC 6749 section 4.1.3).
      this.codes.delete(code);
      if (!grant || grant.expiresAt < Date.now() || grant.clientId !== client.clientId) return tokenError(res, 'invalid_grant', 'Invalid authorization code');
      if (form.get('redirect_uri') !== grant.redirectUri) return tokenError(res, 'invalid_grant', 'Redirect URI mismatch.');
      return this.answerToken(res, grant.agent, client.clientId, undefined);
    }
    if (grantType === 'refresh_token') {
      const value = form.get('refresh_token') ?? '';
      const refresh = this.refreshTokens.get(value);
      if (!refresh || refresh.revoked || refresh.clientId !== client.clientId) return tokenError(res, 'invalid_grant', 'Invalid refresh token');
      // Spring Security OAuth reuses refresh tokens by default: the answer carries the same one.
      return this.answerToken(res, refresh.agent, client.clientId, value);
    }
    const agent = this.config.agents.find((a) => a.userName === form.get('username'));
    if (!agent || agent.password !== form.get('password')) return tokenError(res, 'invalid_grant', 'Bad credentials');
    return this.answerToken(res, agent, client.clientId, undefined);
  }

  private answerToken(res: ServerResponse, agent: FakeAgent, clientId: string, refreshToken: string | undefined): void {
    const { value } = this.issue(agent, clientId);
    let refresh = refreshToken;
    if (refresh === undefined) {
      refresh = newSecret();
      this.refreshTokens.set(refresh, { agent, clientId, revoked: false });
    }
    // RFC 6749 section 5.1: token answers are not cached.
    sendJson(
      res,
      200,
      { access_token: value, token_type: 'bearer', refresh_token: refresh, expires_in: this.config.tokenLifetimeSeconds, scope: '*' },
      { 'Cache-Control': 'no-store', Pragma: 'no-cache' },
    );
  }

  private issue(agent: FakeAgent, clientId: string): { value: string; token: AccessToken } {
    const value = newSecret();
    const token: AccessToken = { agent, clientId, expiresAt: Date.now() + this.config.tokenLifetimeSeconds * 1000 };
    this.accessTokens.set(value, token);
    this.scheduleExpiry(token);
    return { value, token };
  }

  private scheduleExpiry(token: AccessToken): void {
    clearTimeout(this.expiryTimers.get(token));
    const timer = setTimeout(() => this.end(token, 'expired'), Math.max(0, token.expiresAt - Date.now()));
    timer.unref();
    this.expiryTimers.set(token, timer);
  }

  /** POST /auth/v3/sign-out: invalidates the bearer token, or (global=true) every token of its user. */
  private signOut(req: IncomingMessage, res: ServerResponse, global: boolean): void {
    const token = this.verify(bearerToken(req));
    if (!token) return sendJson(res, 401, { error: 'invalid_token', error_description: 'Invalid access token' }, { 'WWW-Authenticate': 'Bearer error="invalid_token"' });
    if (global) this.revokeTokens(token.agent);
    else this.end(token, 'revoked');
    sendJson(res, 200, { status: { code: 0 } });
  }

  private endTokens(agent: FakeAgent, why: 'expired' | 'revoked'): number {
    let count = 0;
    for (const token of this.accessTokens.values()) {
      if (token.agent === agent && !token.ended) {
        this.end(token, why);
        count += 1;
      }
    }
    return count;
  }

  private end(token: AccessToken, why: 'expired' | 'revoked'): void {
    if (token.ended) return;
    token.ended = why;
    clearTimeout(this.expiryTimers.get(token));
    this.expiryTimers.delete(token);
    this.config.log(`${token.agent.userName}'s access token ${why}`);
    for (const listener of this.endedListeners) listener(token);
  }
}

function tokenError(res: ServerResponse, error: string, description: string): void {
  sendJson(res, 400, { error, error_description: description }, { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
}

function withParams(uri: string, params: Record<string, string | null>): string {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) if (value !== null) url.searchParams.set(key, value);
  return url.href;
}

const AUTHORIZE_PARAMS = ['client_id', 'redirect_uri', 'response_type', 'scope', 'state'];

/** The sign-in form: posts the user's credentials with the authorize request's parameters. */
function signInForm(params: URLSearchParams, error: string | undefined): string {
  const hidden = AUTHORIZE_PARAMS.filter((name) => params.get(name) !== null)
    .map((name) => `<input type="hidden" name="${name}" value="${escapeHtml(params.get(name) as string)}">`)
    .join('\n    ');
  return page(
    'Sign in to Genesys (fake GWS)',
    `${error ? `<p role="alert">${escapeHtml(error)}</p>` : ''}
  <form method="post" action="/auth/v3/sign-in">
    ${hidden}
    <label>User name <input name="username" autocomplete="username" required autofocus></label>
    <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
  </form>`,
  );
}

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;max-width:24rem;margin:3rem auto}label{display:block;margin:.75rem 0}input{display:block;width:100%}</style></head>
<body><h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}
