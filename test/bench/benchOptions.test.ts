/** @jest-environment node */
/** `npm run bench`'s pure parts: its options, its statistics and its Markdown report. */
import { parseOptions, type BenchOptions } from '../../bench/src/options';
import { markdownReport } from '../../bench/src/report';
import type { BenchResults, BridgeStep } from '../../bench/src/results';
import { distributionOf, percentile } from '../../bench/src/stats';

function options(argv: string[]): BenchOptions {
  const parsed = parseOptions(argv);
  if (parsed === 'help') throw new Error('expected options, got help');
  return parsed;
}

describe('options', () => {
  test('no options: all three benchmarks at full size', () => {
    const parsed = options([]);
    expect([...parsed.only].sort()).toEqual(['bridge', 'e2e', 'toolbar']);
    expect(parsed).toMatchObject({ agents: [1000, 5000, 10000], measureSeconds: 20, toolbarRuns: 10, endToEndCalls: 200, quick: false });
  });

  test('--quick shrinks every benchmark; a size option picks its benchmark alone', () => {
    expect(options(['--quick'])).toMatchObject({ agents: [1000], measureSeconds: 5, toolbarRuns: 3, endToEndCalls: 30, quick: true });
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
  };
  const results: BenchResults = {
    date: '2026-11-21T00:00:00.000Z',
    command: 'npm run bench',
    quick: false,
    durationSeconds: 300,
    machine: { cores: 2, cpu: 'CPU', memoryGiB: 24, node: 'v20.20.2', platform: 'Linux' },
    bridge: { callsPerSecond: 200, holdMs: 2000, measureSeconds: 20, steps: [step, { ...step, agents: 5000, errors: 3, p99VsBaseline: 2.5 }] },
  };

  test('a step that meets every goal says so; one that misses names each miss', () => {
    const report = markdownReport(results);
    expect(report).toContain('| 10,000 | 10,000 | 600 | 0.1 / 0.5 / 3 | 0.1 / 0.4 / 2 | 1.25× | 0.2 / 1 | 12 KiB | 0 | met |');
    expect(report).toContain('missed: 3 errors, p99 over 2× bare ws');
  });

  test('the machine and the command that produced the figures are stated', () => {
    expect(markdownReport(results)).toContain('Machine: 2 cores (CPU), 24 GiB, Node v20.20.2, Linux. Command: `npm run bench` (300 s).');
  });
});
