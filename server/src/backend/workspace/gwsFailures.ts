/**
 * How a request to GWS can fail, and what each failure is in the port's terms (a TServerError code the bridge turns
 * into its wire's error codes). One table-like function, so REST failures and EventErrors read the same everywhere.
 *
 * GWS answers an operation it took with HTTP 200 and {status: {code: 0}} (done) or {status: {code: 1}} (accepted: the
 * outcome follows as notifications), and refuses with an HTTP error, its body {status: {code, message}} when it has
 * one (models ApiSuccessResponse and ApiErrorResponse in genesys-workspace-client-js; "Asynchronous requests" at
 * https://docs.genesys.com/Documentation/HTCC/latest/API/AsynchronousEvents). Genesys' Agent API Simulator answers
 * 500 with plain text for an unknown call and 501 with no body for what it does not implement.
 */
import { TServerError } from '../telephonyBackend';

export type GwsFailure =
  /** No HTTP answer at all: refused, reset, name not found. */
  | { readonly kind: 'unreachable'; readonly detail: string }
  | { readonly kind: 'timeout'; readonly ms: number }
  /** An answer whose body is not JSON where JSON was due. */
  | { readonly kind: 'notJson'; readonly status: number }
  | { readonly kind: 'http'; readonly status: number; readonly message?: string }
  /** HTTP 2xx, but a status code that is not success. */
  | { readonly kind: 'refused'; readonly code: number; readonly message?: string };

/** A failed REST request to GWS: which operation, and how it failed. */
export class GwsRequestError extends Error {
  constructor(
    readonly operation: string,
    readonly failure: GwsFailure,
  ) {
    super(`${operation}: ${describeFailure(failure)}`);
    this.name = 'GwsRequestError';
  }
}

export function describeFailure(failure: GwsFailure): string {
  switch (failure.kind) {
    case 'unreachable':
      return `GWS cannot be reached (${failure.detail})`;
    case 'timeout':
      return `GWS did not answer within ${failure.ms} ms`;
    case 'notJson':
      return `GWS answered with something that is not JSON (HTTP ${failure.status})`;
    case 'http':
      return `GWS answered HTTP ${failure.status}${failure.message === undefined ? '' : `: ${failure.message}`}`;
    case 'refused':
      return `GWS refused it (status ${failure.code}${failure.message === undefined ? '' : `: ${failure.message}`})`;
  }
}

/** Whether GWS no longer takes the agent's credentials or session: the agent must sign in again. */
export function isSignInRefused(failure: GwsFailure): boolean {
  return failure.kind === 'http' && (failure.status === 401 || failure.status === 403);
}

/** Whether the failure says nothing about the request itself, only that GWS could not be reached. */
export function isTransportFailure(failure: GwsFailure): boolean {
  return failure.kind === 'unreachable';
}

/**
 * A REST failure in the port's terms. `aboutCall`: the request named a call (a 404 then means GWS does not have it).
 * `referenceId`: the bridge's number for the request.
 */
export function tserverErrorOf(error: GwsRequestError, aboutCall: boolean, referenceId?: number): TServerError {
  const { failure, operation } = error;
  const words = `${operation}: ${describeFailure(failure)}`;
  switch (failure.kind) {
    case 'unreachable':
      return new TServerError('LINK_DOWN', words, referenceId);
    case 'timeout':
    case 'notJson':
    case 'refused':
      return new TServerError('BACKEND_ERROR', words, referenceId);
    case 'http':
      if (isSignInRefused(failure)) return new TServerError('UNAUTHORIZED', `${words}: the agent's Genesys session is no longer valid; sign in again`, referenceId);
      if (failure.status === 404 && aboutCall) return new TServerError('UNKNOWN_CALL', words, referenceId);
      if (failure.status === 409) return new TServerError('INVALID_IN_STATE', words, referenceId);
      if (failure.status === 502 || failure.status === 503 || failure.status === 504) return new TServerError('LINK_DOWN', words, referenceId);
      return new TServerError('BACKEND_ERROR', words, referenceId);
  }
}

/** An EventError answering a request: GWS (T-Server behind it) refused it. A refused dial names the destination. */
export function tserverErrorOfEvent(
  operation: string,
  error: { readonly errorCode?: string; readonly errorMessage: string },
  referenceId: number,
  isDial: boolean,
): TServerError {
  const code = error.errorCode === undefined ? '' : ` (error ${error.errorCode})`;
  return new TServerError('BACKEND_ERROR', `Genesys refused ${operation}: ${error.errorMessage}${code}`, referenceId, isDial ? 'destination' : undefined);
}
