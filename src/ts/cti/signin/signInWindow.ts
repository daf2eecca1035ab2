/**
 * The sign-in window, whoever signs the agent in (an OpenID provider, Genesys' Authentication API): the toolbar opens
 * it from the agent's press of Sign in (a pop-up needs the press: browsers block one opened without it), sends it to
 * the sign-in pages, and waits for the small page of its own origin the pages return to (signin-callback.html) to hand
 * the answer back by postMessage (the sender's origin checked) or, when the sign-in pages cut the window off from its
 * opener, by a BroadcastChannel of the toolbar's origin.
 *
 * A window that looks closed is not taken for abandoned: under a Cross-Origin-Opener-Policy of the sign-in pages the
 * opener sees `closed` true while the window is still open (https://html.spec.whatwg.org/multipage/browsers.html#cross-origin-opener-policies),
 * and the answer then comes by the BroadcastChannel. The watch goes on listening until its time is up; the agent is
 * told the window seems closed, and Sign in opens a new one.
 */

/** The part of a browser window the flow uses. */
export interface SignInWindow {
  readonly closed: boolean;
  close(): void;
  location: { href: string };
}

/** What reaches the toolbar: a message posted to its window, or one of its sign-in BroadcastChannel. */
export interface SignInMessage {
  readonly origin: string;
  readonly source: unknown;
  readonly data: unknown;
}

/** The browser, as the flow sees it (tests give their own). */
export interface SignInEnvironment {
  /** The toolbar page's URL: the callback page is beside it, and its origin is the only one answers are taken from. */
  readonly pageUrl: string;
  openWindow(url: string): SignInWindow | null;
  /** Hears messages posted to the toolbar's window and to its sign-in BroadcastChannel; returns how to stop. */
  listen(handler: (message: SignInMessage) => void): () => void;
  readonly fetch: typeof fetch;
  /** The locale the toolbar speaks in (the page's lang, which main.js sets), for a time in a sign-in line; else the browser's. */
  readonly locale?: string;
}

/** The page of the toolbar's origin the sign-in pages return to (the redirect URI an administrator registers). */
export const CALLBACK_PAGE = 'signin-callback.html';
/** The message the callback page sends, and the BroadcastChannel it also uses. */
export const CALLBACK_MESSAGE_TYPE = 'media-toolbar-signin';
/** How often the toolbar looks whether the sign-in window still looks open. */
const WINDOW_CHECK_MS = 500;

/** The redirect URI of a toolbar page: the callback page beside it. */
export function redirectUriOf(pageUrl: string): string {
  return new URL(CALLBACK_PAGE, pageUrl).href;
}

export interface WindowWatchHandlers {
  /** The callback page's address (code and state in it), from the toolbar's origin. The watch is over. */
  answered(callback: URL): void;
  /** No answer within the time allowed. The watch is over. */
  timedOut(): void;
  /** The window looks closed (twice in a row): closed by the agent, or cut off from the toolbar. The watch goes on. */
  seemsClosed(): void;
}

/** One sign-in window, watched until its answer arrives, its time is up, or stop(). */
export class SignInWindowWatch {
  private stopListening: () => void;
  private readonly timers: Array<ReturnType<typeof setTimeout>> = [];
  private over = false;
  private readonly redirectPath: string;

  constructor(
    private readonly env: SignInEnvironment,
    readonly popup: SignInWindow,
    redirectUri: string,
    timeoutMs: number,
    private readonly handlers: WindowWatchHandlers,
  ) {
    const redirect = new URL(redirectUri);
    this.redirectPath = `${redirect.origin}${redirect.pathname}`;
    this.stopListening = env.listen((message) => this.heard(message));
    let closedChecks = 0;
    this.timers.push(
      setTimeout(() => {
        if (this.over) return;
        this.stop();
        handlers.timedOut();
      }, timeoutMs),
      setInterval(() => {
        // Seen closed twice in a row, said once: an answer posted just as the window closed may still be on its way.
        closedChecks = popup.closed ? closedChecks + 1 : 0;
        if (closedChecks === 2) handlers.seemsClosed();
      }, WINDOW_CHECK_MS),
    );
  }

  /** Whether the watch goes on and its window does not look closed. */
  get windowOpen(): boolean {
    return !this.over && !this.popup.closed;
  }

  /** Sends the window to the sign-in pages. */
  navigate(url: string): void {
    this.popup.location.href = url;
  }

  /** The window's part is over: stop listening and watching, and close it (it is the toolbar's own). */
  stop(): void {
    this.over = true;
    this.stopListening();
    this.stopListening = () => undefined;
    // clearTimeout clears an interval too: both share one list of timers (HTML, timers and user prompts, 8.6).
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    if (!this.popup.closed) this.popup.close();
  }

  /** An answer from the callback page, checked: from the toolbar's own origin, of its type, for its redirect URI. */
  private heard(message: SignInMessage): void {
    if (this.over) return;
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
    if (`${callback.origin}${callback.pathname}` !== this.redirectPath) return;
    this.stop();
    this.handlers.answered(callback);
  }
}

/** The browser's own: window.open, messages to this window, and the BroadcastChannel of the callback page. */
export function browserSignInEnvironment(): SignInEnvironment {
  return {
    pageUrl: window.location.href,
    locale: document.documentElement.lang || undefined,
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
