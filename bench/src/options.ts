/** The options of `npm run bench`, parsed from its command line with node:util's parseArgs. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { statSync } from 'node:fs';
import { MAX_CALLS_PER_SECOND } from '../../server/src/backend/simulator/trafficGenerator';
import { TOOLBAR_SERVED_BUILD } from './paths';

export const USAGE = `npm run bench [-- options]
  --only <names>      run only these benchmarks, comma-separated: bridge, workspace, toolbar, e2e, shift, failover
                      (default: all six; with --quick all but failover)
  --agents <n[,n…]>   bridge: agent counts, one step each, the first again with 1 % slow clients, at most 10 (default
                      1000,5000,10000); implies --only bridge unless --only is given
  --rate <n>          bridge: calls per second the simulator rings (default 200, at most 10000)
  --hold <ms>         bridge and workspace: how long the caller stays after the answer (default 2000)
  --measure <s>       bridge and workspace: seconds measured per step, after a warm-up (default 20)
  --workspace-agents <n[,n…]>
                      workspace (the bridge over the Workspace API backend, against the fake GWS): agent counts, one
                      step each (default 1000,5000); implies --only workspace unless --only is given
  --workspace-rate <n>
                      workspace: calls per second placed through the fake GWS (default 50, at most 1000)
  --runs <n>          toolbar: cold loads per configuration (default 10); implies --only toolbar unless --only is given
  --against <dir>     toolbar: alternate each timed load with one of another build, the directory an earlier run served
                      (node_modules/.cache/bench-toolbar/web, copied away), and report the differences pair by pair;
                      implies --only toolbar unless --only is given
  --calls <n>         e2e: calls one after another (default 200); implies --only e2e unless --only is given
  --shift <n,n,n>     shift: calls through one page, the toolbar's heap and DOM read after each count (default
                      10,500,2000; --quick 10,50,100); implies --only shift unless --only is given
  --kills <n>         failover (two bridges behind HAProxy, test/vendor/genesysFailover.test.ts): SIGKILLs of the
                      bridge holding the toolbar (default 10); implies --only failover unless --only is given
  --quick             about five minutes: 1,000 agents for 5 s (and the slow-client step at 1,000), 1,000 workspace
                      agents for 5 s, 3 toolbar loads, 30 calls, a shift of 100 calls
  --profile           bridge and workspace: write a CPU profile of the bridge process per step to bench/profiles (node --cpu-prof);
                      BENCH_BRIDGE_NODE_FLAGS="--trace-gc …" passes other node flags to the bridge
  --out <file>        where to write the results (default bench/results.json)
  --compare <file>    after the run, print each figure against a saved results file with the change in percent (the
                      file is read before the run, so it may be the one --out overwrites)
  --compare <old> --to <new>
                      print each figure of one saved results file against another's, and run nothing
  --help`;

export type BenchName = 'bridge' | 'workspace' | 'toolbar' | 'e2e' | 'shift' | 'failover';
const BENCH_NAMES: readonly BenchName[] = ['bridge', 'workspace', 'toolbar', 'e2e', 'shift', 'failover'];
/** Not in --quick unless asked for: each kill waits for a restart and HAProxy's checks, minutes in all. */
const SLOW_BENCHES: ReadonlySet<BenchName> = new Set(['failover']);

/** The most calls a second the workspace step places: each is several HTTP requests to the fake GWS. */
export const MAX_WORKSPACE_CALLS_PER_SECOND = 1000;

export interface BenchOptions {
  readonly kind: 'run';
  readonly only: ReadonlySet<BenchName>;
  readonly agents: readonly number[];
  readonly callsPerSecond: number;
  readonly holdMs: number;
  readonly measureSeconds: number;
  readonly workspaceAgents: readonly number[];
  readonly workspaceCallsPerSecond: number;
  readonly toolbarRuns: number;
  readonly endToEndCalls: number;
  readonly kills: number;
  readonly shiftCheckpoints: readonly number[];
  readonly quick: boolean;
  readonly profile: boolean;
  readonly out: string;
  /** A saved results file to print this run's figures against. */
  readonly compare?: string;
  /** toolbar: another build's served directory, loaded in turn with this one (paired loads). */
  readonly against?: string;
}

/** `--compare OLD --to NEW`: two saved results files, compared without running anything. */
export interface SavedComparison {
  readonly kind: 'compare';
  readonly old: string;
  readonly new: string;
}

/** A bad command line: the message names the option. */
export class UsageError extends Error {}

function atMost(name: string, value: number, limit: number): number {
  if (value > limit) throw new UsageError(`--${name} must be at most ${limit}, not ${value}`);
  return value;
}

function positiveInteger(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a positive whole number, not "${text}"`);
  return value;
}

/** A comma-separated list of agent counts, one step each. */
function counts(name: string, text: string): number[] {
  return text.split(',').map((part) => positiveInteger(name, part.trim()));
}

/** A results file to read: it must be there (its content is checked when read, before anything runs). */
function savedFile(name: string, path: string): string {
  const file = resolve(path);
  const stat = statSync(file, { throwIfNoEntry: false });
  if (!stat) throw new UsageError(`--${name}: ${path} does not exist`);
  if (!stat.isFile()) throw new UsageError(`--${name} must name a results file, and ${path} is not a file`);
  return file;
}

/** A directory the toolbar benchmark served: a release build with the Fusion simulator beside it (releaseBuild.ts). */
function servedBuild(path: string): string {
  const dir = resolve(path);
  // The run builds this change into it before it serves anything: the two builds would be one.
  if (dir === TOOLBAR_SERVED_BUILD) throw new UsageError(`--against: ${path} is where this run puts its own build; copy an earlier run's away first and name the copy`);
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--against must name a directory, and ${path} is not one`);
  for (const file of ['index.html', 'simulator.html']) {
    if (!statSync(resolve(dir, file), { throwIfNoEntry: false })?.isFile()) {
      throw new UsageError(`--against: ${path} has no ${file}; name a directory the toolbar benchmark served (node_modules/.cache/bench-toolbar/web of an earlier run, copied away)`);
    }
  }
  return dir;
}

/** Checked before anything runs: finding out after ten minutes that --out names a folder would lose the run. */
function outputFile(path: string): string {
  const file = resolve(path);
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) throw new UsageError(`--out must name a file, and ${path} is a folder`);
  return file;
}

export function parseOptions(argv: readonly string[]): BenchOptions | SavedComparison | 'help' {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      only: { type: 'string' },
      agents: { type: 'string' },
      'workspace-agents': { type: 'string' },
      'workspace-rate': { type: 'string' },
      rate: { type: 'string' },
      hold: { type: 'string' },
      measure: { type: 'string' },
      runs: { type: 'string' },
      against: { type: 'string' },
      calls: { type: 'string' },
      kills: { type: 'string' },
      shift: { type: 'string' },
      quick: { type: 'boolean', default: false },
      profile: { type: 'boolean', default: false },
      out: { type: 'string' },
      compare: { type: 'string' },
      to: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) return 'help';
  if (values.to !== undefined) {
    if (values.compare === undefined) throw new UsageError('--to goes with --compare: --compare <old> --to <new>');
    // Options that would shape a run have nothing to act on: saying so beats ignoring them.
    const others = Object.entries(values)
      .filter(([name, value]) => name !== 'compare' && name !== 'to' && value !== undefined && value !== false)
      .map(([name]) => `--${name}`);
    if (others.length > 0) throw new UsageError(`--compare <old> --to <new> compares two saved results and runs nothing: ${others.join(', ')} cannot go with it`);
    return { kind: 'compare', old: savedFile('compare', values.compare), new: savedFile('to', values.to) };
  }
  const quick = values.quick ?? false;
  let only: Set<BenchName>;
  if (values.only !== undefined) {
    only = new Set();
    for (const name of values.only.split(',').map((part) => part.trim())) {
      if (!(BENCH_NAMES as readonly string[]).includes(name)) throw new UsageError(`--only takes ${BENCH_NAMES.join(', ')}; "${name}" is none of them`);
      only.add(name as BenchName);
    }
  } else {
    const implied = new Set<BenchName>();
    if (values.agents !== undefined) implied.add('bridge');
    if (values['workspace-agents'] !== undefined) implied.add('workspace');
    if (values.runs !== undefined || values.against !== undefined) implied.add('toolbar');
    if (values.calls !== undefined) implied.add('e2e');
    if (values.kills !== undefined) implied.add('failover');
    if (values.shift !== undefined) implied.add('shift');
    only = implied.size > 0 ? implied : new Set(BENCH_NAMES.filter((name) => !(quick && SLOW_BENCHES.has(name))));
  }
  return {
    kind: 'run',
    only,
    agents: values.agents !== undefined ? counts('agents', values.agents) : quick ? [1000] : [1000, 5000, 10000],
    callsPerSecond: values.rate !== undefined ? atMost('rate', positiveInteger('rate', values.rate), MAX_CALLS_PER_SECOND) : 200,
    holdMs: values.hold !== undefined ? positiveInteger('hold', values.hold) : 2000,
    workspaceAgents: values['workspace-agents'] !== undefined ? counts('workspace-agents', values['workspace-agents']) : quick ? [1000] : [1000, 5000],
    workspaceCallsPerSecond:
      values['workspace-rate'] !== undefined ? atMost('workspace-rate', positiveInteger('workspace-rate', values['workspace-rate']), MAX_WORKSPACE_CALLS_PER_SECOND) : 50,
    measureSeconds: values.measure !== undefined ? positiveInteger('measure', values.measure) : quick ? 5 : 20,
    toolbarRuns: values.runs !== undefined ? positiveInteger('runs', values.runs) : quick ? 3 : 10,
    endToEndCalls: values.calls !== undefined ? positiveInteger('calls', values.calls) : quick ? 30 : 200,
    kills: values.kills !== undefined ? positiveInteger('kills', values.kills) : 10,
    shiftCheckpoints: values.shift !== undefined ? counts('shift', values.shift) : quick ? [10, 50, 100] : [10, 500, 2000],
    quick,
    profile: values.profile ?? false,
    out: outputFile(values.out ?? 'bench/results.json'),
    ...(values.compare !== undefined ? { compare: savedFile('compare', values.compare) } : {}),
    ...(values.against !== undefined ? { against: servedBuild(values.against) } : {}),
  };
}
