/**
 * Bridge scale over the Workspace API backend: for each agent count, the fake GWS (its own process), the bridge with
 * `backend: "workspace"` (its own process, the production entry) and the agents (workspaceClients.ts, their own
 * process). Every agent signs in at the fake GWS and opens a bridge session with that GWS token, so the bridge holds
 * one Workspace session and one CometD long poll per agent; then calls are placed through the fake's control API at a
 * set rate, accepted through the bridge and hung up by the caller. Each step reports the agents reached, memory per
 * agent, CPU per call event (the bridge's, and the fake's own apart), ring and answer latency, open files and errors.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { buildBridge, launchBridge, stopProcess, type BridgeProcess } from '../bridgeProcess';
import type { BridgeScaleOptions } from '../bridge/bridgeScale';
import { forkChild } from '../bridge/children';
import { residentKiB } from '../bridge/bridgeUnderTest';
import { nextMessage, tell } from '../bridge/ipc';
import { BENCH_LOGS } from '../paths';
import type { WorkspaceResults, WorkspaceStep } from '../results';
import { distributionOf, rounded } from '../stats';
import { BENCH_CLIENT, startBenchFakeGws, type FakeGwsProcess } from './fakeGwsProcess';
import type { AgentsTally, AgentsWindow, FromAgents, ToAgents } from './ipc';
import { cpuMs, openFileLimit, openFiles, openFilesRefusal, type OpenFilesNeeded } from '../processUsage';

/** As the simulator backend's steps: agent counts, the call rate, the hold and measured times, the bridge's node flags. */
export type WorkspaceScaleOptions = BridgeScaleOptions;

/** The origin the toolbars present (secure mode checks it). */
const ORIGIN = 'https://toolbar.bench.example';
/** At least this long before measuring, and at least one call's length: the window opens on a steady state. */
const MIN_WARM_UP_MS = 3000;
const SETTLE_MS = 1000;
/**
 * Open files the bridge holds per agent: the toolbar's WebSocket and the CometD long poll (the fake GWS holds the
 * other end of the long poll), plus a spare for the REST connections kept alive, logs and the rest. Beyond the limit
 * a step cannot run.
 */
const OPEN_FILES: OpenFilesNeeded = { process: 'the bridge process', perAgent: 2, spare: 1024, what: 'a WebSocket and a CometD long poll per agent' };
/** How long the bridge's and the fake's CPU is read with every agent Ready and no call. */
const IDLE_MS = 5000;
/** Signing in, placing calls and ending them are generous: two busy cores may be slow, never stuck. */
const CONNECT_TIMEOUT_MS = 900_000;
const ANSWER_TIMEOUT_MS = 60_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchWorkspaceScale(options: WorkspaceScaleOptions): Promise<WorkspaceResults> {
  const limit = openFileLimit();
  for (const agents of options.agents) {
    const refusal = openFilesRefusal('workspace', agents, [OPEN_FILES], limit);
    if (refusal !== undefined) throw new Error(refusal);
  }
  const bundle = await buildBridge();
  const steps: WorkspaceStep[] = [];
  for (const agents of options.agents) steps.push(await measureStep(agents, bundle, options));
  return { callsPerSecond: options.callsPerSecond, holdMs: options.holdMs, measureSeconds: options.measureSeconds, openFileLimit: limit, steps };
}

function ask<K extends FromAgents['kind']>(child: ChildProcess, message: ToAgents, answer: K, timeoutMs = ANSWER_TIMEOUT_MS): Promise<Extract<FromAgents, { kind: K }>> {
  const reply = nextMessage<FromAgents, K>(child, answer, timeoutMs);
  tell(child, message);
  return reply;
}

async function measureStep(agents: number, bundle: string, options: WorkspaceScaleOptions): Promise<WorkspaceStep> {
  const { log } = options;
  const warmUpMs = Math.max(MIN_WARM_UP_MS, options.holdMs + SETTLE_MS);
  log(`workspace: ${agents} agents: starting the fake GWS and the bridge`);
  const gws = await startBenchFakeGws(agents);
  const processes: ChildProcess[] = [];
  let bridge: BridgeProcess | undefined;
  try {
    bridge = await launchBridge(bundle, { args: ['--config', writeBridgeConfig(agents, gws)], name: `workspace-${agents}`, nodeFlags: options.bridgeNodeFlags });
    await sleep(SETTLE_MS);
    const before = { rss: await residentKiB(bridge.pid), heap: await heapUsedKiB(bridge) };
    const clients = forkChild('workspaceClients', processes);
    const setup = { bridgeUrl: bridge.url, gwsUrl: gws.url, agents, origin: ORIGIN, ...BENCH_CLIENT };
    const connected = await ask(clients, { kind: 'connect', ...setup }, 'connected', CONNECT_TIMEOUT_MS);
    log(`workspace: ${agents} agents: ${connected.sessions} Ready in ${Math.round(connected.ms)} ms (${connected.failed} failed)`);
    if (connected.sessions === 0) throw new Error(`workspace: no agent of ${agents} could sign in and go Ready`);
    await sleep(SETTLE_MS);
    const after = { rss: await residentKiB(bridge.pid), heap: await heapUsedKiB(bridge) };
    const files = { bridge: openFiles(bridge.pid), gws: openFiles(gws.pid) };
    const idleBefore = { bridge: cpuMs(bridge.pid), gws: cpuMs(gws.pid) };
    await sleep(IDLE_MS);
    const idle = { bridge: (cpuMs(bridge.pid) - idleBefore.bridge) / IDLE_MS, gws: (cpuMs(gws.pid) - idleBefore.gws) / IDLE_MS };

    await ask(clients, { kind: 'traffic', callsPerSecond: options.callsPerSecond, holdMs: options.holdMs }, 'trafficStarted');
    await sleep(warmUpMs);
    const cpuBefore = { bridge: cpuMs(bridge.pid), gws: cpuMs(gws.pid) };
    const [loadAverage = Number.NaN] = loadavg();
    tell(clients, { kind: 'measure' } satisfies ToAgents);
    await sleep(options.measureSeconds * 1000);
    const window: AgentsWindow = await ask(clients, { kind: 'report' }, 'report');
    const cpuAfter = { bridge: cpuMs(bridge.pid), gws: cpuMs(gws.pid) };
    // Calls up when the traffic stops end after their hold time; then every call must have had its whole story.
    const stopped = await ask(clients, { kind: 'stop', timeoutMs: options.holdMs + 30_000 }, 'stopped', options.holdMs + 30_000 + ANSWER_TIMEOUT_MS);
    if (stopped.active > 0) log(`workspace: ${agents} agents: ${stopped.active} calls still up after the traffic stopped`);
    const tally: AgentsTally = await ask(clients, { kind: 'tally' }, 'tally');
    await ask(clients, { kind: 'close' }, 'closed');

    const errors = Object.values(tally.errors).reduce((sum, count) => sum + count, 0);
    if (errors > 0) log(`workspace: ${agents} agents: ${errors} errors: ${JSON.stringify(tally.errors)}; placed ${tally.placed}, rung ${tally.rung}, answered ${tally.established}, ended ${tally.ended}; e.g. ${tally.samples.join(' | ')}`);
    if (tally.noFreeAgent > 0) log(`workspace: ${agents} agents: ${tally.noFreeAgent} calls found no free agent (the rate × a call's length exceeds the agents)`);
    const rings = distributionOf(window.ringLatencies);
    const answers = distributionOf(window.answerLatencies);
    const perEvent = (ms: number): number => (window.callEvents > 0 ? ms / window.callEvents : Number.NaN);
    const cores = (ms: number): number => ms / window.windowMs;
    return {
      agents,
      agentsReached: connected.sessions,
      sessionsHeld: tally.sessionsOpen,
      signInsPerSec: rounded((connected.sessions / connected.ms) * 1000),
      callsPerSec: rounded((window.callsPlaced / window.windowMs) * 1000),
      eventsPerSec: rounded((window.callEvents / window.windowMs) * 1000),
      noFreeAgent: tally.noFreeAgent,
      ringP50Ms: rounded(rings.p50),
      ringP99Ms: rounded(rings.p99),
      ringMaxMs: rounded(rings.max),
      answerP50Ms: rounded(answers.p50),
      answerP99Ms: rounded(answers.p99),
      answerMaxMs: rounded(answers.max),
      rssPerAgentKiB: rounded((after.rss - before.rss) / connected.sessions),
      heapPerAgentKiB: rounded((after.heap - before.heap) / connected.sessions),
      bridgeCpuPerEventMs: rounded(perEvent(cpuAfter.bridge - cpuBefore.bridge)),
      gwsCpuPerEventMs: rounded(perEvent(cpuAfter.gws - cpuBefore.gws)),
      bridgeCpuCores: rounded(cores(cpuAfter.bridge - cpuBefore.bridge)),
      gwsCpuCores: rounded(cores(cpuAfter.gws - cpuBefore.gws)),
      bridgeIdleCpuCores: rounded(idle.bridge),
      gwsIdleCpuCores: rounded(idle.gws),
      bridgeOpenFiles: files.bridge,
      gwsOpenFiles: files.gws,
      loadAverage: rounded(loadAverage),
      errors,
    };
  } finally {
    await Promise.all(processes.map(stopProcess));
    await bridge?.stop();
    await gws.stop();
  }
}

/** Secure mode, as in production: every session presents the agent's GWS token; Genesys says who and at which DN. */
function writeBridgeConfig(agents: number, gws: FakeGwsProcess): string {
  mkdirSync(BENCH_LOGS, { recursive: true });
  const file = join(BENCH_LOGS, `bridge-workspace-${agents}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      mode: 'secure',
      backend: 'workspace',
      allowedOrigins: [ORIGIN],
      // Generous for a loaded machine: opening a session takes several requests and notifications.
      workspace: { baseUrl: gws.url, requestTimeoutMs: 60_000, cometdTimeoutMs: 120_000 },
      // Every agent comes from 127.0.0.1: the per-address limits would count them all as one client.
      limits: { requestsPerMinutePerIp: 100_000_000, commandsPerSecondPerIp: 1_000_000 },
      logLevel: 'warn',
    }),
  );
  return file;
}

/** V8's heap in use, from the bridge's own /metrics (prom-client's nodejs_heap_size_used_bytes), in KiB. */
async function heapUsedKiB(bridge: BridgeProcess): Promise<number> {
  const text = await (await fetch(`${bridge.url}/metrics`)).text();
  const match = /^genesys_bridge_nodejs_heap_size_used_bytes\s+(\d+(?:\.\d+)?(?:e\+?\d+)?)$/m.exec(text);
  if (match === null) throw new Error(`the bridge's /metrics has no genesys_bridge_nodejs_heap_size_used_bytes`);
  return Number(match[1]) / 1024;
}
