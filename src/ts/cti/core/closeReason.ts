import type { CallPhase, CloseReason, Direction, EndedBy } from './types';

/**
 * The one place that turns a normalized end of call into Fusion's closeCommEvent reason.
 * A connected call always goes to wrap-up; an offered call's reason depends on who ended it.
 */
const OFFERED_CALL_REASONS: Readonly<Record<Direction, Readonly<Record<EndedBy, CloseReason>>>> = {
  inbound: {
    agent: 'REJECT', // the agent declined
    customer: 'ABANDONED', // the caller hung up before anyone answered
    system: 'MISSED', // it rang out: nobody answered
  },
  outbound: {
    agent: 'CANCELED', // the agent gave up dialing
    customer: 'REJECT', // the callee refused, was busy or did not answer
    system: 'REJECT', // the network could not place it
  },
};

export function closeReasonFor(direction: Direction, phase: CallPhase, endedBy: EndedBy): CloseReason {
  return phase === 'connected' ? 'WRAPUP' : OFFERED_CALL_REASONS[direction][endedBy];
}
