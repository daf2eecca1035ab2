/**
 * Delivers T-Server's events to the sessions of their DN. Each event is mapped and serialized once per DN, however
 * many sessions the DN has; DNs without sessions cost a map lookup.
 */
import type { TEvent, TLinkEvent } from '../backend/telephonyBackend';
import type { CallLocator } from './callLocator';
import { agentEventOf, callEventOf, linkEventOf } from './eventMapping';
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
    if ('call' in event) this.locator.observe(event);
    const sessions = this.registry.sessionsOf(event.thisDN);
    if (!sessions || sessions.size === 0) return;
    const pushed = 'call' in event ? callEventOf(event) : agentEventOf(event);
    if (!pushed) return;
    const frame = JSON.stringify(pushed);
    for (const session of sessions) session.deliver(frame);
    this.onDelivered(event.time);
  };

  /** Link events concern every DN; when the link returns, every session's picture of its calls is refreshed. */
  private broadcastLink(event: TLinkEvent): void {
    for (const [dn, sessions] of this.registry.routesByDn()) {
      const frame = JSON.stringify(linkEventOf(event, dn));
      for (const session of sessions) session.deliver(frame);
      if (event.name === 'EventLinkConnected') void this.snapshots.refresh(dn);
    }
  }
}

function isLinkEvent(event: TEvent): event is TLinkEvent {
  return event.name === 'EventLinkConnected' || event.name === 'EventLinkDisconnected';
}
