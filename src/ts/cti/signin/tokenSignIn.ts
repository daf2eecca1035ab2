/**
 * What every sign-in of the toolbar does, whoever signs the agent in: the state the view shows, the window (through
 * signInWindow.ts), the tokens in memory only (a reload signs in again), handing the bridge's token to whoever waits
 * for it, and renewal before expiry: with the refresh token when there is one, else by asking the agent to sign in
 * again (a silent sign-in in a hidden frame would need the sign-in pages' cookies in a third-party frame, which
 * browsers block). Whoever holds the token (the Genesys handler) hears of each renewal and hands it to the bridge's
 * open session. A subclass says how the sign-in starts (begin), how its answer becomes tokens, and how they are
 * renewed (refreshed).
 */
import { type AgentMessage, type MessageParam, say } from '../core/agentMessages';
import { detailOf, messageOf } from '../core/errors';
import { SignInError } from './signInError';
import { SignInWindowWatch, redirectUriOf, type SignInEnvironment, type SignInWindow } from './signInWindow';

/** What the view shows and offers: signed out (a Sign in button, and why), signing in, or signed in as someone. */
export interface SignInState {
  readonly status: 'signedOut' | 'signingIn' | 'signedIn';
  /** The agent the sign-in named, while signed in. */
  readonly agent?: string;
  /** Why the agent must sign in (again), or what went wrong: in words the agent can act on, in their language. */
  readonly message?: AgentMessage;
  /** Signed in, but the sign-in ends soon and could not be renewed without the agent: offer Sign in. */
  readonly renewalNeeded?: boolean;
}

/** What the view needs of a sign-in. */
export interface SignInControl {
  readonly state: SignInState;
  subscribe(listener: (state: SignInState) => void): () => void;
  /**
   * Opens the sign-in window. Call it from the agent's press of Sign in, synchronously: a pop-up needs the gesture.
   * `switchAgent`: the sign-in pages ask who signs in even when they remember someone, to change agents.
   */
  signIn(switchAgent?: boolean): void;
}

/** What a vendor handler needs of the sign-in: the token for its bridge, who it names, and word of renewals. */
export interface BridgeSignIn extends SignInControl {
  /** The agent the sign-in named, while signed in. */
  readonly agent: string | null;
  /** The token: at once while a good one is held, else once the agent has signed in. */
  token(): Promise<string>;
  /** The token held now, if it is still good; null otherwise (never waits). */
  currentToken(): string | null;
  /** The bridge refused the token, saying why: the agent must sign in again. */
  invalidate(reason: AgentMessage): void;
  /**
   * The bridge ended the session because the phone system ended the agent's own (expired, revoked, signed out
   * elsewhere): the sign-in renews its token if it can, else signs the agent out with words they understand. Only a
   * sign-in whose token is the phone system's own has it.
   */
  sessionEnded?(reason: string): void;
  /** Told of every token that replaces the one handed out; returns how to stop listening. */
  onRenewed(listener: (token: string) => void): () => void;
}

/** The tokens of a sign-in, held in memory only. */
export interface HeldTokens {
  readonly bridgeToken: string;
  readonly refreshToken?: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
  readonly agent: string;
}

/** One sign-in under way: where the window goes, and how the callback page's answer becomes tokens. */
export interface SignInAttempt {
  readonly url: string;
  complete(callback: URL): Promise<HeldTokens>;
}

export interface SignInTiming {
  /** How long before the token expires it is renewed. */
  readonly renewBeforeMs: number;
  /** How long the agent has to finish signing in, once the window opened. */
  readonly timeoutMs: number;
}

/** A token closer than this to its end is not handed out: it could expire on the way. */
const MIN_TOKEN_LIFE_MS = 5_000;

export abstract class TokenSignIn implements BridgeSignIn {
  private current: SignInState = { status: 'signedOut' };
  private readonly listeners = new Set<(state: SignInState) => void>();
  private readonly renewedListeners = new Set<(token: string) => void>();
  protected tokens: HeldTokens | null = null;
  private window: SignInWindowWatch | null = null;
  private waiting: Array<{ resolve: (token: string) => void }> = [];
  private renewalTimer: ReturnType<typeof setTimeout> | null = null;
  private expiryTimer: ReturnType<typeof setTimeout> | null = null;
  readonly redirectUri: string;

  constructor(
    private readonly timing: SignInTiming,
    protected readonly env: SignInEnvironment,
  ) {
    this.redirectUri = redirectUriOf(env.pageUrl);
  }

  /** Prepares a sign-in (what the window loads, and how its answer is checked and exchanged). */
  protected abstract begin(switchAgent: boolean): Promise<SignInAttempt>;
  /** Renews the tokens with their refresh token; rejects saying why not. */
  protected abstract refreshed(tokens: HeldTokens & { readonly refreshToken: string }): Promise<HeldTokens>;

  /** A failure in words (a subclass knows its library's errors). */
  protected describe(err: unknown): MessageParam {
    return detailOf(err);
  }

  get state(): SignInState {
    return this.current;
  }

  get agent(): string | null {
    return this.tokens?.agent ?? null;
  }

  subscribe(listener: (state: SignInState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onRenewed(listener: (token: string) => void): () => void {
    this.renewedListeners.add(listener);
    return () => this.renewedListeners.delete(listener);
  }

  token(): Promise<string> {
    const token = this.currentToken();
    if (token !== null) return Promise.resolve(token);
    return new Promise((resolve) => this.waiting.push({ resolve }));
  }

  currentToken(): string | null {
    const tokens = this.tokens;
    return tokens && tokens.expiresAt - Date.now() > MIN_TOKEN_LIFE_MS ? tokens.bridgeToken : null;
  }

  invalidate(reason: AgentMessage): void {
    this.dropTokens();
    this.show({ status: 'signedOut', message: reason });
  }

  signIn(switchAgent = false): void {
    if (this.window?.windowOpen) return; // one window at a time; it is already open
    this.window?.stop();
    this.window = null;
    // Opened now, within the agent's press, with nothing in it yet: what to load may take promises (a discovery
    // document, a PKCE challenge), and a pop-up opened after a promise is blocked.
    const popup = this.env.openWindow('about:blank');
    if (!popup) {
      this.failed(say('signInBlocked', { origin: new URL(this.env.pageUrl).origin }));
      return;
    }
    this.showProgress(say('signInInWindow'));
    void this.run(popup, switchAgent).catch((err: unknown) => {
      if (!popup.closed) popup.close();
      this.failed(say('signInFailed', { detail: this.describe(err) }));
    });
  }

  /** Stops timers, listeners and any window in progress; tokens are forgotten. */
  dispose(): void {
    this.window?.stop();
    this.window = null;
    this.dropTokens();
    this.listeners.clear();
    this.renewedListeners.clear();
  }

  // ---- Signing in -------------------------------------------------------------------------------------------------

  private async run(popup: SignInWindow, switchAgent: boolean): Promise<void> {
    const attempt = await this.begin(switchAgent);
    if (popup.closed) throw new SignInError(say('signInWindowClosed'));
    const watch = new SignInWindowWatch(this.env, popup, this.redirectUri, this.timing.timeoutMs, {
      answered: (callback) => {
        if (this.window === watch) this.window = null;
        void this.complete(attempt, callback);
      },
      timedOut: () => {
        if (this.window === watch) this.window = null;
        this.failed(say('signInTookTooLong', { seconds: Math.round(this.timing.timeoutMs / 1000) }));
      },
      seemsClosed: () => {
        if (this.window === watch) {
          this.showProgress(say('signInWindowCutOff'));
        }
      },
    });
    this.window = watch;
    watch.navigate(attempt.url);
  }

  private async complete(attempt: SignInAttempt, callback: URL): Promise<void> {
    try {
      this.signedIn(await attempt.complete(callback));
    } catch (err) {
      this.failed(say('signInIncomplete', { detail: this.describe(err) }));
    }
  }

  protected signedIn(tokens: HeldTokens): void {
    const had = this.tokens;
    this.tokens = tokens;
    this.show({ status: 'signedIn', agent: tokens.agent });
    this.schedule(tokens);
    const waiting = this.waiting;
    this.waiting = [];
    for (const waiter of waiting) waiter.resolve(tokens.bridgeToken);
    if (had) for (const listener of [...this.renewedListeners]) listener(tokens.bridgeToken);
  }

  // ---- Renewal ----------------------------------------------------------------------------------------------------

  private schedule(tokens: HeldTokens): void {
    this.clearRenewal();
    const now = Date.now();
    this.renewalTimer = setTimeout(() => void this.renew(), Math.max(0, tokens.expiresAt - this.timing.renewBeforeMs - now));
    this.expiryTimer = setTimeout(() => {
      if (this.tokens !== tokens) return;
      this.dropTokens();
      this.show({ status: 'signedOut', message: say('signInExpired') });
    }, Math.max(0, tokens.expiresAt - now));
  }

  private async renew(): Promise<void> {
    const tokens = this.tokens;
    if (!tokens) return;
    const until = new Date(tokens.expiresAt).toLocaleTimeString(this.env.locale ?? [], { hour: '2-digit', minute: '2-digit' });
    const { refreshToken } = tokens;
    if (refreshToken === undefined) {
      this.show({ status: 'signedIn', agent: tokens.agent, renewalNeeded: true, message: say('signInEndsAt', { time: until }) });
      return;
    }
    try {
      const renewed = await this.refreshed({ ...tokens, refreshToken });
      if (this.tokens !== tokens) return;
      if (renewed.agent !== tokens.agent) throw new SignInError(say('signInRenewedForOther', { renewed: renewed.agent, agent: tokens.agent }));
      this.signedIn(renewed);
    } catch (err) {
      if (this.tokens !== tokens) return;
      this.show({ status: 'signedIn', agent: tokens.agent, renewalNeeded: true, message: say('signInNotRenewed', { detail: this.describe(err), time: until }) });
    }
  }

  // ---- Helpers ----------------------------------------------------------------------------------------------------

  /** Signing in (or still signed in, while a new sign-in runs), with what to do now. */
  private showProgress(message: AgentMessage): void {
    this.show({ ...this.signedInPart(), status: this.tokens ? 'signedIn' : 'signingIn', message });
  }

  protected failed(message: AgentMessage): void {
    this.show({ ...this.signedInPart(), status: this.tokens ? 'signedIn' : 'signedOut', message });
  }

  /** While signed in: who, and whether the sign-in still needs renewing. */
  private signedInPart(): Partial<SignInState> {
    if (!this.tokens) return {};
    return { agent: this.tokens.agent, ...(this.current.renewalNeeded ? { renewalNeeded: true } : {}) };
  }

  protected dropTokens(): void {
    this.tokens = null;
    this.clearRenewal();
  }

  private clearRenewal(): void {
    if (this.renewalTimer) clearTimeout(this.renewalTimer);
    if (this.expiryTimer) clearTimeout(this.expiryTimer);
    this.renewalTimer = null;
    this.expiryTimer = null;
  }

  protected show(state: SignInState): void {
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
