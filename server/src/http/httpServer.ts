/**
 * The bridge's Fastify instance: CORS, WebSocket support, validation and BridgeReply-shaped errors first (its
 * logger then serves the bridge's machinery), the routes once that machinery exists. Listening is app.ts's.
 */
import cors from '@fastify/cors';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { CLOSE_CODES, MAX_MESSAGE_BYTES } from '../../../protocol/bridgeProtocol';
import type { BridgeConfig } from '../config';
import { readTlsCredentials } from '../tls';
import { BridgeFailure } from '../bridge/failure';
import { schemaCompiler } from '../bridge/schemaCompiler';
import { decorateWithAgent } from './admission';
import type { OriginPolicy } from './originPolicy';
import { registerCommandRoute, type CommandRouteDeps } from './commandRoute';
import { registerOperationsRoutes, type OperationsDeps } from './operationsRoutes';
import { installErrorReplies } from './errorReplies';
import { selectProtocol } from './requestCredentials';
import { registerGwsSignInRoutes, type GwsSignInDeps } from './gwsSignInRoutes';
import { registerSimulatorRoutes, type SimulatorRouteDeps } from './simulatorRoutes';
import { registerSocketRoute, type SocketRouteDeps } from './socketRoute';

export interface RouteDeps extends CommandRouteDeps, SocketRouteDeps {
  readonly operations: OperationsDeps;
  /** Present when the backend is the simulator and its routes are served: mounts /simulator/*. */
  readonly simulatorRoutes?: SimulatorRouteDeps;
  /** Present with the Workspace backend and its OAuth client: mounts /auth/gws/* (the Genesys sign-in's exchange). */
  readonly gwsSignIn?: GwsSignInDeps;
}

/** Told of each request refused for its address's rate (for metrics). */
export type OnIpLimited = () => void;

export async function createHttpServer(
  config: BridgeConfig,
  origins: OriginPolicy,
  onIpLimited: OnIpLimited = () => undefined,
  /** Where the log's JSON lines go: standard output unless given. */
  logStream?: NodeJS.WritableStream,
): Promise<FastifyInstance> {
  // With tls, the same routes over HTTPS and WSS (Fastify's https option: https://fastify.dev/docs/latest/Reference/Server/#https).
  // Typed as the plain-HTTP instance: nothing here depends on which server carries it.
  const app = Fastify({
    ...(config.tls ? { https: readTlsCredentials(config.tls) } : {}),
    logger: {
      level: config.logLevel,
      // Tokens travel in these headers; the default serializers leave headers out, this keeps it so.
      redact: ['req.headers.authorization', 'req.headers["sec-websocket-protocol"]'],
      ...(logStream ? { stream: logStream } : {}),
    },
    bodyLimit: MAX_MESSAGE_BYTES,
    // request.ip is the client X-Forwarded-For names only when the peer is one of these proxies; with none, the peer.
    // https://fastify.dev/docs/latest/Reference/Server/#trustproxy
    trustProxy: config.trustProxy.length > 0 ? [...config.trustProxy] : false,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(({ schema }) => schemaCompiler.compile(schema));
  // Bodies are JSON only: a browser must then preflight a cross-origin POST, so CORS keeps other sites' pages from
  // sending commands (text/plain would make it a "simple" request that skips the preflight).
  app.removeContentTypeParser('text/plain');
  decorateWithAgent(app);
  installErrorReplies(app);

  await app.register(cors, {
    origin: (origin, callback) => callback(null, origin !== undefined && origins.isAllowedBrowserOrigin(origin)),
    methods: ['GET', 'POST'],
    allowedHeaders: ['Content-Type', 'Authorization'],
    // The bridge never reads cookies (tokens are bearer tokens), so credentialed requests gain nothing here; allowing
    // them lets a toolbar fetch its token with `credentials: 'include'` (as an identity provider needs) from
    // /simulator/token too.
    credentials: true,
  });
  // Requests per client address (request.ip: the peer, or the client a trusted proxy forwards). A loose guard taken
  // before any token is verified, so a flood costs no verification; commands are limited per session and agent after.
  // Not global: each route puts the limit (app.rateLimit()) first among its onRequest hooks.
  await app.register(rateLimit, {
    global: false,
    max: config.limits.requestsPerMinutePerIp,
    timeWindow: 60_000,
    onExceeded: () => onIpLimited(),
    errorResponseBuilder: (_request, context) =>
      new BridgeFailure('RATE_LIMITED', `too many requests from this address: at most ${context.max} a minute (limits.requestsPerMinutePerIp); try again in ${context.after}`),
  });
  await app.register(websocket, {
    options: {
      // ws closes a session with 1009 (CLOSE_CODES.messageTooBig) on a larger frame.
      maxPayload: MAX_MESSAGE_BYTES,
      handleProtocols: (offered) => selectProtocol(offered),
    },
    // Socket errors (an oversized or malformed frame, a reset) end in ws's own close; the session goes with it.
    errorHandler: (error, _socket, request) => request.log.debug({ err: error }, 'websocket error'),
    // Bridge.close() has drained the sessions within the grace period; any left are dropped.
    preClose: (done) => {
      closeAllClients(app.websocketServer.clients, 0).then(() => done(), done);
    },
  });

  return app;
}

export function mountRoutes(app: FastifyInstance, deps: RouteDeps): void {
  registerOperationsRoutes(app, deps.operations);
  registerCommandRoute(app, deps);
  registerSocketRoute(app, deps);
  if (deps.simulatorRoutes) registerSimulatorRoutes(app, deps.simulatorRoutes);
  if (deps.gwsSignIn) registerGwsSignInRoutes(app, deps.gwsSignIn);
}

/** Tells every client the bridge is going away, and drops those that have not answered within graceMs. */
export async function closeAllClients(clients: Set<WebSocket>, graceMs: number): Promise<void> {
  const open = [...clients];
  if (open.length === 0) return;
  const closed = open.map((client) => new Promise<void>((resolve) => client.once('close', () => resolve())));
  for (const client of open) client.close(CLOSE_CODES.goingAway, 'bridge shutting down');
  let graceTimer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    graceTimer = setTimeout(resolve, graceMs);
  });
  await Promise.race([Promise.all(closed), grace]);
  clearTimeout(graceTimer);
  for (const client of open) client.terminate();
}
