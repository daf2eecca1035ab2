/**
 * The baseline of a step: a bare `ws` server (baselineServer.ts) pushes as many frames of the same size as the bridge
 * delivered, at the same rate, to as many clients (loadClients.ts, listening only), after the same warm-up. The
 * server's own CPU time and heap allocation are read over the measured frames, as the bridge's are over its window.
 */
import type { ChildProcess } from 'node:child_process';
import { stopProcess } from '../bridgeProcess';
import type { ProcessCost } from '../processCost';
import { ask, connect, forkChild } from './children';
import { childCost, nextMessage, tell, type FromBaseline, type ToBaseline, type ToClients, type WindowReport } from './ipc';

export interface BaselineRun {
  readonly agents: number;
  /** Frames to push in the measured window, and how many a second. */
  readonly count: number;
  readonly perSecond: number;
  readonly warmUpMs: number;
}

/** An EventRinging as the bridge pushes it (its `time` is stamped per frame). */
const TYPICAL_EVENT = {
  eventName: 'EventRinging',
  thisDN: '100042',
  connectionId: '006d01a2b3c4d5e6',
  eventId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  callUuid: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b',
  ANI: '+15550100',
  callType: 'Inbound',
};

const PUSH_TIMEOUT_MS = 600_000;
const DRAIN_MS = 1000;

export interface BaselineWindow {
  /** The clients' latencies of the measured frames. */
  readonly report: WindowReport;
  /** What pushing them cost the server. */
  readonly cost: ProcessCost;
}

export async function measureBaseline(run: BaselineRun, processes: ChildProcess[]): Promise<BaselineWindow> {
  const server = forkChild('baselineServer', processes);
  const { port } = await nextMessage<FromBaseline, 'listening'>(server, 'listening', 10_000);
  const clients = forkChild('loadClients', processes);
  const connected = await connect(clients, `ws://127.0.0.1:${port}`, run.agents, { kind: 'baseline' });
  if (connected.sessions !== run.agents) throw new Error(`the baseline connected ${connected.sessions} of ${run.agents} clients`);
  // Warmed up as the bridge was: its window opens on a steady state too.
  await push(server, Math.round((run.warmUpMs / 1000) * run.perSecond), run.perSecond);
  await childCost(server, 'start');
  tell(clients, { kind: 'measure' } satisfies ToClients);
  await push(server, run.count, run.perSecond);
  const cost = await childCost(server, 'stop');
  await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  const report = await ask(clients, { kind: 'report' }, 'report');
  if (report.eventLatencies.length !== run.count) throw new Error(`the baseline clients received ${report.eventLatencies.length} of ${run.count} frames`);
  await ask(clients, { kind: 'close' }, 'closed');
  await Promise.all([stopProcess(clients), stopProcess(server)]);
  return { report, cost };
}

async function push(server: ChildProcess, count: number, perSecond: number): Promise<void> {
  const pushed = nextMessage<FromBaseline, 'pushed'>(server, 'pushed', PUSH_TIMEOUT_MS);
  tell(server, { kind: 'push', count, perSecond, frame: TYPICAL_EVENT } satisfies ToBaseline);
  const { sent, clients } = await pushed;
  if (sent !== count) throw new Error(`the baseline server sent ${sent} of ${count} frames (${clients} clients left)`);
}
