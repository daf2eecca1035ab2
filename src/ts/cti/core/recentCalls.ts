import type { CloseReason, Direction, EventId } from './types';

/** How a call ended, for the agent's list of recent calls. */
export type CallOutcome = 'talked' | 'transferred' | 'declined' | 'missed' | 'cancelled' | 'notReached';

/** One call of the session that is over (wrap-up finished or never needed), newest first in the list. */
export interface RecentCall {
  readonly eventId: EventId;
  readonly direction: Direction;
  readonly phoneNumber: string;
  readonly contactName?: string;
  readonly outcome: CallOutcome;
  /** Where a transferred call went, as the vendor named it. */
  readonly transferredTo?: string;
  readonly startedAt: number;
  readonly endedAt: number;
  /** How long the customer and the agent talked (ms), for a call that connected; null for one that never did. */
  readonly talkedMs: number | null;
}

/** How many ended calls the toolbar lists: a short memory of the session, not a call log. */
export const RECENT_CALLS_SHOWN = 10;

/**
 * The outcome from what Fusion was told when the call closed (its first closeCommEvent reason), by Oracle's meanings
 * (https://docs.oracle.com/en/cloud/saas/fusion-service/fairs/closecommevent.html); a talked call transferred away
 * closes as WRAPUP like any talked call (UEF has no TRANSFERRED), so the core says so apart.
 */
export function outcomeOf(reason: CloseReason | undefined, direction: Direction, transferred: boolean): CallOutcome {
  switch (reason) {
    case 'WRAPUP':
      return transferred ? 'transferred' : 'talked';
    case 'REJECT':
      return 'declined';
    case 'CANCELED':
      return 'cancelled';
    case 'ABANDONED':
      return 'missed';
    case 'TIMEOUT':
    case 'MISSED':
    case 'ENDCOMMUNICATION':
    case undefined:
      return direction === 'outbound' ? 'notReached' : 'missed';
  }
}

/** The session's last calls, newest first, at most `capacity`. */
export class RecentCalls {
  private calls: RecentCall[] = [];

  constructor(private readonly capacity = RECENT_CALLS_SHOWN) {}

  add(call: RecentCall): void {
    this.calls = [call, ...this.calls.filter((c) => c.eventId !== call.eventId)].slice(0, this.capacity);
  }

  list(): readonly RecentCall[] {
    return this.calls;
  }
}
