/**
 * One cold load of the toolbar under the Fusion simulator: a new browser context (empty cache and storage) opens the
 * simulator page, which frames the toolbar cross-origin. Times are taken in the browser, on the epoch clock both
 * frames share: from the toolbar frame's navigation start (its performance.timeOrigin) to the Fusion simulator
 * receiving the toolbar's first agentStateEventOperation (OperationRecord.at). A traced load records the browser
 * through the load, for the toolbar renderer's main-thread work up to that moment (mainThread.ts); tracing slows the
 * load it watches, so the load's times are taken from loads that are not traced.
 */
import type { Browser, Frame, Page } from 'playwright-core';
import { MAIN_THREAD_TRACE_CATEGORIES, mainThreadToReady, traceEventsOf, type MainThreadWork } from './mainThread';
import { milestonesOf, type Milestones } from './milestones';
import { RequestLedger, type RequestRecord } from './requestLedger';

const READY_TIMEOUT_MS = 30000;
/** Amazon: Streams' own start-up (CCP load, acknowledge) comes first. */
const CONNECTED_TIMEOUT_MS = 40000;
const QUIET_MS = 500;
const SETTLE_TIMEOUT_MS = 10000;

export interface LoadTarget {
  /** The simulator page, e.g. http://localhost:PORT/simulator.html?vendor=amazon. */
  readonly pageUrl: string;
  /** Where the page frames the toolbar: the other loopback name, same port. */
  readonly toolbarOrigin: string;
  /** A request the toolbar must have made for the load to count (Amazon: the Streams library). */
  readonly mustRequest?: { readonly pattern: RegExp; readonly what: string };
}

export interface Traffic {
  readonly bytes: number;
  readonly requests: number;
  readonly records: readonly RequestRecord[];
}

export interface LoadSample {
  /** Toolbar navigation start → Fusion received its first agentStateEventOperation. */
  readonly readyMs: number;
  /**
   * Toolbar navigation start → Fusion received the second agentStateEventOperation: the vendor's own agent state, after
   * the "Connecting to the phone system" the toolbar publishes first (the toolbar connected to its vendor).
   */
  readonly connectedMs: number;
  /**
   * Toolbar navigation start → the toolbar's view up and showing the core's state, its components rendered (the
   * frame's `toolbar-shown` User Timing mark, src/ts/root.ts). The link to Fusion starts before the view's modules
   * run, so ready may come first.
   */
  readonly shownMs: number;
  /** The toolbar frame's own requests: its document and subresources, the bridge's HTTP API. */
  readonly toolbar: Traffic;
  /** Requests of frames inside the toolbar (the CCP emulator, standing for Amazon's hosted CCP). */
  readonly inToolbar: Traffic;
  /** The toolbar renderer's main thread from the frame's navigation start to ready: traced loads only. */
  readonly mainThread?: MainThreadWork;
  /** The toolbar frame's Resource Timing, ms from its navigation start: where the time went. */
  readonly timeline: readonly TimelineEntry[];
  /** The moments of the toolbar's start (its core's arrival, its User Timing marks), ms from its navigation start. */
  readonly milestones: Milestones;
}

export interface TimelineEntry {
  readonly name: string;
  readonly startMs: number;
  readonly endMs: number;
  /** Uncompressed body size (0 where the browser may not tell, e.g. the bridge's cross-origin API). */
  readonly decodedBytes: number;
}

interface AgentStateRecord {
  at: number;
  ok: boolean;
  error?: string;
  state?: string;
  stateDisplayString?: string;
}

export async function coldLoad(browser: Browser, target: LoadTarget, options: { readonly traced: boolean }): Promise<LoadSample> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  let tracing = false;
  try {
    if (options.traced) {
      await browser.startTracing(undefined, { categories: [...MAIN_THREAD_TRACE_CATEGORIES] });
      tracing = true;
    }
    const page = await context.newPage();
    const ledger = new RequestLedger(page);
    try {
      // A request off loopback ends the wait at once: it cannot be answered here, and the run fails on it anyway.
      const untilOffLoopback = <T>(step: Promise<T>) => Promise.race([step, ledger.leftLoopback]);
      await untilOffLoopback(page.goto(target.pageUrl, { waitUntil: 'commit' }));
      await untilOffLoopback(waitForAgentStates(page, 1, READY_TIMEOUT_MS, 'the toolbar’s first agentStateEventOperation'));
      await untilOffLoopback(
        waitForAgentStates(page, 2, CONNECTED_TIMEOUT_MS, 'a second agentStateEventOperation (the vendor’s agent state: the toolbar connected to its vendor)'),
      );
      await untilOffLoopback(ledger.waitForQuiet(QUIET_MS, SETTLE_TIMEOUT_MS));
    } catch (error) {
      throw new Error(`${outsideMessage(ledger) ?? (error instanceof Error ? error.message : String(error))}\n${await diagnosis(page, ledger)}`, { cause: error });
    }
    const outside = outsideMessage(ledger);
    if (outside) throw new Error(outside);

    const frame = toolbarFrame(page, target.toolbarOrigin);
    const shownMs = await shownAt(frame);
    const { timeOrigin, timeline, marks } = await frame.evaluate(() => ({
      timeOrigin: performance.timeOrigin,
      marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name, ms: m.startTime })),
      timeline: (performance.getEntriesByType('navigation') as PerformanceResourceTiming[])
        .concat(performance.getEntriesByType('resource') as PerformanceResourceTiming[])
        .map((e) => ({ name: e.name, startMs: e.startTime, endMs: e.responseEnd, decodedBytes: e.decodedBodySize })),
    }));
    const [first, connected] = await agentStateRecords(page);
    if (!first || !connected) throw new Error('the Fusion simulator lost the agentStateEventOperations it had received');
    for (const record of [first, connected]) {
      if (!record.ok) throw new Error(`the Fusion simulator refused the toolbar's agentStateEventOperation "${record.stateDisplayString ?? record.state ?? ''}": ${record.error ?? '(no reason given)'}`);
    }

    const readyMs = first.at - timeOrigin;
    if (!(readyMs > 0)) throw new Error(`the first agentStateEventOperation is stamped ${readyMs.toFixed(1)} ms after the toolbar's navigation start; the clocks disagree`);
    const milestones = milestonesOf(marks, timeline.map((e) => ({ url: e.name, endMs: e.endMs })));
    const sample = { readyMs, shownMs, connectedMs: connected.at - timeOrigin, ...checkedTraffic(await ledger.records(), target), timeline, milestones };
    if (!tracing) return sample;
    tracing = false;
    const trace = traceEventsOf((await browser.stopTracing()).toString('utf8'));
    return { ...sample, mainThread: mainThreadToReady(trace, `${target.toolbarOrigin}/index.html`, target.pageUrl, readyMs) };
  } finally {
    // A trace left running would refuse the next load's.
    if (tracing) await browser.stopTracing().catch(() => undefined);
    await context.close();
  }
}

/** The toolbar's and its frames' traffic, once every request of theirs is known to have succeeded and be placed. */
function checkedTraffic(records: readonly RequestRecord[], target: LoadTarget): { toolbar: Traffic; inToolbar: Traffic } {
  const broken = records.filter((r) => r.part !== 'host' && (r.failure !== null || r.status === null || r.status >= 400));
  if (broken.length > 0) {
    throw new Error(`requests of the toolbar failed: ${broken.map((r) => `${r.url} (${r.failure ?? `HTTP ${r.status ?? '?'}`})`).join(', ')}`);
  }
  const unattributed = records.filter((r) => r.part === 'unattributed');
  if (unattributed.length > 0) throw new Error(`requests no frame made (a worker's?), which the figures cannot place: ${unattributed.map((r) => r.url).join(', ')}`);
  const toolbar = trafficOf(records.filter((r) => r.part === 'toolbar'));
  if (toolbar.requests === 0) throw new Error('no request was filed under the toolbar frame');
  const must = target.mustRequest;
  if (must && !toolbar.records.some((r) => must.pattern.test(r.url))) {
    throw new Error(`the toolbar did not load ${must.what}; its requests: ${toolbar.records.map((r) => r.url).join(', ')}`);
  }
  return { toolbar, inToolbar: trafficOf(records.filter((r) => r.part === 'inToolbar')) };
}

function trafficOf(records: RequestRecord[]): Traffic {
  return { bytes: records.reduce((sum, r) => sum + r.bytes, 0), requests: records.length, records };
}

/** The simulator page's only iframe, holding the toolbar's document. */
function toolbarFrame(page: Page, toolbarOrigin: string): Frame {
  const frames = page.mainFrame().childFrames();
  const frame = frames.find((f) => f.url().startsWith(`${toolbarOrigin}/index.html`));
  if (!frame) throw new Error(`the toolbar frame (${toolbarOrigin}/index.html) is not in the simulator page; its frames: ${frames.map((f) => f.url()).join(', ') || 'none'}`);
  return frame;
}

/** When the toolbar marked its view shown (ms from its navigation start), waiting for the mark if need be. */
async function shownAt(frame: Frame): Promise<number> {
  try {
    const handle = await frame.waitForFunction(() => performance.getEntriesByName('toolbar-shown', 'mark')[0]?.startTime, undefined, { timeout: READY_TIMEOUT_MS, polling: 50 });
    return await handle.jsonValue();
  } catch (error) {
    throw new Error(`the toolbar did not mark its view shown (toolbar-shown) within ${READY_TIMEOUT_MS / 1000} s (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, {
      cause: error,
    });
  }
}

async function waitForAgentStates(page: Page, count: number, timeoutMs: number, what: string): Promise<void> {
  try {
    await page.waitForFunction(
      (wanted) => {
        const simulator = (window as unknown as { fusionSimulator?: { operations: Array<{ operation: string }> } }).fusionSimulator;
        return (simulator?.operations.filter((o) => o.operation === 'agentStateEventOperation').length ?? 0) >= wanted;
      },
      count,
      { timeout: timeoutMs, polling: 50 },
    );
  } catch (error) {
    throw new Error(`the Fusion simulator did not receive ${what} within ${timeoutMs / 1000} s (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`, {
      cause: error,
    });
  }
}

/** The agentStateEventOperations Fusion received, in order. */
function agentStateRecords(page: Page): Promise<AgentStateRecord[]> {
  return page.evaluate(() =>
    (window as unknown as { fusionSimulator: { operations: Array<AgentStateRecord & { operation: string }> } }).fusionSimulator.operations
      .filter((o) => o.operation === 'agentStateEventOperation')
      .map(({ at, ok, error, state, stateDisplayString }) => ({ at, ok, error, state, stateDisplayString })),
  );
}

function outsideMessage(ledger: RequestLedger): string | null {
  if (ledger.outside.length === 0) return null;
  return `the load left loopback (the toolbar and JET must come from the toolbar's own server, never a CDN): ${[...new Set(ledger.outside)].join(', ')}`;
}

/** What the page and the toolbar showed, and what Fusion received, for a load that did not get where it should. */
async function diagnosis(page: Page, ledger: RequestLedger): Promise<string> {
  const lines: string[] = [];
  const text = async (what: string, read: () => Promise<string | null>) => {
    try {
      lines.push(`${what}: "${((await read()) ?? '').replace(/\s+/g, ' ').trim().slice(0, 400)}"`);
    } catch (error) {
      lines.push(`${what}: unreadable (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
    }
  };
  await text('Fusion simulator error line', () => page.locator('#error-line').textContent({ timeout: 1000 }));
  await text('toolbar', () => page.frameLocator('#toolbar-frame').locator('main').textContent({ timeout: 1000 }));
  await text('UEF operations Fusion received', async () =>
    page.evaluate(() =>
      ((window as unknown as { fusionSimulator?: { operations: Array<{ operation: string; stateDisplayString?: string }> } }).fusionSimulator?.operations ?? [])
        .map((o) => (o.stateDisplayString !== undefined ? `${o.operation} "${o.stateDisplayString}"` : o.operation))
        .join(', '),
    ),
  );
  const pending = ledger.pending();
  if (pending.length > 0) lines.push(`toolbar requests still under way: ${pending.join(', ')}`);
  const failed = (await ledger.records()).filter(
    (r) => r.part !== 'host' && ((r.failure !== null && r.failure !== 'still under way') || (r.status ?? 0) >= 400),
  );
  const described = [...new Set(failed.map((r) => `${r.url} (${r.failure ?? `HTTP ${r.status ?? '?'}`})`))];
  if (described.length > 0) lines.push(`failed requests of the toolbar: ${described.slice(0, 20).join(', ')}${described.length > 20 ? ', …' : ''}`);
  return lines.join('\n');
}
