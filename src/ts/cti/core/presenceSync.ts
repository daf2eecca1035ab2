import { say } from './agentMessages';
import { type AgentPresence, type FusionPort, presenceNamed } from './types';

/** What Fusion is told before a vendor reports a presence of its own. */
export const NO_VENDOR_PRESENCE: AgentPresence = presenceNamed({ loggedIn: true, available: false, stateCode: 'UNAVAILABLE' }, say('presenceNoVendor'));

export const CONNECTING_PRESENCE: AgentPresence = presenceNamed({ loggedIn: true, available: false, stateCode: 'UNAVAILABLE' }, say('presenceConnecting'));

function samePresence(a: AgentPresence | null, b: AgentPresence): boolean {
  return (
    a !== null &&
    a.loggedIn === b.loggedIn &&
    a.available === b.available &&
    a.stateCode === b.stateCode &&
    a.displayName === b.displayName &&
    a.label?.key === b.label?.key &&
    a.reasonCode === b.reasonCode
  );
}

/**
 * The agent's presence, vendor → Fusion: the vendor's latest report is the truth, and Fusion hears each change once
 * (agentStateEventOperation). The other way, Fusion's makeAvailable/makeUnavailable, is a vendor request the mediator
 * sends; its outcome comes back here as the vendor's next report.
 */
export class PresenceSync {
  private presence: AgentPresence;
  private published: AgentPresence | null = null;

  constructor(
    private readonly fusion: Pick<FusionPort, 'agentStateEvent'>,
    initial: AgentPresence,
    private readonly onFailure: (presence: AgentPresence, err: unknown) => void,
  ) {
    this.presence = initial;
  }

  get current(): AgentPresence {
    return this.presence;
  }

  /** The vendor reported a presence: Fusion hears it unless it already has. */
  update(presence: AgentPresence): Promise<void> {
    this.presence = presence;
    return this.publish();
  }

  /** Publishes the presence Fusion has not seen yet (at start: what enables Fusion's phone icon). */
  async publish(): Promise<void> {
    const presence = this.presence;
    if (samePresence(this.published, presence)) return;
    this.published = presence;
    try {
      await this.fusion.agentStateEvent(presence);
    } catch (err) {
      this.published = null; // so that the next report tries again
      this.onFailure(presence, err);
    }
  }
}
