/**
 * A refused or failed command, in the wire protocol's terms (BridgeErrorCode + HTTP status). Every path that turns
 * an error into a REST reply or an EventError goes through here, so both transports say the same thing.
 */
import type { BridgeErrorCode, BridgeReply } from '../../../protocol/bridgeProtocol';
import type { FieldName } from '../../../protocol/fieldRules';
import { TServerError } from '../backend/telephonyBackend';

/** The HTTP statuses bridgeProtocol.ts assigns to each code. */
export const HTTP_STATUS_OF: Readonly<Record<BridgeErrorCode, number>> = {
  BAD_JSON: 400,
  BAD_REQUEST: 400,
  BODY_TOO_LARGE: 413,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  UNKNOWN_CALL: 404,
  INVALID_IN_STATE: 409,
  LINK_DOWN: 503,
  BACKEND_ERROR: 502,
  RATE_LIMITED: 429,
  SHUTTING_DOWN: 503,
};

export class BridgeFailure extends Error {
  /** Named errorCode, not code: Fastify overwrites `code` on errors that pass through its validation. */
  readonly errorCode: BridgeErrorCode;
  readonly httpStatus: number;

  constructor(
    errorCode: BridgeErrorCode,
    message: string,
    /** T-Server's ReferenceID of the refused request, when it had one. */
    readonly referenceId?: number,
    /** Overrides the code's status where HTTP has a more precise one (415 for a body that is not JSON at all). */
    httpStatus?: number,
    /** The command's field the refusal is about, when it is about one (BridgeReply.field). */
    readonly field?: FieldName,
  ) {
    super(message);
    this.name = 'BridgeFailure';
    this.errorCode = errorCode;
    this.httpStatus = httpStatus ?? HTTP_STATUS_OF[errorCode];
  }

  toReply(): BridgeReply {
    return { ok: false, errorCode: this.errorCode, errorMessage: this.message, ...(this.field === undefined ? {} : { field: this.field }) };
  }
}

/** What a rejection of TelephonyBackend.request() means on the wire. */
export function failureFromBackend(error: unknown): BridgeFailure {
  if (error instanceof BridgeFailure) return error;
  if (error instanceof TServerError) return new BridgeFailure(error.code, error.message, error.referenceId, undefined, error.field);
  return new BridgeFailure('BACKEND_ERROR', `T-Server failed the request: ${messageOf(error)}`);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
