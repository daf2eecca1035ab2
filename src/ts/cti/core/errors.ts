/**
 * Errors that cross the vendor contract. A vendor verb rejects with a VendorError: a code from a small shared set,
 * so the core and Fusion's `failure` results can tell "try again when the link is back" from "this call is gone",
 * and a message the agent can read. Pure TypeScript, like the rest of the core.
 */
import { type AgentMessage, type MessageParam, inEnglish, saidAs } from './agentMessages';

/** Why a vendor refused or could not carry out a request. */
export const VENDOR_ERROR_CODES = [
  /** The link to the phone system is down or not up yet: the same request may work once it returns. */
  'LINK_DOWN',
  /** The phone system does not accept the agent's credentials (expired, missing, another agent's call). */
  'UNAUTHORIZED',
  /** The call or the agent is not in a state that allows the request (answer a call that stopped ringing). */
  'INVALID_IN_STATE',
  /** The phone system has no such call (it ended, or never existed). */
  'NOT_FOUND',
  /** The phone system refused the request for a reason of its own (a bad number, a server error). */
  'REFUSED',
  /** The phone system did not answer in time; the request may or may not have been carried out. */
  'TIMEOUT',
  /** This vendor cannot do that at all. */
  'NOT_SUPPORTED',
] as const;

export type VendorErrorCode = (typeof VENDOR_ERROR_CODES)[number];

/**
 * Fusion answered a publish and said no (a rejection or a response that says it failed), as opposed to not answering
 * at all: Fusion did not do what was asked. FusionPort's publishes reject with it; other rejections leave it open
 * whether Fusion did it.
 */
export class FusionRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FusionRefusedError';
  }
}

/**
 * An error whose words are for the agent: `said`, a message of the catalog (agentMessages.ts) shown in their language,
 * or words from elsewhere shown as they are; `message` is the same in English, for logs and Fusion.
 */
export class SaidError extends Error {
  readonly said: AgentMessage;

  constructor(message: AgentMessage | string) {
    super(typeof message === 'string' ? message : inEnglish(message));
    this.said = typeof message === 'string' ? saidAs(message) : message;
    this.name = 'SaidError';
  }
}

/** What a failure says, as a message's parameter: a SaidError's message (translated), anything else's own words. */
export function detailOf(err: unknown): MessageParam {
  return err instanceof SaidError ? err.said : messageOf(err);
}

export class VendorError extends SaidError {
  constructor(
    readonly code: VendorErrorCode,
    /** A message of the catalog (agentMessages.ts), or words that are shown as they are (the phone system's own). */
    message: AgentMessage | string,
    /** The vendor's own name for the failure, kept for logs and support (e.g. the bridge's errorCode, Streams' error type). */
    readonly vendorCode?: string,
    /** For a refused dial: why, in Fusion's terms (outboundCommError); OUTDIAL_FAILED when not given. */
    readonly outboundErrorCode?: OutboundErrorCode,
  ) {
    super(message);
    this.name = 'VendorError';
  }
}

/** Whatever a vendor verb rejected with, as a VendorError (a plain Error or a throw of anything else is REFUSED). */
export function asVendorError(err: unknown): VendorError {
  if (err instanceof VendorError) return err;
  return new VendorError('REFUSED', messageOf(err));
}

/**
 * Why an outbound call could not be placed: the errorCode of `outboundFailed` and of Fusion's outboundCommError.
 * INVALID_NUMBER is the code Oracle's own example uses
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/fuief/outboundcommerror.html).
 */
export const OUTBOUND_ERROR_CODES = [
  /** The number cannot be dialed. */
  'INVALID_NUMBER',
  /** The callee's line is busy. */
  'BUSY',
  /** Nobody answered. */
  'NO_ANSWER',
  /** Any other failure to place the call. */
  'OUTDIAL_FAILED',
] as const;

export type OutboundErrorCode = (typeof OUTBOUND_ERROR_CODES)[number];

/** The readable part of anything thrown. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'string') return err;
  return 'unknown error';
}
