/**
 * Every error a route or Fastify itself raises, answered in the BridgeReply shape ({ok: false, errorCode,
 * errorMessage}) with the status bridgeProtocol.ts gives the code. The simulator's refusals keep their own codes
 * (NOT_FOUND, CONFLICT, BAD_REQUEST, BUSY) in the same shape.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { MAX_MESSAGE_BYTES } from '../../../protocol/bridgeProtocol';
import { SimulatorError } from '../backend/simulator/simulatorControl';
import { BridgeFailure } from '../bridge/failure';

const SIMULATOR_STATUS: Readonly<Record<SimulatorError['code'], number>> = { NOT_FOUND: 404, CONFLICT: 409, BAD_REQUEST: 400, BUSY: 409 };

/** The failure a Fastify error stands for. */
export function failureOf(error: FastifyError | Error): BridgeFailure {
  if (error instanceof BridgeFailure) return error;
  const { code, statusCode } = error as Partial<FastifyError>;
  switch (code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new BridgeFailure('BAD_JSON', 'the body is not JSON');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new BridgeFailure('BAD_JSON', 'the body is empty');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new BridgeFailure('BODY_TOO_LARGE', `the body is over ${MAX_MESSAGE_BYTES} bytes`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      // JSON only: a browser then preflights cross-origin commands, so CORS keeps other sites' pages out.
      return new BridgeFailure('BAD_REQUEST', 'send the body as application/json', undefined, 415);
  }
  // Fastify's JSON parser reports malformed JSON as a SyntaxError with status 400.
  if (error instanceof SyntaxError && statusCode === 400) return new BridgeFailure('BAD_JSON', 'the body is not JSON');
  if (statusCode !== undefined && statusCode >= 400 && statusCode < 500) {
    return new BridgeFailure('BAD_REQUEST', error.message, undefined, statusCode);
  }
  return new BridgeFailure('BACKEND_ERROR', 'the bridge failed to handle the request', undefined, 500);
}

export function installErrorReplies(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof SimulatorError) {
      return reply.code(SIMULATOR_STATUS[error.code]).send({ ok: false, errorCode: error.code, errorMessage: error.message });
    }
    const failure = failureOf(error);
    if (failure.httpStatus === 500) request.log.error({ err: error }, 'request failed');
    else if (failure.httpStatus > 500) request.log.warn({ errorCode: failure.errorCode, errorMessage: failure.message }, 'request failed');
    else request.log.debug({ errorCode: failure.errorCode, errorMessage: failure.message }, 'request refused');
    return reply.code(failure.httpStatus).send(failure.toReply());
  });

  app.setNotFoundHandler((request: FastifyRequest, reply: FastifyReply) => {
    const failure = new BridgeFailure('BAD_REQUEST', `no route ${request.method} ${request.url.split('?')[0]}`, undefined, 404);
    return reply.code(404).send(failure.toReply());
  });
}
