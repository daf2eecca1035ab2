/**
 * Bridge scale: for each agent count, the bridge (own process, simulator backend) and the load clients (own process)
 * run a steady call load, then a bare-ws server pushes the same number of frames of the same size to as many
 * clients at the same rate (baseline.ts). Each step reports sessions, events per second, event latency and command
 * round trip, memory per agent and errors, beside the baseline's latency.
 */
import type { ChildProcess } from 'node:child_process';
import { exportJWK, generateKeyPair } from 'jose';
import { stopProcess } from '../bridgeProcess';
import type { Log } from '../log';
import type { BridgeResults, BridgeStep } from '../results';
import { distributionOf, rounded } from '../stats';
import { measureBaseline } from './baseline';
import { residentKiB, startBridgeUnderTest, type BridgeUnderTest } from './bridgeUnderTest';
import { ask, connect, forkChild } from './children';
import { tell, type Tally, type ToClients, type TrafficCounts, type WindowReport } from './ipc';

export interface BridgeScaleOptions {
  readonly agents: readonly number[];
  readonly callsPerSecond: number;
  readonly holdMs: number;
  readonly measureSeconds: number;
  /** Extra node flags for the bridge process (e.g. --cpu-prof). */
  readonly bridgeNodeFlags: readonly string[];
  readonly log: Log;
}

/** The origin the clients present (secure mode checks it, as for a toolbar framed by Fusion). */
const ORIGIN = 'https://toolbar.bench.example';
const KEY_ID = 'bench';
/** At least this long before measuring, and at least one hold time: the window opens on a steady state. */
const MIN_WARM_UP_MS = 3000;
const SETTLE_MS = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchBridgeScale(options: BridgeScaleOptions): Promise<BridgeResults> {
  const steps: BridgeStep[] = [];
  for (const agents of options.agents) steps.push(await measureStep(agents, options));
  return { callsPerSecond: options.callsPerSecond, holdMs: options.holdMs, measureSeconds: options.measureSeconds, steps };
}

async function measureStep(agents: number, options: BridgeScaleOptions): Promise<BridgeStep> {
  const { log } = options;
  const warmUpMs = Math.max(MIN_WARM_UP_MS, options.holdMs + SETTLE_MS);
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'ES256', use: 'sig' };
  const privateJwk = await exportJWK(privateKey);

  log(`bridge: ${agents} agents: starting the bridge`);
  const bridge = await startBridgeUnderTest({ agents, publicJwk, origin: ORIGIN, nodeFlags: options.bridgeNodeFlags });
  const processes: ChildProcess[] = [];
  try {
    await sleep(SETTLE_MS);
    const rssBefore = await residentKiB(bridge.pid);
    const clients = forkChild('loadClients', processes);
    const connected = await connect(clients, bridge.url.replace(/^http/, 'ws'), agents, { kind: 'bridge', origin: ORIGIN, privateJwk, keyId: KEY_ID });
    log(`bridge: ${agents} agents: ${connected.sessions} sessions ready in ${Math.round(connected.ms)} ms (${connected.failed} failed)`);
    if (connected.sessions === 0) throw new Error(`bridge: no session of ${agents} could sign in and go ready`);
    await sleep(SETTLE_MS);
    const rssConnected = await residentKiB(bridge.pid);

    const window = await runTraffic(bridge, clients, warmUpMs, options);
    await bridge.traffic({ kind: 'traffic', action: 'stop' });
    // Calls up when the traffic stopped end after their hold time; then every call must have had its whole story.
    await sleep(options.holdMs + SETTLE_MS);
    const counts = await bridge.traffic({ kind: 'traffic', action: 'stats' });
    const tally = await ask(clients, { kind: 'tally' }, 'tally');
    await ask(clients, { kind: 'close' }, 'closed');
    await stopProcess(clients);
    await bridge.stop();

    const eventsPerSec = (window.eventLatencies.length / window.windowMs) * 1000;
    log(`bridge: ${agents} agents: baseline`);
    const baseline = await measureBaseline({ agents, count: window.eventLatencies.length, perSecond: eventsPerSec, warmUpMs }, processes);

    const errors = countErrors(tally, counts);
    if (errors > 0) log(`bridge: ${agents} agents: ${errors} errors: clients ${JSON.stringify(tally.errors)}, traffic ${JSON.stringify(counts)}, rings received ${tally.ringsReceived}; e.g. ${tally.samples.join(' | ')}`);
    if (counts.noFreeAgent > 0) log(`bridge: ${agents} agents: ${counts.noFreeAgent} calls found no free agent (the rate × the hold time exceeds the agents)`);
    const events = distributionOf(window.eventLatencies);
    const commands = distributionOf(window.commandRtts);
    const baselineEvents = distributionOf(baseline.eventLatencies);
    return {
      agents,
      sessionsHeld: tally.sessionsOpen,
      callsPerSecond: options.callsPerSecond,
      noFreeAgent: counts.noFreeAgent,
      eventsPerSec: rounded(eventsPerSec),
      eventP50Ms: rounded(events.p50),
      eventP99Ms: rounded(events.p99),
      eventMaxMs: rounded(events.max),
      commandP50Ms: rounded(commands.p50),
      commandP99Ms: rounded(commands.p99),
      rssPerAgentKiB: rounded((rssConnected - rssBefore) / connected.sessions),
      errors,
      baselineP50Ms: rounded(baselineEvents.p50),
      baselineP99Ms: rounded(baselineEvents.p99),
      baselineMaxMs: rounded(baselineEvents.max),
      p99VsBaseline: rounded(events.p99 / baselineEvents.p99),
    };
  } finally {
    await Promise.all(processes.map(stopProcess));
    await bridge.stop();
  }
}

/**
 * Sessions that failed or dropped, EventErrors, events without a time; and calls that did not go ringing →
 * answered → ended by the caller (the generator's count, which also sees calls that never reached a client).
 */
function countErrors(tally: Tally, counts: TrafficCounts): number {
  const { connectFailed, closedUnexpectedly, eventErrors, untimedEvents } = tally.errors;
  const unrung = Math.max(0, counts.placed - tally.ringsReceived);
  return connectFailed + closedUnexpectedly + eventErrors + untimedEvents + counts.endedEarly + counts.active + counts.refused + unrung;
}

/** Starts the traffic, lets it warm up, and measures one window. */
async function runTraffic(bridge: BridgeUnderTest, clients: ChildProcess, warmUpMs: number, options: BridgeScaleOptions): Promise<WindowReport> {
  await bridge.traffic({ kind: 'traffic', action: 'start', callsPerSecond: options.callsPerSecond, holdMs: options.holdMs });
  await sleep(warmUpMs);
  tell(clients, { kind: 'measure' } satisfies ToClients);
  await sleep(options.measureSeconds * 1000);
  return ask(clients, { kind: 'report' }, 'report');
}
