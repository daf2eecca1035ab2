/**
 * Bridge scale: for each agent count, the bridge (own process, simulator backend) and the load clients (own process)
 * run a steady call load, then a bare-ws server pushes the same number of frames of the same size to as many
 * clients at the same rate. Each step reports sessions, events per second, event latency and command round trip,
 * memory per agent and errors, beside the baseline's latency.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import type { Log } from '../log';
import { BENCH_DIST } from '../paths';
import type { BridgeResults, BridgeStep } from '../results';
import { distributionOf, rounded } from '../stats';
import { buildBridge, stopProcess, type BridgeProcess } from '../bridgeProcess';
import { residentKiB, startBridgeUnderTest } from './bridgeUnderTest';
import { nextMessage, type FromBaseline, type FromClients, type ToBaseline, type ToClients, type WindowReport } from './ipc';

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
/** Before measuring, so that the window sees a steady state (calls ringing, talking and ending at once). */
const WARM_UP_MS = 3000;
/** Generous: 10,000 sessions sign in within seconds on two cores. */
const CONNECT_TIMEOUT_MS = 300_000;
const SETTLE_MS = 1000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchBridgeScale(options: BridgeScaleOptions): Promise<BridgeResults> {
  options.log('bridge: building the bridge');
  const bundle = await buildBridge();
  const steps: BridgeStep[] = [];
  for (const agents of options.agents) steps.push(await measureStep(bundle, agents, options));
  return { callsPerSecond: options.callsPerSecond, holdMs: options.holdMs, measureSeconds: options.measureSeconds, steps };
}

async function measureStep(bundle: string, agents: number, options: BridgeScaleOptions): Promise<BridgeStep> {
  const { log } = options;
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'ES256', use: 'sig' };
  const privateJwk = await exportJWK(privateKey);

  log(`bridge: ${agents} agents: starting the bridge`);
  const bridge = await startBridgeUnderTest(bundle, { agents, publicJwk, origin: ORIGIN, nodeFlags: options.bridgeNodeFlags });
  const processes: ChildProcess[] = [];
  try {
    await sleep(SETTLE_MS);
    const rssBefore = await residentKiB(bridge.pid);
    const clients = forkChild('loadClients', processes);
    const connected = await connect(clients, bridge.url.replace(/^http/, 'ws'), agents, { kind: 'bridge', origin: ORIGIN, privateJwk, keyId: KEY_ID });
    log(`bridge: ${agents} agents: ${connected.sessions} sessions ready in ${Math.round(connected.ms)} ms (${connected.failed} failed)`);
    await sleep(SETTLE_MS);
    const rssConnected = await residentKiB(bridge.pid);

    const window = await runTraffic(bridge, clients, options);
    const traffic = (await (await fetch(`${bridge.url}/simulator/traffic`, { method: 'DELETE' })).json()) as { noFreeAgent: number; refused: number };
    // Calls up when the traffic stopped end after their hold time; then every call must have had its whole story.
    await sleep(options.holdMs + SETTLE_MS);
    const tally = await ask(clients, { kind: 'tally' }, 'tally');
    await ask(clients, { kind: 'close' }, 'closed');
    await stopProcess(clients);
    await bridge.stop();

    const eventsPerSec = (window.eventLatencies.length / window.windowMs) * 1000;
    log(`bridge: ${agents} agents: baseline`);
    const baseline = await measureBaseline(agents, window.eventLatencies.length, eventsPerSec, processes);

    const events = distributionOf(window.eventLatencies);
    const commands = distributionOf(window.commandRtts);
    const baselineEvents = distributionOf(baseline.eventLatencies);
    const errorCount = Object.values(tally.errors).reduce((sum, count) => sum + count, 0) + traffic.refused;
    if (errorCount > 0) log(`bridge: ${agents} agents: ${errorCount} errors ${JSON.stringify(tally.errors)}; e.g. ${tally.samples.join(' | ')}`);
    if (traffic.noFreeAgent > 0) log(`bridge: ${agents} agents: ${traffic.noFreeAgent} calls found no free agent (rate × hold exceeds the agents)`);
    return {
      agents,
      sessionsHeld: tally.sessionsOpen,
      callsPerSecond: options.callsPerSecond,
      eventsPerSec: rounded(eventsPerSec),
      eventP50Ms: rounded(events.p50),
      eventP99Ms: rounded(events.p99),
      eventMaxMs: rounded(events.max),
      commandP50Ms: rounded(commands.p50),
      commandP99Ms: rounded(commands.p99),
      rssPerAgentKiB: rounded((rssConnected - rssBefore) / agents),
      errors: errorCount,
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

/** Starts the traffic, lets it warm up, and measures one window. */
async function runTraffic(bridge: BridgeProcess, clients: ChildProcess, options: BridgeScaleOptions): Promise<WindowReport> {
  const started = await fetch(`${bridge.url}/simulator/traffic`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ callsPerSecond: options.callsPerSecond, holdMs: options.holdMs }),
  });
  if (started.status !== 201) throw new Error(`the bridge refused the traffic plan: ${started.status} ${await started.text()}`);
  await sleep(WARM_UP_MS);
  clients.send({ kind: 'measure' } satisfies ToClients);
  await sleep(options.measureSeconds * 1000);
  return ask(clients, { kind: 'report' }, 'report');
}

async function measureBaseline(agents: number, count: number, perSecond: number, processes: ChildProcess[]): Promise<WindowReport> {
  const server = forkChild('baselineServer', processes);
  const { port } = await nextMessage<FromBaseline, 'listening'>(server, 'listening', 10_000);
  const clients = forkChild('loadClients', processes);
  const connected = await connect(clients, `ws://127.0.0.1:${port}`, agents, { kind: 'baseline' });
  if (connected.sessions !== agents) throw new Error(`the baseline connected ${connected.sessions} of ${agents} clients`);
  clients.send({ kind: 'measure' } satisfies ToClients);
  const pushed = nextMessage<FromBaseline, 'pushed'>(server, 'pushed', 600_000);
  server.send({ kind: 'push', count, perSecond, frame: TYPICAL_EVENT } satisfies ToBaseline);
  await pushed;
  await sleep(SETTLE_MS);
  const report = await ask(clients, { kind: 'report' }, 'report');
  await ask(clients, { kind: 'close' }, 'closed');
  await Promise.all([stopProcess(clients), stopProcess(server)]);
  return report;
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

function forkChild(entry: 'loadClients' | 'baselineServer', processes: ChildProcess[]): ChildProcess {
  const child = fork(join(BENCH_DIST, `${entry}.js`), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  processes.push(child);
  return child;
}

async function connect(clients: ChildProcess, url: string, agents: number, mode: Extract<ToClients, { kind: 'connect' }>['mode']) {
  const connected = nextMessage<FromClients, 'connected'>(clients, 'connected', CONNECT_TIMEOUT_MS);
  clients.send({ kind: 'connect', url, agents, mode } satisfies ToClients);
  return connected;
}

function ask<K extends FromClients['kind']>(clients: ChildProcess, message: ToClients, answer: K): Promise<Extract<FromClients, { kind: K }>> {
  const reply = nextMessage<FromClients, K>(clients, answer, 60_000);
  clients.send(message);
  return reply;
}
