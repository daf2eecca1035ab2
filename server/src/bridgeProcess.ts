/**
 * The bridge as a process: its configuration from the command line and environment, started, and drained and stopped
 * on SIGINT or SIGTERM (see Bridge.close: not ready, no new session, sessions closed with 1001 within
 * shutdown.graceMs), exiting 0. main.ts is the production entry; the benchmark's bridge entry (bench/src/bridge/benchBridge.ts) runs
 * the same, and adds an in-process control channel of its own.
 * Exit codes: 2 for a bad configuration, 1 when the bridge cannot start or stop cleanly.
 */
import { startBridge, type Bridge } from './app';
import { ConfigError, USAGE, loadConfig } from './loadConfig';

/** Starts the bridge the command line describes; undefined (with process.exitCode set) when it must not run. */
export async function runBridgeProcess(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Bridge | undefined> {
  let config;
  try {
    const commandLine = await loadConfig(argv, env);
    if (commandLine.help) {
      process.stdout.write(`${USAGE}\n`);
      return undefined;
    }
    config = commandLine.config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`genesys-bridge: bad configuration\n${error.message}\n`);
    process.exitCode = 2;
    return undefined;
  }

  const bridge = await startBridge(config);
  stopOnSignals(bridge);
  return bridge;
}

/** What closing the server and the backend may take after the sessions' grace period. */
const SHUTDOWN_MARGIN_MS = 5000;

function stopOnSignals(bridge: Bridge): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    // A second signal while closing means "now".
    if (stopping) process.exit(1);
    stopping = true;
    const { graceMs, readinessDelayMs } = bridge.config.shutdown;
    process.stderr.write(`genesys-bridge: ${signal}, draining (${readinessDelayMs > 0 ? `not ready for ${readinessDelayMs} ms, then ` : ''}at most ${graceMs} ms for sessions to close)\n`);
    // The sessions have the grace period; closing the server and the backend after it should take moments. Should
    // anything hang, the process still ends, saying so.
    setTimeout(() => {
      process.stderr.write('genesys-bridge: shutdown did not finish in time; exiting\n');
      process.exit(1);
    }, readinessDelayMs + graceMs + SHUTDOWN_MARGIN_MS).unref();
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

/** The entry's last resort: a bridge that cannot start says why and exits 1. */
export function reportStartFailure(error: unknown): void {
  process.stderr.write(`genesys-bridge: cannot start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
