/**
 * The e2e tests run against `ojet serve` itself (what `npm start` runs), with the Genesys bridge it starts, on ports
 * of their own so that a developer's running `npm start` does not get in the way.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8123);
export const E2E_BRIDGE_PORT = Number(process.env.E2E_BRIDGE_PORT ?? 8124);
export const SIMULATOR_URL = `http://localhost:${E2E_PORT}/simulator.html`;
export const BRIDGE_URL = `http://127.0.0.1:${E2E_BRIDGE_PORT}`;
/** The simulator page with the toolbar on Genesys (the default vendor), pointed at the e2e bridge. */
export const GENESYS_SIMULATOR_URL = `${SIMULATOR_URL}?genesys.bridgeUrl=${encodeURIComponent(BRIDGE_URL)}`;
export const PID_FILE = `${__dirname}/../../node_modules/.cache/e2e-serve.pid`;
/** The simulator page with the toolbar on Amazon Connect, against the CCP emulator the page serves. */
export const AMAZON_SIMULATOR_URL = `${SIMULATOR_URL}?vendor=amazon`;
