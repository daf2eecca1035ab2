/**
 * The real Genesys bridge (with its T-Server simulator) in a process of its own, as `npm start` runs it
 * (scripts/start-bridge.js): built by scripts/build-bridge.js, started on a free loopback port in development mode,
 * ready once `GET /simulator/state` answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Log } from '../log';
import { projectRoot } from './releaseBuild';

const READY_TIMEOUT_MS = 15000;
const STOP_TIMEOUT_MS = 5000;

export interface BridgeProcess {
  readonly url: string;
  stop(): Promise<void>;
}

export async function startBridge(log: Log): Promise<BridgeProcess> {
  const root = projectRoot();
  const { buildBridge } = createRequire(join(root, 'package.json'))('./scripts/build-bridge.js') as { buildBridge(): Promise<string> };
  const bundle = await buildBridge();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  // The developer's GENESYS_BRIDGE_* settings (a config file, a mode) are not this benchmark's.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GENESYS_BRIDGE_')));
  const child = spawn(process.execPath, [bundle, '--port', String(port), '--host', '127.0.0.1', '--mode', 'development', '--log-level', 'warn'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const bridge: BridgeProcess = { url, stop: () => stopChild(child) };
  try {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (!(await answers(`${url}/simulator/state`))) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`toolbar load: the Genesys bridge exited (${child.signalCode ?? `exit code ${child.exitCode}`}) before it answered:\n${output.trim()}`);
      }
      if (Date.now() > deadline) throw new Error(`toolbar load: the Genesys bridge did not answer at ${url} within ${READY_TIMEOUT_MS / 1000} s:\n${output.trim()}`);
      await new Promise((resolveWait) => setTimeout(resolveWait, 100));
    }
  } catch (error) {
    await bridge.stop();
    throw error;
  }
  log(`toolbar: Genesys bridge (T-Server simulator) at ${url}, pid ${child.pid}`);
  return bridge;
}

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

/** A port the system just gave out and took back (the bridge takes its port from the command line). */
function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolvePort(port));
    });
  });
}

/** SIGTERM (the bridge closes its sessions and exits), SIGKILL if it has not after a while. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveStop) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveStop();
    });
    child.kill('SIGTERM');
  });
}
