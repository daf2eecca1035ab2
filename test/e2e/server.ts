/**
 * The e2e tests run against `ojet serve` itself (what `npm start` runs), on a port of their own so that a
 * developer's running `npm start` does not get in the way.
 */
export const E2E_PORT = Number(process.env.E2E_PORT ?? 8123);
export const SIMULATOR_URL = `http://localhost:${E2E_PORT}/simulator.html`;
export const PID_FILE = `${__dirname}/../../node_modules/.cache/e2e-serve.pid`;
