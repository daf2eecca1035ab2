/**
 * The Workspace API backend: Genesys Web Services 9 behind the bridge's TelephonyBackend port. Unlike T-Server's one
 * shared link, each agent has a Workspace session of their own (workspaceAgent.ts), opened with the credentials their
 * toolbar presents (AgentSessions.open). The bridge routes by DN as ever; which DN is an agent's, Genesys says.
 *
 * - Credentials already seen join the session they opened. New credentials of an agent whose session is open (a
 *   second tab, a renewed token) join it too, so that no two sessions of one agent compete for their DN: GWS is asked
 *   whose they are first (current-session with them alone), and otherwise a session is opened and, should it turn out
 *   to be that agent's, let go again. (Genesys' simulator keeps one notification session per user: closing either of
 *   two would silence both, hence the asking first.)
 * - A session no bridge session holds (unregister(): the DN's last one left; or opened for a REST command alone, as
 *   when a balancer sends a command to an instance that does not hold the agent's WebSocket) is let go lingerMs
 *   after its last use, unless the DN is registered meanwhile (a toolbar reloading): its notifications stop and GWS
 *   ends it when it times out, as when a Workspace Web Edition tab is closed; the agent stays logged in on the DN
 *   until then. The bridge never logs an agent out of their voice channel by itself.
 * - linkConnected is whether GWS answers at all (any HTTP answer). Each agent's own link (their notifications, the
 *   voice service for them) is reported with their DN.
 */
import { createHash } from 'node:crypto';
import type { BackendLog } from '../backendLog';
import {
  TServerError,
  type AgentLine,
  type AgentSessions,
  type DnStatus,
  type TelephonyBackend,
  type TEvent,
  type TEventListener,
  type TRequest,
  type UnstampedTEvent,
} from '../telephonyBackend';
import type { WorkspaceConfig } from '../../config';
import { unreachableBecause } from './gwsRest';
import { WorkspaceAgent, type AgentContext } from './workspaceAgent';

/** How often an unreachable GWS is tried again, so that /readyz says when it is back. */
const PROBE_INTERVAL_MS = 5000;
/** How long an agent's session is kept after its last use by no bridge session: a toolbar reloading finds it open. */
const LINGER_MS = 10_000;

export interface WorkspaceBackendOptions {
  /** How long a session no bridge session holds is kept after its last use (LINGER_MS unless a test says). */
  readonly lingerMs?: number;
}

export class WorkspaceBackend implements TelephonyBackend {
  readonly agentSessions: AgentSessions = { open: (credentials) => this.openAgent(credentials) };
  private listener: TEventListener | undefined;
  private readonly byDn = new Map<string, WorkspaceAgent>();
  /** Credentials (their SHA-256, never the credentials themselves) → the session serving them. */
  private readonly byCredentials = new Map<string, WorkspaceAgent>();
  private readonly opening = new Map<string, Promise<WorkspaceAgent>>();
  /** Sessions no bridge session holds, each with the timer that lets it go. */
  private readonly lingering = new Map<WorkspaceAgent, NodeJS.Timeout>();
  /** Sessions whose DN is registered: a bridge session holds them. */
  private readonly held = new Set<WorkspaceAgent>();
  private readonly lingerMs: number;
  private reachable = true;
  private probeTimer: NodeJS.Timeout | undefined;
  private lastReferenceId = 0;
  private closed = false;
  private readonly baseUrl: string;

  constructor(
    private readonly config: WorkspaceConfig,
    private readonly log: BackendLog,
    options: WorkspaceBackendOptions = {},
  ) {
    this.lingerMs = options.lingerMs ?? LINGER_MS;
    this.baseUrl = config.baseUrl.replace(/\/+$/, '');
    this.probe();
  }

  get linkConnected(): boolean {
    return this.reachable;
  }

  onEvent(listener: TEventListener): void {
    this.listener = listener;
  }

  async register(dn: string): Promise<DnStatus> {
    const agent = this.agentAt(dn);
    this.held.add(agent);
    clearTimeout(this.lingering.get(agent));
    this.lingering.delete(agent);
    return agent.status();
  }

  async unregister(dn: string): Promise<void> {
    const agent = this.byDn.get(dn);
    if (agent === undefined) return;
    this.held.delete(agent);
    this.letGoUnlessUsed(agent);
  }

  /** Lets a session no bridge session holds go lingerMs from now, unless it is held or used again before. */
  private letGoUnlessUsed(agent: WorkspaceAgent): void {
    if (this.held.has(agent) || this.closed) return;
    clearTimeout(this.lingering.get(agent));
    const timer = setTimeout(() => {
      this.lingering.delete(agent);
      this.forget(agent);
      void agent.close();
      this.log.info({ agentId: agent.agentId, dn: agent.dn }, 'the agent\'s Genesys session is no longer used: let go');
    }, this.lingerMs);
    timer.unref();
    this.lingering.set(agent, timer);
  }

  async query(dn: string): Promise<DnStatus> {
    return this.agentAt(dn).status();
  }

  request(dn: string, request: TRequest): Promise<TEvent> {
    const agent = this.agentAt(dn);
    this.letGoUnlessUsed(agent);
    return agent.request(request);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.probeTimer);
    for (const timer of this.lingering.values()) clearTimeout(timer);
    this.lingering.clear();
    const agents = new Set([...this.byDn.values(), ...this.byCredentials.values()]);
    this.byDn.clear();
    this.byCredentials.clear();
    this.listener = undefined;
    await Promise.all([...agents].map((agent) => agent.close()));
  }

  // ---- Agents' sessions ----------------------------------------------------------------------------------------

  private async openAgent(credentials: string): Promise<AgentLine> {
    if (this.closed) throw new TServerError('LINK_DOWN', 'the bridge is closing');
    const key = createHash('sha256').update(credentials).digest('hex');
    const known = this.byCredentials.get(key);
    if (known?.isOpen) return { agentId: known.agentId, dn: known.dn };
    let opening = this.opening.get(key);
    if (opening === undefined) {
      opening = this.startAgent(credentials).finally(() => this.opening.delete(key));
      this.opening.set(key, opening);
    }
    const agent = await opening;
    this.byCredentials.set(key, agent);
    // Held once a bridge session registers its DN; a REST command alone does not, and must not keep it for ever.
    this.letGoUnlessUsed(agent);
    return { agentId: agent.agentId, dn: agent.dn };
  }

  private async startAgent(credentials: string): Promise<WorkspaceAgent> {
    const open = [...this.byDn.values()].filter((agent) => agent.isOpen);
    if (open.length > 0) {
      const userName = await WorkspaceAgent.whoIs(credentials, this.agentContext());
      const same = open.find((agent) => agent.agentId === userName);
      if (same !== undefined) return same;
    }
    const agent = await WorkspaceAgent.open(credentials, this.agentContext());
    if (this.closed) {
      void agent.close();
      throw new TServerError('LINK_DOWN', 'the bridge is closing');
    }
    const current = this.byDn.get(agent.dn);
    if (current?.isOpen && current.agentId === agent.agentId) {
      // The same agent with other credentials: the session already serving the DN stays the one.
      void agent.close();
      return current;
    }
    if (current !== undefined) {
      this.log.warn({ dn: agent.dn, agentId: agent.agentId, previous: current.agentId }, 'Genesys gave a DN in use by another agent\'s session to a new one: the newer session takes it');
      // Ended, not just dropped: the previous agent's toolbars on the DN are closed (4001) rather than left to see the
      // new agent's calls and act on them through the new agent's session.
      this.forget(current);
      current.end('Genesys gave this DN to another agent: sign in again');
    }
    this.byDn.set(agent.dn, agent);
    return agent;
  }

  private agentContext(): AgentContext {
    return {
      baseUrl: this.baseUrl,
      signIn: this.config.signIn,
      ...(this.config.apiKey === undefined ? {} : { apiKey: this.config.apiKey }),
      requestTimeoutMs: this.config.requestTimeoutMs,
      cometdTimeoutMs: this.config.cometdTimeoutMs,
      log: this.log,
      nextReferenceId: () => ++this.lastReferenceId,
      emit: (event) => this.emit(event),
      onReach: (reached) => this.reached(reached),
      onEnded: (ended) => this.forget(ended),
    };
  }

  private forget(agent: WorkspaceAgent): void {
    clearTimeout(this.lingering.get(agent));
    this.lingering.delete(agent);
    this.held.delete(agent);
    for (const [key, candidate] of this.byCredentials) if (candidate === agent) this.byCredentials.delete(key);
    for (const [dn, candidate] of this.byDn) if (candidate === agent) this.byDn.delete(dn);
  }

  private agentAt(dn: string): WorkspaceAgent {
    const agent = this.byDn.get(dn);
    if (agent === undefined || !agent.isOpen) {
      throw new TServerError('LINK_DOWN', `no Genesys session is open for DN ${dn}: the agent signs in with Genesys first`);
    }
    return agent;
  }

  private emit(unstamped: UnstampedTEvent): TEvent {
    // Stamped as received, on the clock every process shares (as the simulator stamps its events).
    const event = { ...unstamped, time: performance.timeOrigin + performance.now() } as TEvent;
    const listener = this.listener;
    if (listener !== undefined && !this.closed) {
      try {
        listener(event);
      } catch (error) {
        this.log.error({ event: event.name, dn: event.thisDN, err: error instanceof Error ? error.message : String(error) }, 'the bridge\'s event listener threw');
      }
    }
    return event;
  }

  // ---- Whether GWS answers -------------------------------------------------------------------------------------

  private reached(reached: boolean): void {
    if (reached === this.reachable) return;
    this.reachable = reached;
    if (reached) {
      this.log.info({ baseUrl: this.baseUrl }, 'Genesys Web Services answers again');
      clearTimeout(this.probeTimer);
    } else {
      this.log.warn({ baseUrl: this.baseUrl }, 'Genesys Web Services cannot be reached');
      this.scheduleProbe();
    }
  }

  /** Any HTTP answer, even a refusal, says GWS is there; no credentials are sent. */
  private probe(): void {
    if (this.closed) return;
    void unreachableBecause(this.baseUrl, this.config.requestTimeoutMs).then((cause) => {
      if (this.closed) return;
      if (cause === undefined) {
        this.reached(true);
        return;
      }
      if (this.reachable) this.log.warn({ baseUrl: this.baseUrl, cause }, 'Genesys Web Services cannot be reached');
      this.reachable = false;
      this.scheduleProbe();
    });
  }

  private scheduleProbe(): void {
    if (this.closed) return;
    clearTimeout(this.probeTimer);
    this.probeTimer = setTimeout(() => this.probe(), PROBE_INTERVAL_MS);
    this.probeTimer.unref();
  }
}
