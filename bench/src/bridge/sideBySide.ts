/**
 * The cost of an event, measured with the bridge and the bare `ws` server side by side: while the bridge's traffic
 * runs, the baseline server pushes frames of the same size at the rate the bridge delivers events, and both
 * processes read their own CPU time and heap allocation (processCost.ts) over one and the same window. Whatever else
 * the machine does in that window (another process's burst, a busy core) weighs on both alike, so their ratio holds
 * still where figures read one after the other, seconds apart, do not. The latency windows stay apart, one after the
 * other, so that neither server's latency carries the other's work.
 */
import type { ChildProcess } from 'node:child_process';
import type { ProcessCost } from '../processCost';
import type { Baseline } from './baseline';
import type { BridgeUnderTest } from './bridgeUnderTest';
import { ask } from './children';
import { childCost, tell, type ToClients } from './ipc';

export interface SideBySideCost {
  /** The bridge's cost over the window, and the call events its clients received in it. */
  readonly bridge: ProcessCost;
  readonly events: number;
  /** The baseline server's, and the frames its clients received. */
  readonly baseline: ProcessCost;
  readonly frames: number;
}

/** Frames pushed past the window's end: the push must outlast the window whatever the IPC round trips take. */
const SPARE_SECONDS = 2;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * With the bridge's traffic running: the baseline pushes for `warmUpMs` (its code warms up as the bridge's did), then
 * both cost windows open, both sets of clients count for `measureMs`, and both windows close.
 */
export async function measureCostSideBySide(
  bridge: BridgeUnderTest,
  bridgeClients: ChildProcess,
  baseline: Baseline,
  perSecond: number,
  warmUpMs: number,
  measureMs: number,
): Promise<SideBySideCost> {
  const pushing = baseline.push(Math.round(((warmUpMs + measureMs) / 1000 + SPARE_SECONDS) * perSecond), perSecond);
  await sleep(warmUpMs);
  await Promise.all([bridge.startCost(), childCost(baseline.server, 'start')]);
  for (const clients of [bridgeClients, baseline.clients]) tell(clients, { kind: 'measure' } satisfies ToClients);
  await sleep(measureMs);
  const [bridgeWindow, baselineWindow] = await Promise.all([ask(bridgeClients, { kind: 'report' }, 'report'), ask(baseline.clients, { kind: 'report' }, 'report')]);
  const [bridgeCost, baselineCost] = await Promise.all([bridge.stopCost(), childCost(baseline.server, 'stop')]);
  await pushing;
  return { bridge: bridgeCost, events: bridgeWindow.eventLatencies.length, baseline: baselineCost, frames: baselineWindow.eventLatencies.length };
}
