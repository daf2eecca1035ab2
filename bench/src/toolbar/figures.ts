/** A configuration's cold loads → the figures bench/results.json carries, and a summary of what the bytes are. */
import type { PairedLoads, ToolbarLoadFigures } from '../results';
import { distributionOf, median, rounded } from '../stats';
import type { LoadSample } from './coldLoad';
import { MILESTONE_ORDER, type Milestones } from './milestones';
import type { RequestRecord } from './requestLedger';

const HEAVIEST = 8;

/** `samples`: the timed loads; `traced`: the loads traced for the main thread's work. */
export function figuresOf(samples: readonly LoadSample[], traced: readonly LoadSample[]): ToolbarLoadFigures {
  if (samples.length === 0) throw new Error('toolbar load: no load to report');
  const work = traced.map((s) => s.mainThread).filter((w): w is NonNullable<LoadSample['mainThread']> => w !== undefined);
  const ready = distributionOf(samples.map((s) => s.readyMs));
  const shown = distributionOf(samples.map((s) => s.shownMs));
  const connected = distributionOf(samples.map((s) => s.connectedMs));
  const bytes = samples.map((s) => s.toolbar.bytes);
  const requests = samples.map((s) => s.toolbar.requests);
  const framed = samples.some((s) => s.inToolbar.requests > 0);
  const cpu = work.map((w) => w.cpuMs).filter((ms): ms is number => ms !== undefined);
  return {
    runs: samples.length,
    readyMedianMs: rounded(ready.p50),
    readyMaxMs: rounded(ready.max),
    shownMedianMs: rounded(shown.p50),
    shownMaxMs: rounded(shown.max),
    bytes: median(bytes),
    requests: median(requests),
    bytesMax: Math.max(...bytes),
    requestsMax: Math.max(...requests),
    ...(work.length > 0
      ? {
          tracedReadyMedianMs: rounded(median(traced.map((s) => s.readyMs))),
          mainThreadTaskMedianMs: rounded(median(work.map((w) => w.taskMs))),
        }
      : {}),
    // Only when every load's trace counted thread time: a median of some loads would pass for all of them.
    ...(cpu.length > 0 && cpu.length === work.length ? { mainThreadCpuMedianMs: rounded(median(cpu)) } : {}),
    connectedMedianMs: rounded(connected.p50),
    connectedMaxMs: rounded(connected.max),
    ...(framed ? { framedBytes: median(samples.map((s) => s.inToolbar.bytes)), framedRequests: median(samples.map((s) => s.inToolbar.requests)) } : {}),
    heaviest: heaviest(samples[samples.length - 1].toolbar.records),
    milestones: milestoneMedians(samples),
  };
}

/** Each milestone's median, over the loads: only one every load reached, so that a median of some is not taken for all. */
function milestoneMedians(samples: readonly LoadSample[]): Milestones {
  const medians: Milestones = {};
  for (const { name } of MILESTONE_ORDER) {
    const times = samples.map((s) => s.milestones[name]);
    if (times.every((ms): ms is number => ms !== undefined)) medians[name] = rounded(median(times));
  }
  return medians;
}

/** "core arrived 132, link started 150, …, ready 280, shown 300": a load's milestones (medians) in the order they usually come. */
export function milestonesLine(figures: ToolbarLoadFigures): string {
  const reached = MILESTONE_ORDER.filter(({ name }) => figures.milestones?.[name] !== undefined).map(({ name, words }) => `${words} ${figures.milestones?.[name]}`);
  return [...reached, `ready ${figures.readyMedianMs}`, ...(figures.shownMedianMs === undefined ? [] : [`shown ${figures.shownMedianMs}`])].join(', ');
}

function heaviest(records: readonly RequestRecord[]): { path: string; bytes: number }[] {
  return [...records]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, HEAVIEST)
    .map((r) => ({ path: pathOf(r.url), bytes: r.bytes }));
}

/** Where a request went, without the ephemeral port and the query (the toolbar's URL carries the whole configuration). */
function pathOf(url: string): string {
  const { hostname, pathname } = new URL(url);
  return hostname === 'localhost' || hostname === '127.0.0.1' ? pathname : url;
}

/** Bytes by kind of resource (script, stylesheet…), largest first: what the weight is made of. */
export function bytesByKind(records: readonly RequestRecord[]): string {
  const kinds = new Map<string, { bytes: number; count: number }>();
  for (const r of records) {
    const kind = kinds.get(r.resourceType) ?? { bytes: 0, count: 0 };
    kind.bytes += r.bytes;
    kind.count += 1;
    kinds.set(r.resourceType, kind);
  }
  return [...kinds]
    .sort((a, b) => b[1].bytes - a[1].bytes)
    .map(([kind, { bytes, count }]) => `${kind} ${kib(bytes)} in ${count}`)
    .join(', ');
}

export function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** "path start–end (decoded size)" for each of the toolbar's resources, in the order they started. */
export function timelineOf(sample: LoadSample): string {
  return [...sample.timeline]
    .sort((a, b) => a.startMs - b.startMs)
    .map((e) => `${pathOf(e.name)} ${e.startMs.toFixed(0)}–${e.endMs.toFixed(0)}${e.decodedBytes > 0 ? ` (${kib(e.decodedBytes)})` : ''}`)
    .join(', ');
}

/** This build's timed loads against the other build's, pair by pair (`others[i]` beside `samples[i]`). */
export function pairedFigures(samples: readonly LoadSample[], others: readonly LoadSample[], dir: string): PairedLoads {
  if (others.length !== samples.length || samples.length === 0) throw new Error(`toolbar load: ${samples.length} loads and ${others.length} of the other build do not pair`);
  const ready = samples.map((s, i) => s.readyMs - others[i].readyMs);
  const shown = samples.map((s, i) => s.shownMs - others[i].shownMs);
  return {
    dir,
    pairs: samples.length,
    readyMedianMs: rounded(median(others.map((s) => s.readyMs))),
    shownMedianMs: rounded(median(others.map((s) => s.shownMs))),
    readyDifferenceMedianMs: rounded(median(ready)),
    shownDifferenceMedianMs: rounded(median(shown)),
    readySooner: ready.filter((d) => d < 0).length,
    shownSooner: shown.filter((d) => d < 0).length,
  };
}

/** "median of the differences pair by pair: ready 60 ms sooner (sooner in 29 of 30 pairs; the other build's median 267 ms), shown …". */
export function pairedLine(paired: PairedLoads): string {
  const change = (ms: number) => (ms < 0 ? `${-ms} ms sooner` : ms > 0 ? `${ms} ms later` : 'no change');
  return (
    `median of the differences pair by pair: ready ${change(paired.readyDifferenceMedianMs)} (sooner in ${paired.readySooner} of ${paired.pairs} pairs; the other build's median ${paired.readyMedianMs} ms), ` +
    `shown ${change(paired.shownDifferenceMedianMs)} (sooner in ${paired.shownSooner} of ${paired.pairs}; the other build's median ${paired.shownMedianMs} ms)`
  );
}
