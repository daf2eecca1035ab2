/**
 * Delivers T-Server's events to the sessions of their DN. Each event is mapped and serialized once per DN, however
 * many sessions the DN has; DNs without sessions cost a map lookup.
 */
import { CLOSE_CODES } from '../../../protocol/bridgeProtocol';
import type { TEvent, TLinkEvent, TSessionEvent } from '../backend/telephonyBackend';
import type { CallLocator } from './callLocator';
import { agentEventOf, callEventOf, linkEventOf } from './eventMapping';
import type { Session } from './session';
import type { SessionRegistry } from './sessionRegistry';
import type { SnapshotPublisher } from './snapshots';

export class EventRouter {
  constructor(
    private readonly registry: SessionRegistry,
    private readonly locator: CallLocator,
    private readonly snapshots: SnapshotPublisher,
    /** Told of each call or agent event handed to its sessions, with when T-Server produced it (for metrics). */
    private readonly onDelivered: (time: number) => void = () => undefined,
  ) {}

  readonly handle = (event: TEvent): void => {
    if (isLinkEvent(event)) {
      this.broadcastLink(event);
      return;
    }
    if (event.name === 'EventSessionEnded') {
      this.endSessions(event);
      return;
    }
    if ('call' in event) this.locator.observe(event);
    const sessions = this.registry.sessionsOf(event.thisDN);
    if (!sessions || sessions.size === 0) return;
    const pushed = 'call' in event ? callEventOf(event) : agentEventOf(event);
    if (!pushed) return;
    const frame = JSON.stringify(pushed);
    for (const session of sessions) session.deliver(frame);
    this.onDelivered(event.time);
  };

  /**
   * T-Server's link events concern every DN; a per-agent backend's, the one DN they name. When the link returns, the
   * pictures of the calls of the sessions it concerns are refreshed.
   */
  private broadcastLink(event: TLinkEvent): void {
    if (event.thisDN !== '') {
      this.tellLink(event, event.thisDN, this.registry.sessionsOf(event.thisDN));
      return;
    }
    for (const [dn, sessions] of this.registry.routesByDn()) this.tellLink(event, dn, sessions);
  }

  private tellLink(event: TLinkEvent, dn: string, sessions: ReadonlySet<Session> | undefined): void {
    if (!sessions || sessions.size === 0) return;
    const frame = JSON.stringify(linkEventOf(event, dn));
    for (const session of sessions) session.deliver(frame);
    if (event.name === 'EventLinkConnected') void this.snapshots.refresh(dn);
  }

  /** The agent's own backend session ended: each of their toolbars must come back with fresh credentials. */
  private endSessions(event: TSessionEvent): void {
    for (const session of [...(this.registry.sessionsOf(event.thisDN) ?? [])]) session.close(CLOSE_CODES.tokenExpired, event.reason);
  }
}

function isLinkEvent(event: TEvent): event is TLinkEvent {
  return event.name === 'EventLinkConnected' || event.name === 'EventLinkDisconnected';
}
