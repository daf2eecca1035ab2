/** @jest-environment node */
/** `npm run bench -- --compare`: saved results read back, their figures matched and the changes printed. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compareFigures, flatten, formatPercent, markdownComparison, percentChange } from '../../bench/src/compare';
import { parseOptions } from '../../bench/src/options';
import { parseSavedResults, readSavedResults } from '../../bench/src/savedResults';

const machine = { cores: 2, cpu: 'AMD EPYC', memoryGiB: 23.5, node: 'v20.20.2', platform: 'Linux x64' };

/** A results file as an older bench wrote it: no cost figures, two bridge steps. */
const old = {
  date: '2026-11-20T10:00:00.000Z',
  command: 'npm run bench -- --only bridge',
  quick: false,
  durationSeconds: 120,
  machine,
  bridge: {
    callsPerSecond: 200,
    holdMs: 2000,
    measureSeconds: 20,
    steps: [
      { agents: 1000, callsPerSecond: 200, eventP99Ms: 0.25, p99VsBaseline: 1.65, errors: 0 },
      { agents: 5000, callsPerSecond: 200, eventP99Ms: 0.24, p99VsBaseline: 1.46, errors: 0 },
    ],
  },
};

/** The same run today: the steps in another order, one gone, cost figures added, a shorter window. */
const now = {
  date: '2026-12-02T10:00:00.000Z',
  command: 'npm run bench -- --only bridge --quick',
  quick: true,
  durationSeconds: 60,
  machine,
  bridge: {
    callsPerSecond: 200,
    holdMs: 2000,
    measureSeconds: 5,
    steps: [{ agents: 1000, callsPerSecond: 200, eventP99Ms: 0.3, p99VsBaseline: 1.65, errors: 2, cpuPerEventUs: 31.5, cpuVsBaseline: null }],
  },
  shift: { scope: 'toolbar frame', errors: 0, checkpoints: [{ calls: 0, heapUsedKiB: 4304 }, { calls: 10, heapUsedKiB: 5520 }] },
};

describe('figures of a results file', () => {
  test('each number named by its path, steps by what they measured; settings apart; what is no figure left out', () => {
    const { figures, settings } = flatten(now);
    expect(figures).toEqual([
      { name: 'bridge.steps[agents=1000].eventP99Ms', value: 0.3 },
      { name: 'bridge.steps[agents=1000].p99VsBaseline', value: 1.65 },
      { name: 'bridge.steps[agents=1000].errors', value: 2 },
      { name: 'bridge.steps[agents=1000].cpuPerEventUs', value: 31.5 },
      { name: 'shift.errors', value: 0 },
      { name: 'shift.checkpoints[calls=0].heapUsedKiB', value: 4304 },
      { name: 'shift.checkpoints[calls=10].heapUsedKiB', value: 5520 },
    ]);
    expect(settings).toEqual([
      { name: 'bridge.callsPerSecond', value: 200 },
      { name: 'bridge.holdMs', value: 2000 },
      { name: 'bridge.measureSeconds', value: 5 },
      { name: 'bridge.steps[agents=1000].callsPerSecond', value: 200 },
    ]);
  });

  test("the open-file limit and the load clients' addresses are settings; open files and sign-ins are figures", () => {
    const { figures, settings } = flatten({ bridge: { openFileLimit: 20_000, steps: [{ agents: 19_744, sourceAddresses: 2, signInsPerSec: 2500, bridgeOpenFiles: 19_771 }] } });
    expect(settings).toEqual([
      { name: 'bridge.openFileLimit', value: 20_000 },
      { name: 'bridge.steps[agents=19744].sourceAddresses', value: 2 },
    ]);
    expect(figures.map((figure) => figure.name)).toEqual(['bridge.steps[agents=19744].signInsPerSec', 'bridge.steps[agents=19744].bridgeOpenFiles']);
  });

  test('figures matched by name: the new run order first, those only in the old run last', () => {
    const changes = compareFigures(flatten(old).figures, flatten(now).figures);
    expect(changes.slice(0, 4)).toEqual([
      { name: 'bridge.steps[agents=1000].eventP99Ms', old: 0.25, new: 0.3, percent: expect.closeTo(20, 9) },
      { name: 'bridge.steps[agents=1000].p99VsBaseline', old: 1.65, new: 1.65, percent: 0 },
      // From 0 there is no percentage.
      { name: 'bridge.steps[agents=1000].errors', old: 0, new: 2 },
      { name: 'bridge.steps[agents=1000].cpuPerEventUs', new: 31.5 },
    ]);
    expect(changes[changes.length - 1]).toEqual({ name: 'bridge.steps[agents=5000].errors', old: 0 });
  });

  test('percentages: signed, one decimal under 10 %, whole above', () => {
    expect(percentChange(200, 150)).toBe(-25);
    expect(percentChange(-2, -1)).toBe(50);
    expect(percentChange(0, 0)).toBe(0);
    expect(percentChange(0, 1)).toBeUndefined();
    expect(formatPercent(3.44)).toBe('+3.4 %');
    expect(formatPercent(-25)).toBe('-25 %');
    expect(formatPercent(0.01)).toBe('0 %');
    expect(formatPercent(-0.04)).toBe('0 %');
    expect(formatPercent(undefined)).toBe('—');
  });

  test('the comparison says what was compared, what ran otherwise, and each figure', () => {
    const text = markdownComparison(parseSavedResults(JSON.stringify(old), 'bench/old.json'), parseSavedResults(JSON.stringify(now), 'this run'));
    expect(text).toContain('**Compared with bench/old.json** (old: 2026-11-20T10:00:00.000Z, `npm run bench -- --only bridge`; new: this run, 2026-12-02T10:00:00.000Z');
    expect(text).toContain('Measured under other conditions: bridge.measureSeconds (old: 20; new: 5).');
    expect(text).toContain('| figure | old | new | change |');
    expect(text).toContain('| bridge.steps[agents=1000].eventP99Ms | 0.25 | 0.3 | +20 % |');
    expect(text).toContain('| bridge.steps[agents=1000].cpuPerEventUs | — | 31.5 | — |');
    expect(text).toContain('| bridge.steps[agents=5000].eventP99Ms | 0.24 | — | — |');
    expect(text).not.toContain('durationSeconds');
  });

  test('another machine or browser is said', () => {
    const other = parseSavedResults(JSON.stringify({ ...now, machine: { ...machine, cores: 8, chromium: '150' } }), 'b.json');
    const text = markdownComparison(parseSavedResults(JSON.stringify({ ...old, machine: { ...machine, chromium: '156' } }), 'a.json'), other);
    expect(text).toContain('the machine (old: 2 cores (AMD EPYC), 23.5 GiB, Node v20.20.2, Linux x64; new: 8 cores (AMD EPYC), 23.5 GiB, Node v20.20.2, Linux x64)');
    expect(text).toContain('Chromium (old: 156; new: 150)');
  });
});

describe('a saved results file', () => {
  test('anything but a results file is refused, naming what is wrong', () => {
    expect(() => parseSavedResults('{"date": ', 'a.json')).toThrow(/^a\.json is not JSON: /);
    expect(() => parseSavedResults('[1, 2]', 'a.json')).toThrow('a.json is not a results file of npm run bench: it holds no object');
    expect(() => parseSavedResults('{"command": "x", "machine": {}}', 'a.json')).toThrow('its "date" is missing');
    expect(() => parseSavedResults('{"date": 3, "command": "x", "machine": {}}', 'a.json')).toThrow('its "date" is not a string (3)');
    expect(() => parseSavedResults('{"date": "d", "command": "x"}', 'a.json')).toThrow('its "machine" is missing');
    expect(() => readSavedResults('/nonexistent/results.json')).toThrow(/^cannot read \/nonexistent\/results\.json: /);
  });
});

describe('--compare and --to', () => {
  const folder = mkdtempSync(join(tmpdir(), 'bench-compare-'));
  const a = join(folder, 'a.json');
  const b = join(folder, 'b.json');
  writeFileSync(a, JSON.stringify(old));
  writeFileSync(b, JSON.stringify(now));
  mkdirSync(join(folder, 'folder'));

  test('--compare FILE goes with a run', () => {
    expect(parseOptions(['--quick', '--compare', a])).toMatchObject({ kind: 'run', quick: true, compare: a });
  });

  test('--compare OLD --to NEW runs nothing', () => {
    expect(parseOptions(['--compare', a, '--to', b])).toEqual({ kind: 'compare', old: a, new: b });
  });

  test('what cannot be compared is refused before anything runs', () => {
    expect(() => parseOptions(['--to', b])).toThrow('--to goes with --compare: --compare <old> --to <new>');
    expect(() => parseOptions(['--compare', a, '--to', b, '--quick', '--only', 'bridge'])).toThrow(
      '--compare <old> --to <new> compares two saved results and runs nothing: --quick, --only cannot go with it',
    );
    expect(() => parseOptions(['--compare', join(folder, 'missing.json')])).toThrow(`--compare: ${join(folder, 'missing.json')} does not exist`);
    expect(() => parseOptions(['--compare', a, '--to', join(folder, 'folder')])).toThrow(`--to must name a results file, and ${join(folder, 'folder')} is not a file`);
  });
});
