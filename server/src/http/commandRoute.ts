/**
 * POST /genesys/events: one BridgeCommand per request, answered once T-Server has answered the request it became
 * (200 {ok: true, referenceId}), or refused ({ok: false, errorCode, errorMessage} with the code's status).
 */
import type { FastifyInstance } from 'fastify';
import type { BridgeCommand, BridgeReply } from '../../../protocol/bridgeProtocol';
import type { CommandExecutor } from '../bridge/commandExecutor';
import { COMMAND_SCHEMA } from '../../../protocol/commandSchema';
import { checkCommand } from '../bridge/commandValidation';
import { admitRequest, agentOf, type AdmissionDeps } from './admission';

export interface CommandRouteDeps extends AdmissionDeps {
  readonly executor: CommandExecutor;
}

/** Fastify's validator contract: {value} when valid, {error} when not; the same checks as WebSocket frames. */
function validateCommandBody(body: unknown): { value: BridgeCommand } | { error: Error } {
  const check = checkCommand(body);
  return check.ok ? { value: check.command } : { error: check.failure };
}

export function registerCommandRoute(app: FastifyInstance, deps: CommandRouteDeps): void {
  app.post<{ Body: BridgeCommand; Reply: BridgeReply }>(
    '/genesys/events',
    {
      schema: { body: COMMAND_SCHEMA },
      validatorCompiler: () => validateCommandBody,
      onRequest: admitRequest(deps),
    },
    async (request) => {
      const referenceId = await deps.executor.execute(agentOf(request), request.body);
      return { ok: true, referenceId };
    },
  );
}
