/**
 * The calls of one agent's DN as the adapter follows them from GWS's notifications (callMapping.ts says what each
 * one means). It remembers the calls that ended, so that their Completed, and late notifications of them, are not
 * taken for new calls.
 */
import type { TCall } from '../telephonyBackend';
import { followCall, type ReleaseKind, type TrackedCall, type UnstampedCallEvent } from './callMapping';
import type { GwsCall } from './gwsMessages';

/** Far more calls than end while a late notification of one can still arrive. */
const ENDED_MEMORY = 500;

export interface Observation {
  readonly events: readonly UnstampedCallEvent[];
  /** Why a notification was dropped, for a log line. */
  readonly problem?: string;
}

export class CallTracker {
  /** By GWS's call id. */
  private readonly calls = new Map<string, TrackedCall>();
  /** GWS ids of calls that ended, oldest first. */
  private readonly ended = new Set<string>();

  constructor(private readonly thisDN: string) {}

  observe(call: GwsCall): Observation {
    if (this.ended.has(call.id) && !this.calls.has(call.id)) {
      // Completed after Released, or a late notification of an ended call: nothing new.
      if (call.state === 'Completed') this.ended.delete(call.id);
      return { events: [] };
    }
    const previous = this.calls.get(call.id) ?? (call.previousConnId === undefined ? undefined : this.calls.get(call.previousConnId));
    const step = followCall(previous, call, this.thisDN);
    if (previous !== undefined) this.calls.delete(previous.gwsId);
    if (step.next !== undefined) this.calls.set(step.next.gwsId, step.next);
    if (step.ended) this.remember(call.id);
    return { events: step.events, ...(step.problem === undefined ? {} : { problem: step.problem }) };
  }

  /** The call the bridge names by this ConnID. */
  byConnId(connId: string): TrackedCall | undefined {
    for (const tracked of this.calls.values()) if (tracked.call.connId === connId) return tracked;
    return undefined;
  }

  /**
   * Marks (or clears) a release the bridge asked for, so that the call's Released is read as the agent's, and as what
   * (`as`: part of a transfer or conference).
   */
  markRelease(gwsId: string, asked: boolean, as?: ReleaseKind): void {
    const tracked = this.calls.get(gwsId);
    if (tracked === undefined) return;
    const { releaseAs: _previous, ...rest } = tracked;
    this.calls.set(gwsId, { ...rest, releaseAsked: asked, ...(asked && as !== undefined ? { releaseAs: as } : {}) });
  }

  /** The call GWS names by this id. */
  byGwsId(gwsId: string): TrackedCall | undefined {
    return this.calls.get(gwsId);
  }

  /** The calls, as the bridge knows them. */
  snapshot(): TCall[] {
    return [...this.calls.values()].map((tracked) => tracked.call);
  }

  has(connId: string): boolean {
    return this.byConnId(connId) !== undefined;
  }

  /**
   * Takes GWS's list of the DN's open calls as the truth (current-session, after the notifications were lost for a
   * while): calls it no longer lists are forgotten, the others take its state. Nothing is emitted: the bridge sends
   * its sessions a fresh snapshot when the link returns. Returns the calls left out, each with why.
   */
  resynchronize(open: readonly GwsCall[]): string[] {
    const problems: string[] = [];
    const listed = new Map<string, TrackedCall>();
    for (const call of open) {
      if (call.state === 'Released' || call.state === 'Completed') continue;
      const previous = this.calls.get(call.id);
      const step = followCall(previous, call, this.thisDN);
      if (step.next !== undefined) {
        listed.set(step.next.gwsId, { ...step.next, releaseAsked: previous?.releaseAsked ?? false, ...(previous?.releaseAs === undefined ? {} : { releaseAs: previous.releaseAs }) });
      }
      else if (step.problem !== undefined) problems.push(step.problem);
    }
    for (const gwsId of this.calls.keys()) if (!listed.has(gwsId)) this.remember(gwsId);
    this.calls.clear();
    for (const [gwsId, tracked] of listed) this.calls.set(gwsId, tracked);
    return problems;
  }

  private remember(gwsId: string): void {
    this.ended.delete(gwsId);
    this.ended.add(gwsId);
    if (this.ended.size > ENDED_MEMORY) this.ended.delete(this.ended.values().next().value as string);
  }
}
