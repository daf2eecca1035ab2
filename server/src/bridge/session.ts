/**
 * One WebSocket session of one agent. It holds back pushed frames until the session's RegisteredEvent snapshot has
 * been sent (on connect, and again when the T-Server link returns), so that the snapshot always comes first and no
 * event that happened while it was being taken is lost; an event already reflected in the snapshot may arrive
 * after it, which clients absorb (events are idempotent facts about a call).
 */
import { CLOSE_CODES } from '../../../protocol/bridgeProtocol';
import { wsCloseReason } from './wsCloseReason';

/** Who a session or request acts for: the agent, their DN (from the server's table) and when their token expires. */
export interface AgentIdentity {
  readonly agentId: string;
  readonly dn: string;
  /**
   * Epoch milliseconds; absent for the token-less development agent, and where the backend verified the agent's own
   * credentials (their Workspace session ends when Genesys says so, not at a time the bridge knows).
   */
  readonly tokenExpiresAt?: number;
  /** The tutorial's token-less client (development mode only), which the bridge serves as the tutorial's service did. */
  readonly tokenless?: true;
}

/** The part of a ws WebSocket a session uses. */
export interface SessionSocket {
  send(frame: string): void;
  close(code: number, reason: string): void;
  terminate(): void;
  /** Bytes sent but not yet handed to the network (ws: its socket's and its sender's queues). */
  readonly bufferedAmount: number;
}

export interface SessionOptions {
  /**
   * The most bytes that may wait for a client (limits.sendBufferBytes). A client past it is closed as a slow consumer
   * (CLOSE_CODES.slowConsumer) and sent nothing more: a client that stops reading (a laptop gone to sleep) must not
   * make the bridge's memory grow without bound. ws then ends the connection within its close timeout (30 s).
   */
  readonly sendBufferBytes: number;
  /** Told of each frame sent (for metrics). */
  readonly onSent?: () => void;
  /** Told when the session is closed as a slow consumer (for metrics and logs). */
  readonly onSlowConsumer?: (session: Session) => void;
}

/** Frames held while a snapshot is being taken; beyond this the snapshot is hopelessly late. */
const MAX_HELD_FRAMES = 1000;
/** setTimeout's ceiling (about 24.8 days); a later expiry is re-armed in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export class Session {
  /** Frames waiting for a snapshot; null when none is pending. */
  private held: string[] | null = null;
  /** Which snapshot the session waits for: only the latest one requested may release the held frames. */
  private snapshotTicket = 0;
  private closed = false;
  private expiryTimer: NodeJS.Timeout | undefined;
  private identity: AgentIdentity;

  constructor(
    agent: AgentIdentity,
    private readonly socket: SessionSocket,
    private readonly options: SessionOptions = { sendBufferBytes: Number.POSITIVE_INFINITY },
  ) {
    this.identity = agent;
    // One timer per session (rather than checking lazily on the next frame) so that an idle session still ends when
    // its token does: the client must renew its token (renew()) or come back with a fresh one to keep hearing about
    // its calls.
    if (agent.tokenExpiresAt !== undefined) this.armExpiry(agent.tokenExpiresAt);
  }

  get agent(): AgentIdentity {
    return this.identity;
  }

  /**
   * The client renewed its token (verified, same agent and DN: AgentAuthenticator.renew): the session now lives until
   * the new token's expiry, without a reconnect. A closed session stays closed.
   */
  renew(renewed: AgentIdentity): void {
    if (this.closed || renewed.agentId !== this.identity.agentId || renewed.dn !== this.identity.dn) return;
    this.identity = renewed;
    if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
    if (renewed.tokenExpiresAt !== undefined) this.armExpiry(renewed.tokenExpiresAt);
  }

  get dn(): string {
    return this.agent.dn;
  }

  /** False from the moment the bridge starts closing the session: it then acts on no further frame. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Sends a serialized PushedEvent, or holds it while a snapshot is pending. */
  deliver(frame: string): void {
    if (this.closed) return;
    if (this.held === null) {
      this.send(frame);
      return;
    }
    this.held.push(frame);
    if (this.held.length > MAX_HELD_FRAMES) this.close(CLOSE_CODES.internalError, 'snapshot unavailable');
  }

  /**
   * From now on, frames wait for sendSnapshot() with the returned ticket. A snapshot requested earlier and still
   * being taken is superseded: it may predate frames this one will release, so sending it would contradict them.
   */
  awaitSnapshot(): number {
    if (this.held === null) this.held = [];
    this.snapshotTicket += 1;
    return this.snapshotTicket;
  }

  /** Sends the snapshot, then whatever was held back while it was taken; a superseded snapshot is dropped. */
  sendSnapshot(frame: string, ticket: number): void {
    if (this.closed || ticket !== this.snapshotTicket) return;
    const held = this.held ?? [];
    this.held = null;
    this.send(frame);
    for (const heldFrame of held) this.send(heldFrame);
  }

  private send(frame: string): void {
    if (this.closed) return;
    this.socket.send(frame);
    this.options.onSent?.();
    if (this.socket.bufferedAmount > this.options.sendBufferBytes) {
      this.close(CLOSE_CODES.slowConsumer, 'too far behind reading: reconnect');
      this.options.onSlowConsumer?.(this);
    }
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.dispose();
    this.socket.close(code, wsCloseReason(reason));
  }

  /** Drops the connection without a closing handshake, as a network failure would. */
  terminate(): void {
    this.dispose();
    this.socket.terminate();
  }

  /** Releases the session's resources; called when its socket closes, however that happened. */
  dispose(): void {
    this.closed = true;
    this.held = null;
    if (this.expiryTimer !== undefined) clearTimeout(this.expiryTimer);
    this.expiryTimer = undefined;
  }

  private armExpiry(expiresAt: number): void {
    const delay = expiresAt - Date.now();
    if (delay <= 0) {
      this.close(CLOSE_CODES.tokenExpired, 'token expired');
      return;
    }
    this.expiryTimer = setTimeout(() => this.armExpiry(expiresAt), Math.min(delay, MAX_TIMER_MS));
    // Sessions must not keep a closing process alive.
    this.expiryTimer.unref();
  }
}
