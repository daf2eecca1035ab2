import type { LoadSample } from '../../bench/src/toolbar/coldLoad';
import type { Milestones } from '../../bench/src/toolbar/milestones';

/** A timed toolbar load as coldLoad() reports one, with only the times a test sets: no requests of its own, no trace. */
export function loadSample(times: { readyMs: number; shownMs?: number; milestones?: Milestones }): LoadSample {
  const traffic = { bytes: 1000, requests: 9, records: [] };
  return {
    readyMs: times.readyMs,
    shownMs: times.shownMs ?? times.readyMs + 10,
    connectedMs: times.readyMs + 40,
    toolbar: traffic,
    inToolbar: { bytes: 0, requests: 0, records: [] },
    timeline: [],
    milestones: times.milestones ?? {},
  };
}
