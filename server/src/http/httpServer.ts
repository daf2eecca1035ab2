/**
 * The bridge's Fastify instance: CORS, WebSocket support, validation and BridgeReply-shaped errors first (its
 * logger then serves the bridge's machinery), the routes once that machinery exists. Listening is app.ts's.
 */
import cors from '@fastify/cors';
import websocket from '@fastify/websocket';
import Fastify, { type FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';
import { CLOSE_CODES, MAX_MESSAGE_BYTES } from '../../../protocol/bridgeProtocol';
import type { BridgeConfig } from '../config';
import { schemaCompiler } from '../bridge/schemaCompiler';
import { decorateWithAgent } from './admission';
import type { OriginPolicy } from './originPolicy';
import { registerCommandRoute, type CommandRouteDeps } from './commandRoute';
import { installErrorReplies } from './errorReplies';
import { selectProtocol } from './requestCredentials';
import { registerSimulatorRoutes, type SimulatorRouteDeps } from './simulatorRoutes';
import { registerSocketRoute, type SocketRouteDeps } from './socketRoute';

export interface RouteDeps extends CommandRouteDeps, SocketRouteDeps {
  /** Present when the backend is the simulator: mounts /simulator/*. */
  readonly simulatorRoutes?: SimulatorRouteDeps;
}

/** How long shutdown waits for clients to answer the closing handshake before dropping them. */
const CLOSE_GRACE_MS = 1000;

export async function createHttpServer(config: BridgeConfig, origins: OriginPolicy): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Tokens travel in these headers; the default serializers leave headers out, this keeps it so.
      redact: ['req.headers.authorization', 'req.headers["sec-websocket-protocol"]'],
    },
    bodyLimit: MAX_MESSAGE_BYTES,
  });
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
  await app.register(websocket, {
    options: {
      // ws closes a session with 1009 (CLOSE_CODES.messageTooBig) on a larger frame.
      maxPayload: MAX_MESSAGE_BYTES,
      handleProtocols: (offered) => selectProtocol(offered),
    },
    // Socket errors (an oversized or malformed frame, a reset) end in ws's own close; the session goes with it.
    errorHandler: (error, _socket, request) => request.log.debug({ err: error }, 'websocket error'),
    preClose: (done) => {
      closeAllClients(app.websocketServer.clients).then(() => done(), done);
    },
  });

  return app;
}

export function mountRoutes(app: FastifyInstance, deps: RouteDeps): void {
  registerCommandRoute(app, deps);
  registerSocketRoute(app, deps);
  if (deps.simulatorRoutes) registerSimulatorRoutes(app, deps.simulatorRoutes);
}

/** Tells every client the bridge is going away, and drops those that do not answer in time. */
async function closeAllClients(clients: Set<WebSocket>): Promise<void> {
  const open = [...clients];
  if (open.length === 0) return;
  const closed = open.map((client) => new Promise<void>((resolve) => client.once('close', () => resolve())));
  for (const client of open) client.close(CLOSE_CODES.goingAway, 'bridge shutting down');
  let graceTimer: NodeJS.Timeout | undefined;
  const grace = new Promise<void>((resolve) => {
    graceTimer = setTimeout(resolve, CLOSE_GRACE_MS);
  });
  await Promise.race([Promise.all(closed), grace]);
  clearTimeout(graceTimer);
  for (const client of open) client.terminate();
}
