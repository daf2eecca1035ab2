/**
 * Calls rung at a few DNs as fast as asked, each abandoned by the caller at once (EventRinging, then EventAbandoned):
 * frames for the sessions of those DNs, so that a session that stopped reading has something to fall behind on. Runs
 * in the bridge process, on the simulator's controls (the benchmark's slow-client step).
 */
import type { SimulatorControl } from '../../../server/src/backend/simulator/simulatorControl';

/** Calls due are placed this often, spread evenly across the DNs. */
const TICK_MS = 10;
const CALLER = '+15550199';

export interface FloodCounts {
  /** Calls rung (and abandoned). */
  readonly rung: number;
  /** Calls the simulator refused (a DN at its callsPerDn, say). */
  readonly refused: number;
}

export class Flood {
  private ticker: NodeJS.Timeout | undefined;
  private counts = { rung: 0, refused: 0 };

  constructor(private readonly simulator: SimulatorControl) {}

  start(dns: readonly string[], callsPerSecond: number): FloodCounts {
    this.stop();
    if (dns.length === 0) throw new Error('flood: no DN to ring');
    if (!(callsPerSecond > 0)) throw new Error(`flood: callsPerSecond must be above 0, not ${callsPerSecond}`);
    this.counts = { rung: 0, refused: 0 };
    const startedAt = performance.now();
    let placed = 0;
    let next = 0;
    this.ticker = setInterval(() => {
      const due = Math.floor(((performance.now() - startedAt) / 1000) * callsPerSecond);
      for (; placed < due; placed += 1) {
        const dn = dns[next];
        next = (next + 1) % dns.length;
        try {
          const { connId } = this.simulator.customerCalls({ dn, ani: CALLER });
          this.simulator.customerHangsUp(connId);
          this.counts.rung += 1;
        } catch {
          this.counts.refused += 1;
        }
      }
    }, TICK_MS);
    return { ...this.counts };
  }

  stop(): FloodCounts {
    clearInterval(this.ticker);
    this.ticker = undefined;
    return { ...this.counts };
  }
}
