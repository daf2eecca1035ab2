/**
 * Where a toolbar load spends its time: the moments of its start, in ms from the toolbar frame's navigation start. The
 * core's arrival comes from the frame's Resource Timing; the rest are the User Timing marks the toolbar makes
 * (src/ts/loadMarks.ts; test/bench/toolbarMilestones.test.ts holds the names here to those there). Ready and shown are the
 * sample's own.
 */

/** Each milestone's mark, as src/ts/loadMarks.ts names it. */
export const MILESTONE_MARKS = {
  linkStartedMs: 'toolbar-link-started',
  configuredMs: 'toolbar-configured',
  uefLoadedMs: 'toolbar-uef-loaded',
  fusionConnectedMs: 'toolbar-fusion-connected',
  viewStartedMs: 'toolbar-view-started',
} as const;

export type MilestoneName = 'coreArrivedMs' | keyof typeof MILESTONE_MARKS;
export type Milestones = Partial<Record<MilestoneName, number>>;

/** In the order a load usually passes them, with the words the log and the report use. */
export const MILESTONE_ORDER: ReadonlyArray<{ readonly name: MilestoneName; readonly words: string }> = [
  { name: 'coreArrivedMs', words: 'core arrived' },
  { name: 'linkStartedMs', words: 'link started' },
  { name: 'configuredMs', words: 'configured' },
  { name: 'uefLoadedMs', words: 'UEF client loaded' },
  { name: 'fusionConnectedMs', words: 'Fusion connected' },
  { name: 'viewStartedMs', words: 'view started' },
];

/** The core: js/bundle-<hash>.js in a release build (js/bundle.js before scripts/hash-release-assets.js names it). */
const CORE = /\/js\/bundle(?:-[0-9a-f]{16})?\.js$/;

/**
 * A load's milestones from the frame's marks (name → startTime) and its resources (URL → responseEnd). A milestone the
 * load did not reach, or whose mark came more than once, is left out rather than guessed.
 */
export function milestonesOf(marks: ReadonlyArray<{ readonly name: string; readonly ms: number }>, resources: ReadonlyArray<{ readonly url: string; readonly endMs: number }>): Milestones {
  const milestones: Milestones = {};
  const core = resources.filter((r) => CORE.test(new URL(r.url).pathname));
  if (core.length === 1) milestones.coreArrivedMs = core[0].endMs;
  for (const [name, mark] of Object.entries(MILESTONE_MARKS) as Array<[keyof typeof MILESTONE_MARKS, string]>) {
    const made = marks.filter((m) => m.name === mark);
    if (made.length === 1) milestones[name] = made[0].ms;
  }
  return milestones;
}
