/**
 * The agent's sign-in with the customer's OpenID provider, as Amazon's CCP signs agents in: in a window the toolbar
 * opens when the agent presses "Sign in" (signInWindow.ts; tokens and renewal: tokenSignIn.ts).
 *
 * The flow is OAuth 2.0's authorization code with PKCE for a public client (RFC 7636; no secret in the browser),
 * with the state and nonce checked, all by oauth4webapi (https://github.com/panva/oauth4webapi). Renewal uses the
 * refresh token when the provider gave one (scope offline_access).
 */
import * as oauth from 'oauth4webapi';
import { type MessageParam, say } from '../core/agentMessages';
import { detailOf } from '../core/errors';
import { SignInError } from './signInError';
import type { SignInOptions } from './signInOptions';
import type { SignInEnvironment } from './signInWindow';
import { TokenSignIn, type HeldTokens, type SignInAttempt } from './tokenSignIn';

export class OidcSignIn extends TokenSignIn {
  private server: Promise<oauth.AuthorizationServer> | null = null;
  private readonly client: oauth.Client;

  constructor(
    private readonly options: SignInOptions,
    env: SignInEnvironment,
  ) {
    super(options, env);
    this.client = { client_id: options.clientId };
  }

  // ---- The authorization code flow ------------------------------------------------------------------------------

  protected async begin(switchAgent: boolean): Promise<SignInAttempt> {
    const server = await this.discover();
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const challenge = await oauth.calculatePKCECodeChallenge(verifier);
    if (!server.authorization_endpoint) throw new SignInError(say('signInNoAuthorizationEndpoint', { issuer: this.options.issuer }));
    const url = new URL(server.authorization_endpoint);
    const parameters: Record<string, string> = {
      client_id: this.options.clientId,
      redirect_uri: this.redirectUri,
      response_type: 'code',
      scope: this.options.scope,
      state,
      nonce,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    };
    // prompt=login has the provider ask who signs in even when it remembers someone (OpenID Connect Core 1.0, section
    // 3.1.2.1). prompt=consent goes with offline_access only where the provider needs it to grant a refresh token
    // (section 11: "MUST contain prompt=consent unless other conditions for processing the request permitting offline
    // access ... are in place"): genesys.signIn.consentPrompt, so that a provider that grants it otherwise does not
    // show the agent a consent page at every sign-in.
    // https://openid.net/specs/openid-connect-core-1_0.html#OfflineAccess
    const offline = this.options.scope.split(' ').includes('offline_access');
    const prompts = [...(switchAgent ? ['login'] : []), ...(offline && this.options.consentPrompt ? ['consent'] : [])];
    if (prompts.length > 0) parameters.prompt = prompts.join(' ');
    for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);
    return {
      url: url.href,
      complete: async (callback) => {
        // The state must be this sign-in's: an answer made for another request is refused (RFC 6749, section 10.12).
        const answer = oauth.validateAuthResponse(server, this.client, callback, state);
        const response = await oauth.authorizationCodeGrantRequest(server, this.client, oauth.None(), answer, this.redirectUri, verifier, this.requestOptions());
        const result = await oauth.processAuthorizationCodeResponse(server, this.client, response, { expectedNonce: nonce, requireIdToken: true });
        return this.tokensOf(result);
      },
    };
  }

  protected async refreshed(tokens: HeldTokens & { readonly refreshToken: string }): Promise<HeldTokens> {
    const server = await this.discover();
    const response = await oauth.refreshTokenGrantRequest(server, this.client, oauth.None(), tokens.refreshToken, this.requestOptions());
    const result = await oauth.processRefreshTokenResponse(server, this.client, response);
    return this.tokensOf(result, tokens);
  }

  protected describe(err: unknown): MessageParam {
    return describe(err);
  }

  private tokensOf(result: oauth.TokenEndpointResponse, previous?: HeldTokens): HeldTokens {
    const claims = oauth.getValidatedIdTokenClaims(result);
    const agentValue = claims?.[this.options.agentClaim] ?? (previous ? previous.agent : undefined);
    if (typeof agentValue !== 'string' || agentValue === '') throw new SignInError(say('signInNoAgentClaim', { claim: this.options.agentClaim }));
    const agent = agentValue;
    const refreshToken = result.refresh_token ?? previous?.refreshToken;
    if (this.options.bridgeToken === 'access') {
      const expiresIn = typeof result.expires_in === 'number' ? result.expires_in : 0;
      if (expiresIn <= 0) throw new SignInError(say('signInNoLifetime'));
      return { bridgeToken: result.access_token, expiresAt: Date.now() + expiresIn * 1000, agent, ...(refreshToken ? { refreshToken } : {}) };
    }
    if (!result.id_token || !claims) throw new SignInError(say('signInNoIdToken'));
    return { bridgeToken: result.id_token, expiresAt: claims.exp * 1000, agent, ...(refreshToken ? { refreshToken } : {}) };
  }

  // ---- Helpers ----------------------------------------------------------------------------------------------------

  private discover(): Promise<oauth.AuthorizationServer> {
    this.server ??= (async () => {
      const issuer = new URL(this.options.issuer);
      const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...this.requestOptions() });
      return oauth.processDiscoveryResponse(issuer, response);
    })().catch((err: unknown) => {
      this.server = null; // try again next time
      throw new SignInError(say('signInProviderUnreachable', { issuer: this.options.issuer, detail: describe(err) }));
    });
    return this.server;
  }

  private requestOptions(): oauth.TokenEndpointRequestOptions & oauth.DiscoveryRequestOptions {
    const url = new URL(this.options.issuer);
    return {
      // oauth4webapi's options for fetch are fetch's own (method, headers, body, signal, redirect).
      [oauth.customFetch]: (input: string, init: object) => this.env.fetch(input, init),
      // The development provider on loopback speaks http; signInOptions refuses http anywhere else.
      ...(url.protocol === 'http:' ? { [oauth.allowInsecureRequests]: true } : {}),
    };
  }
}

/** oauth4webapi's errors carry the provider's own error and description; say those. */
function describe(err: unknown): MessageParam {
  if (err instanceof oauth.AuthorizationResponseError || err instanceof oauth.ResponseBodyError) {
    return `${err.error}${err.error_description ? `: ${err.error_description}` : ''}`;
  }
  return detailOf(err);
}
