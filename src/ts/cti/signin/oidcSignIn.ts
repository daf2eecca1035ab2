/**
 * The agent's sign-in with the customer's OpenID provider, as Amazon's CCP signs agents in: in a window the toolbar
 * opens when the agent presses "Sign in" (a pop-up needs the press: browsers block one opened without it). The
 * provider's pages run in that window, first-party, so no third-party cookie is needed; they return to a small page
 * of the toolbar's own origin (signin-callback.html) that hands the answer back by postMessage to the toolbar (the
 * sender's origin checked) or, when the provider's pages cut the window off from its opener, by a BroadcastChannel
 * of the toolbar's origin.
 *
 * The flow is OAuth 2.0's authorization code with PKCE for a public client (RFC 7636; no secret in the browser),
 * with the state and nonce checked, all by oauth4webapi (https://github.com/panva/oauth4webapi). Tokens live in
 * memory only: a reload signs in again. Before the token expires it is renewed: with the refresh token when the
 * provider gave one (scope offline_access), else by asking the agent to sign in again, since a silent sign-in in a
 * hidden frame would need the provider's cookies in a third-party frame, which browsers block. Whoever holds the
 * token (the Genesys handler) hears of each renewal and hands it to the bridge's open session.
 */
import * as oauth from 'oauth4webapi';
import { messageOf } from '../core/errors';
import type { SignInOptions } from './signInOptions';

/** What the view shows and offers: signed out (a Sign in button, and why), signing in, or signed in as someone. */
export interface SignInState {
  readonly status: 'signedOut' | 'signingIn' | 'signedIn';
  /** The agent the provider named (the agentClaim of the ID token), while signed in. */
  readonly agent?: string;
  /** Why the agent must sign in (again), or what went wrong: in words the agent can act on. */
  readonly message?: string;
  /** Signed in, but the sign-in ends soon and could not be renewed without the agent: offer Sign in. */
  readonly renewalNeeded?: boolean;
}

/** What the view needs of a sign-in. */
export interface SignInControl {
  readonly state: SignInState;
  subscribe(listener: (state: SignInState) => void): () => void;
  /**
   * Opens the provider's window. Call it from the agent's press of Sign in, synchronously: a pop-up needs the gesture.
   * `switchAgent`: the provider asks who signs in even when it remembers someone (prompt=login), to change agents.
   */
  signIn(switchAgent?: boolean): void;
}

/** What a vendor handler needs of the sign-in: the token for its bridge, who it names, and word of renewals. */
export interface BridgeSignIn extends SignInControl {
  /** The agent the provider named, while signed in. */
  readonly agent: string | null;
  /** The token: at once while a good one is held, else once the agent has signed in. */
  token(): Promise<string>;
  /** The token held now, if it is still good; null otherwise (never waits). */
  currentToken(): string | null;
  /** The bridge refused the token, saying why: the agent must sign in again. */
  invalidate(reason: string): void;
  /** Told of every token that replaces the one handed out; returns how to stop listening. */
  onRenewed(listener: (token: string) => void): () => void;
}

/** The part of a browser window the flow uses. */
export interface SignInWindow {
  readonly closed: boolean;
  close(): void;
  location: { href: string };
}

/** The browser, as the flow sees it (tests give their own). */
export interface SignInEnvironment {
  /** The toolbar page's URL: the callback page is beside it, and its origin is the only one answers are taken from. */
  readonly pageUrl: string;
  openWindow(url: string): SignInWindow | null;
  /** Hears messages posted to the toolbar's window and to its sign-in BroadcastChannel; returns how to stop. */
  listen(handler: (message: { readonly origin: string; readonly source: unknown; readonly data: unknown }) => void): () => void;
  readonly fetch: typeof fetch;
}

/** The page of the toolbar's origin the provider returns to (the redirect URI an administrator registers). */
export const CALLBACK_PAGE = 'signin-callback.html';
/** The message the callback page sends, and the BroadcastChannel it also uses. */
export const CALLBACK_MESSAGE_TYPE = 'media-toolbar-signin';
/** How often the toolbar looks whether the agent closed the sign-in window. */
const WINDOW_CHECK_MS = 500;
/** A token closer than this to its end is not handed out: it could expire on the way. */
const MIN_TOKEN_LIFE_MS = 5_000;

interface Tokens {
  readonly bridgeToken: string;
  readonly refreshToken?: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly agent: string;
}

interface Pending {
  readonly popup: SignInWindow;
  readonly state: string;
  readonly nonce: string;
  readonly verifier: string;
  readonly server: oauth.AuthorizationServer;
  readonly timers: Array<ReturnType<typeof setTimeout>>;
  stopListening: () => void;
}

export class OidcSignIn implements BridgeSignIn {
  private current: SignInState = { status: 'signedOut' };
  private readonly listeners = new Set<(state: SignInState) => void>();
  private readonly renewedListeners = new Set<(token: string) => void>();
  private tokens: Tokens | null = null;
  private server: Promise<oauth.AuthorizationServer> | null = null;
  private pending: Pending | null = null;
  private waiting: Array<{ resolve: (token: string) => void }> = [];
  private renewalTimer: ReturnType<typeof setTimeout> | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly client: oauth.Client;
  readonly redirectUri: string;

  constructor(
    private readonly options: SignInOptions,
    private readonly env: SignInEnvironment,
  ) {
    this.client = { client_id: options.clientId };
    this.redirectUri = new URL(CALLBACK_PAGE, env.pageUrl).href;
  }

  get state(): SignInState {
    return this.current;
  }

  /** The agent the provider named, while signed in. */
  get agent(): string | null {
    return this.tokens?.agent ?? null;
  }

  subscribe(listener: (state: SignInState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Told of every token that replaces the one handed out (a refresh, or the agent signing in again). */
  onRenewed(listener: (token: string) => void): () => void {
    this.renewedListeners.add(listener);
    return () => this.renewedListeners.delete(listener);
  }

  /** The token for the bridge: at once while a good one is held, else once the agent has signed in. */
  token(): Promise<string> {
    const tokens = this.tokens;
    if (tokens && tokens.expiresAt - Date.now() > MIN_TOKEN_LIFE_MS) return Promise.resolve(tokens.bridgeToken);
    return new Promise((resolve) => this.waiting.push({ resolve }));
  }

  /** The token held now, if it is still good; null otherwise (never waits). */
  currentToken(): string | null {
    const tokens = this.tokens;
    return tokens && tokens.expiresAt - Date.now() > MIN_TOKEN_LIFE_MS ? tokens.bridgeToken : null;
  }

  /** The token is of no use (the bridge refused it, saying why): the agent must sign in again. */
  invalidate(reason: string): void {
    this.dropTokens();
    this.show({ status: 'signedOut', message: reason });
  }

  signIn(switchAgent = false): void {
    if (this.pending && !this.pending.popup.closed) return; // one window at a time; it is already open
    this.abandon();
    // Opened now, within the agent's press, with nothing in it yet: what to load is known only after the provider's
    // discovery document and the PKCE challenge, which take promises, and a pop-up opened after a promise is blocked.
    const popup = this.env.openWindow('about:blank');
    if (!popup) {
      this.show({
        ...this.signedInPart(),
        status: this.tokens ? 'signedIn' : 'signedOut',
        message: `The browser blocked the sign-in window. Allow pop-ups for ${new URL(this.env.pageUrl).origin}, then press Sign in again.`,
      });
      return;
    }
    this.show({ ...this.signedInPart(), status: this.tokens ? 'signedIn' : 'signingIn', message: 'Sign in in the window that opened.' });
    void this.run(popup, switchAgent).catch((err: unknown) => this.failed(`Could not sign in: ${messageOf(err)}`));
  }

  /** Stops timers, listeners and any window in progress; tokens are forgotten. */
  dispose(): void {
    this.abandon();
    this.dropTokens();
    this.listeners.clear();
    this.renewedListeners.clear();
  }

  // ---- The authorization code flow ------------------------------------------------------------------------------

  private async run(popup: SignInWindow, switchAgent: boolean): Promise<void> {
    const server = await this.discover();
    const verifier = oauth.generateRandomCodeVerifier();
    const state = oauth.generateRandomState();
    const nonce = oauth.generateRandomNonce();
    const challenge = await oauth.calculatePKCECodeChallenge(verifier);
    if (popup.closed) throw new Error('the sign-in window was closed');
    if (!server.authorization_endpoint) throw new Error(`${this.options.issuer} publishes no authorization endpoint`);
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
    // A refresh token (offline_access) is granted only when consent was asked (OpenID Connect Core 1.0, section 11);
    // prompt=login has the provider ask who signs in even when it remembers someone (section 3.1.2.1).
    const prompts = [...(switchAgent ? ['login'] : []), ...(this.options.scope.split(' ').includes('offline_access') ? ['consent'] : [])];
    if (prompts.length > 0) parameters.prompt = prompts.join(' ');
    for (const [key, value] of Object.entries(parameters)) url.searchParams.set(key, value);

    const pending: Pending = { popup, state, nonce, verifier, server, timers: [], stopListening: () => undefined };
    this.pending = pending;
    pending.stopListening = this.env.listen((message) => void this.answered(pending, message));
    let closedChecks = 0;
    pending.timers.push(
      setTimeout(() => this.giveUp(pending, `The sign-in took longer than ${Math.round(this.options.timeoutMs / 1000)} s. Press Sign in to try again.`), this.options.timeoutMs),
      setInterval(() => {
        // Seen closed twice in a row: an answer posted just before the window closed may still be on its way.
        closedChecks = pending.popup.closed ? closedChecks + 1 : 0;
        if (closedChecks >= 2) this.giveUp(pending, 'The sign-in window was closed before the sign-in finished. Press Sign in to try again.');
      }, WINDOW_CHECK_MS),
    );
    popup.location.href = url.href;
  }

  /** An answer from the callback page, checked: from the toolbar's own origin, for this sign-in (its state). */
  private async answered(pending: Pending, message: { readonly origin: string; readonly source: unknown; readonly data: unknown }): Promise<void> {
    if (this.pending !== pending) return;
    if (message.origin !== new URL(this.env.pageUrl).origin) return; // not the callback page: any site may post to a window
    const data = message.data;
    if (typeof data !== 'object' || data === null || (data as { type?: unknown }).type !== CALLBACK_MESSAGE_TYPE) return;
    const href = (data as { url?: unknown }).url;
    if (typeof href !== 'string') return;
    let callback: URL;
    try {
      callback = new URL(href);
    } catch {
      return;
    }
    if (`${callback.origin}${callback.pathname}` !== this.redirectUri.split('?')[0]) return;
    this.finish(pending);
    try {
      // The state must be this sign-in's: an answer made for another request is refused (RFC 6749, section 10.12).
      const parameters = oauth.validateAuthResponse(pending.server, this.client, callback, pending.state);
      const response = await oauth.authorizationCodeGrantRequest(pending.server, this.client, oauth.None(), parameters, this.redirectUri, pending.verifier, this.requestOptions());
      const result = await oauth.processAuthorizationCodeResponse(pending.server, this.client, response, { expectedNonce: pending.nonce, requireIdToken: true });
      this.signedIn(this.tokensOf(result));
    } catch (err) {
      this.failed(`The sign-in did not complete: ${describe(err)}`);
    }
  }

  private signedIn(tokens: Tokens): void {
    const had = this.tokens;
    this.tokens = tokens;
    this.show({ status: 'signedIn', agent: tokens.agent });
    this.schedule(tokens);
    const waiting = this.waiting;
    this.waiting = [];
    for (const waiter of waiting) waiter.resolve(tokens.bridgeToken);
    if (had) for (const listener of [...this.renewedListeners]) listener(tokens.bridgeToken);
  }

  private tokensOf(result: oauth.TokenEndpointResponse, previous?: Tokens): Tokens {
    const claims = oauth.getValidatedIdTokenClaims(result);
    const agentValue = claims?.[this.options.agentClaim] ?? (previous ? previous.agent : undefined);
    if (typeof agentValue !== 'string' || agentValue === '') throw new Error(`the ID token has no "${this.options.agentClaim}" claim naming the agent (genesys.signIn.agentClaim)`);
    const agent = agentValue;
    const refreshToken = result.refresh_token ?? previous?.refreshToken;
    if (this.options.bridgeToken === 'access') {
      const expiresIn = typeof result.expires_in === 'number' ? result.expires_in : 0;
      if (expiresIn <= 0) throw new Error('the access token has no lifetime (expires_in)');
      return { bridgeToken: result.access_token, expiresAt: Date.now() + expiresIn * 1000, agent, ...(refreshToken ? { refreshToken } : {}) };
    }
    if (!result.id_token || !claims) throw new Error('the provider sent no ID token');
    return { bridgeToken: result.id_token, expiresAt: claims.exp * 1000, agent, ...(refreshToken ? { refreshToken } : {}) };
  }

  // ---- Renewal ----------------------------------------------------------------------------------------------------

  private schedule(tokens: Tokens): void {
    this.clearRenewal();
    const now = Date.now();
    this.renewalTimer = setTimeout(() => void this.renew(), Math.max(0, tokens.expiresAt - this.options.renewBeforeMs - now));
    this.expiryTimer = setTimeout(() => {
      if (this.tokens !== tokens) return;
      this.dropTokens();
      this.show({ status: 'signedOut', message: 'Your sign-in has expired. Press Sign in to sign in again.' });
    }, Math.max(0, tokens.expiresAt - now));
  }

  private async renew(): Promise<void> {
    const tokens = this.tokens;
    if (!tokens) return;
    const until = new Date(tokens.expiresAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    if (!tokens.refreshToken) {
      this.show({ status: 'signedIn', agent: tokens.agent, renewalNeeded: true, message: `Your sign-in ends at ${until}. Press Sign in to stay connected.` });
      return;
    }
    try {
      const server = await this.discover();
      const response = await oauth.refreshTokenGrantRequest(server, this.client, oauth.None(), tokens.refreshToken, this.requestOptions());
      const result = await oauth.processRefreshTokenResponse(server, this.client, response);
      const renewed = this.tokensOf(result, tokens);
      if (this.tokens !== tokens) return;
      if (renewed.agent !== tokens.agent) throw new Error(`the provider renewed the sign-in for "${renewed.agent}", not "${tokens.agent}"`);
      this.signedIn(renewed);
    } catch (err) {
      if (this.tokens !== tokens) return;
      this.show({ status: 'signedIn', agent: tokens.agent, renewalNeeded: true, message: `Could not renew your sign-in (${describe(err)}). It ends at ${until}: press Sign in to stay connected.` });
    }
  }

  // ---- Helpers ----------------------------------------------------------------------------------------------------

  private discover(): Promise<oauth.AuthorizationServer> {
    this.server ??= (async () => {
      const issuer = new URL(this.options.issuer);
      const response = await oauth.discoveryRequest(issuer, { algorithm: 'oidc', ...this.requestOptions() });
      return oauth.processDiscoveryResponse(issuer, response);
    })().catch((err: unknown) => {
      this.server = null; // try again next time
      throw new Error(`the identity provider at ${this.options.issuer} could not be reached (${describe(err)})`);
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

  private giveUp(pending: Pending, message: string): void {
    if (this.pending !== pending) return;
    this.finish(pending);
    this.failed(message);
  }

  /** The window's part is over: stop listening and watching, and close it (it is the toolbar's own). */
  private finish(pending: Pending): void {
    if (this.pending === pending) this.pending = null;
    pending.stopListening();
    // clearTimeout clears an interval too: both share one list of timers (HTML, timers and user prompts, 8.6).
    for (const timer of pending.timers) clearTimeout(timer);
    if (!pending.popup.closed) pending.popup.close();
  }

  private abandon(): void {
    if (this.pending) this.finish(this.pending);
  }

  private failed(message: string): void {
    this.show({ ...this.signedInPart(), status: this.tokens ? 'signedIn' : 'signedOut', message });
  }

  /** While signed in: who, and whether the sign-in still needs renewing. */
  private signedInPart(): Partial<SignInState> {
    if (!this.tokens) return {};
    return { agent: this.tokens.agent, ...(this.current.renewalNeeded ? { renewalNeeded: true } : {}) };
  }

  private dropTokens(): void {
    this.tokens = null;
    this.clearRenewal();
  }

  private clearRenewal(): void {
    if (this.renewalTimer) clearTimeout(this.renewalTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.renewalTimer = null;
    this.expiryTimer = null;
  }

  private show(state: SignInState): void {
    this.current = state;
    for (const listener of [...this.listeners]) {
      try {
        listener(state);
      } catch (err) {
        console.error(`[sign-in] a listener failed: ${messageOf(err)}`);
      }
    }
  }
}

/** oauth4webapi's errors carry the provider's own error and description; say those. */
function describe(err: unknown): string {
  if (err instanceof oauth.AuthorizationResponseError || err instanceof oauth.ResponseBodyError) {
    return `${err.error}${err.error_description ? `: ${err.error_description}` : ''}`;
  }
  return messageOf(err);
}

/** The browser's own: window.open, messages to this window, and the BroadcastChannel of the callback page. */
export function browserSignInEnvironment(): SignInEnvironment {
  return {
    pageUrl: window.location.href,
    openWindow: (url) => window.open(url, 'media-toolbar-signin', 'popup,width=520,height=680'),
    listen(handler) {
      const onMessage = (event: MessageEvent): void => handler({ origin: event.origin, source: event.source, data: event.data as unknown });
      window.addEventListener('message', onMessage);
      // Same origin only by construction; the state check stands against anything else on it.
      const channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CALLBACK_MESSAGE_TYPE) : null;
      if (channel) channel.onmessage = (event: MessageEvent) => handler({ origin: window.location.origin, source: null, data: event.data as unknown });
      return () => {
        window.removeEventListener('message', onMessage);
        channel?.close();
      };
    },
    fetch: (input, init) => window.fetch(input, init),
  };
}
