import type { BenchResults } from './results';
// PLACEHOLDER (being written)
export function markdownReport(results: BenchResults): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}
