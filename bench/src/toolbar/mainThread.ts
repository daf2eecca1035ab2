/**
 * The toolbar's main-thread work up to ready, read from a Chromium trace (the Trace Event Format:
 * https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU). Chromium runs the cross-origin
 * toolbar frame in a renderer of its own; each task its main thread (CrRendererMain) runs is a complete event ("X")
 * named RunTask (category disabled-by-default-devtools.timeline) with its wall duration (`dur`) and, where the
 * platform counts thread time, its CPU time (`tdur`), both in µs on the trace's clock. The frame's navigation start is
 * the renderer's `navigationStart` mark (blink.user_timing), whose `ts` is the frame's performance.timeOrigin on the
 * same clock, so "ready", measured from that origin, falls at navigationStart.ts + ready.
 */

/** The categories a trace needs for mainThreadToReady. */
export const MAIN_THREAD_TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline', 'blink.user_timing'] as const;

export interface MainThreadWork {
  /** Tasks that ran between the navigation start and ready (those cut by either end counted in part). */
  readonly tasks: number;
  /** Their wall time on the main thread. */
  readonly taskMs: number;
  /** Their CPU time (absent when the trace has no thread time). */
  readonly cpuMs?: number;
}

interface CompleteEvent {
  readonly ts: number;
  readonly dur: number;
  readonly tdur?: number;
}

interface NavigationStart {
  readonly pid: number;
  readonly tid: number;
  readonly ts: number;
  readonly url: string;
}

/** A trace as Chromium writes it (`{"traceEvents": [...]}` or a bare array) → its events; a malformed trace is refused. */
export function traceEventsOf(text: string): readonly unknown[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`the trace is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const events = Array.isArray(parsed) ? parsed : isRecord(parsed) ? parsed.traceEvents : undefined;
  if (!Array.isArray(events)) throw new Error('the trace has no traceEvents array');
  return events;
}

/**
 * The main-thread work of the renderer that loaded the document at `documentUrl` (a prefix: the toolbar's URL carries
 * its configuration in the query), from its navigation start to `readyMs` after it. Refused when the document shares
 * its renderer with the page that frames it (`pageUrl`): the work could not be told apart.
 */
export function mainThreadToReady(events: readonly unknown[], documentUrl: string, pageUrl: string, readyMs: number): MainThreadWork {
  if (!(readyMs > 0)) throw new Error(`ready must be after the navigation start, not ${readyMs} ms`);
  const starts = events.map(navigationStartOf).filter((start): start is NavigationStart => start !== undefined);
  const document = starts.find((start) => start.url.startsWith(documentUrl));
  if (!document) throw new Error(`the trace has no navigationStart of ${documentUrl} (navigations traced: ${starts.map((start) => start.url || '(blank)').join(', ') || 'none'})`);
  const page = starts.find((start) => start.url.startsWith(pageUrl));
  if (page?.pid === document.pid) throw new Error(`${documentUrl} ran in the renderer of the page that frames it (process ${page.pid}): its main-thread work cannot be told apart`);
  const from = document.ts;
  const to = from + readyMs * 1000;
  const tasks = events
    .filter((event) => isRecord(event) && event.name === 'RunTask' && event.ph === 'X' && event.pid === document.pid && event.tid === document.tid)
    .map(completeEventOf)
    .filter((task): task is CompleteEvent => task !== undefined)
    .sort((a, b) => a.ts - b.ts);
  let count = 0;
  let wallUs = 0;
  let cpuUs = 0;
  let timed = tasks.length > 0;
  let outerEnd = Number.NEGATIVE_INFINITY;
  for (const task of tasks) {
    const end = task.ts + task.dur;
    // A task run inside another (a nested run loop) is already in its parent's time.
    if (end <= outerEnd) continue;
    outerEnd = end;
    const inside = Math.min(end, to) - Math.max(task.ts, from);
    if (inside <= 0) continue;
    count += 1;
    wallUs += inside;
    if (task.tdur === undefined) timed = false;
    // A task cut by the window's ends is charged the CPU of its part inside, in proportion.
    else cpuUs += task.dur > 0 ? task.tdur * (inside / task.dur) : 0;
  }
  return { tasks: count, taskMs: wallUs / 1000, ...(timed ? { cpuMs: cpuUs / 1000 } : {}) };
}

function navigationStartOf(event: unknown): NavigationStart | undefined {
  if (!isRecord(event) || event.name !== 'navigationStart' || !isRecord(event.args) || !isRecord(event.args.data)) return undefined;
  const { pid, tid, ts } = event;
  const url = event.args.data.documentLoaderURL;
  if (typeof pid !== 'number' || typeof tid !== 'number' || typeof ts !== 'number' || typeof url !== 'string') return undefined;
  return { pid, tid, ts, url };
}

function completeEventOf(event: unknown): CompleteEvent | undefined {
  if (!isRecord(event)) return undefined;
  const { ts, dur, tdur } = event;
  if (typeof ts !== 'number' || typeof dur !== 'number' || dur < 0) return undefined;
  return { ts, dur, ...(typeof tdur === 'number' && tdur >= 0 ? { tdur } : {}) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
