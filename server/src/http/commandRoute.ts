/**
 * POST /genesys/events: one BridgeCommand per request, answered once T-Server has answered the request it became
 * (200 {ok: true, referenceId, order}), or refused ({ok: false, errorCode, errorMessage} with the code's status).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { BridgeCommand, BridgeReply } from '../../../protocol/bridgeProtocol';
import type { CommandExecutor } from '../bridge/commandExecutor';
import { COMMAND_SCHEMA } from '../../../protocol/commandSchema';
import { isRecord } from '../../../protocol/jsonRecord';
import { checkCommand } from '../bridge/commandValidation';
import type { BridgeMetrics } from '../bridge/metrics';
import type { CommandLimits } from '../bridge/tokenBuckets';
import { admitRequest, agentOf, type AdmissionDeps } from './admission';

export interface CommandRouteDeps extends AdmissionDeps {
  readonly executor: CommandExecutor;
  readonly commandLimits: CommandLimits;
  readonly metrics: BridgeMetrics;
}

/** Fastify's validator contract: {value} when valid, {error} when not; the same checks as WebSocket frames. */
function validateCommandBody(body: unknown): { value: BridgeCommand } | { error: Error } {
  const check = checkCommand(body);
  return check.ok ? { value: check.command } : { error: check.failure };
}

export function registerCommandRoute(app: FastifyInstance, deps: CommandRouteDeps): void {
  // Requests past the onRequest hooks (the address's rate, the origin, the token): only these are commands. onSend
  // runs for every reply, the 401s and 429s of onRequest too, which are counted as what they are (token failures,
  // rate-limited requests), not as commands.
  const admitted = new WeakSet<FastifyRequest>();
  app.post<{ Body: BridgeCommand; Reply: BridgeReply }>(
    '/genesys/events',
    {
      schema: { body: COMMAND_SCHEMA },
      validatorCompiler: () => validateCommandBody,
      // The address's rate first, so that a flood costs no token verification.
      onRequest: [app.rateLimit(), admitRequest(deps)],
      // After the body is read, before it is checked: malformed commands count against the rate too.
      preValidation: async (request) => {
        admitted.add(request);
        const agent = agentOf(request);
        deps.commandLimits.check(`agent:${agent.agentId}`, request.ip, 'agent_commands');
      },
      onSend: async (request, _reply, payload) => {
        if (admitted.has(request)) deps.metrics.command(typeOf(request.body), resultOf(payload));
        return payload;
      },
    },
    async (request) => {
      const { referenceId, order } = await deps.executor.execute(agentOf(request), request.body);
      const reply: BridgeReply = { ok: true, referenceId, order };
      return reply;
    },
  );
}

function typeOf(body: unknown): unknown {
  return isRecord(body) ? body.type : undefined;
}

/** ok, or the errorCode of the reply (the serialized BridgeReply). */
function resultOf(payload: unknown): string {
  if (typeof payload !== 'string') return 'unknown';
  try {
    const reply: unknown = JSON.parse(payload);
    if (isRecord(reply)) return reply.ok === true ? 'ok' : typeof reply.errorCode === 'string' ? reply.errorCode : 'unknown';
  } catch {
    // Not JSON: not one of the bridge's replies.
  }
  return 'unknown';
}
