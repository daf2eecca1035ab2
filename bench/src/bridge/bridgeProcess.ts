/**
 * The bridge under test, in a process of its own as in production: built with scripts/build-bridge.js, started with a
 * configuration of N agents in secure mode (every session signs in with a token, as real agents do), the simulator
 * as its backend. Also reads its resident memory.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { BENCH_LOGS, PROJECT_ROOT } from '../paths';

export interface BridgeUnderTest {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface BridgeSetup {
  readonly agents: number;
  /** The public key the agents' tokens are signed with. */
  readonly publicJwk: JWK;
  readonly origin: string;
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeFlags: readonly string[];
}

const READY_TIMEOUT_MS = 30_000;

export async function buildBridge(): Promise<string> {
  // At run time, from the project: the build script resolves its paths from its own location.
  const { buildBridge: build } = createRequire(join(PROJECT_ROOT, 'package.json'))('./scripts/build-bridge.js') as { buildBridge(): Promise<string> };
  return build();
}

export async function startBridge(bundle: string, setup: BridgeSetup): Promise<BridgeUnderTest> {
  const port = await freePort();
  mkdirSync(BENCH_LOGS, { recursive: true });
  const configFile = join(BENCH_LOGS, `bridge-${setup.agents}.json`);
  writeFileSync(configFile, JSON.stringify(configFor(setup, port)));
  const log = openSync(join(BENCH_LOGS, `bridge-${setup.agents}.log`), 'w');
  const child = spawn(process.execPath, [...setup.nodeFlags, bundle, '--config', configFile], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  await untilAnswering(child, `${url}/simulator/traffic`);
  return { url, pid: child.pid as number, stop: () => stopProcess(child) };
}

function configFor(setup: BridgeSetup, port: number): Record<string, unknown> {
  const agents: Record<string, { dn: string }> = {};
  for (let index = 0; index < setup.agents; index += 1) agents[`agent${index}`] = { dn: String(100_000 + index) };
  return {
    host: '127.0.0.1',
    port,
    mode: 'secure',
    agents,
    devAgent: 'agent0',
    allowedOrigins: [setup.origin],
    auth: { jwks: { keys: [setup.publicJwk] }, agentClaim: 'sub' },
    simulator: { ringTimeoutMs: 30_000, dialTimeoutMs: 30_000 },
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

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function untilAnswering(child: ChildProcess, url: string): Promise<void> {
  const deadline = performance.now() + READY_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the bridge exited with ${child.exitCode}; see ${BENCH_LOGS}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // Not listening yet.
    }
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the bridge did not answer at ${url} within ${READY_TIMEOUT_MS} ms; see ${BENCH_LOGS}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** SIGTERM (the bridge closes its sessions and exits, writing a CPU profile if asked), SIGKILL if it lingers. */
export function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
