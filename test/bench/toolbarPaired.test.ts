/** @jest-environment node */
/**
 * The toolbar benchmark's paired loads (--against): the option, the differences pair by pair (bench/src/toolbar/
 * figures.ts), and the table that shows them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseOptions } from '../../bench/src/options';
import { TOOLBAR_SERVED_BUILD } from '../../bench/src/paths';
import { markdownReport } from '../../bench/src/report';
import type { BenchResults, ToolbarLoadFigures } from '../../bench/src/results';
import { figuresOf, pairedFigures, pairedLine } from '../../bench/src/toolbar/figures';
import { loadSample } from './loadSample';

function sample(readyMs: number, shownMs: number) {
  return loadSample({ readyMs, shownMs });
}

describe('--against', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'bench-against-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('takes a directory the toolbar benchmark served, and runs the toolbar benchmark', () => {
    writeFileSync(join(dir, 'index.html'), '');
    writeFileSync(join(dir, 'simulator.html'), '');
    const parsed = parseOptions(['--against', dir]);
    if (parsed === 'help' || parsed.kind !== 'run') throw new Error('expected a run');
    expect(parsed.against).toBe(dir);
    expect([...parsed.only]).toEqual(['toolbar']);
  });

  it('refuses what is not such a directory before anything runs', () => {
    expect(() => parseOptions(['--against', join(dir, 'missing')])).toThrow(`--against must name a directory, and ${join(dir, 'missing')} is not one`);
    writeFileSync(join(dir, 'index.html'), '');
    // A release build as ojet writes it, without the Fusion simulator the benchmark serves beside it.
    expect(() => parseOptions(['--against', dir])).toThrow(
      `--against: ${dir} has no simulator.html; name a directory the toolbar benchmark served (node_modules/.cache/bench-toolbar/web of an earlier run, copied away)`,
    );
    mkdirSync(join(dir, 'simulator.html'));
    expect(() => parseOptions(['--against', dir])).toThrow(`--against: ${dir} has no simulator.html`);
    // The run's own build goes there before anything is served: it would be loaded against itself.
    expect(() => parseOptions(['--against', TOOLBAR_SERVED_BUILD])).toThrow(
      `--against: ${TOOLBAR_SERVED_BUILD} is where this run puts its own build; copy an earlier run's away first and name the copy`,
    );
  });
});

describe('paired loads', () => {
  it('takes the median of the differences pair by pair, which need not be the difference of the medians', () => {
    const samples = [sample(200, 330), sample(210, 340), sample(400, 350)];
    const others = [sample(260, 290), sample(270, 300), sample(205, 310)];
    const paired = pairedFigures(samples, others, '/tmp/before');
    expect(paired).toEqual({
      dir: '/tmp/before',
      pairs: 3,
      readyMedianMs: 260,
      shownMedianMs: 300,
      readyDifferenceMedianMs: -60,
      shownDifferenceMedianMs: 40,
      readySooner: 2,
      shownSooner: 0,
    });
    expect(pairedLine(paired)).toBe(
      "median of the differences pair by pair: ready 60 ms sooner (sooner in 2 of 3 pairs; the other build's median 260 ms), shown 40 ms later (sooner in 0 of 3; the other build's median 300 ms)",
    );
  });

  it('refuses loads that do not pair', () => {
    expect(() => pairedFigures([sample(200, 300)], [], '/tmp/before')).toThrow('toolbar load: 1 loads and 0 of the other build do not pair');
  });

  it('shows the other build’s medians and the differences in a table of their own, only when the run had one', () => {
    const figures: ToolbarLoadFigures = figuresOf([sample(200, 330), sample(210, 340), sample(400, 350)], []);
    const results = (toolbar: BenchResults['toolbar']): BenchResults => ({
      date: '2026-12-03T00:00:00.000Z',
      command: 'npm run bench -- --against /tmp/before',
      quick: false,
      durationSeconds: 60,
      machine: { cores: 2, cpu: 'CPU', memoryGiB: 24, node: 'v20.20.2', platform: 'Linux' },
      toolbar,
    });
    const against = pairedFigures([sample(200, 330), sample(210, 340), sample(400, 350)], [sample(260, 290), sample(270, 300), sample(205, 310)], '/tmp/before');
    const report = markdownReport(results({ genesys: { ...figures, against }, amazon: figures }));
    expect(report).toContain('**Against another build, pair by pair** (each timed load of this build beside one of /tmp/before');
    expect(report).toContain('| genesys | 3 | 210 / 260 | -60 | 2 of 3 | 340 / 300 | +40 | 0 of 3 |');
    expect(report).not.toContain('| amazon | 3 | 210 /');
    expect(markdownReport(results({ genesys: figures, amazon: figures }))).not.toContain('Against another build');
  });
});
