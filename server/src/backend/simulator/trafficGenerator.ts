/**
 * Load for the T-Server simulator: customers call the ready agents that have no call, the longest idle first (as an
 * ACD routes), at a steady rate; each caller hangs up a hold time after the agent answered. For load tests and
 * benchmarks (POST /simulator/traffic).
 *
 * It learns who is ready from the agent events it watches, so it must be watching from the start (the bridge creates
 * it with the simulator). A call the agent never answers ends as the simulator's ring timeout decides.
 */
import type { TEvent } from '../telephonyBackend';
import { SimulatorError, type SimulatorControl } from './simulatorControl';
import { isPhoneNumber } from './tserverSimulator';

export interface TrafficPlan {
  /** New calls per second, spread evenly (0 < rate ≤ MAX_CALLS_PER_SECOND). */
  readonly callsPerSecond: number;
  /** How long the caller stays once the agent answered (0 ≤ hold ≤ MAX_HOLD_MS). */
  readonly holdMs: number;
  /** The callers' number. */
  readonly ani: string;
}

export const MAX_CALLS_PER_SECOND = 10_000;
export const MAX_HOLD_MS = 3_600_000;

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
  /** Calls up now (of any start). */
  readonly active: number;
}

/** How often due calls are placed: calls are spread evenly, none more than this late (bursts would skew latency). */
const TICK_MS = 1;
/** When the caller could not hang up (the link was down), they try again this much later. */
const HANGUP_RETRY_MS = 1000;

interface TrafficCall {
  readonly dn: string;
  /** The plan's hold time when the call was placed: a later stop or plan does not change it. */
  readonly holdMs: number;
  /** Which start() placed it: the counts are per start, and a call of an earlier one is not counted in a later one. */
  readonly run: number;
  answered: boolean;
  /** Set when the hold time is over and the caller hangs up. */
  callerLeft: boolean;
  hangup?: NodeJS.Timeout;
}

type Counts = Omit<TrafficStats, 'running' | 'plan' | 'active'>;

const NO_COUNTS: Counts = { placed: 0, answered: 0, completed: 0, endedEarly: 0, noFreeAgent: 0, refused: 0 };

export class TrafficGenerator {
  private readonly ready = new Set<string>();
  /** Ready DNs without a call of ours, longest idle first (a Set keeps insertion order). */
  private readonly idle = new Set<string>();
  private readonly calls = new Map<string, TrafficCall>();
  /** DNs with a call of ours. */
  private readonly busy = new Set<string>();
  /** The DN a call is being placed at, while customerCalls runs. */
  private placing: string | undefined;
  private plan: TrafficPlan | null = null;
  private ticker: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private due = 0;
  private run = 0;
  private counts: { -readonly [K in keyof Counts]: number } = { ...NO_COUNTS };
  private readonly unwatch: () => void;

  constructor(private readonly simulator: SimulatorControl) {
    this.unwatch = simulator.watch(this.observe);
  }

  start(plan: TrafficPlan): TrafficStats {
    if (this.plan) throw new SimulatorError('CONFLICT', 'traffic is already running: stop it first');
    if (!(Number.isFinite(plan.callsPerSecond) && plan.callsPerSecond > 0 && plan.callsPerSecond <= MAX_CALLS_PER_SECOND)) {
      throw new SimulatorError('BAD_REQUEST', `callsPerSecond must be above 0 and at most ${MAX_CALLS_PER_SECOND}, not ${plan.callsPerSecond}`);
    }
    if (!(Number.isInteger(plan.holdMs) && plan.holdMs >= 0 && plan.holdMs <= MAX_HOLD_MS)) {
      throw new SimulatorError('BAD_REQUEST', `holdMs must be a whole number of milliseconds from 0 to ${MAX_HOLD_MS}, not ${plan.holdMs}`);
    }
    if (!isPhoneNumber(plan.ani)) throw new SimulatorError('BAD_REQUEST', `ani must be a phone number, not ${JSON.stringify(plan.ani)}`);
    this.plan = plan;
    this.counts = { ...NO_COUNTS };
    this.run += 1;
    this.startedAt = performance.now();
    this.due = 0;
    this.ticker = setInterval(this.tick, TICK_MS);
    this.ticker.unref();
    return this.stats();
  }

  /** Stops placing calls; calls already placed still end after their hold time. */
  stop(): TrafficStats {
    if (this.ticker !== undefined) clearInterval(this.ticker);
    this.ticker = undefined;
    this.plan = null;
    return this.stats();
  }

  stats(): TrafficStats {
    return { running: this.plan !== null, plan: this.plan, ...this.counts, active: this.calls.size };
  }

  close(): void {
    this.stop();
    for (const call of this.calls.values()) clearTimeout(call.hangup);
    this.calls.clear();
    this.busy.clear();
    this.unwatch();
  }

  private readonly tick = (): void => {
    const plan = this.plan;
    if (!plan) return;
    // Calls due while the event loop was held up are placed now: the rate is kept over the run, not per tick.
    const dueNow = Math.floor(((performance.now() - this.startedAt) / 1000) * plan.callsPerSecond);
    for (; this.due < dueNow; this.due += 1) this.placeCall(plan);
  };

  private placeCall(plan: TrafficPlan): void {
    const dn = this.idle.values().next().value;
    if (dn === undefined) {
      this.counts.noFreeAgent += 1;
      return;
    }
    // The call's EventRinging is delivered inside customerCalls: observe() takes it as ours through `placing`.
    this.placing = dn;
    try {
      this.simulator.customerCalls({ dn, ani: plan.ani });
      this.counts.placed += 1;
    } catch (error) {
      if (!(error instanceof SimulatorError)) throw error;
      this.counts.refused += 1;
    } finally {
      this.placing = undefined;
    }
  }

  private readonly observe = (event: TEvent): void => {
    switch (event.name) {
      case 'EventAgentReady':
        this.ready.add(event.thisDN);
        if (!this.busy.has(event.thisDN)) this.idle.add(event.thisDN);
        return;
      case 'EventAgentNotReady':
      case 'EventAgentLogout':
        this.ready.delete(event.thisDN);
        this.idle.delete(event.thisDN);
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

  private track(connId: string, dn: string): void {
    this.idle.delete(dn);
    this.busy.add(dn);
    this.calls.set(connId, { dn, holdMs: this.plan?.holdMs ?? 0, run: this.run, answered: false, callerLeft: false });
  }

  private answered(connId: string): void {
    const call = this.calls.get(connId);
    if (!call || call.answered) return;
    call.answered = true;
    if (call.run === this.run) this.counts.answered += 1;
    this.hangUpAfter(connId, call, call.holdMs);
  }

  private hangUpAfter(connId: string, call: TrafficCall, ms: number): void {
    call.hangup = setTimeout(() => this.hangUp(connId), ms);
    call.hangup.unref();
  }

  private hangUp(connId: string): void {
    const call = this.calls.get(connId);
    if (!call) return;
    call.callerLeft = true;
    try {
      this.simulator.customerHangsUp(connId);
    } catch (error) {
      if (!(error instanceof SimulatorError)) throw error;
      // The link is down (had the call ended, its end event would have untracked it): the caller tries again.
      call.callerLeft = false;
      this.hangUpAfter(connId, call, HANGUP_RETRY_MS);
    }
  }

  private ended(connId: string): void {
    const call = this.calls.get(connId);
    if (!call) return;
    clearTimeout(call.hangup);
    this.calls.delete(connId);
    this.busy.delete(call.dn);
    if (this.ready.has(call.dn)) this.idle.add(call.dn);
    if (call.run !== this.run) return;
    if (call.callerLeft) this.counts.completed += 1;
    else this.counts.endedEarly += 1;
  }
}
