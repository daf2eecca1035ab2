/**
 * The onRequest hooks of the routes: refuse a disallowed browser origin (403) and, where the route acts for an agent,
 * a missing or invalid token (401, 403, or 503 when the identity provider's keys are out of reach), before the body
 * is read or the socket upgraded, and record who the request acts for. A WebSocket upgrade whose token is refused is
 * let through and then closed with a code and the reason (socketRoute.ts): a browser cannot read a refused upgrade's
 * status, and the agent must be told why.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { TokenRefusal, type AgentAuthenticator } from '../bridge/authentication';
import { BridgeFailure } from '../bridge/failure';
import type { AgentIdentity } from '../bridge/session';
import type { OriginPolicy } from './originPolicy';
import { bearerTokenOf, offeredProtocolsOf, socketTokenOf } from './requestCredentials';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the admission hook on the routes that act for an agent. */
    bridgeAgent: AgentIdentity | null;
    /** Set by admitUpgrade when the upgrade's token was refused: the socket route closes the session saying why. */
    bridgeRefusal: TokenRefusal | null;
  }
}

export interface AdmissionDeps {
  readonly authenticator: AgentAuthenticator;
  readonly origins: OriginPolicy;
  /** Told of each request, upgrade or renewal refused for its token, for metrics and the log. */
  readonly onTokenRefused?: (refusal: TokenRefusal) => void;
  /** True once shutdown began: new sessions are refused (SHUTTING_DOWN), so that clients go to another instance. */
  readonly draining?: () => boolean;
}

export function decorateWithAgent(app: FastifyInstance): void {
  app.decorateRequest('bridgeAgent', null);
  app.decorateRequest('bridgeRefusal', null);
}

/** For the simulator's control routes: no token (a development tool), but no other site's page either. */
export function admitOrigin(origins: OriginPolicy) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    checkOrigin(origins, request);
  };
}

/** For REST: the token is in the Authorization header. */
export function admitRequest(deps: AdmissionDeps) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    checkOrigin(deps.origins, request);
    request.bridgeAgent = await identify(deps, () => bearerTokenOf(request.headers.authorization));
  };
}

/** For WebSocket upgrades: the token is offered as a subprotocol. */
export function admitUpgrade(deps: AdmissionDeps) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (deps.draining?.()) throw new BridgeFailure('SHUTTING_DOWN', 'the bridge is shutting down: connect again (another instance takes the session)');
    checkOrigin(deps.origins, request);
    // Offering subprotocols without the bridge's own stays a 400: that is not a toolbar.
    const token = socketTokenOf(offeredProtocolsOf(request.headers['sec-websocket-protocol']));
    try {
      request.bridgeAgent = await identify(deps, () => token);
    } catch (error) {
      if (!(error instanceof TokenRefusal)) throw error;
      request.bridgeRefusal = error;
    }
  };
}

async function identify(deps: AdmissionDeps, tokenOf: () => string | undefined): Promise<AgentIdentity> {
  try {
    return await deps.authenticator.identify(tokenOf());
  } catch (error) {
    if (error instanceof TokenRefusal) deps.onTokenRefused?.(error);
    throw error;
  }
}

export function agentOf(request: FastifyRequest): AgentIdentity {
  if (!request.bridgeAgent) throw new BridgeFailure('UNAUTHORIZED', 'the request was not authenticated');
  return request.bridgeAgent;
}

function checkOrigin(origins: OriginPolicy, request: FastifyRequest): void {
  const { origin } = request.headers;
  if (!origins.admits(origin)) throw new BridgeFailure('FORBIDDEN', `origin ${origin} is not allowed`);
}
