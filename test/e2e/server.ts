/**
 * The e2e tests run against `ojet serve` itself (what `npm start` runs), with the Genesys bridge it starts, on ports
 * of their own so that a developer's running `npm start` does not get in the way. Beside it, globalSetup starts what
 * `GENESYS_BACKEND=workspace npm start` starts (scripts/start-workspace.js): the fake GWS and a second bridge, with
 * the Workspace API backend, on ports of their own too.
 */
import { workspacePage } from '../support/startScripts';

export const E2E_PORT = Number(process.env.E2E_PORT ?? 8123);
export const E2E_BRIDGE_PORT = Number(process.env.E2E_BRIDGE_PORT ?? 8124);
export const E2E_FAKE_GWS_PORT = Number(process.env.E2E_FAKE_GWS_PORT ?? 8125);
export const E2E_WORKSPACE_BRIDGE_PORT = Number(process.env.E2E_WORKSPACE_BRIDGE_PORT ?? 8126);
export const SIMULATOR_URL = `http://localhost:${E2E_PORT}/simulator.html`;
export const BRIDGE_URL = `http://127.0.0.1:${E2E_BRIDGE_PORT}`;
export const FAKE_GWS_URL = `http://127.0.0.1:${E2E_FAKE_GWS_PORT}`;
export const WORKSPACE_BRIDGE_URL = `http://127.0.0.1:${E2E_WORKSPACE_BRIDGE_PORT}`;
/** The fake GWS's agent the Workspace scenarios sign in as. */
export const WORKSPACE_AGENT = 'agent1';
/** The simulator page with the toolbar on Genesys (the default vendor), pointed at the e2e bridge. */
export const GENESYS_SIMULATOR_URL = `${SIMULATOR_URL}?genesys.bridgeUrl=${encodeURIComponent(BRIDGE_URL)}`;

/** As `GENESYS_BACKEND=workspace npm start` prints it, for the e2e ports: the simulator page with the toolbar over the Workspace bridge, as WORKSPACE_AGENT, and the Customer panel on the fake GWS. */
export const WORKSPACE_SIMULATOR_URL = workspacePage(E2E_PORT, { bridgeUrl: WORKSPACE_BRIDGE_URL, fakeGwsUrl: FAKE_GWS_URL, agent: WORKSPACE_AGENT });
export const PID_FILE = `${__dirname}/../../node_modules/.cache/e2e-serve.pid`;
/** The simulator page with the toolbar on Amazon Connect, against the CCP emulator the page serves. */
export const AMAZON_SIMULATOR_URL = `${SIMULATOR_URL}?vendor=amazon`;
