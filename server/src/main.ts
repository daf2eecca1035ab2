/**
 * The bridge's command-line entry (bundled to server/dist/bridge.js by scripts/build-bridge.js):
 *   node server/dist/bridge.js [--config file.json] [--port n] [--host h] [--mode development|secure]
 * Runs until SIGINT or SIGTERM, then closes sessions (going away), the server and the backend, and exits 0.
 * Exit codes: 2 for a bad configuration, 1 when the bridge cannot start or stop cleanly.
 */
import { startBridge, type Bridge } from './app';
import { ConfigError, USAGE, loadConfig } from './loadConfig';

async function main(): Promise<void> {
  let config;
  try {
    const commandLine = await loadConfig(process.argv.slice(2), process.env);
    if (commandLine.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    config = commandLine.config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`genesys-bridge: bad configuration\n${error.message}\n`);
    process.exitCode = 2;
    return;
  }

  const bridge = await startBridge(config);
  stopOnSignals(bridge);
}

function stopOnSignals(bridge: Bridge): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal while closing means "now".
    if (stopping) process.exit(1);
    stopping = true;
    process.stderr.write(`genesys-bridge: ${signal}, closing\n`);
    bridge.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`genesys-bridge: close failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`genesys-bridge: cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
