/**
 * `npm start`'s set-up on the benchmark's ports: `ojet serve` (debug build), whose before_serve hook starts the Genesys
 * bridge with its T-Server simulator. Started as test/e2e/globalSetup.ts does, in a process group of its own, so that
 * stopping it stops ojet, its watcher and the bridge together.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, openSync, closeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Log } from '../log';
import { portsReleased, type BenchPorts } from './ports';

/** scripts/bench.js runs the bench from the project's root (main.ts resolves its --out there too). */
const ROOT = process.cwd();
const LOG_FILE = join(ROOT, 'node_modules/.cache/bench-e2e-serve.log');
/** A cold debug build on two cores takes a minute or two. */
const READY_TIMEOUT_MS = 300_000;
const STOP_TIMEOUT_MS = 10_000;

export interface DevServer {
  /** The Fusion simulator page, with the toolbar pointed at this set-up's bridge. */
  readonly simulatorUrl: string;
  readonly bridgeUrl: string;
  stop(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is gone already
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolveExit) => {
    if (child.exitCode !== null || child.signalCode !== null) resolveExit();
    else child.once('exit', () => resolveExit());
  });
}

export async function startDevServer(ports: BenchPorts, log: Log): Promise<DevServer> {
  const bridgeUrl = `http://127.0.0.1:${ports.bridge}`;
  const pageUrl = `http://localhost:${ports.serve}/simulator.html`;
  const simulatorUrl = `${pageUrl}?genesys.bridgeUrl=${encodeURIComponent(bridgeUrl)}`;
  mkdirSync(dirname(LOG_FILE), { recursive: true });
  const out = openSync(LOG_FILE, 'w');
  log(`end to end: starting ojet serve on ${ports.serve} with its bridge on ${ports.bridge} (log: ${LOG_FILE})`);
  const child = spawn('npx', ['ojet', 'serve', `--server-port=${ports.serve}`], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', out, out],
    env: { ...process.env, GENESYS_BRIDGE_PORT: String(ports.bridge) },
  });
  closeSync(out);

  // Ctrl-C reaches only the bench's own process group: stop ojet's too, or it outlives the bench.
  const onExit = () => killGroup(child, 'SIGTERM');
  const onSignal = (signal: NodeJS.Signals) => {
    killGroup(child, 'SIGTERM');
    process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
  };
  process.once('exit', onExit);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      process.off('exit', onExit);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), STOP_TIMEOUT_MS);
      await exited(child);
      clearTimeout(timer);
      // The bridge is in the same group; make sure nothing of it is left either.
      killGroup(child, 'SIGKILL');
      // Stopped means the ports are free: the next step that serves on them must not find them taken.
      await portsReleased(ports, STOP_TIMEOUT_MS);
    })();
    return stopped;
  };

  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!((await answers(pageUrl)) && (await answers(`${bridgeUrl}/simulator/state`)))) {
      if (child.exitCode !== null) throw new Error(`end to end: ojet serve exited with code ${child.exitCode} before it served; see ${LOG_FILE}`);
      if (Date.now() > deadline) throw new Error(`end to end: ojet serve did not answer at ${pageUrl} within ${READY_TIMEOUT_MS / 1000} s; see ${LOG_FILE}`);
      await new Promise((wake) => setTimeout(wake, 500));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { simulatorUrl, bridgeUrl, stop };
}
