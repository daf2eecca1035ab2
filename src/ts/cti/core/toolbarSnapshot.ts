import { type Engagement, type EngagementState, isTalking } from './engagement';
import type { TimedEngagement } from './engagements';
import type { Logger } from './logger';
import { messageOf } from './errors';
import { contactNameOf } from './contactName';
import type { RecentCall } from './recentCalls';
import type { AgentMessage } from './agentMessages';
import type { AgentPresence, EventId, LinkStatus, ThirdParty, ThirdPartyGone } from './types';

export interface EngagementView {
  readonly eventId: EventId;
  readonly direction: Engagement['direction'];
  readonly phoneNumber: string;
  readonly contactName?: string;
  readonly state: EngagementState;
  /** When the call entered its current state (ms since epoch). */
  readonly stateSince: number;
  /** When the call began (ms since epoch): the call's whole length is counted from here. */
  readonly startedAt: number;
  /** The vendor reported the agent's microphone muted on this call. */
  readonly muted: boolean;
  /** The consult or conference party of a talked call, if any. */
  readonly thirdParty: ThirdParty | null;
  /** Why the last third party left (refused, busy, …), until another comes; null if none left or the agent cancelled. */
  readonly thirdPartyGone: ThirdPartyGone | null;
  /** The call was transferred here; `from` where the vendor tells who. */
  readonly transfer: { readonly from?: string } | null;
}

/** What the toolbar UI shows; rebuilt after every change. */
export interface ToolbarSnapshot {
  readonly vendorName: string | null;
  readonly link: LinkStatus;
  readonly presence: AgentPresence;
  /** The vendor can place calls and is connected. */
  readonly canDial: boolean;
  /** The call controls the vendor offers (its capabilities): the toolbar shows only these. */
  readonly controls: {
    readonly hold: boolean;
    readonly mute: boolean;
    readonly digits: boolean;
    readonly transfer: boolean;
    readonly conference: boolean;
    readonly transferDirectory: boolean;
    readonly notReadyReasons: boolean;
  };
  readonly engagements: readonly EngagementView[];
  /** The session's last ended calls, newest first. */
  readonly recentCalls: readonly RecentCall[];
  /** The last thing that failed, in English words an agent understands (for logs, tests, whatever does not translate). */
  readonly lastError: string | null;
  /** The same, as a message of the call-messages catalog (agentMessages.ts), for the view to put in the agent's language. */
  readonly lastErrorMessage: AgentMessage | null;
}

/** One call as the UI shows it: the contact's name comes from Fusion's reverse lookup (newCommEvent's outData). */
export function engagementView(e: TimedEngagement): EngagementView {
  const talking = isTalking(e.state);
  return {
    eventId: e.eventId,
    direction: e.direction,
    phoneNumber: e.phoneNumber,
    contactName: contactNameOf(e.fusionData),
    state: e.state,
    stateSince: e.stateSince,
    startedAt: e.startedAt,
    muted: e.muted ?? false,
    thirdParty: talking ? (e.thirdParty ?? null) : null,
    thirdPartyGone: talking && e.thirdPartyGone !== 'cancelled' ? (e.thirdPartyGone ?? null) : null,
    transfer: e.transfer ?? null,
  };
}

/** The views that follow the toolbar's state: each gets the snapshot at once and after every change. */
export class SnapshotListeners {
  private readonly listeners = new Set<(snapshot: ToolbarSnapshot) => void>();

  constructor(
    private readonly take: () => ToolbarSnapshot,
    private readonly log: Logger,
  ) {}

  subscribe(listener: (snapshot: ToolbarSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.take());
    return () => this.listeners.delete(listener);
  }

  /** Something changed: every view gets the new snapshot; one view that fails does not stop the others. */
  changed(): void {
    if (this.listeners.size === 0) return;
    const snapshot = this.take();
    for (const listener of this.listeners) {
      try {
        listener(snapshot);
      } catch (err) {
        this.log('error', `A toolbar view failed to update: ${messageOf(err)}`);
      }
    }
  }
}
