/**
 * The bridge's command-line entry (bundled to server/dist/bridge.js by scripts/build-bridge.js):
 *   node server/dist/bridge.js [--config file.json] [--port n] [--host h] [--mode development|secure]
 * Runs until SIGINT or SIGTERM, then closes sessions (going away), the server and the backend, and exits 0.
 * Exit codes: 2 for a bad configuration, 1 when the bridge cannot start or stop cleanly.
 */
import { reportStartFailure, runBridgeProcess } from './bridgeProcess';

runBridgeProcess(process.argv.slice(2), process.env).catch(reportStartFailure);
