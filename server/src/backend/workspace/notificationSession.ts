/**
 * One agent's CometD session with GWS (long polling at /workspace/v3/notifications): the handshake with the agent's
 * cookies, the subscriptions to the workspace channels, and what becomes of the connection: broken (notifications
 * may be lost), back (what was missed must be fetched), or ended by GWS for good.
 *
 * The CometD client reconnects by itself: it retries a broken long poll with backoff, and handshakes again when the
 * server no longer knows the session (a GWS restart), which clears the subscriptions, so they are made again after
 * every successful handshake (https://docs.cometd.org/current/reference/#_javascript_subscribe, "subscriptions are
 * cleared on re-handshake"). GWS's channels: /workspace/v3/initialization, /workspace/v3/voice, /workspace/v3/media
 * (genesys-workspace-client-js, src/index.js; Genesys' Agent API Simulator, src/service/controllers/messaging.js).
 */
import { CometD, type Message } from 'cometd';
import { agentTransport, ensureCometdRuntime } from './cometdRuntime';
import type { CookieJar } from './cookieJar';

export const WORKSPACE_CHANNELS = ['/workspace/v3/initialization', '/workspace/v3/voice', '/workspace/v3/media'] as const;

export interface NotificationHandlers {
  /** A notification on one of WORKSPACE_CHANNELS. */
  message(channel: string, data: unknown): void;
  /** The long poll is connected again after a break, or a new handshake was accepted: what was missed must be fetched. */
  reconnected(): void;
  /** The connection broke; the client keeps trying. `unreachable`: GWS did not answer at all (no HTTP answer). */
  broken(reason: string, unreachable: boolean): void;
  /** GWS refused the session for good (the credentials or the session are no longer valid); the client stopped. */
  ended(reason: string): void;
}

export interface NotificationOptions {
  /** GWS's base URL, without a trailing slash. */
  readonly baseUrl: string;
  readonly jar: CookieJar;
  /** Headers every CometD request carries (x-api-key). */
  readonly headers: Readonly<Record<string, string>>;
  readonly handlers: NotificationHandlers;
}

/** The longest wait between two attempts to reach a GWS that does not answer. */
const MAX_BACKOFF_MS = 10_000;
/** How long closing waits for GWS to answer the /meta/disconnect. */
const DISCONNECT_WAIT_MS = 1000;

export class NotificationSession {
  private readonly cometd: CometD;
  private connected = false;
  /** A handshake succeeded at least once. */
  private established = false;
  private broke = false;
  private stopped = false;
  private firstHandshake: { resolve: () => void; reject: (error: Error) => void } | undefined;

  constructor(private readonly options: NotificationOptions) {
    ensureCometdRuntime();
    this.cometd = new CometD();
    // GWS speaks long polling (the client would otherwise try a WebSocket first), here with the agent's own cookies.
    this.cometd.unregisterTransports();
    this.cometd.registerTransport('long-polling', agentTransport(options.jar));
    this.cometd.configure({
      url: `${options.baseUrl}/workspace/v3/notifications`,
      requestHeaders: { ...options.headers },
      maxBackoff: MAX_BACKOFF_MS,
      // At warn, the client logs no message content (call data) and no headers.
      logLevel: 'warn',
    });
    this.cometd.addListener('/meta/handshake', (message: Message) => this.onHandshake(message));
    this.cometd.addListener('/meta/connect', (message: Message) => this.onConnect(message));
  }

  /** Handshakes; resolves once GWS accepted the session, rejects when it refuses it or is not reached in time. */
  start(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.firstHandshake = undefined;
        void this.close();
        reject(new Error(`the notification session was not accepted within ${timeoutMs} ms`));
      }, timeoutMs);
      this.firstHandshake = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.cometd.handshake();
    });
  }

  /**
   * Ends the session (a /meta/disconnect to GWS); nothing more is reported. Resolves once GWS answered it, or after
   * DISCONNECT_WAIT_MS: a GWS that does not answer is not waited for.
   */
  close(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.stopped = true;
    if (this.cometd.isDisconnected()) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, DISCONNECT_WAIT_MS);
      this.cometd.disconnect(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private onHandshake(message: Message): void {
    if (this.stopped) return;
    if (message.successful === true) {
      // Subscriptions, not listeners: the client sends no /meta/subscribe for a channel that already has a listener
      // (cometd's subscribe() counts listeners as subscriptions), and GWS delivers only to subscribers.
      this.cometd.batch(() => {
        for (const channel of WORKSPACE_CHANNELS) {
          this.cometd.subscribe(
            channel,
            (delivered: Message) => {
              if (!this.stopped) this.options.handlers.message(channel, delivered.data);
            },
            (reply: Message) => {
              if (reply.successful !== true && !this.stopped) this.end(`GWS refused the subscription to ${channel} (${typeof reply.error === 'string' ? reply.error : 'no reason given'})`);
            },
          );
        }
      });
      const again = this.established;
      this.established = true;
      const first = this.firstHandshake;
      this.firstHandshake = undefined;
      first?.resolve();
      if (again) this.comeBack();
      return;
    }
    const refusal = refusalOf(message);
    if (refusal !== undefined) {
      this.end(`GWS refused the notification session (${refusal})`);
      return;
    }
    // Not reached (yet): the client tries again with backoff.
    if (this.established) this.breakDown(`GWS's notifications cannot be reached (${failureOf(message)})`, unanswered(message));
  }

  private onConnect(message: Message): void {
    if (this.stopped) return;
    if (this.cometd.isDisconnected()) {
      // The server ended the session and advised not to come back (or handshaking failed for good).
      this.end('GWS ended the notification session');
      return;
    }
    // GWS answering the long poll 401 or 403 no longer knows the session (restarted, or the session ended): the client
    // would retry forever, so the session ends here.
    const refusal = message.successful === true ? undefined : refusalOf(message);
    if (refusal !== undefined) {
      this.end(`GWS no longer accepts the notification session (${refusal})`);
      return;
    }
    const wasConnected = this.connected;
    this.connected = message.successful === true;
    if (!wasConnected && this.connected && this.broke) this.comeBack();
    else if (wasConnected && !this.connected) this.breakDown(`GWS's notifications were interrupted (${failureOf(message)})`, unanswered(message));
  }

  private breakDown(reason: string, unreachable: boolean): void {
    if (this.broke) return;
    this.broke = true;
    this.options.handlers.broken(reason, unreachable);
  }

  private comeBack(): void {
    this.broke = false;
    this.options.handlers.reconnected();
  }

  private end(reason: string): void {
    const first = this.firstHandshake;
    this.firstHandshake = undefined;
    void this.close();
    if (first) first.reject(new SessionRefused(reason));
    else this.options.handlers.ended(reason);
  }
}

/** GWS refused the credentials or the session. */
export class SessionRefused extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'SessionRefused';
  }
}

/** The HTTP status or Bayeux error of a refusal that trying again will not change (401, 403), if it is one. */
function refusalOf(message: Message): string | undefined {
  const failure = (message as { failure?: { httpCode?: unknown } }).failure;
  const httpCode = failure?.httpCode;
  if (httpCode === 401 || httpCode === 403) return `HTTP ${httpCode}`;
  if (typeof message.error === 'string' && /^40[13]:/.test(message.error)) return message.error;
  return undefined;
}

/** No HTTP answer at all (refused, reset, timed out): GWS itself cannot be reached. */
function unanswered(message: Message): boolean {
  const failure = (message as { failure?: { httpCode?: unknown } }).failure;
  return failure !== undefined && (failure.httpCode === undefined || failure.httpCode === 0) && typeof message.error !== 'string';
}

function failureOf(message: Message): string {
  const failure = (message as { failure?: { httpCode?: unknown; reason?: unknown } }).failure;
  if (typeof failure?.httpCode === 'number' && failure.httpCode !== 0) return `HTTP ${failure.httpCode}`;
  if (typeof failure?.reason === 'string' && failure.reason !== '') return failure.reason;
  if (typeof message.error === 'string') return message.error;
  return 'no answer';
}
