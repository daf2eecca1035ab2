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
}

export interface SimulatorConfig {
  readonly ringTimeoutMs: number | null;
  readonly dialTimeoutMs: number | null;
  /**
   * Whether the simulator's control routes (/simulator/*: the customer, the callee, the softphone, the link) are
   * served. Absent: served in development mode only. They act for every agent without a token, so secure mode never
   * serves them and a configuration asking for them there is refused (see simulatorRoutesServed).
   */
  readonly controlRoutes?: boolean;
}

export interface LimitsConfig {
  /**
   * The most calls one DN holds at once (at most MAX_CALLS_PER_DN, what the toolbar accepts in a snapshot). A call
   * beyond it is refused where it enters: the customer's call hears busy, the agent's MakeCall is refused.
   */
  readonly callsPerDn: number;
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
  readonly auth: AuthConfig;
  readonly backend: 'simulator';
  readonly simulator: SimulatorConfig;
  readonly limits: LimitsConfig;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
}

export const DEFAULT_CONFIG: BridgeConfig = {
  host: '127.0.0.1',
  port: 8087,
  mode: 'development',
  agents: { agent1: { dn: '7001' }, agent2: { dn: '7002' } },
  devAgent: 'agent1',
  allowedOrigins: [],
  auth: { agentClaim: 'sub' },
  backend: 'simulator',
  simulator: { ringTimeoutMs: 30_000, dialTimeoutMs: 30_000 },
  // An agent's line holds a call or two (one held while consulting); ten leaves room and stays far below the toolbar's 50.
  limits: { callsPerDn: 10 },
  logLevel: 'info',
};

/** Whether /simulator/* is mounted: never in secure mode; in development mode unless simulator.controlRoutes is false. */
export function simulatorRoutesServed(config: Pick<BridgeConfig, 'mode' | 'simulator'>): boolean {
  return config.mode === 'development' && config.simulator.controlRoutes !== false;
}
