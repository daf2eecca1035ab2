/**
 * Load for the T-Server simulator: customers call the ready agents that have no call, round robin, at a steady rate;
 * each caller hangs up a hold time after the agent answered. For load tests and benchmarks (POST /simulator/traffic).
 *
 * It learns who is ready from the agent events it watches, so it must be watching from the start (the bridge creates
 * it with the simulator). A call the agent never answers ends as the simulator's ring timeout decides.
 */
import type { TEvent } from '../telephonyBackend';
import { SimulatorError, type SimulatorControl } from './simulatorControl';
import { isPhoneNumber } from './tserverSimulator';

export interface TrafficPlan {
  /** New calls per second, spread evenly (0 < rate ≤ 10,000). */
  readonly callsPerSecond: number;
  /** How long the caller stays once the agent answered. */
  readonly holdMs: number;
  /** The callers' number. */
  readonly ani: string;
}

export interface TrafficStats {
  readonly running: boolean;
  readonly plan: TrafficPlan | null;
  /** Calls placed since the last start. */
  readonly placed: number;
  readonly answered: number;
  /** Ended by the caller after the hold time. */
  readonly completed: number;
  /** Ended otherwise: declined, released by the agent, abandoned, rang out. */
  readonly endedEarly: number;
  /** Calls due while every ready agent had a call: not placed. */
  readonly noFreeAgent: number;
  /** Calls the simulator refused (the link was down, say). */
  readonly refused: number;
  /** Calls up now. */
  readonly active: number;
}

/** How often due calls are placed: calls are spread evenly, none more than this late (bursts would skew latency). */
const TICK_MS = 1;

interface TrafficCall {
  readonly dn: string;
  answered: boolean;
  /** Set when the hold time is over and the caller hangs up. */
  callerLeft: boolean;
  hangup?: NodeJS.Timeout;
}

export class TrafficGenerator {
  /** Ready DNs, in the order they became ready, for round robin; positions index it for O(1) removal. */
  private readonly ready: string[] = [];
  private readonly positions = new Map<string, number>();
  private readonly busy = new Set<string>();
  private readonly calls = new Map<string, TrafficCall>();
  private cursor = 0;
  /** The DN a call is being placed at, while customerCalls runs. */
  private placing: string | undefined;
  private plan: TrafficPlan | null = null;
  private ticker: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private due = 0;
  private counts = { placed: 0, answered: 0, completed: 0, endedEarly: 0, noFreeAgent: 0, refused: 0 };
  private readonly unwatch: () => void;

  constructor(private readonly simulator: SimulatorControl) {
    this.unwatch = simulator.watch(this.observe);
  }

  start(plan: TrafficPlan): TrafficStats {
    if (this.plan) throw new SimulatorError('CONFLICT', 'traffic is already running: stop it first');
    if (!(Number.isFinite(plan.callsPerSecond) && plan.callsPerSecond > 0 && plan.callsPerSecond <= 10_000)) {
      throw new SimulatorError('BAD_REQUEST', `callsPerSecond must be above 0 and at most 10000, not ${plan.callsPerSecond}`);
    }
    if (!(Number.isInteger(plan.holdMs) && plan.holdMs >= 0)) {
      throw new SimulatorError('BAD_REQUEST', `holdMs must be a whole number of milliseconds, not ${plan.holdMs}`);
    }
    if (!isPhoneNumber(plan.ani)) throw new SimulatorError('BAD_REQUEST', `ani must be a phone number, not ${JSON.stringify(plan.ani)}`);
    this.plan = plan;
    this.counts = { placed: 0, answered: 0, completed: 0, endedEarly: 0, noFreeAgent: 0, refused: 0 };
    this.startedAt = performance.now();
    this.due = 0;
    this.ticker = setInterval(this.tick, TICK_MS);
    this.ticker.unref();
    return this.stats();
  }

  /** Stops placing calls; calls already up still end after their hold time. */
  stop(): TrafficStats {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
    const stats = this.stats();
    this.plan = null;
    return { ...stats, running: false };
  }

  stats(): TrafficStats {
    return { running: this.plan !== null, plan: this.plan, ...this.counts, active: this.calls.size };
  }

  close(): void {
    this.stop();
    for (const call of this.calls.values()) clearTimeout(call.hangup);
    this.calls.clear();
    this.unwatch();
  }

  private readonly tick = (): void => {
    const plan = this.plan;
    if (!plan) return;
    const dueNow = Math.floor(((performance.now() - this.startedAt) / 1000) * plan.callsPerSecond);
    for (; this.due < dueNow; this.due += 1) this.placeCall(plan.ani);
  };

  private placeCall(ani: string): void {
    const dn = this.nextFreeAgent();
    if (dn === undefined) {
      this.counts.noFreeAgent += 1;
      return;
    }
    // The call's EventRinging is delivered inside customerCalls: observe() takes it as ours through `placing`.
    this.placing = dn;
    try {
      this.simulator.customerCalls({ dn, ani });
      this.counts.placed += 1;
    } catch (error) {
      if (!(error instanceof SimulatorError)) throw error;
      this.counts.refused += 1;
    } finally {
      this.placing = undefined;
    }
  }

  private nextFreeAgent(): string | undefined {
    for (let tried = 0; tried < this.ready.length; tried += 1) {
      this.cursor = this.cursor >= this.ready.length - 1 ? 0 : this.cursor + 1;
      const dn = this.ready[this.cursor];
      if (!this.busy.has(dn)) return dn;
    }
    return undefined;
  }

  private readonly observe = (event: TEvent): void => {
    switch (event.name) {
      case 'EventAgentReady':
        this.markReady(event.thisDN, true);
        return;
      case 'EventAgentNotReady':
      case 'EventAgentLogout':
        this.markReady(event.thisDN, false);
        return;
      case 'EventRinging':
        if (event.thisDN === this.placing) this.track(event.call.connId, event.thisDN);
        return;
      case 'EventEstablished':
        this.answered(event.call.connId);
        return;
      case 'EventReleased':
      case 'EventAbandoned':
        this.ended(event.call.connId);
        return;
      default:
        return;
    }
  };

  private markReady(dn: string, ready: boolean): void {
    const position = this.positions.get(dn);
    if (ready && position === undefined) {
      this.positions.set(dn, this.ready.length);
      this.ready.push(dn);
    } else if (!ready && position !== undefined) {
      // Swap-remove: the last DN takes the leaving one's place.
      const last = this.ready.pop() as string;
      this.positions.delete(dn);
      if (last !== dn) {
        this.ready[position] = last;
        this.positions.set(last, position);
      }
    }
  }

  private track(connId: string, dn: string): void {
    this.busy.add(dn);
    this.calls.set(connId, { dn, answered: false, callerLeft: false });
  }

  private answered(connId: string): void {
    const call = this.calls.get(connId);
    const plan = this.plan;
    if (!call || call.answered) return;
    call.answered = true;
    this.counts.answered += 1;
    call.hangup = setTimeout(() => this.hangUp(connId), plan?.holdMs ?? 0);
    call.hangup.unref();
  }

  private hangUp(connId: string): void {
    const call = this.calls.get(connId);
    if (!call) return;
    call.callerLeft = true;
    try {
      this.simulator.customerHangsUp(connId);
    } catch (error) {
      // The call ended meanwhile, or the link is down: the call's own end event settles it.
      call.callerLeft = false;
      if (!(error instanceof SimulatorError)) throw error;
    }
  }

  private ended(connId: string): void {
    const call = this.calls.get(connId);
    if (!call) return;
    clearTimeout(call.hangup);
    this.calls.delete(connId);
    this.busy.delete(call.dn);
    if (call.callerLeft) this.counts.completed += 1;
    else this.counts.endedEarly += 1;
  }
}
