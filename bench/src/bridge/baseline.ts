/**
 * The baseline of a step: a bare `ws` server (baselineServer.ts) that pushes frames of the size of the bridge's
 * events, at the rate the bridge delivered them, to as many clients (loadClients.ts, listening only). Its latency
 * window follows the same warm-up as the bridge's; its cost is read beside the bridge's (sideBySide.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { stopProcess } from '../bridgeProcess';
import { ask, connect, forkChild } from './children';
import { nextMessage, tell, type FromBaseline, type ToBaseline, type ToClients, type WindowReport } from './ipc';

/** The bare ws server and its clients, connected. */
export interface Baseline {
  readonly server: ChildProcess;
  readonly clients: ChildProcess;
  /** Sends `count` frames, `perSecond` a second; resolves once all are sent. */
  push(count: number, perSecond: number): Promise<void>;
}

export interface BaselineRun {
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

/** Starts the server and connects `agents` clients to it (both stopped with the step's other processes). */
export async function openBaseline(agents: number, processes: ChildProcess[]): Promise<Baseline> {
  const server = forkChild('baselineServer', processes);
  const { port } = await nextMessage<FromBaseline, 'listening'>(server, 'listening', 10_000);
  const clients = forkChild('loadClients', processes);
  const connected = await connect(clients, `ws://127.0.0.1:${port}`, agents, { kind: 'baseline' });
  if (connected.sessions !== agents) throw new Error(`the baseline connected ${connected.sessions} of ${agents} clients`);
  return { server, clients, push: (count, perSecond) => push(server, count, perSecond) };
}

/** The latency window: warmed up as the bridge was, so that it too opens on a steady state; then the baseline stops. */
export async function measureBaselineLatency(baseline: Baseline, run: BaselineRun): Promise<WindowReport> {
  const { server, clients } = baseline;
  await baseline.push(Math.round((run.warmUpMs / 1000) * run.perSecond), run.perSecond);
  tell(clients, { kind: 'measure' } satisfies ToClients);
  await baseline.push(run.count, run.perSecond);
  await new Promise((resolve) => setTimeout(resolve, DRAIN_MS));
  const report = await ask(clients, { kind: 'report' }, 'report');
  if (report.eventLatencies.length !== run.count) throw new Error(`the baseline clients received ${report.eventLatencies.length} of ${run.count} frames`);
  await ask(clients, { kind: 'close' }, 'closed');
  await Promise.all([stopProcess(clients), stopProcess(server)]);
  return report;
}

async function push(server: ChildProcess, count: number, perSecond: number): Promise<void> {
  const pushed = nextMessage<FromBaseline, 'pushed'>(server, 'pushed', PUSH_TIMEOUT_MS);
  tell(server, { kind: 'push', count, perSecond, frame: TYPICAL_EVENT } satisfies ToBaseline);
  const { sent, clients } = await pushed;
  if (sent !== count) throw new Error(`the baseline server sent ${sent} of ${count} frames (${clients} clients left)`);
}
