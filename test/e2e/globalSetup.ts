import { createWriteStream, mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import {
  BRIDGE_URL,
  E2E_BRIDGE_PORT,
  E2E_FAKE_GWS_PORT,
  E2E_PORT,
  E2E_WORKSPACE_BRIDGE_PORT,
  FAKE_GWS_URL,
  PID_FILE,
  SIMULATOR_URL,
  WORKSPACE_BRIDGE_URL,
} from './server';
import { answers, startProcess, startWorkspaceBackend } from '../support/startScripts';

const ROOT = join(__dirname, '../..');
const LOG = join(ROOT, 'node_modules/.cache/e2e-serve.log');
const WORKSPACE_LOG = join(ROOT, 'node_modules/.cache/e2e-workspace.log');

/** What globalTeardown stops besides ojet's process group (jest runs both in its own process). */
export interface E2eGlobals {
  e2eWorkspace?: { stop: () => Promise<unknown> };
}

export default async function globalSetup(): Promise<void> {
  const taken: Array<[string, string, string]> = [
    [SIMULATOR_URL, 'E2E_PORT', String(E2E_PORT)],
    [`${BRIDGE_URL}/healthz`, 'E2E_BRIDGE_PORT', String(E2E_BRIDGE_PORT)],
    [`${FAKE_GWS_URL}/fake-gws/control/agents`, 'E2E_FAKE_GWS_PORT', String(E2E_FAKE_GWS_PORT)],
    [`${WORKSPACE_BRIDGE_URL}/healthz`, 'E2E_WORKSPACE_BRIDGE_PORT', String(E2E_WORKSPACE_BRIDGE_PORT)],
  ];
  for (const [url, variable, port] of taken) {
    if (await answers(url)) throw new Error(`Port ${port} is already in use; set ${variable} to a free port.`);
  }
  mkdirSync(dirname(PID_FILE), { recursive: true });
  // The Workspace set-up of npm start (GENESYS_BACKEND=workspace): the fake GWS and a bridge on it.
  (globalThis as E2eGlobals).e2eWorkspace = await startWorkspaceBackend({
    servePort: E2E_PORT,
    fakeGwsPort: E2E_FAKE_GWS_PORT,
    bridgePort: E2E_WORKSPACE_BRIDGE_PORT,
    output: createWriteStream(WORKSPACE_LOG),
  });
  // Its own process group, so that teardown stops ojet and everything it started.
  // The before_serve hook starts the bridge on GENESYS_BRIDGE_PORT, with the T-Server simulator.
  const serve = await startProcess({
    name: `ojet serve (see ${LOG})`,
    command: 'npx',
    args: ['ojet', 'serve', `--server-port=${E2E_PORT}`],
    cwd: ROOT,
    detached: true,
    env: { ...process.env, GENESYS_BRIDGE_PORT: String(E2E_BRIDGE_PORT), GENESYS_BACKEND: 'simulator' },
    probe: () => answers(SIMULATOR_URL),
    timeoutMs: 180_000,
    output: createWriteStream(LOG),
  });
  writeFileSync(PID_FILE, String(serve.child.pid));
}
