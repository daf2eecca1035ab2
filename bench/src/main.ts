/**
 * `npm run bench [-- options]`: the bridge's scale against a bare-ws baseline, the toolbar's cold load, and end-to-end
 * latency in Chromium. Writes bench/results.json and prints a Markdown table on stdout; progress goes to stderr.
 * Benchmarks report figures; they never fail on them. They fail (exit 1) only when they cannot run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { benchBridgeScale } from './bridge/bridgeScale';
import { benchEndToEnd } from './endToEnd/endToEnd';
import { log } from './log';
import { describeMachine } from './machine';
import { USAGE, parseOptions, type BenchOptions } from './options';
import { markdownReport } from './report';
import type { BenchResults, BridgeResults, EndToEndResults, ToolbarResults } from './results';
import { benchToolbarLoad } from './toolbar/toolbarLoad';

async function main(): Promise<void> {
  let options: BenchOptions | 'help';
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const started = performance.now();
  let bridge: BridgeResults | undefined;
  let toolbar: ToolbarResults | undefined;
  let endToEnd: EndToEndResults | undefined;
  let chromium: string | undefined;
  if (options.only.has('bridge')) {
    bridge = await benchBridgeScale({
      agents: options.agents,
      callsPerSecond: options.callsPerSecond,
      holdMs: options.holdMs,
      measureSeconds: options.measureSeconds,
      bridgeNodeFlags: options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve('bench/profiles')}`] : [],
      log,
    });
  }
  if (options.only.has('toolbar')) {
    const measured = await benchToolbarLoad({ runs: options.toolbarRuns, log });
    toolbar = measured.results;
    chromium = measured.chromium;
  }
  if (options.only.has('e2e')) {
    endToEnd = await benchEndToEnd({ calls: options.endToEndCalls, log });
  }
  const results: BenchResults = {
    date: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    quick: options.quick,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine: describeMachine(chromium),
    ...(bridge ? { bridge } : {}),
    ...(toolbar ? { toolbar } : {}),
    ...(endToEnd ? { endToEnd } : {}),
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(markdownReport(results));
  log(`results written to ${options.out} (${results.durationSeconds} s)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
