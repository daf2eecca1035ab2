/**
 * The bridge under load: N agents (agent i has DN 100000 + i) in secure mode, so every session signs in with a
 * token as real agents do, from one allowed origin; the simulator as its backend, driven over IPC (a secure bridge
 * serves no /simulator/* route). Also reads its resident memory.
 */
import { execFile, fork } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { stopProcess, type BridgeProcess } from '../bridgeProcess';
import { BENCH_DIST, BENCH_LOGS, PROJECT_ROOT } from '../paths';
import type { ProcessCost } from '../processCost';
import { childCost, nextMessage, tell, type FromBridge, type PeerCounts, type ToBridge, type TrafficCounts } from './ipc';

export interface BridgeSetup {
  readonly agents: number;
  /** The public key the agents' tokens are signed with. */
  readonly publicJwk: JWK;
  readonly origin: string;
  readonly nodeFlags: readonly string[];
  /** websocket.pingIntervalMs, when not the bridge's default. */
  readonly pingIntervalMs?: number;
}

export interface BridgeUnderTest extends BridgeProcess {
  /** limits.sendBufferBytes: the most bytes waiting for one client before the bridge closes it. */
  readonly sendBufferBytes: number;
  /** Drives the simulator's traffic generator over the IPC channel. */
  traffic(message: Extract<ToBridge, { kind: 'traffic' }>): Promise<TrafficCounts>;
  /** Starts or stops ringing calls at a few DNs (flood.ts): the calls rung and refused so far. */
  flood(message: Extract<ToBridge, { kind: 'flood' }>): Promise<{ rung: number; refused: number }>;
  /** The sessions the bridge closed or refused of its own accord so far. */
  peers(): Promise<PeerCounts>;
  /** Opens a window of the bridge process's own CPU time and heap allocation; stopCost closes it with the figures. */
  startCost(): Promise<void>;
  stopCost(): Promise<ProcessCost>;
}

const READY_TIMEOUT_MS = 30_000;
const TRAFFIC_ANSWER_MS = 10_000;

/**
 * Forks the bridge (bench/dist/benchBridge.js: the production start-up plus an IPC control of the simulator) on a
 * free loopback port, and resolves once it listens. Its log goes to node_modules/.cache/bench/bridge-<agents>.log.
 */
export async function startBridgeUnderTest(setup: BridgeSetup): Promise<BridgeUnderTest> {
  mkdirSync(BENCH_LOGS, { recursive: true });
  const configFile = join(BENCH_LOGS, `bridge-${setup.agents}.json`);
  writeFileSync(configFile, JSON.stringify(configFor(setup)));
  const logFile = join(BENCH_LOGS, `bridge-${setup.agents}.log`);
  const output = openSync(logFile, 'w');
  // The developer's GENESYS_BRIDGE_* settings (a config file, a mode) are not the benchmark's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GENESYS_BRIDGE_')));
  const child = fork(join(BENCH_DIST, 'benchBridge.js'), ['--config', configFile, '--port', '0', '--host', '127.0.0.1'], {
    cwd: PROJECT_ROOT,
    env,
    execArgv: [...setup.nodeFlags],
    stdio: ['ignore', output, output, 'ipc'],
  });
  closeSync(output);
  // Should the bench die before it stops the bridge, the bridge goes with it.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  let listening: Extract<FromBridge, { kind: 'listening' }>;
  try {
    listening = await nextMessage<FromBridge, 'listening'>(child, 'listening', READY_TIMEOUT_MS);
  } catch (error) {
    await stopProcess(child);
    const tail = readFileSync(logFile, 'utf8').slice(-4000).trim();
    throw new Error(`the bridge did not start: ${error instanceof Error ? error.message : String(error)}\n${tail}`, { cause: error });
  }
  const ask = async <K extends ToBridge['kind'] & FromBridge['kind']>(message: Extract<ToBridge, { kind: K }>): Promise<Extract<FromBridge, { kind: K }>> => {
    const answer = nextMessage<FromBridge, K>(child, message.kind, TRAFFIC_ANSWER_MS);
    tell(child, message);
    return answer;
  };
  return {
    url: listening.url,
    pid: child.pid as number,
    sendBufferBytes: listening.sendBufferBytes,
    stop: () => stopProcess(child),
    traffic: async (message) => {
      const reply = await ask<'traffic'>(message);
      if ('refused' in reply) throw new Error(`traffic ${message.action}: ${reply.refused}`);
      return reply.counts;
    },
    flood: async (message) => {
      const reply = await ask<'flood'>(message);
      if ('failed' in reply) throw new Error(`flood ${message.action}: ${reply.failed}`);
      return { rung: reply.rung, refused: reply.refused };
    },
    peers: async () => {
      const { slowConsumers, deadPeers, refusedSessions } = await ask<'peers'>({ kind: 'peers' });
      return { slowConsumers, deadPeers, refusedSessions };
    },
    startCost: async () => {
      await childCost(child, 'start');
    },
    stopCost: () => childCost(child, 'stop'),
  };
}

function configFor(setup: BridgeSetup): Record<string, unknown> {
  const agents: Record<string, { dn: string }> = {};
  for (let index = 0; index < setup.agents; index += 1) agents[`agent${index}`] = { dn: String(100_000 + index) };
  return {
    mode: 'secure',
    agents,
    devAgent: 'agent0',
    allowedOrigins: [setup.origin],
    auth: { jwks: { keys: [setup.publicJwk] }, agentClaim: 'sub' },
    simulator: { ringTimeoutMs: 30_000, dialTimeoutMs: 30_000 },
    // The load clients come from 127.0.0.1, or from a few loopback addresses when a step holds more sessions than one
    // address has ports for (sourceAddresses.ts): either way the per-address limits would count thousands of agents as
    // one client. At the schema's maxima (100,000,000 requests a minute and 1,000,000 commands a second per address)
    // they stop none of them, however the sessions are spread: a step's requests are an upgrade a session, its
    // commands an Accept a call.
    limits: { requestsPerMinutePerIp: 100_000_000, commandsPerSecondPerIp: 1_000_000 },
    ...(setup.pingIntervalMs !== undefined ? { websocket: { pingIntervalMs: setup.pingIntervalMs } } : {}),
    logLevel: 'warn',
  };
}

/** Resident set size in KiB (ps reports it so on Linux and macOS). */
export async function residentKiB(pid: number): Promise<number> {
  const { stdout } = await promisify(execFile)('ps', ['-o', 'rss=', '-p', String(pid)]);
  const kib = Number(stdout.trim());
  if (!Number.isFinite(kib) || kib <= 0) throw new Error(`cannot read the resident memory of process ${pid}: ps said "${stdout.trim()}"`);
  return kib;
}
