import type { Log } from '../log';
import type { BridgeResults } from '../results';
// PLACEHOLDER (being written)
export async function benchBridgeScale(_options: { agents: readonly number[]; callsPerSecond: number; holdMs: number; measureSeconds: number; log: Log }): Promise<BridgeResults> {
  throw new Error('bridge: not written yet');
}
