import type { EventId } from './types';

/**
 * The calls that have ended, remembered so that a late or repeated report about one (a second 'ended', an
 * 'incoming' echoed after a reconnect) is absorbed instead of opening the call again in Fusion.
 *
 * The core owns this de-duplication for every vendor: a vendor handler need not keep a set of ended calls of its
 * own, since whatever it reports about an ended call again is absorbed here. Memory is bounded: past `capacity`
 * calls the oldest is forgotten, and a report about it is then taken as a new call.
 */
export class ClosedCalls {
  /** A Set iterates in insertion order: the first id is the oldest. */
  private readonly ids = new Set<EventId>();

  constructor(readonly capacity = 500) {}

  add(eventId: EventId): void {
    this.ids.delete(eventId);
    this.ids.add(eventId);
    if (this.ids.size > this.capacity) this.ids.delete(this.ids.values().next().value as EventId);
  }

  has(eventId: EventId): boolean {
    return this.ids.has(eventId);
  }

  get size(): number {
    return this.ids.size;
  }
}
