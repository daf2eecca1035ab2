/**
 * Who a request or WebSocket session acts for. T-Server has no per-agent authentication, so the bridge is the trust
 * boundary: the agent comes from a signed token (verified with jose against the configured JWKS, plus the bridge's
 * own development key when the simulator runs), and their DN from the server's agent table, never from the client.
 * In development mode a client without a token acts as `devAgent` (the tutorial's client); a token that is present
 * must be valid in every mode.
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
import type { BridgeConfig } from '../config';
import type { AgentDirectory } from './agentDirectory';
import { BridgeFailure } from './failure';
import type { AgentIdentity } from './session';

/** The `kid` of tokens signed with the development key, so that they are told from the identity provider's. */
const DEV_KEY_ID = 'genesys-bridge-simulator';
const DEV_KEY_ALGORITHM = 'ES256';
const DEFAULT_DEV_TOKEN_TTL_SECONDS = 3600;

export class AgentAuthenticator {
  private constructor(
    private readonly config: BridgeConfig,
    private readonly directory: AgentDirectory,
    private readonly getKey: JWTVerifyGetKey | undefined,
    private readonly devKey: KeyLike | undefined,
  ) {}

  /** `withDevKey`: generate a signing key for mintDevToken() (only while the simulator is the backend). */
  static async create(config: BridgeConfig, directory: AgentDirectory, withDevKey: boolean): Promise<AgentAuthenticator> {
    const issuerKeys = issuerKeySet(config);
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
    if (token === undefined || token === '') {
      if (this.config.mode === 'development') return this.agent(this.config.devAgent);
      throw new BridgeFailure('UNAUTHORIZED', 'a bearer token is required');
    }
    const { agentId, expiresAt } = await this.verify(token);
    return this.agent(agentId, expiresAt);
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

  private async verify(token: string): Promise<{ agentId: string; expiresAt: number }> {
    if (!this.getKey) throw new BridgeFailure('UNAUTHORIZED', 'no key is configured to verify tokens');
    const { issuer, audience, agentClaim } = this.config.auth;
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.getKey, {
        ...(issuer !== undefined ? { issuer } : {}),
        ...(audience !== undefined ? { audience } : {}),
        // A session lives until its token expires, so a token must say when.
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) throw new BridgeFailure('UNAUTHORIZED', 'the token has expired');
      const reason = error instanceof errors.JOSEError ? `: ${error.message}` : '';
      throw new BridgeFailure('UNAUTHORIZED', `the token is not valid${reason}`);
    }
    const agentId = payload[agentClaim];
    if (typeof agentId !== 'string' || agentId === '') {
      throw new BridgeFailure('UNAUTHORIZED', `the token has no "${agentClaim}" claim naming the agent`);
    }
    // requiredClaims guarantees exp.
    return { agentId, expiresAt: (payload.exp ?? 0) * 1000 };
  }

  private agent(agentId: string, tokenExpiresAt?: number): AgentIdentity {
    const dn = this.directory.dnOf(agentId);
    if (dn === undefined) throw new BridgeFailure('FORBIDDEN', `agent "${agentId}" is not known to this bridge`);
    return tokenExpiresAt === undefined ? { agentId, dn } : { agentId, dn, tokenExpiresAt };
  }
}

/** loadConfig has checked that every key names its "kty"; jose checks the rest when it uses a key. */
function isJwk(key: object): key is JWK {
  return typeof (key as { kty?: unknown }).kty === 'string';
}

function issuerKeySet(config: BridgeConfig): JWTVerifyGetKey | undefined {
  const { jwks, jwksUrl } = config.auth;
  if (jwks) return createLocalJWKSet({ keys: jwks.keys.flatMap((key) => (isJwk(key) ? [key] : [])) });
  if (jwksUrl !== undefined) return createRemoteJWKSet(new URL(jwksUrl));
  return undefined;
}
