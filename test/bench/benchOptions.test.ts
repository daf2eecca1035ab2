/** @jest-environment node */
/** `npm run bench`'s pure parts: its options, its statistics and its Markdown report. */
import { parseOptions, type BenchOptions } from '../../bench/src/options';
import { markdownReport } from '../../bench/src/report';
import { figuresOf } from '../../bench/src/failover/failover';
import type { BenchResults, BridgeResults, BridgeStep, FailoverResults, SlowClientStep, WorkspaceStep } from '../../bench/src/results';
import { distributionOf, percentile } from '../../bench/src/stats';

function options(argv: string[]): BenchOptions {
  const parsed = parseOptions(argv);
  if (parsed === 'help' || parsed.kind !== 'run') throw new Error(`expected the options of a run, got ${JSON.stringify(parsed)}`);
  return parsed;
}

describe('options', () => {
  test('no options: all six benchmarks at full size', () => {
    const parsed = options([]);
    expect([...parsed.only].sort()).toEqual(['bridge', 'e2e', 'failover', 'shift', 'toolbar', 'workspace']);
    expect(parsed).toMatchObject({
      agents: [1000, 5000, 10000],
      workspaceAgents: [1000, 5000],
      workspaceCallsPerSecond: 50,
      measureSeconds: 20,
      toolbarRuns: 10,
      endToEndCalls: 200,
      kills: 10,
      quick: false,
    });
  });

  test('--quick shrinks every benchmark; a size option picks its benchmark alone', () => {
    expect(options(['--quick'])).toMatchObject({ agents: [1000], workspaceAgents: [1000], measureSeconds: 5, toolbarRuns: 3, endToEndCalls: 30, quick: true });
    // Failover takes minutes: --quick runs it only when asked for.
    expect([...options(['--quick']).only].sort()).toEqual(['bridge', 'e2e', 'shift', 'toolbar', 'workspace']);
    expect([...options(['--quick', '--only', 'failover']).only]).toEqual(['failover']);
    expect(options(['--kills', '3'])).toMatchObject({ only: new Set(['failover']), kills: 3 });
    expect([...options(['--workspace-agents', '200,400']).only]).toEqual(['workspace']);
    expect(options(['--workspace-agents', '200,400', '--workspace-rate', '20'])).toMatchObject({ workspaceAgents: [200, 400], workspaceCallsPerSecond: 20 });
    expect([...options(['--agents', '5000']).only]).toEqual(['bridge']);
    expect(options(['--agents', '5000']).agents).toEqual([5000]);
    expect([...options(['--runs', '4']).only]).toEqual(['toolbar']);
    expect([...options(['--calls', '50', '--only', 'e2e,bridge']).only].sort()).toEqual(['bridge', 'e2e']);
  });

  test('--rate, --hold, --measure and --out set what they name; --help asks for the usage', () => {
    expect(options(['--rate', '500', '--hold', '1500', '--measure', '7', '--out', 'somewhere/else.json'])).toMatchObject({
      callsPerSecond: 500,
      holdMs: 1500,
      measureSeconds: 7,
      out: expect.stringMatching(/somewhere\/else\.json$/),
    });
    expect(parseOptions(['--help'])).toBe('help');
  });

  test('a bad value is refused with the option it belongs to', () => {
    expect(() => parseOptions(['--rate', '10001'])).toThrow('--rate must be at most 10000, not 10001');
    expect(() => parseOptions(['--out', 'test'])).toThrow('--out must name a file, and test is a folder');
    expect(() => parseOptions(['--agents', '10k'])).toThrow('--agents must be a positive whole number, not "10k"');
    expect(() => parseOptions(['--only', 'bridge,speed'])).toThrow('"speed" is none of them');
    expect(() => parseOptions(['--rate', '0'])).toThrow('--rate must be a positive whole number');
    expect(() => parseOptions(['--workspace-rate', '1001'])).toThrow('--workspace-rate must be at most 1000, not 1001');
    expect(() => parseOptions(['--workspace-agents', '100,x'])).toThrow('--workspace-agents must be a positive whole number, not "x"');
    expect(() => parseOptions(['--kills', '0'])).toThrow('--kills must be a positive whole number, not "0"');
    expect(() => parseOptions(['--colour'])).toThrow(/colour/);
  });
});

describe('statistics', () => {
  test('percentiles are nearest-rank: p50 of 1..100 is 50, p99 is 99, max is 100', () => {
    const samples = Array.from({ length: 100 }, (_, index) => 100 - index);
    expect(distributionOf(samples)).toEqual({ count: 100, p50: 50, p99: 99, max: 100 });
    expect(percentile(Float64Array.from([1, 2, 3]), 99)).toBe(3);
    expect(percentile(new Float64Array(0), 50)).toBeNaN();
  });
});

describe('report', () => {
  const step: BridgeStep = {
    agents: 10000,
    sessionsHeld: 10000,
    callsPerSecond: 200,
    noFreeAgent: 0,
    eventsPerSec: 600,
    eventP50Ms: 0.1,
    eventP99Ms: 0.5,
    eventMaxMs: 3,
    commandP50Ms: 0.2,
    commandP99Ms: 1,
    rssPerAgentKiB: 12,
    errors: 0,
    baselineP50Ms: 0.1,
    baselineP99Ms: 0.4,
    baselineMaxMs: 2,
    p99VsBaseline: 1.25,
    cpuPerEventUs: 30,
    baselineCpuPerFrameUs: 20,
    cpuVsBaseline: 1.5,
    heapPerEventBytes: 4200,
    baselineHeapPerFrameBytes: 1500,
  };
  const results: BenchResults = {
    date: '2026-11-21T00:00:00.000Z',
    command: 'npm run bench',
    quick: false,
    durationSeconds: 300,
    machine: { cores: 2, cpu: 'CPU', memoryGiB: 24, node: 'v20.20.2', platform: 'Linux' },
    bridge: { callsPerSecond: 200, holdMs: 2000, measureSeconds: 20, steps: [step, { ...step, agents: 5000, errors: 3, p99VsBaseline: 2.5, cpuVsBaseline: 2.2 }] },
  };

  test('a step that meets every goal says so; one that misses names each miss', () => {
    const report = markdownReport(results);
    // A step of an older bench: no sign-ins, open files or load average.
    expect(report).toContain('| 10,000 | 10,000 | — | 600 | 0.1 / 0.5 / 3 | 0.1 / 0.4 / 2 | 1.25× | 30 µs / 20 µs | 1.5× | 4,200 B / 1,500 B | 0.2 / 1 | 12 KiB | — / — | — | 0 | met |');
    expect(report).toContain('missed: 3 errors, p99 over 2× bare ws, CPU over 2× bare ws');
    expect(report).not.toContain('loopback addresses');
  });

  test('sign-ins, open files and the load average; the limit, and the addresses the clients came from when more than one', () => {
    const large: BridgeStep = {
      ...step,
      agents: 19_744,
      sessionsHeld: 19_744,
      signInsPerSec: 2512.4,
      signInCpuCores: 0.93,
      sourceAddresses: 2,
      bridgeOpenFiles: 19_771,
      clientsOpenFiles: 19_760,
      loadAverage: 3.2,
    };
    const report = markdownReport({ ...results, bridge: { callsPerSecond: 500, holdMs: 2000, measureSeconds: 20, openFileLimit: 20_000, steps: [{ ...large, agents: 1000, sourceAddresses: 1 }, large] } });
    expect(report).toContain('under a limit of 20,000 per process; load clients from 1, 2 loopback addresses)');
    expect(report).toContain('| 19,744 | 19,744 | 2,512.4 (0.93) | 600 |');
    expect(report).toContain('| 12 KiB | 19,771 / 19,760 | 3.2 | 0 | met |');
  });

  test('a workspace step is set beside the simulator backend\'s step of the same agent count, when that ran', () => {
    const workspaceStep: WorkspaceStep = {
      agents: 10000,
      agentsReached: 9990,
      sessionsHeld: 9990,
      signInsPerSec: 100,
      callsPerSec: 50,
      eventsPerSec: 150,
      noFreeAgent: 0,
      ringP50Ms: 3,
      ringP99Ms: 20,
      ringMaxMs: 40,
      answerP50Ms: 2.5,
      answerP99Ms: 15,
      answerMaxMs: 30,
      rssPerAgentKiB: 60,
      heapPerAgentKiB: 30,
      bridgeCpuPerEventMs: 1.4,
      gwsCpuPerEventMs: 1,
      bridgeCpuCores: 0.2,
      gwsCpuCores: 0.15,
      bridgeIdleCpuCores: 0.02,
      gwsIdleCpuCores: 0.01,
      bridgeOpenFiles: 20050,
      gwsOpenFiles: 10040,
      loadAverage: 2.1,
      errors: 10,
    };
    const report = markdownReport({
      ...results,
      workspace: { callsPerSecond: 50, holdMs: 2000, measureSeconds: 20, openFileLimit: 65536, steps: [workspaceStep, { ...workspaceStep, agents: 300 }] },
    });
    expect(report).toContain('open-file limit 65,536');
    expect(report).toContain(
      '| 10,000 | 9,990 (9,990 held) | 100 | 50 | 150 | 3 / 20 / 40 | 2.5 / 15 / 30 | 60 KiB / 30 KiB | 1.4 / 1 | 0.02 / 0.01 | 0.2 / 0.15 | 20,050 / 10,040 | 2.1 | 10 | 12 KiB / 0.2 ms |',
    );
    // No simulator step of 300 agents ran.
    expect(report).toMatch(/^\| 300 \|.*\| — \|$/m);
  });

  test('slow clients: beside the control that reads; the goals name what they missed', () => {
    const slow: SlowClientStep = {
      agents: 1000,
      slowClients: 10,
      sendBufferBytes: 1024 * 1024,
      floodCallsPerSecond: 2000,
      floodCallsRung: 100000,
      closedSlowConsumer: 9,
      closedDeadPeer: 0,
      sessionsHeld: 990,
      eventP50Ms: 0.2,
      eventP99Ms: 6,
      eventMaxMs: 9,
      commandP99Ms: 8,
      rssPeakKiB: 200 * 1024,
      errors: 0,
      reading: { eventP50Ms: 0.1, eventP99Ms: 2.5, eventMaxMs: 4.5, commandP99Ms: 9, rssPeakKiB: 185 * 1024, errors: 0 },
      withoutEventP99Ms: 1,
      withoutCommandP99Ms: 2,
      withoutRssPeakKiB: 117 * 1024,
    };
    const report = markdownReport({ ...results, bridge: { ...(results.bridge as BridgeResults), slowClients: slow } });
    expect(report).toContain('| flooded clients reading | — | — | 0.1 / 2.5 / 4.5 | 9 | 185 MiB | 0 | — |');
    // 15 MiB above the control is more than ten 1 MiB send buffers.
    expect(report).toContain(
      "| flooded clients not reading | 9 / 0 (not all in 120 s) | 990 | 0.2 / 6 / 9 | 8 | 200 MiB | 0 | missed: 1 slow clients still held, p99 over 2× reading, RSS beyond the slow clients' send buffers |",
    );
    const met = markdownReport({ ...results, bridge: { ...(results.bridge as BridgeResults), slowClients: { ...slow, closedSlowConsumer: 10, closedAfterSeconds: 50, eventP99Ms: 3, rssPeakKiB: 180 * 1024 } } });
    expect(met).toContain('| 10 / 0 (50 s) | 990 | 0.2 / 3 / 9 | 8 | 180 MiB | 0 | met |');
  });

  test('failover: the recovery over the kills', () => {
    const failover: FailoverResults = { kills: 10, seed: 42, recoveryP50Ms: 640, recoveryP99Ms: 1700, recoveryMaxMs: 1700 };
    const report = markdownReport({ ...results, failover });
    expect(report).toContain('mid-call 10 times, seed 42');
    expect(report).toContain('| 10 | 640 | 1700 | 1700 |');
  });

  test('the machine and the command that produced the figures are stated', () => {
    expect(markdownReport(results)).toContain('Machine: 2 cores (CPU), 24 GiB, Node v20.20.2, Linux. Command: `npm run bench` (300 s).');
  });
});

describe('failover figures', () => {
  test('test-results/failover.json is read into the figures, checked', () => {
    const file = { seed: 7, kills: 3, recoveryMs: { p50: 631.4, p99: 1698, max: 1698 }, rounds: [] };
    expect(figuresOf(file, 3)).toEqual({ kills: 3, seed: 7, recoveryP50Ms: 631.4, recoveryP99Ms: 1698, recoveryMaxMs: 1698 });
    expect(() => figuresOf(file, 5)).toThrow('reports 3 kills, not the 5 asked');
    expect(() => figuresOf({ ...file, recoveryMs: { p50: 'fast' } }, 3)).toThrow('recoveryMs.p50 must be a number, not "fast"');
    expect(() => figuresOf(null, 3)).toThrow('kills must be a number');
  });
});
