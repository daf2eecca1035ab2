import { spawn } from 'child_process';
import { mkdirSync, openSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { BRIDGE_URL, E2E_BRIDGE_PORT, E2E_PORT, PID_FILE, SIMULATOR_URL } from './server';

const ROOT = join(__dirname, '../..');
const LOG = join(ROOT, 'node_modules/.cache/e2e-serve.log');

async function reachable(url: string): Promise<boolean> {
  try {
    return (await fetch(url)).ok;
  } catch {
    return false;
  }
}

export default async function globalSetup(): Promise<void> {
  if (await reachable(SIMULATOR_URL)) throw new Error(`Port ${E2E_PORT} is already in use; set E2E_PORT to a free port.`);
  if (await reachable(`${BRIDGE_URL}/simulator/state`)) throw new Error(`Port ${E2E_BRIDGE_PORT} is already in use; set E2E_BRIDGE_PORT to a free port.`);
  mkdirSync(dirname(PID_FILE), { recursive: true });
  const log = openSync(LOG, 'w');
  // Its own process group, so that teardown stops ojet and everything it started.
  // The before_serve hook starts the bridge on GENESYS_BRIDGE_PORT.
  const serve = spawn('npx', ['ojet', 'serve', `--server-port=${E2E_PORT}`], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...process.env, GENESYS_BRIDGE_PORT: String(E2E_BRIDGE_PORT) },
  });
  writeFileSync(PID_FILE, String(serve.pid));
  const deadline = Date.now() + 180_000;
  while (!(await reachable(SIMULATOR_URL))) {
    if (serve.exitCode !== null) throw new Error(`ojet serve exited with ${serve.exitCode}; see ${LOG}`);
    if (Date.now() > deadline) throw new Error(`ojet serve did not answer at ${SIMULATOR_URL} within 180 s; see ${LOG}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
