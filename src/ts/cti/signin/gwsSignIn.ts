/**
 * The agent's sign-in with Genesys itself (genesys.gwsSignIn), for the bridge's Workspace backend: the window goes to
 * GWS's Authentication API, /auth/v3/oauth/authorize with response_type=code, the toolbar's client id and callback
 * page, and a random state (RFC 6749 section 4.1.1; the parameters Genesys' generated AuthenticationApi documents,
 * https://github.com/GenesysPureEngage/authentication-client-js). GWS shows its sign-in form and returns the code to
 * the callback page; the toolbar checks the state and hands the code to the bridge (POST /auth/gws/token), which
 * exchanges it as GWS's confidential client, opens the agent's Workspace session and says who signed in. GWS documents
 * no PKCE, so the code is exchanged where the client's secret is, never in the browser.
 *
 * The GWS access token is the bridge token; it is renewed through the bridge (POST /auth/gws/refresh). When GWS ends
 * the agent's session (expired, revoked, signed out elsewhere: the bridge closes with 4001 or refuses with 4004), the
 * token is renewed once if it can be, else the agent reads "Your Genesys session ended: sign in again." and gets the
 * Sign in button, and the bridge is not tried again until they have signed in.
 */
import * as oauth from 'oauth4webapi';
import { say } from '../core/agentMessages';
import { messageOf } from '../core/errors';
import { SignInError } from './signInError';
import type { GwsSignInOptions } from './gwsSignInOptions';
import type { SignInEnvironment } from './signInWindow';
import { TokenSignIn, type HeldTokens, type SignInAttempt } from './tokenSignIn';

/** What the agent reads when Genesys ended their session and it could not be renewed. */
export const SESSION_ENDED_MESSAGE = say('gwsSessionEnded');
/** Opening the agent's Workspace session is part of the code's exchange: allow for GWS taking its time. */
const EXCHANGE_TIMEOUT_MS = 60_000;
/**
 * A session that ends again this soon after being renewed for the same reason is not renewed again: the agent signs
 * in (a token that GWS takes and then drops at once would otherwise have the toolbar reconnect without end).
 */
const RECOVERY_SPACING_MS = 60_000;
/** A token goes on in a WebSocket subprotocol and an HTTP header: only token characters. */
const TOKEN = /^[A-Za-z0-9._~+/=-]{1,8192}$/;

export class GwsSignIn extends TokenSignIn {
  private lastRecovery: number | null = null;

  constructor(
    private readonly options: GwsSignInOptions,
    /** The bridge's base address (genesys.bridgeUrl, without a trailing slash). */
    private readonly bridgeUrl: string,
    env: SignInEnvironment,
  ) {
    super(options, env);
  }

  /**
   * GWS ended the agent's session (the bridge said so with 4001, or refused the token with 4004): renewed once with
   * the refresh token, through the bridge; otherwise, or when that fails, the agent is asked to sign in again.
   */
  sessionEnded(_reason: string): void {
    const tokens = this.tokens;
    if (!tokens) return;
    const now = Date.now();
    const { refreshToken } = tokens;
    if (refreshToken === undefined || (this.lastRecovery !== null && now - this.lastRecovery < RECOVERY_SPACING_MS)) {
      this.invalidate(SESSION_ENDED_MESSAGE);
      return;
    }
    this.lastRecovery = now;
    // The token in hand is the ended session's: whoever asks for one now waits for the renewed one.
    this.dropTokens();
    this.show({ status: 'signingIn', message: say('gwsSessionRenewing') });
    void this.refreshed({ ...tokens, refreshToken }).then(
      (renewed) => {
        if (this.tokens === null && this.state.status === 'signingIn') this.signedIn(renewed);
      },
      () => {
        if (this.tokens === null) this.invalidate(SESSION_ENDED_MESSAGE);
      },
    );
  }

  protected async begin(): Promise<SignInAttempt> {
    const state = oauth.generateRandomState();
    const url = new URL(`${this.options.baseUrl}/auth/v3/oauth/authorize`);
    url.search = new URLSearchParams({ response_type: 'code', client_id: this.options.clientId, redirect_uri: this.redirectUri, state }).toString();
    return {
      url: url.href,
      complete: async (callback) => {
        const answer = callback.searchParams;
        // The state must be this sign-in's: an answer made for another request is refused (RFC 6749, section 10.12).
        if (answer.get('state') !== state) throw new SignInError(say('gwsAnswerNotOurs'));
        const error = answer.get('error');
        if (error !== null) throw new SignInError(say('gwsRefusedSignIn', { error: `${error}${answer.get('error_description') ? `: ${answer.get('error_description') ?? ''}` : ''}` }));
        const code = answer.get('code');
        if (code === null || code === '') throw new SignInError(say('gwsNoCode'));
        const tokens = await this.callBridge('/auth/gws/token', { code, redirectUri: this.redirectUri });
        if (tokens.agentId === undefined) throw new SignInError(say('gwsNoAgent'));
        return { ...tokens.held, agent: tokens.agentId };
      },
    };
  }

  protected async refreshed(tokens: HeldTokens & { readonly refreshToken: string }): Promise<HeldTokens> {
    const renewed = await this.callBridge('/auth/gws/refresh', { refreshToken: tokens.refreshToken });
    // GWS may answer without a new refresh token: the one in hand still serves.
    return { refreshToken: tokens.refreshToken, ...renewed.held, agent: tokens.agent };
  }

  /** A POST to the bridge's sign-in routes; its refusal, in the bridge's words, as the error. */
  private async callBridge(path: string, body: Record<string, string>): Promise<{ held: Omit<HeldTokens, 'agent'>; agentId?: string }> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), EXCHANGE_TIMEOUT_MS);
    let status = 0;
    let json: unknown;
    // What went wrong reaching the bridge, said after the timer is cleared (the caller reads it as the reason).
    let unreachable: SignInError | undefined;
    try {
      const response = await this.env.fetch(`${this.bridgeUrl}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: controller.signal,
      });
      status = response.status;
      json = await response.json().catch(() => undefined);
    } catch (err) {
      unreachable = new SignInError(controller.signal.aborted ? say('gwsBridgeSlow', { seconds: EXCHANGE_TIMEOUT_MS / 1000 }) : say('gwsBridgeUnreachable', { detail: messageOf(err) }));
    } finally {
      clearTimeout(timer);
    }
    if (unreachable !== undefined) throw unreachable;
    const answer = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
    if (answer.ok !== true) {
      // The bridge's errorMessage is its own words (as a phone system's are), shown as they are.
      if (typeof answer.errorMessage === 'string') throw new Error(answer.errorMessage);
      throw new SignInError(say('gwsBridgeStatus', { status }));
    }
    const { accessToken, expiresIn, refreshToken, agentId } = answer;
    if (typeof accessToken !== 'string' || !TOKEN.test(accessToken) || typeof expiresIn !== 'number' || !(expiresIn > 0)) {
      throw new SignInError(say('gwsBridgeNoToken'));
    }
    return {
      held: {
        bridgeToken: accessToken,
        expiresAt: Date.now() + expiresIn * 1000,
        ...(typeof refreshToken === 'string' && refreshToken !== '' ? { refreshToken } : {}),
      },
      ...(typeof agentId === 'string' && agentId !== '' ? { agentId } : {}),
    };
  }
}
