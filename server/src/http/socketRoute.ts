/**
 * GET /genesysWs: one Session per WebSocket. The upgrade is admitted (origin, token) before it happens; the
 * session's first frame is its DN's RegisteredEvent snapshot; text frames are commands, checked like REST bodies,
 * whose failures come back to that session as EventError (success shows as the events themselves).
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { CLOSE_CODES, MAX_TOKEN_CHARS, RENEW_TOKEN_TYPE, type TokenRenewedEvent } from '../../../protocol/bridgeProtocol';
import { isRecord } from '../../../protocol/jsonRecord';
import type { CommandExecutor } from '../bridge/commandExecutor';
import { parseCommandFrame } from '../bridge/commandValidation';
import { errorEventOf } from '../bridge/eventMapping';
import { TokenRefusal, dnInUseRefusal } from '../bridge/authentication';
import { BridgeFailure, failureFromBackend } from '../bridge/failure';
import { Session } from '../bridge/session';
import type { SessionRegistry } from '../bridge/sessionRegistry';
import type { SnapshotPublisher } from '../bridge/snapshots';
import type { LimitsConfig } from '../config';
import type { BridgeMetrics } from '../bridge/metrics';
import type { CommandLimits } from '../bridge/tokenBuckets';
import { admitUpgrade, agentOf, type AdmissionDeps } from './admission';
import { wsCloseReason } from '../bridge/wsCloseReason';
import { Heartbeat } from './heartbeat';
import { textOf } from './frameText';

/** Sessions the bridge ended or refused to protect itself and other agents, counted since start. */
export interface PeerCounters {
  /** Closed for falling too far behind reading (CLOSE_CODES.slowConsumer). */
  slowConsumers: number;
  /** Dropped for not answering a ping. */
  deadPeers: number;
  /** Refused for their agent's sessionsPerAgent (CLOSE_CODES.tooManySessions). */
  refusedSessions: number;
}

export interface SocketRouteDeps extends AdmissionDeps {
  readonly executor: CommandExecutor;
  readonly registry: SessionRegistry;
  readonly snapshots: SnapshotPublisher;
  readonly limits: Pick<LimitsConfig, 'sessionsPerAgent' | 'sendBufferBytes'>;
  readonly pingIntervalMs: number;
  readonly peers: PeerCounters;
  readonly commandLimits: CommandLimits;
  readonly metrics: BridgeMetrics;
}

export function registerSocketRoute(app: FastifyInstance, deps: SocketRouteDeps): void {
  const heartbeat = new Heartbeat(deps.pingIntervalMs, () => {
    deps.peers.deadPeers += 1;
    deps.metrics.sessionEnded('dead_peer');
    app.log.debug('a session did not answer its ping: dropped');
  });
  app.addHook('onClose', async () => heartbeat.stop());
  // The address's rate first, so that a flood of upgrades costs no token verification.
  app.get('/genesysWs', { websocket: true, onRequest: [app.rateLimit(), admitUpgrade(deps)] }, (socket: WebSocket, request: FastifyRequest) => {
    if (request.bridgeRefusal) {
      refuseSession(socket, request.bridgeRefusal);
      return;
    }
    heartbeat.watch(socket);
    openSession(deps, socket, request);
  });
}


/**
 * The upgrade's token was refused: the session is closed at once, before it hears anything, with a code the toolbar
 * reads (the provider's keys out of reach: retry later; anything else: a fresh token) and the reason in words.
 */
function refuseSession(socket: WebSocket, refusal: TokenRefusal): void {
  // LINK_DOWN: the token could not be checked now (the provider's keys, or a per-agent backend, out of reach).
  const code = refusal.errorCode === 'LINK_DOWN' ? CLOSE_CODES.keysUnavailable : CLOSE_CODES.tokenRefused;
  socket.close(code, wsCloseReason(refusal.message));
}

function openSession(deps: SocketRouteDeps, socket: WebSocket, request: FastifyRequest): void {
  const agent = agentOf(request);
  // Checked again here, where nothing awaits between the check and registry.add below: two agents' tokens claiming
  // one DN may both have passed the authenticator's check before either session joined the DN.
  const holder = deps.registry.holderOf(agent.dn);
  if (holder !== undefined && holder !== agent.agentId) {
    const refusal = dnInUseRefusal(agent.agentId, agent.dn, holder);
    deps.onTokenRefused?.(refusal);
    refuseSession(socket, refusal);
    return;
  }
  // The DN is the agent's alone (loadConfig refuses a shared one), so its sessions are the agent's.
  const held = deps.registry.sessionsOf(agent.dn)?.size ?? 0;
  if (held >= deps.limits.sessionsPerAgent) {
    // Accepted, then closed with a code: a browser cannot read the status of a refused upgrade, but it can read this.
    deps.peers.refusedSessions += 1;
    deps.metrics.sessionEnded('too_many_sessions');
    request.log.info({ agentId: agent.agentId, sessions: held }, 'too many sessions for the agent: the newest refused');
    socket.close(CLOSE_CODES.tooManySessions, `agent ${agent.agentId} already has ${held} sessions (limits.sessionsPerAgent)`);
    return;
  }
  const session = new Session(agent, socket, {
    sendBufferBytes: deps.limits.sendBufferBytes,
    onSent: () => deps.metrics.frameSent(),
    onSlowConsumer: () => {
      deps.peers.slowConsumers += 1;
      deps.metrics.sessionEnded('slow_consumer');
      request.log.info({ agentId: agent.agentId }, 'a session fell too far behind reading: closed as a slow consumer');
    },
  });
  const ticket = session.awaitSnapshot();
  const limitKey = `session:${(nextSessionNumber += 1)}`;
  // Made once per session rather than once per frame.
  const checkRate = (): void => deps.commandLimits.check(limitKey, request.ip, 'session_commands');
  const frameFailed = (error: unknown): void => request.log.error({ err: error }, 'frame failed');
  socket.on('message', (data: RawData, isBinary: boolean) => {
    // A frame that arrives while the session closes (its token just expired, say) is not acted on.
    if (!session.isOpen) return;
    if (isBinary) {
      session.close(CLOSE_CODES.unsupportedData, 'the protocol is JSON text frames');
      return;
    }
    // Nothing a frame holds may take the process down: a failure here is logged, never left unhandled.
    runFrame(deps, session, textOf(data), request.log, checkRate).catch(frameFailed);
  });
  socket.on('close', () => {
    deps.commandLimits.forget(limitKey);
    session.dispose();
    deps.registry.remove(session);
  });
  deps.registry.add(session).then(
    () => deps.snapshots.sendTo(session.dn, [{ session, ticket }]),
    (error: unknown) => {
      request.log.warn({ dn: session.dn, err: error }, 'T-Server refused to register the DN');
      session.close(CLOSE_CODES.internalError, 'DN registration refused');
    },
  );
}

/** Names each session's rate-limit bucket. */
let nextSessionNumber = 0;

async function runFrame(deps: SocketRouteDeps, session: Session, text: string, log: FastifyBaseLogger, checkRate: () => void): Promise<void> {
  const parsed = parseCommandFrame(text);
  let failure: BridgeFailure;
  try {
    // Malformed frames count against the rate too: they cost the bridge as much to read.
    checkRate();
    if (isRecord(parsed.received) && parsed.received.type === RENEW_TOKEN_TYPE) {
      await renewToken(deps, session, parsed.received.token);
      return;
    }
    if (!parsed.ok) throw parsed.failure;
    await deps.executor.execute(session.agent, parsed.command);
    deps.metrics.command(parsed.command.type, 'ok');
    return;
  } catch (error) {
    if (!(error instanceof BridgeFailure)) log.error({ err: error }, 'command failed');
    failure = failureFromBackend(error);
  }
  // Only a refusal echoes the request's fields.
  const request = isRecord(parsed.received) ? requestFieldsOf(parsed.received) : undefined;
  deps.metrics.command(request?.type, failure.errorCode);
  const connectionId = typeof request?.connectionId === 'string' ? request.connectionId : undefined;
  const event = errorEventOf(session.dn, {
    errorCode: failure.errorCode,
    errorMessage: failure.message,
    ...(request !== undefined ? { request } : {}),
    ...(failure.referenceId !== undefined ? { referenceId: failure.referenceId } : {}),
    ...(connectionId !== undefined ? { connectionId } : {}),
  });
  session.deliver(JSON.stringify(event));
}

/**
 * A RenewToken frame: the token is verified as an upgrade's would be, and must name the session's own agent and DN;
 * then the session lives until its expiry. A refusal is counted and logged like any token refusal, and answered with
 * an EventError (runFrame); the session keeps its old expiry.
 */
async function renewToken(deps: SocketRouteDeps, session: Session, token: unknown): Promise<void> {
  if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_CHARS) {
    throw new BridgeFailure('BAD_REQUEST', `RenewToken needs "token": the new token, a text of at most ${MAX_TOKEN_CHARS} characters`);
  }
  let renewed;
  try {
    renewed = await deps.authenticator.renew(session.agent, token);
  } catch (error) {
    if (error instanceof TokenRefusal) deps.onTokenRefused?.(error);
    throw error;
  }
  session.renew(renewed);
  deps.metrics.command(RENEW_TOKEN_TYPE, 'ok');
  const event: TokenRenewedEvent = { eventName: 'EventTokenRenewed', thisDN: session.dn, expiresAt: renewed.tokenExpiresAt ?? 0 };
  session.deliver(JSON.stringify(event));
}

/** The fields that say which request an EventError answers; echoing a whole frame back could be arbitrarily deep. */
function requestFieldsOf(received: Readonly<Record<string, unknown>>): Record<string, string | number | boolean> {
  const fields: Record<string, string | number | boolean> = {};
  for (const key of ['type', 'connectionId', 'destination', 'eventId', 'reasonCode']) {
    const value = received[key];
    if (typeof value === 'string') fields[key] = value.slice(0, 256);
    else if (typeof value === 'number' || typeof value === 'boolean') fields[key] = value;
  }
  return fields;
}
