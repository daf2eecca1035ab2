/**
 * Command rate limits: one token bucket per key (a session, an agent, a client IP). A bucket holds up to two seconds'
 * worth of commands and refills at `perSecond`, so a toolbar's burst (accept, then hold, then hang up) passes and a
 * flood does not. Buckets that have refilled are dropped on the next sweep, so idle keys cost nothing.
 */
import { BridgeFailure } from './failure';

export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly capacity: number;
  private lastSweep: number;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, perSecond * 2);
    this.lastSweep = now();
  }

  /** Takes one token for `key`: false when its bucket is empty (the command is over the rate). */
  take(key: string): boolean {
    const now = this.now();
    this.sweep(now);
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: this.capacity, at: now };
      this.buckets.set(key, bucket);
    }
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  /** Forgets a key (a session that closed). */
  forget(key: string): void {
    this.buckets.delete(key);
  }

  private sweep(now: number): void {
    // A bucket is full again after capacity / perSecond seconds; sweeping that often keeps the map to active keys.
    if (now - this.lastSweep < (this.capacity / this.perSecond) * 1000) return;
    this.lastSweep = now;
    for (const [key, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.capacity) this.buckets.delete(key);
    }
  }
}

/** The command limits of limits.commandsPerSecond (per session, or per agent over REST) and limits.commandsPerSecondPerIp. */
export class CommandLimits {
  private readonly perOwner: TokenBuckets;
  private readonly perIp: TokenBuckets;

  constructor(
    private readonly limits: { readonly commandsPerSecond: number; readonly commandsPerSecondPerIp: number },
    private readonly onLimited: (scope: 'session_commands' | 'agent_commands' | 'ip_commands') => void = () => undefined,
  ) {
    this.perOwner = new TokenBuckets(limits.commandsPerSecond);
    this.perIp = new TokenBuckets(limits.commandsPerSecondPerIp);
  }

  /**
   * Throws RATE_LIMITED when the owner (`session:…` or `agent:…`) or the address is over its rate. The owner's bucket
   * first: a command its own limit refuses takes nothing from the address, so one flooding session cannot drain the
   * bucket the other agents at its address share.
   */
  check(owner: string, ip: string, scope: 'session_commands' | 'agent_commands'): void {
    if (!this.perOwner.take(owner)) {
      this.onLimited(scope);
      const whose = scope === 'session_commands' ? 'this session' : 'this agent';
      throw new BridgeFailure('RATE_LIMITED', `too many commands from ${whose}: at most ${this.limits.commandsPerSecond} a second (limits.commandsPerSecond)`);
    }
    if (!this.perIp.take(ip)) {
      this.onLimited('ip_commands');
      throw new BridgeFailure('RATE_LIMITED', `too many commands from this address: at most ${this.limits.commandsPerSecondPerIp} a second (limits.commandsPerSecondPerIp)`);
    }
  }

  forget(owner: string): void {
    this.perOwner.forget(owner);
  }
}
