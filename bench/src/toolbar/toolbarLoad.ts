import type { Log } from '../log';
import type { ToolbarResults } from '../results';
// PLACEHOLDER (being written)
export async function benchToolbarLoad(_options: { runs: number; log: Log }): Promise<{ results: ToolbarResults; chromium: string }> {
  throw new Error('toolbar load: not written yet');
}
