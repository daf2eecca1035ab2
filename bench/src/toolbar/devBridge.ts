/**
 * The real Genesys bridge (with its T-Server simulator) in a process of its own, as `npm start` runs it
 * (scripts/start-bridge.js): development mode (the toolbar's token-less agent), a free loopback port, ready once
 * it answers. Its log goes to node_modules/.cache/bench/bridge-toolbar.log.
 */
import { buildBridge, launchBridge, type BridgeProcess } from '../bridgeProcess';
import type { Log } from '../log';

export type { BridgeProcess };

export async function startBridge(log: Log): Promise<BridgeProcess> {
  const bridge = await launchBridge(await buildBridge(), { name: 'toolbar', args: ['--mode', 'development', '--log-level', 'warn'] });
  log(`toolbar: Genesys bridge (T-Server simulator) at ${bridge.url}, pid ${bridge.pid}`);
  return bridge;
}
