/**
 * The bridge's Prometheus metrics (prom-client), one registry per bridge so that several bridges in one process (tests)
 * keep their own counts. Served at GET /metrics in Prometheus' text format. Names follow Prometheus' conventions
 * (https://prometheus.io/docs/practices/naming/): a genesys_bridge_ prefix, base units (seconds), _total for counters.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { BRIDGE_COMMAND_TYPES, RENEW_TOKEN_TYPE } from '../../../protocol/bridgeProtocol';

/** Why the bridge ended or refused a session of its own accord. */
export type SessionEnd = 'slow_consumer' | 'dead_peer' | 'too_many_sessions';

export interface MetricsSources {
  /** Open WebSocket sessions. */
  readonly sessions: () => number;
  readonly linkConnected: () => boolean;
  readonly draining: () => boolean;
}

/** The commands, and the session's RenewToken frame. */
const KNOWN_TYPES = new Set<string>([...BRIDGE_COMMAND_TYPES, RENEW_TOKEN_TYPE]);

export class BridgeMetrics {
  readonly registry = new Registry();
  private readonly commands: Counter<'type' | 'result'>;
  private readonly eventsOut: Counter;
  private readonly eventLatency: Histogram;
  private readonly tokenFailures: Counter<'code' | 'reason'>;
  private readonly sessionsEnded: Counter<'reason'>;
  private readonly rateLimited: Counter<'scope'>;
  /** Frames sent since the last scrape: counted here, and added to eventsOut when it is collected (see frameSent). */
  private framesUncounted = 0;

  constructor(sources: MetricsSources) {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'genesys_bridge_' });
    new Gauge({ name: 'genesys_bridge_sessions', help: 'Open WebSocket sessions', registers, collect() {
      this.set(sources.sessions());
    } });
    new Gauge({ name: 'genesys_bridge_backend_link_up', help: '1 while the link to T-Server is up, else 0', registers, collect() {
      this.set(sources.linkConnected() ? 1 : 0);
    } });
    new Gauge({ name: 'genesys_bridge_draining', help: '1 from SIGTERM until exit (readiness is then 503), else 0', registers, collect() {
      this.set(sources.draining() ? 1 : 0);
    } });
    this.commands = new Counter({
      name: 'genesys_bridge_commands_total',
      help: 'Commands received (REST and WebSocket), by type and result: ok, or the errorCode of the refusal',
      labelNames: ['type', 'result'],
      registers,
    });
    this.eventsOut = new Counter({
      name: 'genesys_bridge_events_out_total',
      help: 'Frames sent to WebSocket sessions',
      registers,
      collect: () => this.countFramesSent(),
    });
    this.eventLatency = new Histogram({
      name: 'genesys_bridge_event_latency_seconds',
      help: 'From T-Server producing an event to the bridge handing it to its sessions',
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    });
    this.tokenFailures = new Counter({
      name: 'genesys_bridge_token_failures_total',
      help:
        'Requests, WebSocket sessions and token renewals refused for their token, by code (UNAUTHORIZED: not a good token; FORBIDDEN: a good token the bridge cannot serve; LINK_DOWN: the identity provider\'s keys out of reach) and reason (missing, malformed, signature, unknown_key, issuer, audience, expired, claims, no_agent, unknown_agent, no_dn, dn_conflict, keys_unavailable; with the Workspace backend: backend_refused, backend_unavailable)',
      labelNames: ['code', 'reason'],
      registers,
    });
    this.sessionsEnded = new Counter({
      name: 'genesys_bridge_sessions_ended_total',
      help: 'Sessions the bridge ended or refused of its own accord: slow_consumer (4002), dead_peer (no pong), too_many_sessions (4003)',
      labelNames: ['reason'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'genesys_bridge_rate_limited_total',
      help: 'Requests and commands refused RATE_LIMITED, by the limit hit: ip_requests, session_commands, agent_commands, ip_commands',
      labelNames: ['scope'],
      registers,
    });
  }

  /** A command's outcome; a type the protocol does not know counts as "unknown" (labels stay few). */
  command(type: unknown, result: string): void {
    this.commands.inc({ type: typeof type === 'string' && KNOWN_TYPES.has(type) ? type : 'unknown', result });
  }

  /** Counted in a plain number, added to the counter when it is read: prom-client's inc() allocates, and every frame passes here. */
  frameSent(): void {
    this.framesUncounted += 1;
  }

  private countFramesSent(): void {
    if (this.framesUncounted === 0) return;
    this.eventsOut.inc(this.framesUncounted);
    this.framesUncounted = 0;
  }

  /** An event handed to its sessions; `time` is when T-Server produced it (performance.timeOrigin + performance.now()). */
  eventDelivered(time: number): void {
    this.eventLatency.observe(Math.max(0, performance.timeOrigin + performance.now() - time) / 1000);
  }

  tokenRefused(code: string, reason: string): void {
    this.tokenFailures.inc({ code, reason });
  }

  sessionEnded(reason: SessionEnd): void {
    this.sessionsEnded.inc({ reason });
  }

  limited(scope: 'ip_requests' | 'session_commands' | 'agent_commands' | 'ip_commands'): void {
    this.rateLimited.inc({ scope });
  }
}
