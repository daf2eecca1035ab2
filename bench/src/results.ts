/** What `npm run bench` writes to bench/results.json. Times in milliseconds, memory in KiB, sizes in bytes. */

export interface Machine {
  readonly cores: number;
  readonly cpu: string;
  readonly memoryGiB: number;
  readonly node: string;
  readonly platform: string;
  /** The browser the toolbar benchmarks drove, when they ran. */
  readonly chromium?: string;
}

export interface BridgeStep {
  readonly agents: number;
  /** Sessions still open at the end of the step (should equal agents). */
  readonly sessionsHeld: number;
  /** The rate asked of the simulator's traffic generator. */
  readonly callsPerSecond: number;
  /**
   * Sessions that signed in (a token verified) and went ready per second, from the first connection to the last ready;
   * and the bridge's CPU time over that time ÷ its length (1: a core busy). Absent from results of older benches.
   */
  readonly signInsPerSec?: number;
  readonly signInCpuCores?: number;
  /**
   * The loopback addresses the load clients connected from: above 10,000 sessions, one per 5,000 (sourceAddresses.ts);
   * otherwise 1 (127.0.0.1, or a fresh address once a larger step of the run has bound some).
   */
  readonly sourceAddresses?: number;
  /** Calls that were due while every ready agent had a call, so were not placed (rate × hold time > agents). */
  readonly noFreeAgent: number;
  /** Call events the clients received per second over the measured window. */
  readonly eventsPerSec: number;
  /** From the simulator producing an event to a client receiving it. */
  readonly eventP50Ms: number;
  readonly eventP99Ms: number;
  readonly eventMaxMs: number;
  /** Accept sent → its EventEstablished received. */
  readonly commandP50Ms: number;
  readonly commandP99Ms: number;
  /** (bridge RSS with every session ready − bridge RSS before the first) ÷ sessions ready. */
  readonly rssPerAgentKiB: number;
  /** Open files (sockets included) with every session ready: the bridge process's, and the load clients' process's. */
  readonly bridgeOpenFiles?: number;
  readonly clientsOpenFiles?: number;
  /** The machine's 1-minute load average as the measured window opened: other work on the machine delays every process. */
  readonly loadAverage?: number;
  /** The bridge's largest RSS over the warm-up and the measured window (read every 500 ms). */
  readonly rssPeakKiB?: number;
  /** Sessions that failed or dropped, EventErrors, events without a time, and calls placed that did not ring at a client, go answered, and end by the caller. */
  readonly errors: number;
  /** A bare `ws` server pushing the same number of messages of the same size to as many clients at the same rate. */
  readonly baselineP50Ms: number;
  readonly baselineP99Ms: number;
  readonly baselineMaxMs: number;
  readonly p99VsBaseline: number;
  /**
   * The cost of an event, which does not depend on the machine being idle: the bridge process's CPU time (user and
   * system, its own accounting) ÷ the call events its clients received, in µs; the bare `ws` server's ÷ the frames its
   * clients received; and the ratio of the two. Both read over one window, the two servers running side by side after
   * the bridge's latency window, so that the rest of the machine weighs on both alike.
   */
  readonly cpuPerEventUs: number;
  readonly baselineCpuPerFrameUs: number;
  readonly cpuVsBaseline: number;
  /** Bytes allocated on the V8 heap over the same windows (its growth plus what each collection freed) ÷ events, ÷ frames. */
  readonly heapPerEventBytes: number;
  readonly baselineHeapPerFrameBytes: number;
}

export interface BridgeResults {
  readonly callsPerSecond: number;
  readonly holdMs: number;
  readonly measureSeconds: number;
  /** The open-file limit (ulimit -n) each process ran under; absent from results of older benches. */
  readonly openFileLimit?: number;
  readonly steps: readonly BridgeStep[];
  /** The first step again with 1 % of the clients (at most 10) not reading. */
  readonly slowClients?: SlowClientStep;
}

/**
 * The first bridge step's load with 1 % of the agents (at most 10) gone silent (NotReady, sockets paused: they read
 * nothing and answer no ping) while calls are rung and abandoned at their DNs. The other clients' figures, beside the
 * same step's without them.
 */
export interface SlowClientStep {
  readonly agents: number;
  readonly slowClients: number;
  /** limits.sendBufferBytes: the most bytes waiting for one client before the bridge closes it (4002). */
  readonly sendBufferBytes: number;
  /** Calls rung (and abandoned at once) at the slow clients' DNs per second, in all; and how many were. */
  readonly floodCallsPerSecond: number;
  readonly floodCallsRung: number;
  /** Slow clients the bridge closed: as slow consumers (4002), as dead peers (no pong). */
  readonly closedSlowConsumer: number;
  readonly closedDeadPeer: number;
  /** From their stopping to read to the bridge closing the last of them; absent when not all were closed within 120 s. */
  readonly closedAfterSeconds?: number;
  /** The other clients: sessions still open at the end, event latency and Accept → EventEstablished, errors. */
  readonly sessionsHeld: number;
  readonly eventP50Ms: number;
  readonly eventP99Ms: number;
  readonly eventMaxMs: number;
  readonly commandP99Ms: number;
  readonly errors: number;
  /** The bridge's largest RSS from the slow clients' stopping to read until the last was closed. */
  readonly rssPeakKiB: number;
  /** The control: the same flood for as long, at clients that read (what the flood's work costs the others). */
  readonly reading: {
    readonly eventP50Ms: number;
    readonly eventP99Ms: number;
    readonly eventMaxMs: number;
    readonly commandP99Ms: number;
    readonly rssPeakKiB: number;
    readonly errors: number;
  };
  /** The same step without the flood (its RSS peak over the warm-up and the measured window only). */
  readonly withoutEventP99Ms: number;
  readonly withoutCommandP99Ms: number;
  readonly withoutRssPeakKiB?: number;
}

/** A call ringing at the agent, and the agent answering it: what each starts from is the benchmark's. */
export interface RingAndAnswer {
  readonly ringP50Ms: number;
  readonly ringP99Ms: number;
  readonly ringMaxMs: number;
  readonly answerP50Ms: number;
  readonly answerP99Ms: number;
  readonly answerMaxMs: number;
}

/**
 * One agent count of the bridge over the Workspace API backend, against the fake GWS (its own process). Ring: the
 * fake's control API asked to place a call → EventRinging at the agent's session; answer: Accept sent → its
 * EventEstablished at the session.
 */
export interface WorkspaceStep extends RingAndAnswer {
  readonly agents: number;
  /** Agents whose session opened (their own Workspace session and CometD notifications) and went Ready. */
  readonly agentsReached: number;
  /** Sessions still open at the end of the step. */
  readonly sessionsHeld: number;
  /** Agents reaching Ready per second while signing in. */
  readonly signInsPerSec: number;
  /** Calls placed per second, and call events the sessions received per second, over the measured window. */
  readonly callsPerSec: number;
  readonly eventsPerSec: number;
  /** Calls due while every Ready agent had a call (rate × call length > agents): not placed. */
  readonly noFreeAgent: number;
  /** (bridge RSS, or V8 heap used, with every agent Ready − before the first) ÷ agents reached. */
  readonly rssPerAgentKiB: number;
  readonly heapPerAgentKiB: number;
  /** CPU time over the measured window ÷ call events received in it: the bridge's, and the fake GWS's own. */
  readonly bridgeCpuPerEventMs: number;
  readonly gwsCpuPerEventMs: number;
  /** CPU time over the measured window ÷ its length: 1 is one core busy. */
  readonly bridgeCpuCores: number;
  readonly gwsCpuCores: number;
  /** The same with every agent Ready and no call: the CometD long polls alone. */
  readonly bridgeIdleCpuCores: number;
  readonly gwsIdleCpuCores: number;
  /** Open files (sockets) with every agent Ready: the bridge process's and the fake's. */
  readonly bridgeOpenFiles: number;
  readonly gwsOpenFiles: number;
  /** The machine's 1-minute load average as the measured window opened: other work on the machine delays every process. */
  readonly loadAverage: number;
  /** Sign-ins that failed, sessions that dropped, EventErrors, links that broke, control requests that failed, calls that did not ring, get answered and end by the caller. */
  readonly errors: number;
}

export interface WorkspaceResults {
  readonly callsPerSecond: number;
  readonly holdMs: number;
  readonly measureSeconds: number;
  /** The open-file limit (ulimit -n) each process ran under. */
  readonly openFileLimit: number;
  readonly steps: readonly WorkspaceStep[];
}

export interface ToolbarLoadFigures {
  readonly runs: number;
  /** The toolbar frame's navigation start → its first agentStateEventOperation reaching the Fusion stand-in. */
  readonly readyMedianMs: number;
  readonly readyMaxMs: number;
  /** The toolbar frame's navigation start → its view up and showing the core's state (its `toolbar-shown` mark). */
  readonly shownMedianMs?: number;
  readonly shownMaxMs?: number;
  /** Bytes transferred (headers and encoded bodies) and requests made by the toolbar, per cold load (median). */
  readonly bytes: number;
  readonly requests: number;
  /** The same, the largest of the runs. */
  readonly bytesMax: number;
  readonly requestsMax: number;
  /**
   * The toolbar renderer's main thread from the frame's navigation start to ready (Chromium's trace, its RunTask
   * events), in loads of their own, traced (tracing slows a load, so ready above comes from loads that are not): their
   * own ready (median), the time their tasks ran, and the CPU time those took. The traced ready less the task time is
   * what the toolbar waited for: the network, other processes, the machine.
   */
  readonly tracedReadyMedianMs?: number;
  readonly mainThreadTaskMedianMs?: number;
  readonly mainThreadCpuMedianMs?: number;
  /** Navigation start → the second agentStateEventOperation, the vendor's agent state: the toolbar connected to its vendor. */
  readonly connectedMedianMs?: number;
  readonly connectedMaxMs?: number;
  /** Frames the toolbar itself frames (Amazon: the CCP emulator, standing for the hosted CCP), per cold load (median); not in bytes/requests. */
  readonly framedBytes?: number;
  readonly framedRequests?: number;
  /** The toolbar's largest downloads in one load (paths on its server, bytes transferred), largest first. */
  readonly heaviest?: readonly { readonly path: string; readonly bytes: number }[];
  /** This build's loads against another's, pair by pair (--against). */
  readonly against?: PairedLoads;
  /**
   * Where the time to ready and shown went: the moments of the toolbar's start, ms from the frame's navigation start,
   * median of the timed loads (bench/src/toolbar/milestones.ts); one a load did not reach is left out.
   */
  readonly milestones?: {
    /** The core (js/bundle-<hash>.js) received. */
    readonly coreArrivedMs?: number;
    /** The toolbar's marks (src/ts/loadMarks.ts): toolbar-link-started, -configured, -uef-loaded, -fusion-connected, -view-started. */
    readonly linkStartedMs?: number;
    readonly configuredMs?: number;
    readonly uefLoadedMs?: number;
    readonly fusionConnectedMs?: number;
    readonly viewStartedMs?: number;
  };
}

/**
 * Each timed load paired with one of another build (--against), the two in turn first: that build's medians, and the
 * medians of the differences pair by pair (this build's less the other's: negative is sooner).
 */
export interface PairedLoads {
  /** The other build's directory, as given. */
  readonly dir: string;
  readonly pairs: number;
  readonly readyMedianMs: number;
  readonly shownMedianMs: number;
  readonly readyDifferenceMedianMs: number;
  readonly shownDifferenceMedianMs: number;
  /** Pairs in which this build's ready came sooner than the other's. */
  readonly readySooner: number;
  readonly shownSooner: number;
}

export interface ToolbarResults {
  readonly genesys: ToolbarLoadFigures;
  readonly amazon: ToolbarLoadFigures;
}

/**
 * Ring: the simulator's EventRinging → the Fusion simulator receiving newCommEvent; answer: Answer pressed in the
 * Fusion simulator → the simulator's EventEstablished.
 */
export interface EndToEndResults extends RingAndAnswer {
  readonly calls: number;
  readonly errors: number;
}

/**
 * Two bridges behind HAProxy over the fake GWS, the one holding the toolbar killed (SIGKILL) mid-call at a seeded
 * random moment, `kills` times: kill → the toolbar connected again through HAProxy with its snapshot.
 */
export interface FailoverResults {
  readonly kills: number;
  /** FAILOVER_SEED replays the run. */
  readonly seed: number;
  readonly recoveryP50Ms: number;
  readonly recoveryP99Ms: number;
  readonly recoveryMaxMs: number;
}

/** The toolbar's renderer after a forced collection, `calls` calls into a shift in one page (0: before the first). */
export interface ShiftCheckpoint {
  readonly calls: number;
  readonly heapUsedKiB: number;
  readonly domNodes: number;
  readonly documents: number;
  readonly listeners: number;
}

export interface ShiftResults {
  /** Whose renderer: the toolbar frame's own (out of process), or the page's holding both. */
  readonly scope: 'toolbar frame' | 'page and toolbar';
  /** Calls whose story broke off. */
  readonly errors: number;
  readonly checkpoints: readonly ShiftCheckpoint[];
}

export interface BenchResults {
  readonly date: string;
  /** The command line that produced these results. */
  readonly command: string;
  readonly quick: boolean;
  readonly durationSeconds: number;
  readonly machine: Machine;
  readonly bridge?: BridgeResults;
  /** The bridge over the Workspace API backend against the fake GWS. */
  readonly workspace?: WorkspaceResults;
  readonly toolbar?: ToolbarResults;
  readonly endToEnd?: EndToEndResults;
  readonly failover?: FailoverResults;
  readonly shift?: ShiftResults;
  /** Benchmarks that could not run, and why (the others' figures are still here). */
  readonly failures?: readonly string[];
}

/** The goals the figures are held against (issue: "Benchmarks"). */
export const GOALS = {
  maxP99VsBaseline: 2,
  /** The bridge's CPU per call event against the bare `ws` server's per frame. */
  maxCpuVsBaseline: 2,
  maxRssPerAgentKiB: 64,
  /**
   * A cold load's median time to ready and its bytes (the largest load's), by vendor. Amazon's carry Amazon's Streams
   * library (713 KB, 147 KB compressed), which the toolbar cannot make smaller.
   */
  toolbar: {
    genesys: { maxReadyMedianMs: 200, maxBytes: 200_000 },
    amazon: { maxReadyMedianMs: 1000, maxBytes: 1_500_000 },
  },
  maxEndToEndP99Ms: 20,
  /** The other clients' event p99 with 1 % slow clients, against the same run with those clients reading. */
  maxSlowClientP99VsReading: 2,
} as const;
