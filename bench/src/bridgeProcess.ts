/**
 * The Genesys bridge as the benchmarks run it: built with scripts/build-bridge.js and started with plain node in a
 * process of its own, as in production, on a free loopback port; ready once it answers. Each benchmark chooses the
 * configuration (bridge/ runs N agents in secure mode, toolbar/ the development set-up of `npm start`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BENCH_LOGS, PROJECT_ROOT } from './paths';

export interface BridgeProcess {
  readonly url: string;
  readonly pid: number;
  stop(): Promise<void>;
}

export interface BridgeLaunch {
  /** Arguments after the bundle (the port is added). */
  readonly args: readonly string[];
  /** Extra node flags, e.g. --cpu-prof. */
  readonly nodeFlags?: readonly string[];
  /** Names the log file in node_modules/.cache/bench. */
  readonly name: string;
}

const READY_TIMEOUT_MS = 30_000;

export async function buildBridge(): Promise<string> {
  // At run time, from the project: the build script resolves its paths from its own location.
  const { buildBridge: build } = createRequire(join(PROJECT_ROOT, 'package.json'))('./scripts/build-bridge.js') as { buildBridge: () => Promise<string> };
  return build();
}

export async function launchBridge(bundle: string, launch: BridgeLaunch): Promise<BridgeProcess> {
  const port = await freePort();
  mkdirSync(BENCH_LOGS, { recursive: true });
  const logFile = join(BENCH_LOGS, `bridge-${launch.name}.log`);
  // The developer's GENESYS_BRIDGE_* settings (a config file, a mode) are not the benchmark's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GENESYS_BRIDGE_')));
  const output = openSync(logFile, 'w');
  const child = spawn(process.execPath, [...(launch.nodeFlags ?? []), bundle, ...launch.args, '--port', String(port), '--host', '127.0.0.1'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', output, output],
  });
  closeSync(output);
  // Should the bench die before it stops the bridge, the bridge goes with it.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  const url = `http://127.0.0.1:${port}`;
  const logTail = (): string => readFileSync(logFile, 'utf8').slice(-4000).trim();
  const deadline = performance.now() + READY_TIMEOUT_MS;
  // Ready once /readyz says so (in every mode: listening, and the T-Server link up).
  while (!(await answers(`${url}/readyz`))) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the bridge exited (${child.signalCode ?? `exit code ${child.exitCode}`}) before it answered:\n${logTail()}`);
    }
    if (performance.now() > deadline) {
      await stopProcess(child);
      throw new Error(`the bridge did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s:\n${logTail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, pid: child.pid as number, stop: () => stopProcess(child) };
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** A port the system just gave out and took back (the bridge takes its port from the command line). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
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
