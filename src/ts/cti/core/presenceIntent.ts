import type { AgentPresence } from './types';

/**
 * What the agent chose: to be available or not. A vendor's link can drop and come back (a bridge restart, a lost
 * network, a CCP signed out and in again), and the vendor may then find the agent in a presence nobody chose (logged
 * out, not ready, or ready during a break). The presence a vendor reports on (re)connecting is checked against the
 * choice, and a difference is to be restored; any other report is the agent's own change at the vendor (the softphone,
 * the CCP) and becomes the choice, as does a change the agent asks for in Fusion or the toolbar.
 */
export class PresenceIntent {
  private chosen: boolean | null = null;
  /** The not-ready reason chosen with it, restored with it. */
  private reason: string | undefined;

  /** The agent asked for this availability (in Fusion or the toolbar), with a reason or none, and the vendor took it. */
  chose(available: boolean, reasonCode?: string): void {
    this.chosen = available;
    this.reason = available ? undefined : reasonCode;
  }

  /** The reason that goes with the choice (for a restore), if any. */
  get reasonCode(): string | undefined {
    return this.reason;
  }

  /**
   * A presence the vendor reported; `onConnect`: found on (re)connecting rather than changed. Returns the availability
   * to restore, or null. The first presence found, before any choice, is the standing choice.
   */
  reported(presence: AgentPresence, onConnect: boolean): boolean | null {
    if (onConnect && this.chosen !== null) return presence.available === this.chosen ? null : this.chosen;
    this.chosen = presence.available;
    this.reason = presence.available ? undefined : presence.reasonCode;
    return null;
  }
}
