/**
 * GET /genesysWs: one Session per WebSocket. The upgrade is admitted (origin, token) before it happens; the
 * session's first frame is its DN's RegisteredEvent snapshot; text frames are commands, checked like REST bodies,
 * whose failures come back to that session as EventError (success shows as the events themselves).
 */
import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { CLOSE_CODES } from '../../../protocol/bridgeProtocol';
import { isRecord } from '../../../protocol/jsonRecord';
import type { CommandExecutor } from '../bridge/commandExecutor';
import { parseCommandFrame } from '../bridge/commandValidation';
import { errorEventOf } from '../bridge/eventMapping';
import { BridgeFailure, failureFromBackend } from '../bridge/failure';
import { Session } from '../bridge/session';
import type { SessionRegistry } from '../bridge/sessionRegistry';
import type { SnapshotPublisher } from '../bridge/snapshots';
import { admitUpgrade, agentOf, type AdmissionDeps } from './admission';
import { textOf } from './frameText';

export interface SocketRouteDeps extends AdmissionDeps {
  readonly executor: CommandExecutor;
  readonly registry: SessionRegistry;
  readonly snapshots: SnapshotPublisher;
}

export function registerSocketRoute(app: FastifyInstance, deps: SocketRouteDeps): void {
  app.get('/genesysWs', { websocket: true, onRequest: admitUpgrade(deps) }, (socket: WebSocket, request: FastifyRequest) => {
    openSession(deps, socket, request);
  });
}

function openSession(deps: SocketRouteDeps, socket: WebSocket, request: FastifyRequest): void {
  const session = new Session(agentOf(request), socket);
  const ticket = session.awaitSnapshot();
  socket.on('message', (data: RawData, isBinary: boolean) => {
    // A frame that arrives while the session closes (its token just expired, say) is not acted on.
    if (!session.isOpen) return;
    if (isBinary) {
      session.close(CLOSE_CODES.unsupportedData, 'the protocol is JSON text frames');
      return;
    }
    // Nothing a frame holds may take the process down: a failure here is logged, never left unhandled.
    runFrame(deps, session, textOf(data), request.log).catch((error: unknown) => request.log.error({ err: error }, 'frame failed'));
  });
  socket.on('close', () => {
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

async function runFrame(deps: SocketRouteDeps, session: Session, text: string, log: FastifyBaseLogger): Promise<void> {
  const parsed = parseCommandFrame(text);
  const request = isRecord(parsed.received) ? requestFieldsOf(parsed.received) : undefined;
  let failure: BridgeFailure;
  if (parsed.ok) {
    try {
      await deps.executor.execute(session.agent, parsed.command);
      return;
    } catch (error) {
      if (!(error instanceof BridgeFailure)) log.error({ err: error }, 'command failed');
      failure = failureFromBackend(error);
    }
  } else {
    failure = parsed.failure;
  }
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
