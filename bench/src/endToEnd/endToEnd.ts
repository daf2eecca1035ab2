import type { Log } from '../log';
import type { EndToEndResults } from '../results';
// PLACEHOLDER (being written)
export async function benchEndToEnd(_options: { calls: number; log: Log }): Promise<EndToEndResults> {
  throw new Error('end to end: not written yet');
}
