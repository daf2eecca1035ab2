/**
 * RegisteredEvent snapshots: taken from T-Server's DN status (RequestQueryAddress), serialized once per DN and sent
 * to the sessions waiting for one. Sent on connect, after `initialize`, and when the T-Server link returns.
 */
import { CLOSE_CODES } from '../../../protocol/bridgeProtocol';
import type { TelephonyBackend } from '../backend/telephonyBackend';
import type { AgentDirectory } from './agentDirectory';
import type { CallLocator } from './callLocator';
import { registeredEventOf } from './eventMapping';
import { messageOf } from './failure';
import type { OrderClock } from './orderClock';
import type { Session } from './session';
import type { SessionRegistry } from './sessionRegistry';
import type { WarningLog } from './warningLog';

export class SnapshotPublisher {
  constructor(
    private readonly backend: TelephonyBackend,
    private readonly registry: SessionRegistry,
    private readonly locator: CallLocator,
    private readonly directory: AgentDirectory,
    private readonly log: WarningLog,
    private readonly clock: OrderClock,
  ) {}

  /** Sends a snapshot to these sessions of one DN (each already holding its frames under `ticket`s). */
  async sendTo(dn: string, waiting: ReadonlyArray<{ readonly session: Session; readonly ticket: number }>): Promise<void> {
    let frame: string;
    try {
      frame = await this.frameFor(dn);
    } catch (error) {
      this.log.warn({ dn, err: messageOf(error) }, 'could not take the DN snapshot');
      // Without a snapshot the session cannot know its calls; reconnecting gets it a fresh one.
      for (const { session } of waiting) session.close(CLOSE_CODES.internalError, 'snapshot unavailable');
      return;
    }
    for (const { session, ticket } of waiting) session.sendSnapshot(frame, ticket);
  }

  /** Every session of a DN gets a fresh snapshot (sessions that join meanwhile get their own on connect). */
  refresh(dn: string): Promise<void> {
    const sessions = this.registry.sessionsOf(dn);
    if (!sessions || sessions.size === 0) return Promise.resolve();
    const waiting = [...sessions].map((session) => ({ session, ticket: session.awaitSnapshot() }));
    return this.sendTo(dn, waiting);
  }

  private async frameFor(dn: string): Promise<string> {
    // Stamped before asking: the status is at least as new as the stamp, which is what a client may rely on.
    const order = this.clock.stamp();
    const status = await this.backend.query(dn);
    this.locator.reset(dn, status.calls);
    const agentId = this.directory.agentOf(dn) ?? '';
    // A per-agent backend says whether this DN's own link is up; T-Server's link is every DN's.
    return JSON.stringify(registeredEventOf(status, agentId, status.linkConnected ?? this.backend.linkConnected, order));
  }
}
