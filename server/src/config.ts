/**
 * The bridge's configuration. Read from a JSON file (--config path, or GENESYS_BRIDGE_CONFIG) and the command line,
 * over these defaults: the development set-up of `npm start` (loopback, simulator, the tutorial's token-less agent).
 */

export type BridgeMode =
  /** Serves the tutorial's token-less single-agent client (as devAgent) beside token holders. Never in production. */
  | 'development'
  /** Every session and request needs a signed token; WebSocket upgrades must come from an allowed origin. */
  | 'secure';

export interface AgentEntry {
  /** The agent's DN (their place's extension): the only DN their commands may touch. */
  readonly dn: string;
}

export interface AuthConfig {
  /** Public keys that sign agent tokens (a JWKS, as an identity provider publishes it). */
  readonly jwks?: { readonly keys: readonly Record<string, unknown>[] };
  /** Or where to fetch them. */
  readonly jwksUrl?: string;
  readonly issuer?: string;
  readonly audience?: string;
  /** Which claim names the agent (matched against `agents`). */
  readonly agentClaim: string;
  /**
   * Which claim, if any, holds the agent's DN. A token with it gives the DN (it may not be a DN `agents` gives another
   * agent, nor one another agent's sessions use); a token without it falls back to `agents`.
   */
  readonly dnClaim?: string;
  /** With jwksUrl: how long fetched keys are used before they are fetched again (jose's cacheMaxAge). */
  readonly jwksCacheMaxAgeMs: number;
  /** With jwksUrl: after a fetch, how long a token with an unknown key id waits for the next one (jose's cooldownDuration). */
  readonly jwksCooldownMs: number;
  /** With jwksUrl: how long one fetch of the keys may take (jose's timeoutDuration). */
  readonly jwksTimeoutMs: number;
}

export interface SimulatorConfig {
  readonly ringTimeoutMs: number | null;
  readonly dialTimeoutMs: number | null;
  /**
   * The DN whose phone plays the colleague an agent transfers calls to, and who transfers calls to agents: the
   * Customer panel and the contract tests drive it through the simulator's phone controls. A DN of the switch (added
   * to it when no agent has it); an agent's DN works too, that agent's toolbar then hearing those calls as well.
   * null: none (transfers still go to any DN of the switch).
   */
  readonly transferTarget: string | null;
  /**
   * Whether the simulator's control routes (/simulator/*: the customer, the callee, the softphone, the link) are
   * served. Absent: served in development mode only. They act for every agent without a token, so secure mode never
   * serves them and a configuration asking for them there is refused (see simulatorRoutesServed).
   */
  readonly controlRoutes?: boolean;
}

/**
 * The Workspace API backend (backend "workspace"): Genesys Web Services 9, one session per agent, opened with the
 * credentials the agent's toolbar presents (never a password; the bridge stores none).
 */
export interface WorkspaceConfig {
  /** Where GWS answers: its REST API is under /workspace/v3, its CometD notifications under /workspace/v3/notifications. */
  readonly baseUrl: string;
  /**
   * How an agent's credentials reach GWS. `oauth2`: the agent's GWS access token as a Bearer token on
   * initialize-workspace, then the session cookie GWS issues (real GWS). `agentApiSimulator`: the code Genesys' Agent
   * API Simulator's /auth/v3/sign-in issues, as its WWE_CODE cookie (the simulator knows no Bearer tokens there).
   */
  readonly signIn: 'oauth2' | 'agentApiSimulator';
  /**
   * The bridge's OAuth 2 client at GWS's authentication service, for exchanging an agent's sign-in code for a token
   * on the server side (the secret must stay off the browser). Set both or neither; never logged.
   */
  readonly clientId?: string;
  readonly clientSecret?: string;
  /** Sent as x-api-key on every request, where the deployment requires one; never logged. */
  readonly apiKey?: string;
  /** How long one REST request to GWS, and the event that confirms it, may take. */
  readonly requestTimeoutMs: number;
  /** How long opening an agent's notification session may take (handshake, workspace initialization, the DN's state). */
  readonly cometdTimeoutMs: number;
}

export interface LimitsConfig {
  /**
   * The most calls one DN holds at once (at most MAX_CALLS_PER_DN, what the toolbar accepts in a snapshot). A call
   * beyond it is refused where it enters: the customer's call hears busy, the agent's MakeCall is refused.
   */
  readonly callsPerDn: number;
  /**
   * The most WebSocket sessions one agent may hold at once. One more is refused (CLOSE_CODES.tooManySessions) and the
   * open ones go on: a session in use is never cut by another one opening, and those of a toolbar that vanished are
   * dropped by pings within two intervals, after which the refused toolbar's retry gets in.
   */
  readonly sessionsPerAgent: number;
  /** The most bytes waiting for one session's client before it is closed as a slow consumer (CLOSE_CODES.slowConsumer). */
  readonly sendBufferBytes: number;
  /**
   * HTTP requests (commands, WebSocket upgrades, everything but health and metrics) per client address per minute,
   * counted before any token is verified: a loose guard against floods, not a per-agent limit (agents behind one NAT
   * share it).
   */
  readonly requestsPerMinutePerIp: number;
  /** Commands per second of one WebSocket session, and of one agent over REST (bursts of twice that pass). */
  readonly commandsPerSecond: number;
  /**
   * Commands per second from one client address, REST and WebSocket together (bursts of twice that pass): a loose
   * ceiling, taken only by commands their session's or agent's own limit let through.
   */
  readonly commandsPerSecondPerIp: number;
}

export interface ShutdownConfig {
  /**
   * On SIGTERM the bridge stops being ready, refuses new sessions and closes the open ones (going away); it waits up to
   * this long for their clients to answer, then exits.
   */
  readonly graceMs: number;
  /**
   * Before that, how long the bridge stays not ready while still serving everything (new sessions included), so that
   * the load balancer's health checks notice and stop sending clients here before the open sessions are told to go
   * (which would otherwise reconnect through the balancer to this same instance). 0: at once.
   */
  readonly readinessDelayMs: number;
}

export interface MetricsConfig {
  /**
   * null: /metrics is served with everything else. A port (0 picks a free one): /metrics is served only by a second
   * listener on 127.0.0.1 at that port, for a Prometheus or an agent on the same host, out of the proxy's reach.
   */
  readonly port: number | null;
}

/** PEM files for serving HTTPS and WSS itself, without a TLS proxy in front (see tls.ts for the checks at start). */
export interface TlsConfig {
  /** The certificate, or the chain with the server's certificate first. */
  readonly certFile: string;
  /** Its private key, unencrypted. */
  readonly keyFile: string;
}

export interface WebSocketConfig {
  /** How often every session is pinged; one that has not answered the previous ping is dropped. */
  readonly pingIntervalMs: number;
}

export interface BridgeConfig {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly mode: BridgeMode;
  /** agentId → DN. The server's word, never the client's. */
  readonly agents: Readonly<Record<string, AgentEntry>>;
  /** The agent a token-less development client acts as. */
  readonly devAgent: string;
  /** Origins allowed to call the bridge (CORS) and, in secure mode, to open WebSockets. */
  readonly allowedOrigins: readonly string[];
  /**
   * Addresses or CIDR ranges of the proxies in front of the bridge (nginx, a load balancer). A request from one of
   * them is taken to come from the client its X-Forwarded-For names, so per-address limits apply to each agent rather
   * than to the proxy. Empty: the peer's address, X-Forwarded-For ignored (a client could otherwise name any address).
   */
  readonly trustProxy: readonly string[];
  /** null: plain HTTP (a TLS proxy such as nginx in front, or loopback). */
  readonly tls: TlsConfig | null;
  readonly auth: AuthConfig;
  /** simulator: the built-in T-Server simulator. workspace: Genesys Web Services' Workspace API (`workspace` says where). */
  readonly backend: 'simulator' | 'workspace';
  readonly simulator: SimulatorConfig;
  /** Only with backend "workspace" (and required then). */
  readonly workspace?: WorkspaceConfig;
  readonly limits: LimitsConfig;
  readonly websocket: WebSocketConfig;
  readonly shutdown: ShutdownConfig;
  readonly metrics: MetricsConfig;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

/** Settings over DEFAULT_CONFIG, as startBridge takes them: the groups (auth, simulator, limits, websocket) key by key. */
export type ConfigOverrides = {
  readonly [K in keyof BridgeConfig]?: K extends 'auth' | 'simulator' | 'limits' | 'websocket' | 'shutdown' | 'metrics' | 'workspace'
    ? Partial<BridgeConfig[K]>
    : BridgeConfig[K];
};

/** What a `workspace` block leaves out. */
export const WORKSPACE_DEFAULTS: Omit<WorkspaceConfig, 'baseUrl'> = {
  signIn: 'oauth2',
  requestTimeoutMs: 10_000,
  // GWS initializes a workspace and logs the agent's DN in asynchronously; Genesys' simulator takes about 2 s.
  cometdTimeoutMs: 30_000,
};

export const DEFAULT_CONFIG: BridgeConfig = {
  host: '127.0.0.1',
  port: 8087,
  mode: 'development',
  agents: { agent1: { dn: '7001' }, agent2: { dn: '7002' } },
  devAgent: 'agent1',
  allowedOrigins: [],
  trustProxy: [],
  tls: null,
  // jose's own defaults for a remote key set: keys kept 10 minutes, unknown key ids refetched at most every 30 s, 5 s
  // per fetch. https://github.com/panva/jose/blob/v5.10.0/docs/types/jwks_remote.RemoteJWKSetOptions.md
  auth: { agentClaim: 'sub', jwksCacheMaxAgeMs: 600_000, jwksCooldownMs: 30_000, jwksTimeoutMs: 5000 },
  backend: 'simulator',
  simulator: { ringTimeoutMs: 30_000, dialTimeoutMs: 30_000, transferTarget: '7002' },
  // An agent's line holds a call or two (one held while consulting); ten leaves room and stays far below the toolbar's 50.
  // sessionsPerAgent: an agent has a toolbar or two (a second browser tab), with room for a reload's overlap.
  // sendBufferBytes: several of the largest legal frames (a snapshot of MAX_CALLS_PER_DN calls is under 256 KiB).
  // requestsPerMinutePerIp and commandsPerSecondPerIp are generous: a contact center's agents may all come from one
  // address (a NAT, or a proxy the bridge sees instead of them).
  limits: {
    callsPerDn: 10,
    sessionsPerAgent: 10,
    sendBufferBytes: 1024 * 1024,
    requestsPerMinutePerIp: 6000,
    commandsPerSecond: 10,
    commandsPerSecondPerIp: 500,
  },
  // Half of nginx's default 60 s proxy_read_timeout, so that an idle session behind it is never cut.
  websocket: { pingIntervalMs: 30_000 },
  // A toolbar answers a close at once; ten seconds covers a slow network, and stays under the 30 s a
  // Kubernetes pod gets by default between SIGTERM and SIGKILL (terminationGracePeriodSeconds).
  shutdown: { graceMs: 10_000, readinessDelayMs: 0 },
  metrics: { port: null },
  logLevel: 'info',
};

/** Whether /simulator/* is mounted: never in secure mode; in development mode unless simulator.controlRoutes is false. */
export function simulatorRoutesServed(config: Pick<BridgeConfig, 'mode' | 'simulator'>): boolean {
  return config.mode === 'development' && config.simulator.controlRoutes !== false;
}
