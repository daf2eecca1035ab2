/**
 * The bridge's configuration from its sources, lowest precedence first: DEFAULT_CONFIG, a JSON file (--config, or
 * GENESYS_BRIDGE_CONFIG), environment variables, the command line. The result is validated as a whole; a
 * ConfigError names every bad key (agents.agent2.dn, allowedOrigins[1], …).
 */
import { readFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import { parseArgs } from 'node:util';
import Ajv, { type ErrorObject } from 'ajv';
import { MAX_CALLS_PER_DN } from '../../protocol/bridgeProtocol';
import { DEFAULT_CONFIG, WORKSPACE_DEFAULTS, type BridgeConfig } from './config';
import { tlsProblems } from './tls';

export interface ConfigProblem {
  /** The setting, as a path: `port`, `agents.agent1.dn`, `allowedOrigins[0]`. */
  readonly key: string;
  readonly message: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map((problem) => `${problem.key}: ${problem.message}`).join('\n'));
    this.name = 'ConfigError';
  }
}

/** Environment variables and the setting each one sets. */
export const ENVIRONMENT_KEYS = {
  GENESYS_BRIDGE_HOST: 'host',
  GENESYS_BRIDGE_PORT: 'port',
  GENESYS_BRIDGE_MODE: 'mode',
  GENESYS_BRIDGE_LOG_LEVEL: 'logLevel',
} as const;
export const CONFIG_FILE_VARIABLE = 'GENESYS_BRIDGE_CONFIG';

export const USAGE = `Usage: node bridge.js [--config file.json] [--port n] [--host h] [--mode development|secure] [--log-level level]
Environment: ${CONFIG_FILE_VARIABLE} (config file), ${Object.keys(ENVIRONMENT_KEYS).join(', ')}.`;

export type CommandLine = { readonly help: true } | { readonly help: false; readonly config: BridgeConfig };

/** Reads every source. Rejects with a ConfigError for bad settings, a bad file or a bad command line. */
export async function loadConfig(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<CommandLine> {
  const cli = parseCommandLine(argv);
  if (cli.help) return { help: true };
  const file = cli.configFile ?? nonEmpty(env[CONFIG_FILE_VARIABLE]);
  const layers: Record<string, unknown>[] = [];
  if (file !== undefined) layers.push(await readConfigFile(file));
  layers.push(environmentLayer(env), cli.settings);
  return { help: false, config: resolveConfig(...layers) };
}

/** DEFAULT_CONFIG overlaid with each layer in turn, validated. */
export function resolveConfig(...layers: readonly unknown[]): BridgeConfig {
  let merged: Record<string, unknown> = { ...DEFAULT_CONFIG };
  for (const [index, layer] of layers.entries()) {
    if (!isPlainObject(layer)) throw new ConfigError([{ key: layers.length > 1 ? `(source ${index + 1})` : '(config)', message: 'must be a JSON object' }]);
    merged = overlay(merged, layer);
  }
  // The workspace block is not among the defaults (the simulator needs none); its own defaults fill it where given.
  if (isPlainObject(merged.workspace)) merged.workspace = { ...WORKSPACE_DEFAULTS, ...merged.workspace };
  return validateConfig(merged);
}

/** Checks a complete configuration; returns it typed, or throws a ConfigError listing every problem. */
export function validateConfig(candidate: Record<string, unknown>): BridgeConfig {
  if (!isBridgeConfigShape(candidate)) {
    throw new ConfigError(problemsOf(isBridgeConfigShape.errors ?? []));
  }
  const problems = semanticProblems(candidate);
  if (problems.length > 0) throw new ConfigError(problems);
  return candidate;
}

// ---- Sources -------------------------------------------------------------------------------------------------

interface ParsedCommandLine {
  readonly help: boolean;
  readonly configFile?: string;
  readonly settings: Record<string, unknown>;
}

function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        config: { type: 'string', short: 'c' },
        port: { type: 'string', short: 'p' },
        host: { type: 'string' },
        mode: { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ConfigError([{ key: '(command line)', message: `${error instanceof Error ? error.message : String(error)}\n${USAGE}` }]);
  }
  const settings: Record<string, unknown> = {};
  if (values.host !== undefined) settings.host = values.host;
  if (values.port !== undefined) settings.port = numberIfNumeric(values.port);
  if (values.mode !== undefined) settings.mode = values.mode;
  if (values['log-level'] !== undefined) settings.logLevel = values['log-level'];
  return { help: values.help === true, ...(values.config !== undefined ? { configFile: values.config } : {}), settings };
}

function environmentLayer(env: NodeJS.ProcessEnv): Record<string, unknown> {
  const layer: Record<string, unknown> = {};
  for (const [variable, key] of Object.entries(ENVIRONMENT_KEYS)) {
    const value = nonEmpty(env[variable]);
    if (value !== undefined) layer[key] = key === 'port' ? numberIfNumeric(value) : value;
  }
  return layer;
}

async function readConfigFile(file: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError([{ key: '(config file)', message: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError([{ key: '(config file)', message: `${file} is not JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  if (!isPlainObject(parsed)) throw new ConfigError([{ key: '(config file)', message: `${file} must hold a JSON object` }]);
  return parsed;
}

/** Nested settings groups are merged key by key; everything else (agents, allowedOrigins…) is replaced whole. */
const MERGED_GROUPS = new Set(['auth', 'simulator', 'limits', 'websocket', 'shutdown', 'metrics', 'workspace']);

function overlay(base: Record<string, unknown>, layer: Record<string, unknown>): Record<string, unknown> {
  const result = { ...base };
  for (const [key, value] of Object.entries(layer)) {
    if (value === undefined) continue;
    const current = result[key];
    result[key] = MERGED_GROUPS.has(key) && isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
  }
  return result;
}

// ---- Validation ----------------------------------------------------------------------------------------------

const nonEmptyString = { type: 'string', minLength: 1 } as const;
/** A session's send buffer must hold the largest frame the bridge may push (a full snapshot), with room to spare. */
const MIN_SEND_BUFFER_BYTES = 256 * 1024;
const timeout = { type: ['integer', 'null'], minimum: 1 } as const;
/** A DN as the switch names it. */
const DN_PATTERN = '^[0-9A-Za-z*#+._-]{1,64}$';

const CONFIG_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['host', 'port', 'mode', 'agents', 'devAgent', 'allowedOrigins', 'trustProxy', 'tls', 'auth', 'backend', 'simulator', 'limits', 'websocket', 'shutdown', 'metrics', 'logLevel'],
  properties: {
    host: nonEmptyString,
    port: { type: 'integer', minimum: 0, maximum: 65535 },
    mode: { enum: ['development', 'secure'] },
    agents: {
      type: 'object',
      additionalProperties: {
        type: 'object',
        additionalProperties: false,
        required: ['dn'],
        properties: { dn: { type: 'string', pattern: DN_PATTERN } },
      },
    },
    devAgent: nonEmptyString,
    allowedOrigins: { type: 'array', items: { type: 'string' } },
    trustProxy: { type: 'array', items: { type: 'string' } },
    tls: {
      type: ['object', 'null'],
      additionalProperties: false,
      required: ['certFile', 'keyFile'],
      properties: { certFile: nonEmptyString, keyFile: nonEmptyString },
    },
    auth: {
      type: 'object',
      additionalProperties: false,
      required: ['agentClaim', 'jwksCacheMaxAgeMs', 'jwksCooldownMs', 'jwksTimeoutMs'],
      properties: {
        jwks: {
          type: 'object',
          required: ['keys'],
          properties: {
            keys: { type: 'array', minItems: 1, items: { type: 'object', required: ['kty'], properties: { kty: nonEmptyString } } },
          },
        },
        jwksUrl: nonEmptyString,
        issuer: nonEmptyString,
        audience: nonEmptyString,
        agentClaim: nonEmptyString,
        dnClaim: nonEmptyString,
        jwksCacheMaxAgeMs: { type: 'integer', minimum: 1000, maximum: 86_400_000 },
        jwksCooldownMs: { type: 'integer', minimum: 0, maximum: 3_600_000 },
        jwksTimeoutMs: { type: 'integer', minimum: 100, maximum: 60_000 },
      },
    },
    backend: { enum: ['simulator', 'workspace'] },
    workspace: {
      type: 'object',
      additionalProperties: false,
      required: ['baseUrl', 'signIn', 'requestTimeoutMs', 'cometdTimeoutMs'],
      properties: {
        baseUrl: nonEmptyString,
        signIn: { enum: ['oauth2', 'agentApiSimulator'] },
        // Sent in HTTP Basic authentication, where a user id holds no colon (RFC 7617 section 2).
        clientId: { type: 'string', pattern: '^[\\x21-\\x39\\x3b-\\x7e]{1,256}$' },
        clientSecret: { type: 'string', pattern: '^[\\x20-\\x7e]{1,1024}$' },
        apiKey: nonEmptyString,
        requestTimeoutMs: { type: 'integer', minimum: 100, maximum: 600_000 },
        cometdTimeoutMs: { type: 'integer', minimum: 100, maximum: 600_000 },
      },
    },
    simulator: {
      type: 'object',
      additionalProperties: false,
      required: ['ringTimeoutMs', 'dialTimeoutMs'],
      properties: {
        ringTimeoutMs: timeout,
        dialTimeoutMs: timeout,
        controlRoutes: { type: 'boolean' },
        transferTarget: { type: ['string', 'null'], pattern: DN_PATTERN },
      },
    },
    limits: {
      type: 'object',
      additionalProperties: false,
      required: ['callsPerDn', 'sessionsPerAgent', 'sendBufferBytes', 'requestsPerMinutePerIp', 'commandsPerSecond', 'commandsPerSecondPerIp'],
      properties: {
        callsPerDn: { type: 'integer', minimum: 1, maximum: MAX_CALLS_PER_DN },
        sessionsPerAgent: { type: 'integer', minimum: 1, maximum: 1000 },
        sendBufferBytes: { type: 'integer', minimum: MIN_SEND_BUFFER_BYTES, maximum: 256 * 1024 * 1024 },
        requestsPerMinutePerIp: { type: 'integer', minimum: 1, maximum: 100_000_000 },
        commandsPerSecond: { type: 'number', exclusiveMinimum: 0, maximum: 1_000_000 },
        commandsPerSecondPerIp: { type: 'number', exclusiveMinimum: 0, maximum: 1_000_000 },
      },
    },
    shutdown: {
      type: 'object',
      additionalProperties: false,
      required: ['graceMs', 'readinessDelayMs'],
      properties: { graceMs: { type: 'integer', minimum: 0, maximum: 600_000 }, readinessDelayMs: { type: 'integer', minimum: 0, maximum: 600_000 } },
    },
    metrics: {
      type: 'object',
      additionalProperties: false,
      required: ['port'],
      properties: { port: { type: ['integer', 'null'], minimum: 0, maximum: 65535 } },
    },
    websocket: {
      type: 'object',
      additionalProperties: false,
      required: ['pingIntervalMs'],
      properties: { pingIntervalMs: { type: 'integer', minimum: 10, maximum: 3_600_000 } },
    },
    logLevel: { enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] },
  },
} as const;

// allErrors: one run reports every bad key, not just the first.
const isBridgeConfigShape = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile<BridgeConfig>(CONFIG_SCHEMA);

function problemsOf(errors: readonly ErrorObject[]): ConfigProblem[] {
  return errors.map((error) => {
    const path = keyOf(error.instancePath);
    switch (error.keyword) {
      case 'additionalProperties':
        return { key: join(path, String(error.params.additionalProperty)), message: 'is not a known setting' };
      case 'required':
        return { key: join(path, String(error.params.missingProperty)), message: 'is required' };
      case 'enum':
        return { key: path, message: `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}` };
      case 'const':
        return { key: path, message: `must be ${JSON.stringify(error.params.allowedValue)}` };
      case 'maximum':
        return { key: path, message: `${error.message ?? 'is out of range'}${path === 'limits.callsPerDn' ? ' (the toolbar accepts at most that many calls in a snapshot)' : ''}` };
      case 'minimum':
        return { key: path, message: `${error.message ?? 'is out of range'}${path === 'limits.sendBufferBytes' ? ' (it must hold the largest snapshot the bridge may send)' : ''}` };
      case 'pattern':
        return { key: path, message: PATTERN_WORDS[path] ?? 'must be 1 to 64 of 0-9 A-Z a-z * # + . _ -' };
      default:
        return { key: path, message: error.message ?? 'is not valid' };
    }
  });
}

/** What a key with a pattern must be, in words (a DN's otherwise). */
const PATTERN_WORDS: Readonly<Record<string, string>> = {
  'workspace.clientId': 'must be 1 to 256 printable ASCII characters without spaces or colons',
  'workspace.clientSecret': 'must be 1 to 1024 printable ASCII characters',
};

/** JSON pointer → the key as people write it: /agents/agent1/dn → agents.agent1.dn, /allowedOrigins/0 → allowedOrigins[0]. */
function keyOf(instancePath: string): string {
  if (instancePath === '') return '(config)';
  return instancePath
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((key, segment) => (/^\d+$/.test(segment) ? `${key}[${segment}]` : join(key, segment)), '');
}

function join(path: string, key: string): string {
  return path === '' || path === '(config)' ? key : `${path}.${key}`;
}

/** The rules a schema cannot say. */
function semanticProblems(config: BridgeConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  // With a DN claim the identity provider may give every DN; without one, the table is the only source.
  if (Object.keys(config.agents).length === 0 && config.auth.dnClaim === undefined) {
    problems.push({ key: 'agents', message: 'must name at least one agent (agentId → {"dn"}), unless auth.dnClaim gives DNs' });
  }
  const ownerOfDn = new Map<string, string>();
  for (const [agentId, { dn }] of Object.entries(config.agents)) {
    const owner = ownerOfDn.get(dn);
    // Events are routed by DN, so a DN shared by two agents would show each one the other's calls.
    if (owner !== undefined) problems.push({ key: `agents.${agentId}.dn`, message: `DN ${dn} is already agent ${owner}'s` });
    else ownerOfDn.set(dn, agentId);
  }
  if (config.mode === 'development' && !Object.prototype.hasOwnProperty.call(config.agents, config.devAgent)) {
    problems.push({ key: 'devAgent', message: `"${config.devAgent}" is not in agents` });
  }
  config.allowedOrigins.forEach((origin, index) => {
    if (!isOrigin(origin)) {
      problems.push({ key: `allowedOrigins[${index}]`, message: `must be an origin (scheme://host[:port], nothing after), got "${origin}"` });
    }
  });
  config.trustProxy.forEach((entry, index) => {
    if (!isAddressOrCidr(entry)) {
      problems.push({ key: `trustProxy[${index}]`, message: `must be an IP address or CIDR range of a proxy (10.0.0.5, 10.0.0.0/8, ::1), got "${entry}"` });
    }
  });
  if (config.metrics.port !== null && config.metrics.port !== 0 && config.metrics.port === config.port) {
    problems.push({ key: 'metrics.port', message: `must differ from port (${config.port}): it is a second listener` });
  }
  if (config.mode === 'secure' && config.simulator.controlRoutes === true) {
    // They answer without a token and act on every agent's calls: a secure bridge must not serve them.
    problems.push({ key: 'simulator.controlRoutes', message: 'cannot be true when mode is "secure": secure mode serves no simulator route' });
  }
  problems.push(...tlsProblems(config.tls));
  problems.push(...workspaceProblems(config));
  const { jwks, jwksUrl } = config.auth;
  if (jwks !== undefined && jwksUrl !== undefined) problems.push({ key: 'auth.jwksUrl', message: 'set auth.jwks or auth.jwksUrl, not both' });
  if (jwksUrl !== undefined && !isKeySetUrl(jwksUrl)) {
    problems.push({ key: 'auth.jwksUrl', message: 'must be an https URL (http only on a loopback host)' });
  }
  return problems;
}

/** The workspace block goes with the workspace backend, and says where GWS is over a channel fit for tokens. */
function workspaceProblems(config: BridgeConfig): ConfigProblem[] {
  const { workspace } = config;
  if (config.backend !== 'workspace') {
    return workspace === undefined ? [] : [{ key: 'workspace', message: 'is only for backend "workspace"' }];
  }
  if (workspace === undefined) return [{ key: 'workspace', message: 'is required with backend "workspace" (at least workspace.baseUrl)' }];
  const problems: ConfigProblem[] = [];
  // Agents' tokens and session cookies travel to it: plain HTTP would hand them to anyone on the path.
  if (!isServiceUrl(workspace.baseUrl)) {
    problems.push({ key: 'workspace.baseUrl', message: 'must be an https URL without query or fragment (http only on a loopback host)' });
  }
  if ((workspace.clientId === undefined) !== (workspace.clientSecret === undefined)) {
    problems.push({ key: workspace.clientId === undefined ? 'workspace.clientId' : 'workspace.clientSecret', message: 'set workspace.clientId and workspace.clientSecret together' });
  }
  if (config.simulator.controlRoutes === true) {
    problems.push({ key: 'simulator.controlRoutes', message: 'cannot be true with backend "workspace": the simulator is not running' });
  }
  return problems;
}

function isServiceUrl(value: string): boolean {
  try {
    const url = new URL(value);
    const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
    return (url.protocol === 'https:' || (url.protocol === 'http:' && loopback)) && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  } catch {
    return false;
  }
}

function isOrigin(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value;
  } catch {
    return false;
  }
}

function isAddressOrCidr(value: string): boolean {
  const [address = '', prefix, ...rest] = value.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** Keys fetched over plain HTTP could be swapped in transit, which would let anyone sign tokens. */
function isKeySetUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname));
  } catch {
    return false;
  }
}

// ---- Helpers -------------------------------------------------------------------------------------------------

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** Command-line and environment values are strings; a port given as digits becomes a number, anything else stays a string for validation to name. */
function numberIfNumeric(value: string): number | string {
  return /^\d+$/.test(value) ? Number(value) : value;
}
