/**
 * The WebSocket to the Genesys bridge, reopened after every loss with exponential backoff and jitter. Written by
 * hand: it is a few dozen lines, and the toolbar is an AMD JET app where every extra library is a loader entry.
 *
 * It knows nothing of the protocol but its close codes: the handler says which subprotocols to offer before each
 * attempt (a fresh token), and hears of sessions opening, frames, and losses.
 */
import { type AgentMessage, type CallMessageKey, say, saidAs } from '../../core/agentMessages';
import { VendorError, messageOf } from '../../core/errors';
import { CLOSE_CODES } from 'protocol/bridgeProtocol';

export interface BridgeSocketOptions {
  readonly url: string;
  /** The first retry waits about this long; each failure in a row doubles it, up to maxDelayMs. */
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  /** In [0, 1): the jitter's source (tests pass a fixed one). */
  readonly random?: () => number;
}

export interface SocketLoss {
  /** Whether a session was open (false: the attempt failed before the bridge accepted it). */
  readonly wasOpen: boolean;
  /** What happened, for the agent (a message of the catalog; what prepare() rejected with, as its message or words). */
  readonly reason: AgentMessage;
  readonly retryInMs: number;
  /** What prepare() rejected with, when that is why the attempt failed (the handler may know its kind). */
  readonly cause?: unknown;
  /** The bridge ended the session because its token expired (close code 4001): a fresh token is the remedy. */
  readonly tokenExpired?: true;
  /**
   * The bridge refused the session's token (close code 4004, the reason in words): the same token would be refused
   * again, so a fresh one (or signing in again) is the remedy.
   */
  readonly tokenRefused?: true;
}

export interface BridgeSocketHandlers {
  /** Before each attempt: the subprotocols to offer. A rejection fails the attempt, with its message as the reason. */
  prepare(): Promise<readonly string[]>;
  /** A session opened; sessions are numbered from 1. */
  opened(session: number): void;
  message(data: unknown, session: number): void;
  lost(loss: SocketLoss): void;
  /** A new attempt begins after a loss. */
  retrying(): void;
}

/** The bridge's close codes that say more than "the connection closed", as messages for the agent. */
const CLOSE_REASONS: Readonly<Record<number, CallMessageKey>> = {
  [CLOSE_CODES.goingAway]: 'genesysBridgeGoingAway',
  [CLOSE_CODES.slowConsumer]: 'genesysFellBehind',
  [CLOSE_CODES.tooManySessions]: 'genesysTooManySessions',
};

/** Close codes the client may send (1000, or the 4000s for applications). */
const NORMAL_CLOSE = 1000;
const RESTART_CLOSE = 4000;

/**
 * The wait before retry number `failures` (1 for the first): "equal jitter", half fixed and half random, so that
 * toolbars that lost the bridge together do not all come back at the same instant, and none retries at once.
 */
export function backoffDelay(failures: number, minMs: number, maxMs: number, random: () => number): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.max(0, Math.min(failures - 1, 30)));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}

export class BridgeSocket {
  private ws: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** Bumped by every attempt and by close(): a late answer of an abandoned attempt sees it changed and is dropped. */
  private attempt = 0;
  private failures = 0;
  private sessions = 0;
  private closed = false;
  private readonly random: () => number;

  constructor(
    private readonly options: BridgeSocketOptions,
    private readonly handlers: BridgeSocketHandlers,
  ) {
    this.random = options.random ?? Math.random;
  }

  /** Starts the first attempt. */
  connect(): void {
    if (this.closed || this.ws || this.retryTimer) return;
    void this.open();
  }

  /**
   * The current session proved useful (the bridge sent its snapshot): the next loss starts the backoff afresh. Not
   * done on open, so that a bridge that accepts and at once closes sessions is still retried ever more slowly.
   */
  healthy(): void {
    this.failures = 0;
  }

  /** Sends a text frame on the open session; false when no session is open (nothing is queued). */
  send(frame: string): boolean {
    const ws = this.ws;
    if (this.closed || !ws || ws.readyState !== ws.OPEN) return false;
    ws.send(frame);
    return true;
  }

  /** Drops the current session (e.g. it never sent its snapshot) and reconnects with backoff. */
  restart(reason: AgentMessage): void {
    const ws = this.ws;
    if (this.closed || !ws) return;
    const wasOpen = ws.readyState === ws.OPEN;
    this.detach(ws, RESTART_CLOSE, 'restart');
    this.lose(wasOpen, reason);
  }

  /** Closes for good: no more attempts, no more calls to the handlers. */
  close(): void {
    this.closed = true;
    this.attempt++;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    if (this.ws) this.detach(this.ws, NORMAL_CLOSE, 'toolbar closed');
  }

  private async open(): Promise<void> {
    const attempt = ++this.attempt;
    let protocols: readonly string[];
    try {
      protocols = await this.handlers.prepare();
    } catch (err) {
      if (attempt === this.attempt) this.lose(false, err instanceof VendorError ? err.said : saidAs(messageOf(err)), undefined, err);
      return;
    }
    if (attempt !== this.attempt) return;
    let ws: WebSocket;
    try {
      ws = new WebSocket(this.options.url, [...protocols]);
    } catch (err) {
      this.lose(false, say('genesysSocketNotOpened', { url: this.options.url, detail: messageOf(err) }));
      return;
    }
    this.ws = ws;
    let session = 0;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      session = ++this.sessions;
      this.guard(() => this.handlers.opened(session));
    };
    ws.onmessage = (event: MessageEvent) => {
      if (this.ws !== ws) return;
      const data: unknown = event.data;
      this.guard(() => this.handlers.message(data, session));
    };
    // A failed socket also closes: onclose says what happened, once.
    ws.onerror = () => undefined;
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return;
      this.ws = null;
      const wasOpen = session > 0;
      if (!wasOpen) {
        this.lose(false, say('genesysBridgeUnreachableAt', { url: this.options.url }));
      } else if (event.code === CLOSE_CODES.tokenExpired) {
        this.lose(true, say('genesysSessionExpired'), 0, undefined, true);
      } else if (event.code === CLOSE_CODES.tokenRefused) {
        this.lose(true, say('genesysSignInRefused', { reason: event.reason || say('noReasonGiven') }), undefined, undefined, false, true);
      } else if (event.code === CLOSE_CODES.keysUnavailable) {
        // Nothing wrong with the token: the bridge cannot check it until its identity provider answers. Retried as any loss.
        this.lose(true, say('genesysCannotCheckSignIns', { reason: event.reason || say('genesysIdentityProviderOutOfReach') }));
      } else if (CLOSE_REASONS[event.code] !== undefined) {
        // Each reconnects as any loss does: the next session's snapshot resynchronizes the calls.
        this.lose(true, say(CLOSE_REASONS[event.code]));
      } else {
        this.lose(true, event.reason ? say('genesysBridgeClosedBecause', { code: event.code, reason: event.reason }) : say('genesysBridgeClosed', { code: event.code }));
      }
    };
  }

  private detach(ws: WebSocket, code: number, reason: string): void {
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
    this.ws = null;
    try {
      ws.close(code, reason);
    } catch {
      // Already closing: nothing more to do.
    }
  }

  private lose(wasOpen: boolean, reason: AgentMessage, delayMs?: number, cause?: unknown, tokenExpired = false, tokenRefused = false): void {
    if (this.closed) return;
    this.failures++;
    const retryInMs = delayMs ?? backoffDelay(this.failures, this.options.minDelayMs, this.options.maxDelayMs, this.random);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (this.closed) return;
      this.guard(() => this.handlers.retrying());
      void this.open();
    }, retryInMs);
    this.guard(() => this.handlers.lost({ wasOpen, reason, retryInMs, ...(cause === undefined ? {} : { cause }), ...(tokenExpired ? { tokenExpired: true as const } : {}), ...(tokenRefused ? { tokenRefused: true as const } : {}) }));
  }

  /** The handlers are the handler's business; whatever they throw must not break the socket's own bookkeeping. */
  private guard(call: () => void): void {
    try {
      call();
    } catch (err) {
      console.error(`[genesys] ${messageOf(err)}`);
    }
  }
}
