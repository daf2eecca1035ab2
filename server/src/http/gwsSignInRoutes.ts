/**
 * The Genesys sign-in's server side (backend "workspace" with workspace.clientId and workspace.clientSecret): the
 * toolbar's sign-in window returns an authorization code from GWS's /auth/v3/oauth/authorize, and the bridge, GWS's
 * confidential client, exchanges it, so that the client's secret never reaches a browser. This is the
 * "token-mediating backend" of the IETF's OAuth 2.0 for Browser-Based Applications
 * (https://datatracker.ietf.org/doc/html/draft-ietf-oauth-browser-based-apps, section 6.2): it hands the agent's
 * access token (and refresh token) to the toolbar, which keeps them in memory and presents the access token as its
 * bridge token; the bridge stores none of them.
 *
 * - POST /auth/gws/token {code, redirectUri}: exchanges the code, opens the agent's Workspace session with the access
 *   token (as a WebSocket session would: GWS says who the agent is and at which DN), and answers {ok, accessToken,
 *   expiresIn, refreshToken?, agentId}. A session no toolbar registers within the backend's lingering time is let go.
 * - POST /auth/gws/refresh {refreshToken}: the refresh grant; answers {ok, accessToken, expiresIn, refreshToken?}.
 *
 * Both: rate-limited per address, origin-checked, bodies checked against schemas, answers not cached (RFC 6749,
 * section 5.1). A code or token is never logged.
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyReply } from 'fastify';
import type { TelephonyBackend } from '../backend/telephonyBackend';
import { GwsTokenError, requestGwsTokens, type GwsClient, type GwsGrant, type GwsTokens } from '../backend/workspace/gwsTokens';
import { TokenRefusal, type AgentAuthenticator } from '../bridge/authentication';
import { BridgeFailure } from '../bridge/failure';
import type { SessionRegistry } from '../bridge/sessionRegistry';
import { admitOrigin } from './admission';
import type { OriginPolicy } from './originPolicy';

export interface GwsSignInDeps {
  readonly client: GwsClient;
  readonly authenticator: AgentAuthenticator;
  readonly backend: TelephonyBackend;
  readonly registry: SessionRegistry;
  readonly origins: OriginPolicy;
  /** Told of each access token refused when the agent's session opens, for metrics and the log. */
  readonly onTokenRefused?: (refusal: TokenRefusal) => void;
}

interface TokenBody {
  readonly code: string;
  readonly redirectUri: string;
}

interface RefreshBody {
  readonly refreshToken: string;
}

/** An OAuth code or token: URL-safe characters (RFC 6749 appendix A.11 allows any VSCHAR; GWS issues UUIDs). */
const GRANT_VALUE = { type: 'string', pattern: '^[\\x21-\\x7e]{1,4096}$' } as const;

const TOKEN_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['code', 'redirectUri'],
  properties: {
    code: GRANT_VALUE,
    // The toolbar's callback page: an absolute http(s) address (GWS checks it against the client's registered ones).
    redirectUri: { type: 'string', pattern: '^https?://[\\x21-\\x7e]{1,2040}$' },
  },
} as const;

const REFRESH_BODY = {
  type: 'object',
  additionalProperties: false,
  required: ['refreshToken'],
  properties: { refreshToken: GRANT_VALUE },
} as const;

export function registerGwsSignInRoutes(app: FastifyInstance, deps: GwsSignInDeps): void {
  const hooks = { onRequest: [app.rateLimit(), admitOrigin(deps.origins)] };

  app.post<{ Body: TokenBody }>('/auth/gws/token', { ...hooks, schema: { body: TOKEN_BODY } }, async (request, reply) => {
    const tokens = await exchange(deps.client, { grant: 'authorization_code', code: request.body.code, redirectUri: request.body.redirectUri }, request.log);
    let agent;
    try {
      agent = await deps.authenticator.identify(tokens.accessToken);
    } catch (error) {
      if (error instanceof TokenRefusal) deps.onTokenRefused?.(error);
      throw error;
    }
    // Opened for a toolbar that has yet to connect: if none registers the DN, the backend lets the session go as it
    // does when the last one leaves (a toolbar registering meanwhile keeps it).
    if ((deps.registry.sessionsOf(agent.dn)?.size ?? 0) === 0) await deps.backend.unregister(agent.dn);
    request.log.info({ agentId: agent.agentId, dn: agent.dn }, 'an agent signed in with Genesys');
    return answer(reply, tokens, { agentId: agent.agentId });
  });

  app.post<{ Body: RefreshBody }>('/auth/gws/refresh', { ...hooks, schema: { body: REFRESH_BODY } }, async (request, reply) => {
    const tokens = await exchange(deps.client, { grant: 'refresh_token', refreshToken: request.body.refreshToken }, request.log);
    return answer(reply, tokens, {});
  });
}

/**
 * The grant exchanged at GWS, its failures in the bridge's terms. What failed inside the site (a network error, GWS's
 * status and words when its token endpoint fails) goes to the log; the toolbar is told what it can act on.
 */
async function exchange(client: GwsClient, grant: GwsGrant, log: FastifyBaseLogger): Promise<GwsTokens> {
  try {
    return await requestGwsTokens(client, grant);
  } catch (error) {
    if (!(error instanceof GwsTokenError)) throw error;
    switch (error.failure.kind) {
      case 'grantRefused':
        throw new BridgeFailure('UNAUTHORIZED', `${error.message}: sign in again`);
      case 'clientRefused':
        log.error({ grant: grant.grant, detail: error.message }, 'Genesys refused the bridge\'s OAuth client');
        throw new BridgeFailure('BACKEND_ERROR', error.message);
      case 'failed':
        log.warn({ grant: grant.grant, detail: error.message }, 'the Genesys sign-in failed at GWS');
        throw new BridgeFailure('BACKEND_ERROR', 'Genesys could not complete the sign-in; try again');
      case 'unreachable':
        log.warn({ grant: grant.grant, detail: error.message }, 'the Genesys sign-in failed at GWS');
        throw new BridgeFailure('LINK_DOWN', 'Genesys cannot be reached to complete the sign-in; try again later');
    }
  }
}

function answer(reply: FastifyReply, tokens: GwsTokens, extra: { readonly agentId?: string }): unknown {
  void reply.header('Cache-Control', 'no-store').header('Pragma', 'no-cache');
  return {
    ok: true,
    accessToken: tokens.accessToken,
    expiresIn: tokens.expiresIn,
    ...(tokens.refreshToken === undefined ? {} : { refreshToken: tokens.refreshToken }),
    ...extra,
  };
}
