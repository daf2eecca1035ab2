/** @jest-environment node */
/**
 * The bridge's configuration: defaults, config file, environment and command line in that order of precedence,
 * and validation errors that name the bad key.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MAX_CALLS_PER_DN } from '../../protocol/bridgeProtocol';
import { startBridge } from '../../server/src/app';
import { DEFAULT_CONFIG, type BridgeConfig } from '../../server/src/config';
import { ConfigError, loadConfig, resolveConfig } from '../../server/src/loadConfig';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'bridge-config-'));
});
afterEach(() => rm(directory, { recursive: true, force: true }));

async function configFile(content: unknown): Promise<string> {
  const file = path.join(directory, 'bridge.json');
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function configOf(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<BridgeConfig> {
  const result = await loadConfig(argv, env);
  if (result.help) throw new Error('unexpected --help');
  return result.config;
}

/** The keys a ConfigError names. */
function badKeys(action: () => unknown): string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((problem) => problem.key);
    throw error;
  }
  throw new Error('no ConfigError');
}

describe('sources', () => {
  test('with no sources the configuration is DEFAULT_CONFIG', async () => {
    expect(await configOf([])).toEqual(DEFAULT_CONFIG);
  });

  test('the command line beats the environment, which beats the file, which beats the defaults', async () => {
    const file = await configFile({ port: 9000, host: '0.0.0.0', mode: 'secure', logLevel: 'warn' });
    const env = { GENESYS_BRIDGE_PORT: '9001', GENESYS_BRIDGE_MODE: 'development' };

    const config = await configOf(['--config', file, '--port', '9002'], env);

    expect(config).toMatchObject({ port: 9002, mode: 'development', host: '0.0.0.0', logLevel: 'warn', devAgent: DEFAULT_CONFIG.devAgent });
    expect((await configOf(['--config', file], env)).port).toBe(9001);
  });

  test('GENESYS_BRIDGE_CONFIG names the file when --config does not', async () => {
    const file = await configFile({ port: 9100 });
    expect((await configOf([], { GENESYS_BRIDGE_CONFIG: file })).port).toBe(9100);
  });

  test('a file\'s agents replace the default table; its auth settings merge over the defaults (agentClaim, the key cache\'s)', async () => {
    const file = await configFile({ agents: { alice: { dn: '5001' } }, devAgent: 'alice', auth: { issuer: 'https://idp.example.com' } });

    const config = await configOf(['--config', file]);

    expect(config.agents).toEqual({ alice: { dn: '5001' } });
    expect(config.auth).toEqual({ agentClaim: 'sub', issuer: 'https://idp.example.com', jwksCacheMaxAgeMs: 600_000, jwksCooldownMs: 30_000, jwksTimeoutMs: 5000 });
  });

  test('agents may be empty only when auth.dnClaim gives DNs; the key cache\'s settings are bounded, each named', () => {
    expect(() => resolveConfig({ agents: {}, mode: 'secure' })).toThrow(/^agents: must name at least one agent/);
    expect(resolveConfig({ agents: {}, mode: 'secure', auth: { dnClaim: 'genesys_dn' } }).auth.dnClaim).toBe('genesys_dn');
    expect(() => resolveConfig({ auth: { jwksCacheMaxAgeMs: 10, jwksCooldownMs: -1, jwksTimeoutMs: 'soon', dnClaim: '' } })).toThrow(
      /^auth\.dnClaim: must NOT have fewer than 1 characters\nauth\.jwksCacheMaxAgeMs: must be >= 1000\nauth\.jwksCooldownMs: must be >= 0\nauth\.jwksTimeoutMs: must be integer$/,
    );
  });

  test('--help asks for the usage', async () => {
    expect(await loadConfig(['--help'], {})).toEqual({ help: true });
  });

  test('an unknown option, an unreadable file and a file that is not JSON are ConfigErrors', async () => {
    await expect(loadConfig(['--prot', '1'], {})).rejects.toThrow(ConfigError);
    await expect(loadConfig(['--config', path.join(directory, 'missing.json')], {})).rejects.toThrow(/cannot read/);
    await expect(loadConfig(['--config', await configFile('{ port: 1 ')], {})).rejects.toThrow(/is not JSON/);
  });
});

describe('validation names the bad key', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    ['a port that is not a number', { port: 'eighty' }, ['port']],
    ['a port out of range', { port: 70000 }, ['port']],
    ['an unknown mode', { mode: 'production' }, ['mode']],
    ['a misspelt setting', { prot: 8087 }, ['prot']],
    ['an agent without a DN', { agents: { agent1: {} }, devAgent: 'agent1' }, ['agents.agent1.dn']],
    ['a DN with spaces', { agents: { agent1: { dn: '70 01' } } }, ['agents.agent1.dn']],
    ['two agents on one DN', { agents: { agent1: { dn: '7001' }, agent2: { dn: '7001' } } }, ['agents.agent2.dn']],
    ['a devAgent missing from agents (development mode)', { devAgent: 'nobody' }, ['devAgent']],
    ['an origin with a path', { allowedOrigins: ['https://ok.example.com', 'https://bad.example.com/app'] }, ['allowedOrigins[1]']],
    ['a proxy that is a host name, not an address', { trustProxy: ['10.0.0.0/8', 'nginx.internal'] }, ['trustProxy[1]']],
    ['a proxy range with a bad prefix', { trustProxy: ['10.0.0.0/33'] }, ['trustProxy[0]']],
    ['a JWKS URL over plain HTTP', { auth: { agentClaim: 'sub', jwksUrl: 'http://idp.example.com/jwks' } }, ['auth.jwksUrl']],
    ['a JWKS key without kty', { auth: { agentClaim: 'sub', jwks: { keys: [{ n: 'x' }] } } }, ['auth.jwks.keys[0].kty']],
    ['a negative ring timeout', { simulator: { ringTimeoutMs: -5, dialTimeoutMs: null } }, ['simulator.ringTimeoutMs']],
    ['a transfer target that is no DN', { simulator: { transferTarget: '70 02' } }, ['simulator.transferTarget']],
    ['a cap of no calls per DN', { limits: { callsPerDn: 0 } }, ['limits.callsPerDn']],
    ['a fractional cap of calls per DN', { limits: { callsPerDn: 2.5 } }, ['limits.callsPerDn']],
    ['an unknown limit', { limits: { callsPerDn: 5, callsPerAgent: 5 } }, ['limits.callsPerAgent']],
    ['no sessions per agent', { limits: { sessionsPerAgent: 0 } }, ['limits.sessionsPerAgent']],
    ['a send buffer smaller than a snapshot', { limits: { sendBufferBytes: 1024 } }, ['limits.sendBufferBytes']],
    ['a ping interval of nothing', { websocket: { pingIntervalMs: 0 } }, ['websocket.pingIntervalMs']],
    ['an unknown WebSocket setting', { websocket: { pongTimeoutMs: 5 } }, ['websocket.pongTimeoutMs']],
    ['the simulator\'s routes in secure mode', { mode: 'secure', simulator: { controlRoutes: true } }, ['simulator.controlRoutes']],
    ['no requests a minute per address', { limits: { requestsPerMinutePerIp: 0 } }, ['limits.requestsPerMinutePerIp']],
    ['no commands a second', { limits: { commandsPerSecond: 0 } }, ['limits.commandsPerSecond']],
    ['negative commands a second per address', { limits: { commandsPerSecondPerIp: -1 } }, ['limits.commandsPerSecondPerIp']],
    ['a negative shutdown grace', { shutdown: { graceMs: -1 } }, ['shutdown.graceMs']],
    ['a negative readiness delay', { shutdown: { readinessDelayMs: -1 } }, ['shutdown.readinessDelayMs']],
    ['a metrics port that is the bridge\'s', { port: 9000, metrics: { port: 9000 } }, ['metrics.port']],
    ['a metrics port out of range', { metrics: { port: 70000 } }, ['metrics.port']],
    ['an unknown shutdown setting', { shutdown: { graceMs: 10, drainMs: 5 } }, ['shutdown.drainMs']],
    ['an unknown log level', { logLevel: 'loud' }, ['logLevel']],
    ['another backend', { backend: 'psdk' }, ['backend']],
  ])('%s', (_what, settings, keys) => {
    expect(badKeys(() => resolveConfig(settings))).toEqual(keys);
  });

  test('every problem is reported at once, each line starting with its key', () => {
    let message = '';
    try {
      resolveConfig({ port: -1, mode: 'x' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n')).toEqual([expect.stringMatching(/^port: /), expect.stringMatching(/^mode: /)]);
  });

  test('limits.callsPerDn above MAX_CALLS_PER_DN (what the toolbar accepts in a snapshot) is refused, saying why', () => {
    expect(resolveConfig({ limits: { callsPerDn: MAX_CALLS_PER_DN } }).limits.callsPerDn).toBe(MAX_CALLS_PER_DN);
    let message = '';
    try {
      resolveConfig({ limits: { callsPerDn: MAX_CALLS_PER_DN + 1 } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toBe(`limits.callsPerDn: must be <= ${MAX_CALLS_PER_DN} (the toolbar accepts at most that many calls in a snapshot)`);
  });

  test('a send buffer too small for a snapshot is refused, saying why', () => {
    expect(() => resolveConfig({ limits: { sendBufferBytes: 1024 } })).toThrow(
      'limits.sendBufferBytes: must be >= 262144 (it must hold the largest snapshot the bridge may send)',
    );
  });

  test('a secure configuration need not name a development agent', () => {
    expect(resolveConfig({ mode: 'secure', devAgent: 'nobody' }).mode).toBe('secure');
  });

  test('the workspace backend: its block, with defaults for what it leaves out, and nothing else needed', () => {
    expect(resolveConfig({ backend: 'workspace', workspace: { baseUrl: 'https://gws.example.com' } }).workspace).toEqual({
      baseUrl: 'https://gws.example.com',
      signIn: 'oauth2',
      requestTimeoutMs: 10_000,
      cometdTimeoutMs: 30_000,
    });
    expect(resolveConfig({ backend: 'workspace', workspace: { baseUrl: 'http://127.0.0.1:7777', signIn: 'agentApiSimulator' } }).workspace?.signIn).toBe('agentApiSimulator');
  });

  test.each<[string, Record<string, unknown>, string[]]>([
    ['the workspace backend without its block', { backend: 'workspace' }, ['workspace']],
    ['a workspace block with the simulator', { workspace: { baseUrl: 'https://gws.example.com' } }, ['workspace']],
    ['GWS over plain HTTP off loopback (tokens would travel in clear)', { backend: 'workspace', workspace: { baseUrl: 'http://gws.example.com' } }, ['workspace.baseUrl']],
    ['a GWS URL with a query', { backend: 'workspace', workspace: { baseUrl: 'https://gws.example.com/?x=1' } }, ['workspace.baseUrl']],
    ['a GWS URL that is no URL', { backend: 'workspace', workspace: { baseUrl: 'gws' } }, ['workspace.baseUrl']],
    ['an OAuth client id without its secret', { backend: 'workspace', workspace: { baseUrl: 'https://gws.example.com', clientId: 'bridge' } }, ['workspace.clientSecret']],
    ['an OAuth client id with a colon (it goes in Basic authentication)', { backend: 'workspace', workspace: { baseUrl: 'https://gws.example.com', clientId: 'a:b', clientSecret: 's' } }, ['workspace.clientId']],
    ['an unknown sign-in', { backend: 'workspace', workspace: { baseUrl: 'https://gws.example.com', signIn: 'password' } }, ['workspace.signIn']],
    ['a password in the workspace block', { backend: 'workspace', workspace: { baseUrl: 'https://gws.example.com', password: 'x' } }, ['workspace.password']],
    ['a request timeout of nothing', { backend: 'workspace', workspace: { baseUrl: 'https://gws.example.com', requestTimeoutMs: 0 } }, ['workspace.requestTimeoutMs']],
    ['a CometD timeout that is not a number', { backend: 'workspace', workspace: { baseUrl: 'https://gws.example.com', cometdTimeoutMs: 'long' } }, ['workspace.cometdTimeoutMs']],
    ['the simulator\'s routes with the workspace backend', { backend: 'workspace', workspace: { baseUrl: 'https://gws.example.com' }, simulator: { controlRoutes: true } }, ['simulator.controlRoutes']],
  ])('workspace: %s', (_what, settings, keys) => {
    expect(badKeys(() => resolveConfig(settings))).toEqual(keys);
  });

  test('a refused workspace block never shows its secrets', () => {
    let message = '';
    try {
      resolveConfig({ backend: 'workspace', workspace: { baseUrl: 'http://gws.example.com', clientId: 'bridge', clientSecret: 's3cr3t-value', apiKey: 'k3y-value', signIn: 'x' } });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/workspace\.signIn/);
    expect(message).not.toMatch(/s3cr3t-value|k3y-value/);
  });

  test('startBridge refuses bad overrides with the same ConfigError, before listening', async () => {
    await expect(startBridge({ port: 0, logLevel: 'silent', allowedOrigins: ['*'] })).rejects.toThrow(/allowedOrigins\[0\]/);
  });
});
