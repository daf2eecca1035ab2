import type { EventId } from './types';

/**
 * Fusion's publishes of each engagement, in order: startCommEvent waits until newCommEvent has answered (its outData
 * goes into the later ones), closeCommEvent waits for both. Engagements do not wait for each other. A publish that
 * fails is reported and the chain goes on, so one refusal by Fusion does not leave a call open there.
 */
export class OrderedFusionPublisher {
  private readonly chains = new Map<EventId, Promise<void>>();

  constructor(private readonly onFailure: (what: string, err: unknown) => void) {}

  /** Runs `publish` after the engagement's earlier publishes; `what` names it in a failure report. */
  publish(eventId: EventId, what: string, publish: () => Promise<void>): void {
    const previous = this.chains.get(eventId) ?? Promise.resolve();
    const next = previous.then(publish).catch((err: unknown) => this.onFailure(what, err));
    this.chains.set(eventId, next);
    void next.then(() => {
      // An idle chain has nothing left to order: drop it, so that finished calls hold nothing.
      if (this.chains.get(eventId) === next) this.chains.delete(eventId);
    });
  }

  /** Engagements with publishes still under way. Read only by its test, which shows an idle publisher holds nothing. */
  get pending(): number {
    return this.chains.size;
  }
}
