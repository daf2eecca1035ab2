/**
 * Starts the Genesys bridge: the TelephonyBackend (the T-Server simulator unless one is given), the session and
 * command machinery of bridge/, and the HTTP + WebSocket server of http/.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import type { TelephonyBackend } from './backend/telephonyBackend';
import type { SimulatorControl } from './backend/simulator/simulatorControl';
import { TrafficGenerator } from './backend/simulator/trafficGenerator';
import { createTServerSimulator } from './backend/simulator/tserverSimulator';
import type { BackendLog } from './backend/backendLog';
import { WorkspaceBackend } from './backend/workspace/workspaceBackend';
import { AgentDirectory } from './bridge/agentDirectory';
import { AgentAuthenticator, type TokenRefusal } from './bridge/authentication';
import type { GwsClient } from './backend/workspace/gwsTokens';
import { CallLocator } from './bridge/callLocator';
import { CommandExecutor } from './bridge/commandExecutor';
import { EventRouter } from './bridge/eventRouter';
import { SessionRegistry } from './bridge/sessionRegistry';
import { SnapshotPublisher } from './bridge/snapshots';
import { OrderClock } from './bridge/orderClock';
import { BridgeMetrics } from './bridge/metrics';
import { CommandLimits } from './bridge/tokenBuckets';
import { simulatorRoutesServed, type BridgeConfig, type ConfigOverrides } from './config';
import { closeAllClients, createHttpServer, mountRoutes } from './http/httpServer';
import { registerMetricsRoute } from './http/operationsRoutes';
import { OriginPolicy } from './http/originPolicy';
import { simulatorStateOf, type SimulatorState } from './http/simulatorRoutes';
import type { PeerCounters } from './http/socketRoute';
import { resolveConfig } from './loadConfig';

export interface Bridge {
  /** e.g. http://127.0.0.1:54321 (the actual port); https:// with config.tls. */
  readonly url: string;
  /** With metrics.port: where /metrics is served (http://127.0.0.1:port), the main server then serving none. */
  readonly metricsUrl?: string;
  readonly config: BridgeConfig;
  /**
   * Present when the backend is the simulator: its controls in-process, whatever the mode (a secure bridge serves no
   * /simulator/* route; its tests and the benchmark drive it through these).
   */
  readonly simulator?: SimulatorControl;
  /** The simulator's traffic generator (what /simulator/traffic drives), in-process. */
  readonly traffic?: TrafficGenerator;
  /** What GET /simulator/state answers, in-process. */
  simulatorState?(): Promise<SimulatorState>;
  /** Development/test helper: mints a token for an agent, signed with a key generated at start; only when the simulator backend runs. */
  mintDevToken?(agentId: string, ttlSeconds?: number): Promise<string>;
  /** Sessions the bridge ended or refused to protect itself (slow consumers, dead peers, one too many for an agent). */
  readonly peers: Readonly<PeerCounters>;
  /**
   * Drains and stops: /readyz answers 503 at once; after config.shutdown.readinessDelayMs (serving as before until then)
   * new sessions are refused, every session is closed with 1001 (going away) and given config.shutdown.graceMs to
   * answer, then the server and the backend close.
   */
  close(): Promise<void>;
  /** Closes every WebSocket session abruptly (as a network drop would), keeping calls; for reconnect tests. */
  dropSessions(): void;
}

export interface StartOptions {
  /** A backend to use instead of a new simulator. The caller keeps ownership: close() leaves it open. */
  readonly backend?: TelephonyBackend;
  /** Where the log's JSON lines go instead of standard output (a test reads what an operator would). */
  readonly logStream?: NodeJS.WritableStream;
}

/**
 * Starts a bridge on DEFAULT_CONFIG with these overrides (validated like a config file; a ConfigError names the
 * bad key). Resolves once it listens.
 */
export async function startBridge(overrides: ConfigOverrides = {}, options: StartOptions = {}): Promise<Bridge> {
  const config = resolveConfig(overrides);
  // With the Workspace API, Genesys says which DN is an agent's: the bridge's agent table is not used.
  const directory = new AgentDirectory(config.backend === 'workspace' ? {} : config.agents);
  const ownsBackend = options.backend === undefined;
  // The backend logs through the server's logger, which exists only a moment later.
  let app: FastifyInstance | undefined;
  const backendLog: BackendLog = {
    info: (fields, message) => app?.log.info(fields, message),
    warn: (fields, message) => app?.log.warn(fields, message),
    error: (fields, message) => app?.log.error(fields, message),
  };
  const backend = options.backend ?? createBackend(config, directory, backendLog);
  const simulator = isSimulatorControl(backend) ? backend : undefined;
  // Watching from the start: it learns which agents are ready from their events.
  const traffic = simulator ? new TrafficGenerator(simulator) : undefined;

  let metricsServer: FastifyInstance | undefined;
  // notReady: from close() on; draining (new sessions refused, open ones told to go): after shutdown.readinessDelayMs.
  // There is no "starting" state to report: the server listens only once every route and listener is in place, so
  // nothing can ask /readyz before then; the link is the backend's own readiness.
  const lifecycle = { notReady: false, draining: false };
  let registry: SessionRegistry | undefined;
  const metrics = new BridgeMetrics({
    sessions: () => registry?.allSessions().length ?? 0,
    linkConnected: () => backend.linkConnected,
    draining: () => lifecycle.notReady,
  });
  try {
    const authenticator = await AgentAuthenticator.create(config, directory, simulator !== undefined);
    authenticator.agentSessions = backend.agentSessions;
    const origins = new OriginPolicy(config);
    app = await createHttpServer(config, origins, () => metrics.limited('ip_requests'), options.logStream);
    const locator = new CallLocator();
    const peers: PeerCounters = { slowConsumers: 0, deadPeers: 0, refusedSessions: 0 };
    registry = new SessionRegistry(backend, (dn) => locator.forgetDn(dn), app.log);
    const sessions = registry;
    authenticator.dnHolder = (dn) => sessions.holderOf(dn);
    const clock = new OrderClock();
    const snapshots = new SnapshotPublisher(backend, registry, locator, directory, app.log, clock);
    const executor = new CommandExecutor(backend, registry, locator, snapshots, directory, clock);
    const onTokenRefused = (refusal: TokenRefusal): void => {
      metrics.tokenRefused(refusal.errorCode, refusal.reason);
      // The reason in words, never the token: an operator reads why agents cannot connect.
      app?.log.info(
        { errorCode: refusal.errorCode, reason: refusal.reason, refusal: refusal.message, ...(refusal.logDetail === undefined ? {} : { detail: refusal.logDetail }) },
        'token refused',
      );
    };
    const client = gwsClientOf(config);
    mountRoutes(app, {
      authenticator,
      origins,
      executor,
      registry,
      snapshots,
      limits: config.limits,
      pingIntervalMs: config.websocket.pingIntervalMs,
      peers,
      metrics,
      commandLimits: new CommandLimits(config.limits, (scope) => metrics.limited(scope)),
      onTokenRefused,
      draining: () => lifecycle.draining,
      operations: {
        metrics,
        servesMetrics: config.metrics.port === null,
        notReadyBecause: () => {
          if (lifecycle.notReady) return 'shutting down';
          if (!backend.linkConnected) return backend.agentSessions ? 'Genesys Web Services cannot be reached' : 'the T-Server link is down';
          return null;
        },
      },
      ...(client ? { gwsSignIn: { client, authenticator, backend, registry, origins, onTokenRefused } } : {}),
      ...(simulator && traffic && simulatorRoutesServed(config) ? { simulatorRoutes: { simulator, traffic, backend, directory, authenticator, origins, devAgent: config.devAgent, transferTarget: config.simulator.transferTarget, mintsTokens: config.mode === 'development' } } : {}),
    });
    backend.onEvent(new EventRouter(registry, locator, snapshots, (time) => metrics.eventDelivered(time)).handle);
    await app.listen({ host: config.host, port: config.port });
    if (config.metrics.port !== null) {
      // Loopback only: the metrics say nothing about agents, but they are for the host's own Prometheus or agent.
      metricsServer = Fastify({ logger: false });
      registerMetricsRoute(metricsServer, metrics);
      await metricsServer.listen({ host: '127.0.0.1', port: config.metrics.port });
    }
    if (config.mode === 'development' && !LOOPBACK_HOSTS.has(config.host)) {
      app.log.warn({ host: config.host }, 'development mode serves token-less clients as devAgent: keep it on a loopback address');
    }
    return runningBridge(app, config, {
      simulator: simulator && traffic ? { control: simulator, traffic, state: () => simulatorStateOf(backend, simulator, directory, config.devAgent, config.simulator.transferTarget) } : undefined,
      authenticator,
      registry,
      peers,
      lifecycle,
      metricsServer,
      closeBackend: () => {
        traffic?.close();
        return ownsBackend ? backend.close() : Promise.resolve();
      },
    });
  } catch (error) {
    traffic?.close();
    await metricsServer?.close();
    await app?.close();
    if (ownsBackend) await backend.close();
    throw error;
  }
}

function runningBridge(
  server: FastifyInstance,
  config: BridgeConfig,
  parts: {
    readonly simulator: { readonly control: SimulatorControl; readonly traffic: TrafficGenerator; readonly state: () => Promise<SimulatorState> } | undefined;
    readonly authenticator: AgentAuthenticator;
    readonly registry: SessionRegistry;
    readonly peers: PeerCounters;
    readonly lifecycle: { notReady: boolean; draining: boolean };
    readonly metricsServer: FastifyInstance | undefined;
    readonly closeBackend: () => Promise<void>;
  },
): Bridge {
  const { simulator, authenticator, registry } = parts;
  let closing: Promise<void> | undefined;
  return {
    url: urlOf(server.server.address() as AddressInfo, config.tls ? 'https' : 'http'),
    ...(parts.metricsServer ? { metricsUrl: urlOf(parts.metricsServer.server.address() as AddressInfo) } : {}),
    config,
    peers: parts.peers,
    ...(simulator
      ? {
          simulator: simulator.control,
          traffic: simulator.traffic,
          simulatorState: simulator.state,
          mintDevToken: (agentId: string, ttlSeconds?: number) => authenticator.mintDevToken(agentId, ttlSeconds),
        }
      : {}),
    dropSessions: () => {
      for (const session of registry.allSessions()) session.terminate();
    },
    close: () => {
      closing ??= (async () => {
        // Not ready from now on, serving all the same until the balancer has had time to notice.
        parts.lifecycle.notReady = true;
        if (config.shutdown.readinessDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, config.shutdown.readinessDelayMs));
        // No new session (SHUTTING_DOWN) from now on; REST commands are still served until the end.
        parts.lifecycle.draining = true;
        // Every session is told the bridge is going away (1001): its toolbar reconnects, through the balancer to
        // another instance. Those that have not answered within the grace period are dropped.
        await closeAllClients(server.websocketServer.clients, config.shutdown.graceMs);
        await server.close();
        await parts.metricsServer?.close();
        await parts.closeBackend();
      })();
      return closing;
    },
  };
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1']);

/** The backend the configuration names. */
function createBackend(config: BridgeConfig, directory: AgentDirectory, log: BackendLog): TelephonyBackend {
  if (config.backend === 'workspace') {
    // loadConfig requires the block with this backend.
    if (config.workspace === undefined) throw new Error('backend "workspace" needs its workspace settings');
    return new WorkspaceBackend(config.workspace, log);
  }
  const target = config.simulator.transferTarget;
  return createTServerSimulator({
    // The transfer target is a phone of the switch whether or not an agent has it.
    dns: target === null || directory.dns.includes(target) ? directory.dns : [...directory.dns, target],
    ringTimeoutMs: config.simulator.ringTimeoutMs,
    dialTimeoutMs: config.simulator.dialTimeoutMs,
    callsPerDn: config.limits.callsPerDn,
  });
}

/**
 * The bridge's OAuth client at GWS, when agents sign in with Genesys through it: the Workspace backend signing in with
 * GWS's OAuth 2 (not Genesys' simulator's own sign-in), with workspace.clientId and workspace.clientSecret.
 */
function gwsClientOf(config: BridgeConfig): GwsClient | undefined {
  const { workspace } = config;
  if (config.backend !== 'workspace' || workspace?.signIn !== 'oauth2' || workspace.clientId === undefined || workspace.clientSecret === undefined) return undefined;
  return {
    baseUrl: workspace.baseUrl.replace(/\/+$/, ''),
    clientId: workspace.clientId,
    clientSecret: workspace.clientSecret,
    ...(workspace.apiKey === undefined ? {} : { apiKey: workspace.apiKey }),
    timeoutMs: workspace.requestTimeoutMs,
  };
}

function isSimulatorControl(backend: TelephonyBackend): backend is TelephonyBackend & SimulatorControl {
  const candidate = backend as Partial<SimulatorControl>;
  return typeof candidate.customerCalls === 'function' && typeof candidate.linkDown === 'function' && typeof candidate.watch === 'function';
}

function urlOf(address: AddressInfo, scheme: 'http' | 'https' = 'http'): string {
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `${scheme}://${host}:${address.port}`;
}
