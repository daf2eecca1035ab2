/**
 * The bridge of `npm start`'s secure profile (TOOLBAR_PROFILE=secure) and of the browser tests that sign in: a
 * secure-mode bridge that verifies agents' tokens against the development OpenID provider (dev/oidc/), with the T-Server
 * simulator as its backend. A secure bridge serves none of the simulator's control routes, yet a developer still
 * wants to ring the agent from the Fusion simulator's Customer panel; so this development entry serves them on a
 * second listener of its own, on loopback, in development mode (the Customer panel finds it by the page's
 * `simulator.controlUrl` parameter). The production entry (server/src/main.ts) has no such listener.
 *
 *   node secure-bridge.js --issuer URL --client-id ID [--port 8087] [--control-port 8089] [--toolbar-origin ORIGIN]...
 *
 * Prints one JSON line once both listen ({"bridgeUrl", "controlUrl"}); stops on SIGTERM or SIGINT.
 */
import { parseArgs } from 'node:util';
import type { AddressInfo } from 'node:net';
import { startBridge, type Bridge } from '../../server/src/app';
import { createTServerSimulator } from '../../server/src/backend/simulator/tserverSimulator';
import { AgentDirectory } from '../../server/src/bridge/agentDirectory';
import { AgentAuthenticator } from '../../server/src/bridge/authentication';
import { DEFAULT_CONFIG, type AuthConfig, type BridgeConfig } from '../../server/src/config';
import { createHttpServer } from '../../server/src/http/httpServer';
import { OriginPolicy } from '../../server/src/http/originPolicy';
import { registerSimulatorRoutes } from '../../server/src/http/simulatorRoutes';

export interface SecureBridgeOptions {
  readonly issuer: string;
  readonly clientId: string;
  /** The claim of the provider's ID tokens that holds the DN (dev/oidc/devProvider.mjs: genesys_dn). */
  readonly dnClaim?: string;
  readonly host?: string;
  readonly port?: number;
  readonly controlPort?: number;
  /** Origins of the toolbar's pages (allowedOrigins). */
  readonly toolbarOrigins?: readonly string[];
  readonly logLevel?: BridgeConfig['logLevel'];
  readonly ringTimeoutMs?: number | null;
}

export interface SecureBridge {
  readonly bridge: Bridge;
  /** Where the simulator's control routes are served (the Customer panel's simulator.controlUrl). */
  readonly controlUrl: string;
  close(): Promise<void>;
}

/**
 * A secure bridge's `auth` settings for the ID tokens of an OpenID provider: its keys at issuer + /jwks (the jwks_uri
 * oidc-provider publishes), tokens of that issuer for the toolbar's client id (an ID token's audience), the DN in
 * `dnClaim`.
 */
export function providerAuth(provider: { readonly issuer: string; readonly clientId: string; readonly dnClaim?: string }): Partial<AuthConfig> {
  return {
    jwksUrl: `${provider.issuer.replace(/\/+$/, '')}/jwks`,
    issuer: provider.issuer,
    audience: provider.clientId,
    dnClaim: provider.dnClaim ?? 'genesys_dn',
  };
}

export async function startSecureBridge(options: SecureBridgeOptions): Promise<SecureBridge> {
  const host = options.host ?? '127.0.0.1';
  const ringTimeoutMs = options.ringTimeoutMs === undefined ? DEFAULT_CONFIG.simulator.ringTimeoutMs : options.ringTimeoutMs;
  const backend = createTServerSimulator({ dns: Object.values(DEFAULT_CONFIG.agents).map((agent) => agent.dn), ringTimeoutMs, dialTimeoutMs: DEFAULT_CONFIG.simulator.dialTimeoutMs });
  let bridge: Bridge | undefined;
  let control: Awaited<ReturnType<typeof createHttpServer>> | undefined;
  try {
    bridge = await startBridge(
      {
        mode: 'secure',
        host,
        port: options.port ?? DEFAULT_CONFIG.port,
        logLevel: options.logLevel ?? 'info',
        allowedOrigins: [...(options.toolbarOrigins ?? [])],
        simulator: { ringTimeoutMs, dialTimeoutMs: DEFAULT_CONFIG.simulator.dialTimeoutMs },
        auth: providerAuth(options),
      },
      { backend },
    );
    if (!bridge.simulator || !bridge.traffic) throw new Error('the secure bridge has no simulator to control');
    // The control listener is a development tool of its own: loopback, no token, pages of this machine only.
    const controlConfig: BridgeConfig = { ...bridge.config, mode: 'development', allowedOrigins: [], logLevel: 'warn' };
    const origins = new OriginPolicy(controlConfig);
    const directory = new AgentDirectory(bridge.config.agents);
    control = await createHttpServer(controlConfig, origins);
    registerSimulatorRoutes(control, {
      simulator: bridge.simulator,
      traffic: bridge.traffic,
      backend,
      directory,
      authenticator: await AgentAuthenticator.create(controlConfig, directory, false),
      origins,
      devAgent: bridge.config.devAgent,
      transferTarget: bridge.config.simulator.transferTarget,
      // Tokens come from the OpenID provider only.
      mintsTokens: false,
    });
    await control.listen({ host: '127.0.0.1', port: options.controlPort ?? 0 });
  } catch (error) {
    await control?.close();
    await bridge?.close();
    await backend.close();
    throw error;
  }
  const started = bridge;
  const controlServer = control;
  const address = controlServer.server.address() as AddressInfo;
  return {
    bridge: started,
    controlUrl: `http://127.0.0.1:${address.port}`,
    close: async () => {
      await controlServer.close();
      await started.close();
      await backend.close();
    },
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      issuer: { type: 'string' },
      'client-id': { type: 'string', default: 'media-toolbar' },
      'dn-claim': { type: 'string', default: 'genesys_dn' },
      port: { type: 'string', default: String(DEFAULT_CONFIG.port) },
      'control-port': { type: 'string', default: '0' },
      'toolbar-origin': { type: 'string', multiple: true, default: [] },
    },
  });
  if (values.issuer === undefined) throw new Error('--issuer is required (the development OpenID provider\'s issuer)');
  const secure = await startSecureBridge({
    issuer: values.issuer,
    clientId: values['client-id'],
    dnClaim: values['dn-claim'],
    port: Number(values.port),
    controlPort: Number(values['control-port']),
    toolbarOrigins: values['toolbar-origin'],
  });
  process.stdout.write(`${JSON.stringify({ bridgeUrl: secure.bridge.url, controlUrl: secure.controlUrl })}\n`);
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      secure.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`secure-bridge: cannot start: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  });
}
