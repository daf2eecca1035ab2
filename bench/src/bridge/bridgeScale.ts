/**
 * Bridge scale: for each agent count, the bridge (own process, simulator backend) and the load clients (own process)
 * run a steady call load, then a bare-ws server pushes the same number of frames of the same size to as many
 * clients at the same rate (baseline.ts). Each step reports sessions, sign-ins per second, events per second, event
 * latency and command round trip, memory per agent, open files and errors, beside the baseline's latency; and the
 * cost of an event: the bridge process's CPU time and heap allocation per call event delivered, beside the baseline
 * server's per frame, both read over one window with the two running side by side (sideBySide.ts).
 */
import type { ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { exportJWK, generateKeyPair } from 'jose';
import { stopProcess } from '../bridgeProcess';
import type { Log } from '../log';
import type { ProcessCost } from '../processCost';
import { cpuMs, openFileLimit, openFiles as openFilesOf, openFilesRefusal, type OpenFilesNeeded } from '../processUsage';
import type { BridgeResults, BridgeStep, SlowClientStep } from '../results';
import { distributionOf, rounded } from '../stats';
import { measureBaselineLatency, openBaseline, type Baseline } from './baseline';
import { residentKiB, startBridgeUnderTest, type BridgeUnderTest } from './bridgeUnderTest';
import { ask, connect, forkChild } from './children';
import { tell, type Connected, type PeerCounts, type Tally, type ToClients, type TrafficCounts, type WindowReport } from './ipc';
import { measureCostSideBySide, type SideBySideCost } from './sideBySide';
import { describeAddresses } from './sourceAddresses';

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
/**
 * The scale steps' warm-up, and so their baselines' (before the side-by-side cost window and before the latency
 * window). The first seconds of traffic cost the bridge more CPU per event than the steady state (its code being
 * optimized, its young generation growing, the calls in flight building up): after 3 s, the CPU per event of 5-s
 * windows stood about 20 % above that of 20-s windows; after 10 to 12 s it no longer did.
 */
const SCALE_WARM_UP_MS = 10_000;
const SETTLE_MS = 1000;
const RSS_SAMPLE_MS = 500;
/** Calls rung at each slow client's DN per second (each an EventRinging and an EventAbandoned for it). */
const FLOOD_CALLS_PER_SECOND_PER_DN = 200;
/**
 * The most slow clients, 1 % of 1,000 agents: the flood is FLOOD_CALLS_PER_SECOND_PER_DN for each, and 1 % of a
 * first step of 19,744 agents asked 39,400 calls a second (nearly 80,000 frames) of a bridge on two cores, whose event
 * loop then answered no control message within its 10 s: the step measured the flood, and could not finish.
 */
const MAX_SLOW_CLIENTS = 10;
/**
 * How long the slow clients are given to be closed after the measured window. The kernel's socket buffers take a few
 * MB before the bridge's own fill; a silent peer misses its pong within two ping intervals (websocket.pingIntervalMs,
 * 30 s by default).
 */
const SLOW_CLOSE_TIMEOUT_MS = 120_000;
const CLOSE_POLL_MS = 1000;
/**
 * The scale steps' ping interval (websocket.pingIntervalMs; the bridge's default is 30 s): longer than a step, so
 * that no ping sweep falls in a measured window. A sweep pings every session at once, and it and the pongs cost the
 * bridge about 0.1 s of CPU with 1,000 sessions, a tenth of a 5-second window's: whether one fell in would decide the
 * CPU per event. It is a cost per session and per interval, not per event, and the bare ws server has none. The
 * slow-client runs keep the default: a silent client may be closed as a dead peer.
 */
const SCALE_PING_INTERVAL_MS = 3_600_000;
/**
 * The open files of a step's processes, each under its own limit (ulimit -n): the bridge holds a WebSocket per
 * session; the load clients' process the other end of each, and the bare ws server and its clients as many. The spare
 * is for each process's own (its log, the IPC channel, epoll and the like: a few dozen), and a CPU profile. Beyond the
 * limit a process can accept or open no more sockets, and the step would fail part-way. Spreading the load clients
 * over more processes would not let a step hold more: the bridge is one process, and needs as many.
 */
const OPEN_FILES: readonly OpenFilesNeeded[] = [
  { process: 'the bridge process', perAgent: 1, spare: 256, what: 'a WebSocket per session' },
  { process: "each load clients' process and the bare ws server's", perAgent: 1, spare: 256, what: 'a socket per session' },
];

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchBridgeScale(options: BridgeScaleOptions): Promise<BridgeResults> {
  const limit = openFileLimit();
  for (const agents of options.agents) {
    const refusal = openFilesRefusal('bridge', agents, OPEN_FILES, limit);
    if (refusal !== undefined) throw new Error(refusal);
  }
  const steps: BridgeStep[] = [];
  for (const agents of options.agents) steps.push(await measureStep(agents, options));
  return { callsPerSecond: options.callsPerSecond, holdMs: options.holdMs, measureSeconds: options.measureSeconds, openFileLimit: limit, steps };
}

/** One run of the bridge under the steady load, with or without slow clients: what both steps report. */
interface Run<T> {
  /** The sessions opened, and the loopback addresses they came from (none: 127.0.0.1, the system's choice). */
  readonly connected: Connected & { readonly sourceAddresses: readonly string[] };
  /** The bridge's CPU time while the sessions signed in and went ready. */
  readonly signInCpuMs: number;
  /** Open files with every session ready: the bridge's, and the load clients' process's. */
  readonly openFiles: { readonly bridge: number; readonly clients: number };
  /** The machine's 1-minute load average as the measured window opened. */
  readonly loadAverage: number;
  readonly window: WindowReport;
  /** What was done beside the bridge while its traffic still ran, after the measured window. */
  readonly beside: T;
  readonly warmUpMs: number;
  readonly tally: Tally;
  readonly counts: TrafficCounts;
  readonly errors: number;
  readonly rssBefore: number;
  readonly rssConnected: number;
  readonly rssPeak: number;
  readonly sendBufferBytes: number;
  readonly peers: PeerCounts;
  /** Slow clients only: from their stopping to read to the bridge closing the last of them (undefined: not all closed in time). */
  readonly closedAfterMs?: number;
  readonly flood: { readonly rung: number; readonly refused: number };
  /** From the flood's start (or the traffic's) to its stop. */
  readonly floodMs: number;
}

async function measureStep(agents: number, options: BridgeScaleOptions): Promise<BridgeStep> {
  const { log } = options;
  const processes: ChildProcess[] = [];
  try {
    // The baseline is opened beside the bridge while its traffic runs, for the cost; its latency is measured after.
    const besideTheBridge = async (bridge: BridgeUnderTest, clients: ChildProcess, window: WindowReport, warmUpMs: number): Promise<{ baseline: Baseline; cost: SideBySideCost }> => {
      log(`bridge: ${agents} agents: the bare ws server beside it, for the cost of an event`);
      const baseline = await openBaseline(agents, processes);
      const cost = await measureCostSideBySide(bridge, clients, baseline, eventsPerSecond(window), warmUpMs, options.measureSeconds * 1000);
      return { baseline, cost };
    };
    const run = await runBridge(agents, undefined, options, processes, besideTheBridge);
    const { window, tally, counts, connected } = run;
    const { baseline, cost } = run.beside;
    const eventsPerSec = eventsPerSecond(window);
    log(`bridge: ${agents} agents: baseline`);
    const baselineReport = await measureBaselineLatency(baseline, { count: window.eventLatencies.length, perSecond: eventsPerSec, warmUpMs: run.warmUpMs });
    const events = distributionOf(window.eventLatencies);
    const commands = distributionOf(window.commandRtts);
    const baselineEvents = distributionOf(baselineReport.eventLatencies);
    const perEvent = costPer(cost.bridge, cost.events);
    const perFrame = costPer(cost.baseline, cost.frames);
    log(
      `bridge: ${agents} agents, side by side with the bare ws server: CPU ${perEvent.cpuUs.toFixed(1)} µs and ${Math.round(perEvent.heapBytes)} heap bytes per event ` +
        `(${cost.bridge.gcCount} collections, ${cost.bridge.majorGcCount} of them full, pausing ${cost.bridge.gcPauseMs.toFixed(1)} ms); ` +
        `bare ws ${perFrame.cpuUs.toFixed(1)} µs and ${Math.round(perFrame.heapBytes)} bytes per frame (${cost.baseline.gcCount} collections, ${cost.baseline.majorGcCount} full)`,
    );
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
      signInsPerSec: rounded((connected.sessions / connected.ms) * 1000),
      signInCpuCores: rounded(run.signInCpuMs / connected.ms),
      sourceAddresses: Math.max(1, connected.sourceAddresses.length),
      rssPerAgentKiB: rounded((run.rssConnected - run.rssBefore) / connected.sessions),
      bridgeOpenFiles: run.openFiles.bridge,
      clientsOpenFiles: run.openFiles.clients,
      loadAverage: rounded(run.loadAverage),
      rssPeakKiB: run.rssPeak,
      errors: run.errors,
      baselineP50Ms: rounded(baselineEvents.p50),
      baselineP99Ms: rounded(baselineEvents.p99),
      baselineMaxMs: rounded(baselineEvents.max),
      p99VsBaseline: rounded(events.p99 / baselineEvents.p99),
      cpuPerEventUs: rounded(perEvent.cpuUs),
      baselineCpuPerFrameUs: rounded(perFrame.cpuUs),
      cpuVsBaseline: rounded(perEvent.cpuUs / perFrame.cpuUs),
      heapPerEventBytes: Math.round(perEvent.heapBytes),
      baselineHeapPerFrameBytes: Math.round(perFrame.heapBytes),
    };
  } finally {
    await Promise.all(processes.map(stopProcess));
  }
}

/**
 * The first step's load again, with 1 % of the agents (at least one, at most MAX_SLOW_CLIENTS) gone silent: NotReady
 * (so the traffic rings none of them), their sockets paused when the traffic starts, and calls rung and abandoned at
 * their DNs (FLOOD_CALLS_PER_SECOND_PER_DN each) so that the bridge has frames to hold for them. The bridge should
 * close each once limits.sendBufferBytes wait for it (or it misses a pong), and the others should not notice. The
 * flood goes on after the measured window until every slow client is closed; the RSS peak covers it.
 */
export async function measureSlowClients(reference: BridgeStep, options: BridgeScaleOptions): Promise<SlowClientStep> {
  const { agents } = reference;
  const slow = Math.min(MAX_SLOW_CLIENTS, Math.max(1, Math.round(agents / 100)));
  const processes: ChildProcess[] = [];
  try {
    const run = await runBridge(agents, { count: slow, reading: false }, options, processes);
    await Promise.all(processes.splice(0).map(stopProcess));
    // The same flood, as long, at clients that read: what the slow clients themselves cost, apart from the flood's work.
    const control = await runBridge(agents, { count: slow, reading: true, floodMs: run.floodMs }, options, processes);
    const events = distributionOf(run.window.eventLatencies);
    const commands = distributionOf(run.window.commandRtts);
    const controlEvents = distributionOf(control.window.eventLatencies);
    const controlCommands = distributionOf(control.window.commandRtts);
    return {
      agents,
      slowClients: slow,
      sendBufferBytes: run.sendBufferBytes,
      floodCallsPerSecond: slow * FLOOD_CALLS_PER_SECOND_PER_DN,
      floodCallsRung: run.flood.rung,
      closedSlowConsumer: run.peers.slowConsumers,
      closedDeadPeer: run.peers.deadPeers,
      ...(run.closedAfterMs !== undefined ? { closedAfterSeconds: rounded(run.closedAfterMs / 1000) } : {}),
      sessionsHeld: run.tally.sessionsOpen,
      eventP50Ms: rounded(events.p50),
      eventP99Ms: rounded(events.p99),
      eventMaxMs: rounded(events.max),
      commandP99Ms: rounded(commands.p99),
      rssPeakKiB: run.rssPeak,
      errors: run.errors,
      reading: {
        eventP50Ms: rounded(controlEvents.p50),
        eventP99Ms: rounded(controlEvents.p99),
        eventMaxMs: rounded(controlEvents.max),
        commandP99Ms: rounded(controlCommands.p99),
        rssPeakKiB: control.rssPeak,
        errors: control.errors,
      },
      withoutEventP99Ms: reference.eventP99Ms,
      withoutCommandP99Ms: reference.commandP99Ms,
      withoutRssPeakKiB: reference.rssPeakKiB,
    };
  } finally {
    await Promise.all(processes.map(stopProcess));
  }
}

function eventsPerSecond(window: WindowReport): number {
  return (window.eventLatencies.length / window.windowMs) * 1000;
}

/** A window's cost shared over the events (or frames) delivered in it. */
function costPer(cost: ProcessCost, events: number): { cpuUs: number; heapBytes: number } {
  if (events === 0) throw new Error('no event was delivered in the measured window: there is no cost per event to tell');
  return { cpuUs: (cost.cpuMs * 1000) / events, heapBytes: cost.heapAllocatedBytes / events };
}

/** The DN of agent i (bridgeUnderTest.ts's configuration). */
const dnOf = (index: number): string => String(100_000 + index);

/**
 * The clients of the last `count` agents, whose DNs are flooded: they stop reading (reading false) until the bridge
 * closed them all, or they read on for `floodMs` (the control run).
 */
interface Flooded {
  readonly count: number;
  readonly reading: boolean;
  readonly floodMs?: number;
}

/** Work done beside the bridge once its window is measured, while its traffic still runs. */
type Beside<T> = (bridge: BridgeUnderTest, clients: ChildProcess, window: WindowReport, warmUpMs: number) => Promise<T>;

async function runBridge(agents: number, flooded: Flooded | undefined, options: BridgeScaleOptions, processes: ChildProcess[]): Promise<Run<undefined>>;
async function runBridge<T>(agents: number, flooded: Flooded | undefined, options: BridgeScaleOptions, processes: ChildProcess[], beside: Beside<T>): Promise<Run<T>>;
async function runBridge<T>(
  agents: number,
  flooded: Flooded | undefined,
  options: BridgeScaleOptions,
  processes: ChildProcess[],
  beside?: Beside<T>,
): Promise<Run<T | undefined>> {
  const { log } = options;
  const slow = flooded?.count ?? 0;
  const label = `bridge: ${agents} agents${flooded ? `, ${slow} flooded, ${flooded.reading ? 'reading' : 'not reading'}` : ''}`;
  const warmUpMs = Math.max(flooded ? MIN_WARM_UP_MS : SCALE_WARM_UP_MS, options.holdMs + SETTLE_MS);
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'ES256', use: 'sig' };
  const privateJwk = await exportJWK(privateKey);

  log(`${label}: starting the bridge`);
  const bridge = await startBridgeUnderTest({
    agents,
    publicJwk,
    origin: ORIGIN,
    nodeFlags: options.bridgeNodeFlags,
    ...(flooded ? {} : { pingIntervalMs: SCALE_PING_INTERVAL_MS }),
  });
  try {
    await sleep(SETTLE_MS);
    const rssBefore = await residentKiB(bridge.pid);
    const clients = forkChild('loadClients', processes);
    const cpuBeforeSignIn = cpuMs(bridge.pid);
    const clientsCpuBeforeSignIn = cpuMs(clients.pid as number);
    const connected = await connect(clients, bridge.url.replace(/^http/, 'ws'), agents, { kind: 'bridge', origin: ORIGIN, privateJwk, keyId: KEY_ID }, slow);
    log(
      `${label}: ${connected.sessions} sessions ready in ${Math.round(connected.ms)} ms (${connected.failed} failed), ` +
        `from ${describeAddresses(connected.sourceAddresses)}; their tokens signed in ${Math.round(connected.tokensMs ?? 0)} ms before`,
    );
    if (connected.sessions === 0) throw new Error(`bridge: no session of ${agents} could sign in and go ready`);
    const signInCpuMs = cpuMs(bridge.pid) - cpuBeforeSignIn;
    // The load clients' too (their tokens' signing included), to tell which side held the sign-ins back.
    const clientsSignInCpuMs = cpuMs(clients.pid as number) - clientsCpuBeforeSignIn - (connected.tokensMs ?? 0);
    await sleep(SETTLE_MS);
    const rssConnected = await residentKiB(bridge.pid);
    const openFiles = { bridge: openFilesOf(bridge.pid), clients: openFilesOf(clients.pid as number) };
    log(
      `${label}: ${Math.round((connected.sessions / connected.ms) * 1000)} sign-ins a second, the bridge busy ${(signInCpuMs / connected.ms).toFixed(2)} cores meanwhile, ` +
        `the load clients about ${(clientsSignInCpuMs / connected.ms).toFixed(2)}; ` +
        `open files with every session ready: the bridge ${openFiles.bridge}, the load clients ${openFiles.clients}`,
    );

    const stalledAt = performance.now();
    if (flooded) {
      if (!flooded.reading) tell(clients, { kind: 'stall' } satisfies ToClients);
      const dns = Array.from({ length: slow }, (_, offset) => dnOf(agents - slow + offset));
      await bridge.flood({ kind: 'flood', action: 'start', dns, callsPerSecond: slow * FLOOD_CALLS_PER_SECOND_PER_DN });
    }
    const sampler = sampleResidentPeak(bridge.pid);
    const { window, loadAverage } = await runTraffic(bridge, clients, warmUpMs, options);
    const besides = beside ? await beside(bridge, clients, window, warmUpMs) : undefined;
    const closedInWindow = await bridge.peers();
    let closedAfterMs: number | undefined;
    if (flooded && !flooded.reading) closedAfterMs = await awaitSlowClosed(bridge, slow, stalledAt);
    else if (flooded?.floodMs !== undefined) await sleep(flooded.floodMs - (performance.now() - stalledAt));
    const peers = await bridge.peers();
    const rssPeak = await sampler.stop();
    const flood = flooded ? await bridge.flood({ kind: 'flood', action: 'stop' }) : { rung: 0, refused: 0 };
    const floodMs = performance.now() - stalledAt;
    if (flooded && !flooded.reading) {
      log(
        `${label}: ${flood.rung} calls rung at the slow clients (${flood.refused} refused); the bridge closed ${peers.slowConsumers} as slow consumers, ` +
          `${peers.deadPeers} as dead peers (${closedInWindow.slowConsumers + closedInWindow.deadPeers} within the measured window)` +
          (closedAfterMs === undefined ? `; not all within ${SLOW_CLOSE_TIMEOUT_MS / 1000} s` : `; the last ${Math.round(closedAfterMs / 1000)} s after they stopped reading`),
      );
    }
    await bridge.traffic({ kind: 'traffic', action: 'stop' });
    // Calls up when the traffic stopped end after their hold time; then every call must have had its whole story.
    await sleep(options.holdMs + SETTLE_MS);
    const counts = await bridge.traffic({ kind: 'traffic', action: 'stats' });
    const tally = await ask(clients, { kind: 'tally' }, 'tally');
    await ask(clients, { kind: 'close' }, 'closed');
    await stopProcess(clients);
    await bridge.stop();

    const errors = countErrors(tally, counts);
    if (errors > 0) log(`${label}: ${errors} errors: clients ${JSON.stringify(tally.errors)}, traffic ${JSON.stringify(counts)}, rings received ${tally.ringsReceived}; e.g. ${tally.samples.join(' | ')}`);
    if (counts.noFreeAgent > 0) log(`${label}: ${counts.noFreeAgent} calls found no free agent (the rate × the hold time exceeds the agents)`);
    return { connected, signInCpuMs, openFiles, loadAverage, window, beside: besides, warmUpMs, tally, counts, errors, rssBefore, rssConnected, rssPeak, sendBufferBytes: bridge.sendBufferBytes, peers, closedAfterMs, flood, floodMs };
  } finally {
    await bridge.stop();
  }
}

/** Polls the bridge until it closed every slow client (as a slow consumer or a dead peer), or SLOW_CLOSE_TIMEOUT_MS passed. */
async function awaitSlowClosed(bridge: BridgeUnderTest, slow: number, stalledAt: number): Promise<number | undefined> {
  const deadline = performance.now() + SLOW_CLOSE_TIMEOUT_MS;
  for (;;) {
    const peers = await bridge.peers();
    if (peers.slowConsumers + peers.deadPeers >= slow) return performance.now() - stalledAt;
    if (performance.now() > deadline) return undefined;
    await sleep(CLOSE_POLL_MS);
  }
}

/**
 * The bridge's largest resident memory, read every RSS_SAMPLE_MS until stopped. A read that fails (the bridge gone)
 * ends the sampling, and stop() throws it: left unheard until then, it would be an unhandled rejection, which ends
 * the whole bench, when the step had stopped the bridge on an error of its own.
 */
function sampleResidentPeak(pid: number): { stop(): Promise<number> } {
  let peak = 0;
  let stopped = false;
  let failure: Error | undefined;
  const sampling = (async () => {
    while (!stopped) {
      try {
        peak = Math.max(peak, await residentKiB(pid));
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        return;
      }
      await sleep(RSS_SAMPLE_MS);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await sampling;
      if (failure !== undefined) throw failure;
      return peak;
    },
  };
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

/** Starts the traffic, lets it warm up, and measures one window; with the machine's load average as it opened. */
async function runTraffic(
  bridge: BridgeUnderTest,
  clients: ChildProcess,
  warmUpMs: number,
  options: BridgeScaleOptions,
): Promise<{ window: WindowReport; loadAverage: number }> {
  await bridge.traffic({ kind: 'traffic', action: 'start', callsPerSecond: options.callsPerSecond, holdMs: options.holdMs });
  await sleep(warmUpMs);
  const [loadAverage = Number.NaN] = loadavg();
  tell(clients, { kind: 'measure' } satisfies ToClients);
  await sleep(options.measureSeconds * 1000);
  return { window: await ask(clients, { kind: 'report' }, 'report'), loadAverage };
}
