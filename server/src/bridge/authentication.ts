/**
 * Who a request or WebSocket session acts for. T-Server has no per-agent authentication, so the bridge is the trust
 * boundary: the agent comes from a signed token (verified with jose against the identity provider's keys, plus the
 * bridge's own development key when the simulator runs), and their DN from a claim of that token (auth.dnClaim) or
 * from the server's agent table, never from anything else the client says. In development mode a client without a
 * token acts as `devAgent` (the tutorial's client); a token that is present must be valid in every mode.
 *
 * Every refusal is a TokenRefusal naming its reason in words (never the token itself), so that the agent, the logs
 * and the metrics say why: another issuer or audience, expired, an unknown agent, no DN, or the provider's keys out
 * of reach.
 */
import {
  SignJWT,
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  generateKeyPair,
  jwtVerify,
  type JWK,
  type JWTPayload,
  type JWTVerifyGetKey,
  type KeyLike,
} from 'jose';
import type { BridgeErrorCode } from '../../../protocol/bridgeProtocol';
import { TServerError, type AgentSessions } from '../backend/telephonyBackend';
import type { AuthConfig, BridgeConfig } from '../config';
import type { AgentDirectory } from './agentDirectory';
import { BridgeFailure, messageOf } from './failure';
import type { AgentIdentity } from './session';

/** The `kid` of tokens signed with the development key, so that they are told from the identity provider's. */
const DEV_KEY_ID = 'genesys-bridge-simulator';
const DEV_KEY_ALGORITHM = 'ES256';
const DEFAULT_DEV_TOKEN_TTL_SECONDS = 3600;
/** What loadConfig accepts as a DN (agents.*.dn), and so what a DN claim must look like. */
const DN_PATTERN = /^[0-9A-Za-z*#+._-]{1,64}$/;

/** Why a token was refused: the label of genesys_bridge_token_failures_total and the start of the message. */
export type TokenRefusalReason =
  | 'missing'
  | 'malformed'
  | 'signature'
  | 'unknown_key'
  | 'issuer'
  | 'audience'
  | 'expired'
  | 'claims'
  | 'no_agent'
  | 'unknown_agent'
  | 'no_dn'
  | 'dn_conflict'
  | 'keys_unavailable'
  /** A per-agent backend (GWS) refused the agent's credentials. */
  | 'backend_refused'
  /** A per-agent backend could not be asked (unreachable, failing). */
  | 'backend_unavailable';

/**
 * A token refused, and why. UNAUTHORIZED (401) for a token that is not good, FORBIDDEN (403) for a good token the
 * bridge cannot serve (an agent it does not know, no DN, a DN that is someone else's), LINK_DOWN (503) when the
 * bridge cannot check tokens at all now (the identity provider's keys are out of reach).
 */
export class TokenRefusal extends BridgeFailure {
  constructor(
    readonly reason: TokenRefusalReason,
    code: Extract<BridgeErrorCode, 'UNAUTHORIZED' | 'FORBIDDEN' | 'LINK_DOWN'>,
    /** Told to the client: the reason in words, naming only what the client sent and what is public. */
    message: string,
    /**
     * Told to the operator's log only: what the client has no business knowing (another agent's name, the key set's
     * address, a network error inside the site).
     */
    readonly logDetail?: string,
  ) {
    super(code, message);
    this.name = 'TokenRefusal';
  }
}

/** Which agent, if any, holds open sessions on a DN (a DN's events go to every session of it). */
export type DnHolder = (dn: string) => string | undefined;

/**
 * A DN another agent's sessions are using. Checked when the token is, and again when the session joins its DN
 * (SessionRegistry.add): two agents' tokens claiming one DN may both pass the first check before either session joins.
 * The other agent is named in the log, never to the client.
 */
export function dnInUseRefusal(agentId: string, dn: string, holder: string): TokenRefusal {
  return new TokenRefusal('dn_conflict', 'FORBIDDEN', `the token gives agent "${agentId}" DN ${dn}, which another agent is using`, `held by agent "${holder}"`);
}

export class AgentAuthenticator {
  /** Set once the session registry exists (see app.ts): a DN claim may not take a DN another agent is using. */
  dnHolder: DnHolder = () => undefined;
  /**
   * Set when the backend is per-agent (the Workspace API): the credentials a client presents are the agent's own
   * with that backend, verified by opening (or joining) their session there, which also says who the agent is and
   * which DN is theirs. No token of the bridge's, no agent table, no token-less client.
   */
  agentSessions: AgentSessions | undefined;

  private constructor(
    private readonly config: BridgeConfig,
    private readonly directory: AgentDirectory,
    private readonly getKey: JWTVerifyGetKey | undefined,
    private readonly devKey: KeyLike | undefined,
  ) {}

  /** `withDevKey`: generate a signing key for mintDevToken() (only while the simulator is the backend). */
  static async create(config: BridgeConfig, directory: AgentDirectory, withDevKey: boolean): Promise<AgentAuthenticator> {
    const issuerKeys = issuerKeySet(config.auth);
    if (!withDevKey) return new AgentAuthenticator(config, directory, issuerKeys, undefined);
    const { publicKey, privateKey } = await generateKeyPair(DEV_KEY_ALGORITHM);
    const getKey: JWTVerifyGetKey = async (header, token) => {
      if (header.kid === DEV_KEY_ID) return publicKey;
      if (issuerKeys) return issuerKeys(header, token);
      throw new errors.JWKSNoMatchingKey();
    };
    return new AgentAuthenticator(config, directory, getKey, privateKey);
  }

  get canMintDevTokens(): boolean {
    return this.devKey !== undefined;
  }

  /** Resolves the agent a token names; without a token, the development agent (development mode only). */
  async identify(token: string | undefined): Promise<AgentIdentity> {
    if (this.agentSessions !== undefined) return this.identifyAtBackend(this.agentSessions, token);
    if (token === undefined || token === '') {
      if (this.config.mode === 'development') return this.agent(this.config.devAgent, undefined);
      throw new TokenRefusal('missing', 'UNAUTHORIZED', 'a bearer token is required');
    }
    const payload = await this.verify(token);
    const { agentClaim } = this.config.auth;
    const agentId = payload[agentClaim];
    if (typeof agentId !== 'string' || agentId === '') {
      throw new TokenRefusal('no_agent', 'UNAUTHORIZED', `the token has no "${agentClaim}" claim naming the agent (auth.agentClaim)`);
    }
    // jwtVerify's requiredClaims guarantees exp.
    return this.agent(agentId, payload, (payload.exp ?? 0) * 1000);
  }

  /**
   * A session's renewed token: valid, and naming the same agent and DN as the session's own (a session never changes
   * hands). Resolves with the new expiry.
   */
  async renew(current: AgentIdentity, token: string): Promise<AgentIdentity> {
    const renewed = await this.identify(token);
    if (renewed.agentId !== current.agentId || renewed.dn !== current.dn) {
      throw new TokenRefusal(
        'claims',
        'FORBIDDEN',
        `the renewed token is agent "${renewed.agentId}" at DN ${renewed.dn}, but this session is agent "${current.agentId}" at DN ${current.dn}: connect again to change agents`,
      );
    }
    return renewed;
  }

  /**
   * Signs a token for an agent with the development key (any agentId: refusing unknown agents is identify's job). It
   * lives at least ttlSeconds: exp is a whole second (a JWT NumericDate), rounded up, never down.
   */
  async mintDevToken(agentId: string, ttlSeconds = DEFAULT_DEV_TOKEN_TTL_SECONDS): Promise<string> {
    if (!this.devKey) throw new Error('development tokens are only minted while the simulator is the backend');
    const { agentClaim, issuer, audience } = this.config.auth;
    const jwt = new SignJWT({ [agentClaim]: agentId })
      .setProtectedHeader({ alg: DEV_KEY_ALGORITHM, kid: DEV_KEY_ID })
      .setIssuedAt()
      .setExpirationTime(Math.ceil(Date.now() / 1000) + ttlSeconds);
    if (issuer !== undefined) jwt.setIssuer(issuer);
    if (audience !== undefined) jwt.setAudience(audience);
    return jwt.sign(this.devKey);
  }

  private async verify(token: string): Promise<JWTPayload> {
    if (!this.getKey) throw new TokenRefusal('unknown_key', 'UNAUTHORIZED', 'no key is configured to verify tokens (auth.jwks or auth.jwksUrl)');
    const { issuer, audience } = this.config.auth;
    try {
      const { payload } = await jwtVerify(token, this.getKey, {
        ...(issuer !== undefined ? { issuer } : {}),
        ...(audience !== undefined ? { audience } : {}),
        // A session lives until its token expires, so a token must say when.
        requiredClaims: ['exp'],
      });
      return payload;
    } catch (error) {
      throw refusalOf(error, this.config.auth);
    }
  }

  private async identifyAtBackend(sessions: AgentSessions, credentials: string | undefined): Promise<AgentIdentity> {
    if (credentials === undefined || credentials === '') {
      throw new TokenRefusal('missing', 'UNAUTHORIZED', "sign in with Genesys: the bridge needs the agent's Genesys access token as the bearer token");
    }
    try {
      const line = await sessions.open(credentials);
      return { agentId: line.agentId, dn: line.dn };
    } catch (error) {
      if (!(error instanceof TServerError)) throw error;
      if (error.code === 'UNAUTHORIZED') throw new TokenRefusal('backend_refused', 'UNAUTHORIZED', error.message);
      // Said in few words: a WebSocket close reason holds 123 bytes, and the close code already says "try again later".
      // What failed inside the site (an address, a network error) is the operator's to read.
      throw new TokenRefusal('backend_unavailable', 'LINK_DOWN', "cannot open the agent's Genesys session now; try again later", error.message);
    }
  }

  /** The agent's DN: the token's DN claim (auth.dnClaim) when it has one, else the bridge's agent table. */
  private agent(agentId: string, payload: JWTPayload | undefined, tokenExpiresAt?: number): AgentIdentity {
    const dn = payload === undefined ? this.directory.dnOf(agentId) : this.dnOf(agentId, payload);
    if (dn === undefined) throw new TokenRefusal('unknown_agent', 'FORBIDDEN', `agent "${agentId}" is not known to this bridge`);
    if (payload === undefined) return { agentId, dn, tokenless: true };
    return tokenExpiresAt === undefined ? { agentId, dn } : { agentId, dn, tokenExpiresAt };
  }

  private dnOf(agentId: string, payload: JWTPayload): string | undefined {
    const { dnClaim } = this.config.auth;
    const listed = this.directory.dnOf(agentId);
    if (dnClaim === undefined) return listed;
    const claimed = payload[dnClaim];
    if (claimed === undefined) {
      if (listed !== undefined) return listed;
      throw new TokenRefusal('no_dn', 'FORBIDDEN', `agent "${agentId}" has no DN: the token has no "${dnClaim}" claim (auth.dnClaim) and the agent is not in the bridge's agents`);
    }
    if (typeof claimed !== 'string' || !DN_PATTERN.test(claimed)) {
      throw new TokenRefusal('no_dn', 'FORBIDDEN', `agent "${agentId}" has no DN: the token's "${dnClaim}" claim is not a DN (1 to 64 of 0-9 A-Z a-z * # + . _ -)`);
    }
    // Events are routed by DN: a DN that is another agent's would show this agent that agent's calls.
    const owner = this.directory.agentOf(claimed);
    if (owner !== undefined && owner !== agentId) {
      throw new TokenRefusal('dn_conflict', 'FORBIDDEN', `the token gives agent "${agentId}" DN ${claimed}, which the bridge's agents give to another agent`, `given to agent "${owner}"`);
    }
    if (listed !== undefined && listed !== claimed) {
      throw new TokenRefusal('dn_conflict', 'FORBIDDEN', `the token gives agent "${agentId}" DN ${claimed}, but the bridge's agents give them DN ${listed}`);
    }
    const holder = this.dnHolder(claimed);
    if (holder !== undefined && holder !== agentId) throw dnInUseRefusal(agentId, claimed, holder);
    return claimed;
  }
}

/**
 * A jose failure as the agent and the operator should read it: which check failed, with the values that differ. The
 * issuer and audience the bridge expects are named: both are public (the provider's discovery document, the
 * toolbar's own configuration), and they are what a mis-configured site needs to see.
 */
function refusalOf(error: unknown, auth: AuthConfig): TokenRefusal {
  if (error instanceof KeysUnavailable) {
    return new TokenRefusal(
      'keys_unavailable',
      'LINK_DOWN',
      "cannot check tokens now: the identity provider's keys could not be fetched; try again later",
      `from ${auth.jwksUrl ?? 'auth.jwksUrl'}: ${messageOf(error.cause)}`,
    );
  }
  if (error instanceof errors.JWTExpired) {
    const exp = error.payload.exp;
    return new TokenRefusal('expired', 'UNAUTHORIZED', `the token has expired${typeof exp === 'number' ? ` (at ${new Date(exp * 1000).toISOString()})` : ''}`);
  }
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'iss') {
      return new TokenRefusal('issuer', 'UNAUTHORIZED', `the token was issued by ${shown(error.payload.iss)}, not by "${auth.issuer ?? ''}" (auth.issuer)`);
    }
    if (error.claim === 'aud') {
      return new TokenRefusal('audience', 'UNAUTHORIZED', `the token is for audience ${shown(error.payload.aud)}, not "${auth.audience ?? ''}" (auth.audience)`);
    }
    return new TokenRefusal('claims', 'UNAUTHORIZED', `the token's "${error.claim}" claim is not valid: ${error.reason === 'missing' ? 'it is missing' : error.message}`);
  }
  if (error instanceof errors.JWKSNoMatchingKey) {
    return new TokenRefusal('unknown_key', 'UNAUTHORIZED', 'the token is signed with a key the identity provider does not publish');
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) {
    return new TokenRefusal('signature', 'UNAUTHORIZED', 'the token\'s signature does not verify');
  }
  if (error instanceof errors.JOSEError) return new TokenRefusal('malformed', 'UNAUTHORIZED', `the token is not valid: ${error.message}`);
  return new TokenRefusal('malformed', 'UNAUTHORIZED', 'the token is not valid');
}

/** A claim's value for a message: short, and never more than a claim (no token). */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 120 ? `${text.slice(0, 117)}…` : text;
}

/** The identity provider's keys could not be had: the network, a timeout, an answer that is not a key set. */
class KeysUnavailable extends Error {
  constructor(readonly cause: unknown) {
    super('the key set could not be fetched');
  }
}

/** loadConfig has checked that every key names its "kty"; jose checks the rest when it uses a key. */
function isJwk(key: object): key is JWK {
  return typeof (key as { kty?: unknown }).kty === 'string';
}

function issuerKeySet(auth: AuthConfig): JWTVerifyGetKey | undefined {
  const { jwks, jwksUrl } = auth;
  if (jwks) return createLocalJWKSet({ keys: jwks.keys.flatMap((key) => (isJwk(key) ? [key] : [])) });
  if (jwksUrl === undefined) return undefined;
  // jose fetches the key set on first use and keeps it for cacheMaxAge; within that the cached keys verify tokens
  // whether or not the provider answers. After it, or for a key id it has not seen (a rotation), it fetches again,
  // at most once per cooldown for unknown key ids: if that fails the token cannot be checked, which is said as such.
  // https://github.com/panva/jose/blob/v5.10.0/docs/functions/jwks_remote.createRemoteJWKSet.md
  const remote = createRemoteJWKSet(new URL(jwksUrl), {
    cacheMaxAge: auth.jwksCacheMaxAgeMs,
    cooldownDuration: auth.jwksCooldownMs,
    timeoutDuration: auth.jwksTimeoutMs,
  });
  return async (header, token) => {
    try {
      return await remote(header, token);
    } catch (error) {
      if (fetchFailed(error)) throw new KeysUnavailable(error);
      throw error;
    }
  };
}

/** Whether the remote key set failed to load, as opposed to loading and holding no key for the token. */
function fetchFailed(error: unknown): boolean {
  if (!(error instanceof errors.JOSEError)) return true; // the network: refused, reset, DNS…
  // A timeout, a key set that is not one, or jose's generic "Expected 200 OK" / "Failed to parse" errors.
  return error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid || error.code === 'ERR_JOSE_GENERIC';
}
