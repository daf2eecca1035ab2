import type { OutboundErrorCode } from './errors';
import type { CallPhase, CloseReason, Direction, EndedBy } from './types';

/**
 * The one place that turns a normalized end of call into Fusion's closeCommEvent reason, by Oracle's definitions
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/closecommevent.html):
 * - ABANDONED: the customer ended the communication before the agent accepted and before timeout.
 * - CANCELED: an outbound call the agent cancelled before the customer answered.
 * - MISSED: the communication attempt could not be established for another reason.
 * - REJECT: the agent rejected the communication.
 * - TIMEOUT: the communication attempt timed out.
 * - WRAPUP: shows the Wrap Up window (the call was talked).
 * - ENDCOMMUNICATION: closes Fusion's wrap-up page; never a first close (IntegrationEventsHandler.finishWrapup).
 * A connected call always goes to wrap-up; an offered call's reason depends on who ended it.
 */
const OFFERED_CALL_REASONS: Readonly<Record<Direction, Readonly<Record<EndedBy, CloseReason>>>> = {
  inbound: {
    agent: 'REJECT', // the agent declined
    customer: 'ABANDONED', // the caller hung up before anyone answered
    system: 'TIMEOUT', // it rang out, or Fusion's offer timed out: nobody answered in time
  },
  outbound: {
    agent: 'CANCELED', // the agent gave up dialing
    // The callee hung up on it or refused it: not the agent rejecting (REJECT) or cancelling (CANCELED). A dial
    // the vendor reports failed is told by its code instead (closeReasonForFailedDial).
    customer: 'MISSED',
    system: 'MISSED', // the network or the vendor could not place it
  },
};

export function closeReasonFor(direction: Direction, phase: CallPhase, endedBy: EndedBy): CloseReason {
  return phase === 'connected' ? 'WRAPUP' : OFFERED_CALL_REASONS[direction][endedBy];
}

/**
 * A dial the vendor reported failed, by its outbound error code: a callee who never answered is an attempt that
 * timed out; a busy line, a number that is not valid and any other failure could not be established.
 */
export function closeReasonForFailedDial(errorCode: OutboundErrorCode): CloseReason {
  return errorCode === 'NO_ANSWER' ? 'TIMEOUT' : 'MISSED';
}
