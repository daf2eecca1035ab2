/**
 * `npm run bench [-- options]`: the bridge's scale against a bare-ws baseline (and with slow clients), the bridge's
 * scale over the Workspace API backend against the fake GWS, the toolbar's cold load, end-to-end latency in Chromium,
 * the toolbar's memory over a shift in one page, and the time to recover from a bridge killed behind HAProxy. Writes bench/results.json and prints a Markdown table on stdout; progress goes to stderr.
 * With --compare, also each figure against a saved results file (or, with --to, one saved file against another, and
 * nothing run). Benchmarks report figures; they never fail on them. They fail (exit 1) only when they cannot run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { benchBridgeScale, measureSlowClients } from './bridge/bridgeScale';
import { markdownComparison } from './compare';
import { benchEndToEnd } from './endToEnd/endToEnd';
import { benchFailover } from './failover/failover';
import { benchShift } from './shift/shift';
import { log } from './log';
import { describeMachine } from './machine';
import { USAGE, parseOptions, type BenchOptions } from './options';
import { markdownReport } from './report';
import type { BenchResults } from './results';
import { parseSavedResults, readSavedResults, type SavedResults } from './savedResults';
import { benchToolbarLoad } from './toolbar/toolbarLoad';
import { benchWorkspaceScale } from './workspace/workspaceScale';

/** A saved results file, named by its path from the project when it is inside it. */
function readSaved(file: string): SavedResults {
  const inside = relative(process.cwd(), file);
  return readSavedResults(inside.startsWith('..') ? file : inside);
}

async function main(): Promise<void> {
  let options: BenchOptions;
  let baseline: SavedResults | undefined;
  try {
    const parsed = parseOptions(process.argv.slice(2));
    if (parsed === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    if (parsed.kind === 'compare') {
      process.stdout.write(markdownComparison(readSaved(parsed.old), readSaved(parsed.new)));
      return;
    }
    options = parsed;
    // Read before anything runs: a file that is not a results file is found now, not after ten minutes.
    baseline = options.compare !== undefined ? readSaved(options.compare) : undefined;
  } catch (error) {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const started = performance.now();
  const failures: string[] = [];
  /** A benchmark that cannot run is reported and the others still run: what did run is still written. */
  const attempt = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      log(`${name} failed: ${message}`);
      failures.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };
  const bridgeNodeFlags = [
    ...(options.profile ? ['--cpu-prof', `--cpu-prof-dir=${resolve('bench/profiles')}`] : []),
    // For other diagnostics of the bridge under load, e.g. --trace-gc (its log: node_modules/.cache/bench).
    ...(process.env.BENCH_BRIDGE_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? []),
  ];
  const scale = (agents: readonly number[], callsPerSecond: number) => ({
    agents,
    callsPerSecond,
    holdMs: options.holdMs,
    measureSeconds: options.measureSeconds,
    bridgeNodeFlags,
    log,
  });
  const bridgeSteps = options.only.has('bridge') ? await attempt('bridge', () => benchBridgeScale(scale(options.agents, options.callsPerSecond))) : undefined;
  // The first step again with slow clients, apart: should it fail, the steps' figures still stand.
  const slowClients = bridgeSteps
    ? await attempt('bridge, slow clients', () => measureSlowClients(bridgeSteps.steps[0], scale(options.agents, options.callsPerSecond)))
    : undefined;
  const bridge = bridgeSteps ? { ...bridgeSteps, ...(slowClients ? { slowClients } : {}) } : undefined;
  const workspace = options.only.has('workspace')
    ? await attempt('workspace', () => benchWorkspaceScale(scale(options.workspaceAgents, options.workspaceCallsPerSecond)))
    : undefined;
  const toolbar = options.only.has('toolbar') ? await attempt('toolbar', () => benchToolbarLoad({ runs: options.toolbarRuns, ...(options.against ? { against: options.against } : {}), log })) : undefined;
  const endToEnd = options.only.has('e2e') ? await attempt('e2e', () => benchEndToEnd({ calls: options.endToEndCalls, log })) : undefined;
  const shift = options.only.has('shift') ? await attempt('shift', () => benchShift({ checkpoints: options.shiftCheckpoints, log })) : undefined;
  const failover = options.only.has('failover') ? await attempt('failover', () => benchFailover({ kills: options.kills, log })) : undefined;
  const results: BenchResults = {
    date: new Date().toISOString(),
    command: ['npm run bench', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
    quick: options.quick,
    durationSeconds: Math.round((performance.now() - started) / 1000),
    machine: describeMachine(toolbar?.chromium),
    ...(bridge ? { bridge } : {}),
    ...(workspace ? { workspace } : {}),
    ...(toolbar ? { toolbar: toolbar.results } : {}),
    ...(endToEnd ? { endToEnd } : {}),
    ...(shift ? { shift } : {}),
    ...(failover ? { failover } : {}),
    ...(failures.length > 0 ? { failures } : {}),
  };
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(markdownReport(results));
  if (baseline) process.stdout.write(`\n${markdownComparison(baseline, parseSavedResults(JSON.stringify(results), 'this run'))}`);
  log(`results written to ${options.out} (${results.durationSeconds} s)`);
  if (failures.length > 0) process.exitCode = 1;
}

// Stopped by a signal, the bench still runs its exit handlers, which stop the processes it started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));

main().catch((error: unknown) => {
  process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
