/**
 * Stamps snapshots and command answers with their place in this bridge process's order (protocol BridgeOrder), so a
 * client can tell a snapshot taken before a call it placed from one taken after, whichever reaches it first.
 */
import { randomBytes } from 'node:crypto';
import type { BridgeOrder } from '../../../protocol/bridgeProtocol';

export class OrderClock {
  /** Random per process: a restarted bridge counts from 1 again, and its stamps must not pass for the old ones'. */
  readonly bridge = randomBytes(8).toString('hex');
  private sequence = 0;

  constructor(private readonly now: () => number = Date.now) {}

  stamp(): BridgeOrder {
    this.sequence += 1;
    return { bridge: this.bridge, sequence: this.sequence, time: this.now() };
  }
}
