import { BoundedSet } from './boundedSet';
import type { Engagement, EngagementState } from './engagement';
import { RecentCalls, outcomeOf } from './recentCalls';
import { contactNameOf } from './contactName';
import type { Direction, EventId, FusionData } from './types';

/** An engagement with the moment its call began: the view shows the call's whole length, not only its state's. */
export interface TimedEngagement extends Engagement {
  /** When the call began ringing or dialing (ms since epoch); it does not move with the state. */
  readonly startedAt: number;
}

/** How many ended calls the core remembers unless told otherwise: far more than a shift sees while reports trail. */
export const ENDED_CALLS_REMEMBERED = 500;

/**
 * The calls the toolbar has open in Fusion (wrap-up included), one engagement per eventId, and the memory of those
 * that ended. An engagement leaves the open set the moment it ends.
 *
 * The memory of ended calls is what keeps Fusion's story of a call to one, for every vendor: a late or repeated
 * report about an ended call (a second 'ended', an 'incoming' echoed after a reconnect) is absorbed here instead of
 * opening the call again in Fusion. It is bounded: past its capacity the oldest call is forgotten, and a report about
 * it is then taken as a new call. A vendor handler needs no memory of its own for this; where one keeps one, it is
 * for its own bookkeeping (ICtiVendorHandler.ts).
 */
export class Engagements {
  private readonly open = new Map<EventId, TimedEngagement>();
  private readonly closed: BoundedSet<EventId>;
  /** The session's last ended calls, for the agent's list of recent calls. */
  readonly recent = new RecentCalls();

  constructor(
    private readonly now: () => number,
    endedCallsRemembered = ENDED_CALLS_REMEMBERED,
  ) {
    this.closed = new BoundedSet(endedCallsRemembered);
  }

  /** A new engagement, or null when the call is open already or ended recently (a repeated or late report). */
  openCall(eventId: EventId, direction: Direction, phoneNumber: string, fusionData: FusionData): TimedEngagement | null {
    if (this.open.has(eventId) || this.closed.has(eventId)) return null;
    const now = this.now();
    const engagement: TimedEngagement = {
      eventId,
      direction,
      phoneNumber,
      state: direction === 'inbound' ? 'ringing' : 'dialing',
      stateSince: now,
      startedAt: now,
      fusionData,
    };
    this.open.set(eventId, engagement);
    return engagement;
  }

  get(eventId: EventId): TimedEngagement | undefined {
    return this.open.get(eventId);
  }

  /** The state of a call, 'ended' for one that ended recently, undefined for one the toolbar does not know. */
  stateOf(eventId: EventId): EngagementState | undefined {
    return this.open.get(eventId)?.state ?? (this.closed.has(eventId) ? 'ended' : undefined);
  }

  hasEnded(eventId: EventId): boolean {
    return this.closed.has(eventId);
  }

  /** Moves an engagement to its next state; a request in flight is answered by the move. 'ended' closes it. */
  move(engagement: TimedEngagement, to: EngagementState): void {
    const now = this.now();
    if ((to === 'connected' || to === 'held') && engagement.connectedAt === undefined) engagement.connectedAt = now;
    if ((to === 'wrapup' || to === 'ended') && engagement.connectedAt !== undefined) engagement.talkEndedAt ??= now;
    engagement.state = to;
    engagement.stateSince = now;
    engagement.requested = undefined;
    if (to === 'ended') {
      this.open.delete(engagement.eventId);
      this.closed.add(engagement.eventId);
      this.remember(engagement, now);
    }
  }

  private remember(e: TimedEngagement, now: number): void {
    this.recent.add({
      eventId: e.eventId,
      direction: e.direction,
      phoneNumber: e.phoneNumber,
      contactName: contactNameOf(e.fusionData),
      outcome: outcomeOf(e.closedAs, e.direction, e.transferredTo !== undefined),
      ...(e.transferredTo !== undefined ? { transferredTo: e.transferredTo } : {}),
      startedAt: e.startedAt,
      endedAt: e.talkEndedAt ?? now,
      talkedMs: e.connectedAt === undefined ? null : (e.talkEndedAt ?? now) - e.connectedAt,
    });
  }

  /** The open engagements, oldest first. */
  all(): TimedEngagement[] {
    return [...this.open.values()];
  }
}
