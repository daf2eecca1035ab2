/**
 * `npm run bench [-- options]`: the bridge's scale against a bare-ws baseline (and with slow clients), the bridge's
 * scale over the Workspace API backend against the fake GWS, the toolbar's cold load, end-to-end latency in Chromium,
 * the toolbar's memory over a shift in one page, and the time to recover from a bridge killed behind HAProxy. Writes bench/results.json and prints a Markdown table on stdout; progress goes to stderr.
 * Benchmarks report figures; they never fail on them. They fail (exit 1) only when they cannot run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { benchBridgeScale } from './bridge/bridgeScale';
import { benchEndToEnd } from './endToEnd/endToEnd';
import { benchFailover } from './failover/failover';
import { benchShift } from './shift/shift';
import { log } from './log';
import { describeMachine } from './machine';
import { USAGE, parseOptions, type BenchOptions } from './options';
import { markdownReport } from './report';
import type { BenchResults } from './results';
import { benchToolbarLoad } from './toolbar/toolbarLoad';
import { benchWorkspaceScale } from './workspace/workspaceScale';

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
  const bridge = options.only.has('bridge') ? await attempt('bridge', () => benchBridgeScale({ ...scale(options.agents, options.callsPerSecond), slowClients: true })) : undefined;
  const workspace = options.only.has('workspace')
    ? await attempt('workspace', () => benchWorkspaceScale(scale(options.workspaceAgents, options.workspaceCallsPerSecond)))
    : undefined;
  const toolbar = options.only.has('toolbar') ? await attempt('toolbar', () => benchToolbarLoad({ runs: options.toolbarRuns, log })) : undefined;
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
  log(`results written to ${options.out} (${results.durationSeconds} s)`);
  if (failures.length > 0) process.exitCode = 1;
}

// Stopped by a signal, the bench still runs its exit handlers, which stop the processes it started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143));

main().catch((error: unknown) => {
  process.stderr.write(`bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
