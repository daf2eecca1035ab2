/** @jest-environment node */
/**
 * bench/src/toolbar/milestones.ts and its medians (figures.ts): the moments of a toolbar load, read from the marks the
 * toolbar makes (src/ts/loadMarks.ts) and the core's Resource Timing.
 */
import { figuresOf, milestonesLine } from '../../bench/src/toolbar/figures';
import { MILESTONE_MARKS, milestonesOf, type Milestones } from '../../bench/src/toolbar/milestones';
import { LOAD_MARK } from '../../src/ts/loadMarks';
import { loadSample } from './loadSample';

const ORIGIN = 'http://127.0.0.1:4000';

function sample(readyMs: number, milestones: Milestones) {
  return loadSample({ readyMs, milestones });
}

describe('toolbar load milestones', () => {
  it('reads every mark the toolbar makes on its start, but the shown one the sample has already', () => {
    const { shown, ...starts } = LOAD_MARK;
    expect(shown).toBe('toolbar-shown');
    expect(Object.values(MILESTONE_MARKS).sort()).toEqual(Object.values(starts).sort());
  });

  it('takes the core’s arrival from its file, named after its content or not, and each mark once made', () => {
    const marks = [
      { name: 'toolbar-link-started', ms: 150.2 },
      { name: 'toolbar-configured', ms: 155 },
      { name: 'toolbar-uef-loaded', ms: 210 },
      { name: 'toolbar-fusion-connected', ms: 262.5 },
      { name: 'toolbar-view-started', ms: 230 },
      { name: 'toolbar-shown', ms: 300 },
      { name: 'someone-elses-mark', ms: 1 },
    ];
    const resources = [
      { url: `${ORIGIN}/index.html?vendor=genesys`, endMs: 20 },
      { url: `${ORIGIN}/js/libs/require/require.js`, endMs: 120 },
      { url: `${ORIGIN}/js/bundle-0123456789abcdef.js`, endMs: 132 },
      { url: `${ORIGIN}/js/view-0123456789abcdef.js`, endMs: 140 },
    ];
    expect(milestonesOf(marks, resources)).toEqual({ coreArrivedMs: 132, linkStartedMs: 150.2, configuredMs: 155, uefLoadedMs: 210, fusionConnectedMs: 262.5, viewStartedMs: 230 });
    expect(milestonesOf([], [{ url: `${ORIGIN}/js/bundle.js`, endMs: 99 }])).toEqual({ coreArrivedMs: 99 });
  });

  it('leaves out a milestone the load did not reach or reached twice, rather than guess which', () => {
    const twice = [
      { name: 'toolbar-configured', ms: 155 },
      { name: 'toolbar-configured', ms: 190 },
    ];
    const twoCores = [
      { url: `${ORIGIN}/js/bundle-0123456789abcdef.js`, endMs: 132 },
      { url: `${ORIGIN}/js/bundle.js`, endMs: 140 },
    ];
    expect(milestonesOf(twice, twoCores)).toEqual({});
  });

  it('reports the median of a milestone every load reached, leaves out one some loads did not, and lists them with ready and shown', () => {
    const figures = figuresOf(
      [sample(200, { coreArrivedMs: 100, linkStartedMs: 120, uefLoadedMs: 150 }), sample(220, { coreArrivedMs: 130, linkStartedMs: 150 }), sample(260, { coreArrivedMs: 110, linkStartedMs: 140, uefLoadedMs: 170 })],
      [],
    );
    expect(figures.milestones).toEqual({ coreArrivedMs: 110, linkStartedMs: 140 });
    expect(milestonesLine(figures)).toBe('core arrived 110, link started 140, ready 220, shown 230');
  });
});
