/**
 * `--compare`: each figure of a run against a saved results file, with the change in percent, so that what a change
 * does to latency and cost shows in review. Figures are found by walking the results (any shape, old or new): every
 * number is a figure, named by its path, and a step in a list is named by the agent count or call count it is about,
 * so that steps are matched by what they measured rather than by position.
 */
import type { SavedResults } from './savedResults';

export interface Figure {
  /** Where it sits, e.g. bridge.steps[agents=1000].cpuPerEventUs. */
  readonly name: string;
  readonly value: number;
}

export interface Change {
  readonly name: string;
  readonly old?: number;
  readonly new?: number;
  /** (new − old) ÷ |old| × 100; absent when either is missing, or old is 0 and new is not. */
  readonly percent?: number;
}

/** Parts of a results file that are not figures: the machine, the run's own length, the toolbar's largest files by name. */
const NOT_FIGURES: ReadonlySet<string> = new Set(['date', 'command', 'quick', 'machine', 'durationSeconds', 'failures', 'heaviest']);
/** What a step in a list is about: its name in the figures', and not a figure itself. */
const STEP_KEYS = ['agents', 'calls'] as const;
/** Numbers that say what was run rather than how it went: set apart, and shown when the two runs differ in them. */
const SETTINGS: ReadonlySet<string> = new Set([
  'agents',
  'calls',
  'callsPerSecond',
  'holdMs',
  'measureSeconds',
  'openFileLimit',
  'sourceAddresses',
  'sendBufferBytes',
  'slowClients',
  'floodCallsPerSecond',
  'runs',
  'kills',
  'seed',
]);

export interface Flattened {
  readonly figures: readonly Figure[];
  readonly settings: readonly Figure[];
}

/** Every figure and setting of a results file, in the file's order. */
export function flatten(results: Readonly<Record<string, unknown>>): Flattened {
  const figures: Figure[] = [];
  const settings: Figure[] = [];
  const walk = (value: unknown, name: string, key: string): void => {
    if (typeof value === 'number') {
      if (Number.isFinite(value)) (SETTINGS.has(key) ? settings : figures).push({ name, value });
    } else if (Array.isArray(value)) {
      value.forEach((element: unknown, index) => {
        const step = stepOf(element);
        if (step) walkObject(step.fields, `${name}[${step.key}=${step.value}]`, step.key);
        else walk(element, `${name}[${index}]`, key);
      });
    } else if (isRecord(value)) {
      walkObject(value, name);
    }
  };
  const walkObject = (object: Readonly<Record<string, unknown>>, name: string, skip?: string): void => {
    for (const [key, value] of Object.entries(object)) {
      if (key === skip || NOT_FIGURES.has(key)) continue;
      walk(value, name ? `${name}.${key}` : key, key);
    }
  };
  walkObject(results, '');
  return { figures, settings };
}

/** An element of a list that is a step: what names it (its agent count, say), and its fields. */
function stepOf(element: unknown): { key: string; value: number; fields: Readonly<Record<string, unknown>> } | undefined {
  if (!isRecord(element)) return undefined;
  for (const key of STEP_KEYS) {
    const value = element[key];
    if (typeof value === 'number') return { key, value, fields: element };
  }
  return undefined;
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The figures of both, in the new run's order, those only in the old one last. */
export function compareFigures(old: readonly Figure[], now: readonly Figure[]): Change[] {
  const before = new Map(old.map((figure) => [figure.name, figure.value]));
  const changes: Change[] = now.map(({ name, value }) => {
    const was = before.get(name);
    const percent = was === undefined ? undefined : percentChange(was, value);
    return { name, ...(was !== undefined ? { old: was } : {}), new: value, ...(percent !== undefined ? { percent } : {}) };
  });
  const seen = new Set(now.map((figure) => figure.name));
  for (const { name, value } of old) if (!seen.has(name)) changes.push({ name, old: value });
  return changes;
}

export function percentChange(old: number, now: number): number | undefined {
  if (old === now) return 0;
  if (old === 0) return undefined;
  return ((now - old) / Math.abs(old)) * 100;
}

/** "+3.4 %", "-12 %", "0 %"; "—" where there is no percentage (a figure from 0, or in one run only). */
export function formatPercent(percent: number | undefined): string {
  if (percent === undefined) return '—';
  const magnitude = Math.abs(percent);
  const digits = magnitude >= 10 ? 0 : 1;
  const shown = magnitude.toFixed(digits);
  if (Number(shown) === 0) return '0 %';
  return `${percent > 0 ? '+' : '-'}${shown} %`;
}

/** The comparison as Markdown: what was compared, what differs in how the runs were made, then one row a figure. */
export function markdownComparison(old: SavedResults, now: SavedResults): string {
  const before = flatten(old.body);
  const after = flatten(now.body);
  const lines = [
    `**Compared with ${old.source}** (old: ${old.date}, \`${old.command}\`; new: ${now.source}, ${now.date}, \`${now.command}\`; change = (new − old) ÷ old)`,
  ];
  const differences = [
    ...(old.machine !== now.machine ? [`the machine (old: ${old.machine}; new: ${now.machine})`] : []),
    ...(old.chromium !== undefined && now.chromium !== undefined && old.chromium !== now.chromium ? [`Chromium (old: ${old.chromium}; new: ${now.chromium})`] : []),
    // Settings of benchmarks that ran in both: one that ran in only one run has its figures in one column only.
    ...compareFigures(before.settings, after.settings)
      .filter((change) => change.old !== undefined && change.new !== undefined && change.old !== change.new)
      .map((change) => `${change.name} (old: ${show(change.old)}; new: ${show(change.new)})`),
  ];
  if (differences.length > 0) lines.push(`Measured under other conditions: ${differences.join(', ')}.`);
  const rows = compareFigures(before.figures, after.figures);
  if (rows.length === 0) return `${lines.join('\n')}\n\nNo figure in either.\n`;
  const table = [
    '| figure | old | new | change |',
    '| --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.name} | ${show(row.old)} | ${show(row.new)} | ${formatPercent(row.percent)} |`),
  ];
  return `${lines.join('\n')}\n\n${table.join('\n')}\n`;
}

function show(value: number | undefined): string {
  return value === undefined ? '—' : String(value);
}
