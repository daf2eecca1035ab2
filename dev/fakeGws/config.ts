/**
 * The fake GWS's configuration: the agents (the Configuration Server objects GWS would read: a Person with an agent
 * login, a place and its DN), the OAuth clients the Authentication API knows, and lifetimes.
 */

export interface FakeAgent {
  /** The Person's user name: what the agent types in the sign-in form. */
  readonly userName: string;
  /** Checked by the sign-in form and the password grant. A development stand-in: never a real password. */
  readonly password: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly employeeId: string;
  /** The Agent Login code; activate-channels accepts it (or employeeId) as agentId. */
  readonly agentLogin: string;
  /** The agent's DN on the switch. */
  readonly dn: string;
  /** The agent's default place, which holds the DN; activate-channels accepts it as placeName. */
  readonly place: string;
  readonly dbid: number;
}

export type GrantType = 'authorization_code' | 'refresh_token' | 'password';

export interface OAuthClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Exact redirect URIs the client registered; /oauth/authorize refuses any other (RFC 6749 section 3.1.2). */
  readonly redirectUris: readonly string[];
  readonly grantTypes: readonly GrantType[];
}

/** A not-ready reason as Configuration Server holds it (an Action Code of type NotReady). */
export interface ActionCode {
  readonly name: string;
  readonly code: string;
}

export interface FakeGwsConfig {
  /** Loopback only: the fake has no TLS and development credentials. */
  readonly host: '127.0.0.1' | '::1' | 'localhost';
  /** 0: any free port. */
  readonly port: number;
  readonly agents: readonly FakeAgent[];
  readonly clients: readonly OAuthClient[];
  /** When set, every /auth/v3 and /workspace/v3 request must carry it in x-api-key (Genesys' cloud API gateway). */
  readonly apiKey: string | null;
  /** expires_in of access tokens. */
  readonly tokenLifetimeSeconds: number;
  /** How long an authorization code may wait before it is exchanged. */
  readonly codeLifetimeSeconds: number;
  /** After this long an outbound callee answers by itself (Genesys' simulator: 5000); null: only the control API. */
  readonly outboundAutoAnswerMs: number | null;
  readonly actionCodes: readonly ActionCode[];
  /** CometD long-poll hold time (cometd-nodejs-server's `timeout`). */
  readonly cometdTimeoutMs: number;
  /** One line per noteworthy thing (never a secret). */
  readonly log: (line: string) => void;
}

export type FakeGwsOptions = Partial<Omit<FakeGwsConfig, 'agents'>> & {
  readonly agents?: readonly (Partial<FakeAgent> & Pick<FakeAgent, 'userName' | 'dn'>)[];
};

function agentDefaults(partial: Partial<FakeAgent> & Pick<FakeAgent, 'userName' | 'dn'>, index: number): FakeAgent {
  return {
    password: partial.userName,
    firstName: 'Agent',
    lastName: String(index + 1),
    employeeId: partial.userName,
    // Genesys' own samples log in with dn = user.agentLogin, so their configurations give both one value.
    // https://github.com/GenesysPureEngage/tutorials/blob/master/basic-call-control-workspace-nodejs/src/main.js
    agentLogin: partial.dn,
    place: `Place_${partial.dn}`,
    dbid: 101 + index,
    ...partial,
  };
}

/** Two agents, as the bridge's default agent file has them (agent1 at 7001, agent2 at 7002). */
export const DEFAULT_AGENTS: readonly (Pick<FakeAgent, 'userName' | 'dn'> & Partial<FakeAgent>)[] = [
  { userName: 'agent1', dn: '7001', firstName: 'Alice', lastName: 'Agent' },
  { userName: 'agent2', dn: '7002', firstName: 'Bob', lastName: 'Agent' },
];

export const DEFAULT_CLIENT: OAuthClient = {
  clientId: 'media-toolbar',
  clientSecret: 'media-toolbar-secret',
  redirectUris: [],
  grantTypes: ['authorization_code', 'refresh_token'],
};

const NUMBER = /^[0-9A-Za-z*#+._-]{1,64}$/;

/** Fills in defaults and refuses what a Configuration Server would not hold (two agents on one DN, ...). */
export function resolveConfig(options: FakeGwsOptions = {}): FakeGwsConfig {
  const agents = (options.agents ?? DEFAULT_AGENTS).map(agentDefaults);
  const problems: string[] = [];
  const seen = (key: keyof FakeAgent) => {
    const values = new Map<string, number>();
    agents.forEach((agent, index) => {
      const value = String(agent[key]);
      const earlier = values.get(value);
      if (earlier !== undefined) problems.push(`agents[${index}].${key}: "${value}" is already agents[${earlier}]'s`);
      else values.set(value, index);
    });
  };
  (['userName', 'dn', 'place', 'agentLogin', 'employeeId'] as const).forEach(seen);
  agents.forEach((agent, index) => {
    if (!NUMBER.test(agent.dn)) problems.push(`agents[${index}].dn: "${agent.dn}" is not a DN`);
    if (agent.password === '') problems.push(`agents[${index}].password: must not be empty`);
  });
  const clients = options.clients ?? [DEFAULT_CLIENT];
  clients.forEach((client, index) => {
    if (!client.clientId || !client.clientSecret) problems.push(`clients[${index}]: clientId and clientSecret are required`);
    client.redirectUris.forEach((uri, u) => {
      if (!URL.canParse(uri)) problems.push(`clients[${index}].redirectUris[${u}]: "${uri}" is not an absolute URL`);
    });
  });
  const host = options.host ?? '127.0.0.1';
  if (!['127.0.0.1', '::1', 'localhost'].includes(host)) problems.push(`host: "${host}" is not a loopback address`);
  const positive = (key: keyof FakeGwsOptions, value: number | null | undefined) => {
    if (value !== undefined && value !== null && !(Number.isFinite(value) && value > 0)) problems.push(`${key}: must be a positive number`);
  };
  positive('tokenLifetimeSeconds', options.tokenLifetimeSeconds);
  positive('codeLifetimeSeconds', options.codeLifetimeSeconds);
  positive('outboundAutoAnswerMs', options.outboundAutoAnswerMs);
  positive('cometdTimeoutMs', options.cometdTimeoutMs);
  if (problems.length > 0) throw new Error(`fake GWS configuration: ${problems.join('; ')}`);
  return {
    host,
    port: options.port ?? 0,
    agents,
    clients,
    apiKey: options.apiKey ?? null,
    // Genesys' Agent API Simulator answers expires_in 1800.
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 1800,
    codeLifetimeSeconds: options.codeLifetimeSeconds ?? 60,
    outboundAutoAnswerMs: options.outboundAutoAnswerMs ?? null,
    actionCodes: options.actionCodes ?? [
      { name: 'Break', code: 'Break' },
      { name: 'Lunch', code: 'Lunch' },
    ],
    cometdTimeoutMs: options.cometdTimeoutMs ?? 30000,
    log: options.log ?? (() => undefined),
  };
}
