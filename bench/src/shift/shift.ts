/**
 * A shift in one page: calls one after another through one Fusion simulator page with its toolbar, `npm start`'s
 * set-up (ring, answer in Fusion, the customer hangs up, wrap-up closed), never reloading; at each checkpoint the
 * toolbar's renderer is collected (CDP HeapProfiler.collectGarbage) and its JS heap in use (Runtime.getHeapUsage) and
 * DOM counters (Memory.getDOMCounters) read. Flat is the goal: what a call leaves behind grows with the shift.
 * https://chromedevtools.github.io/devtools-protocol/tot/HeapProfiler/#method-collectGarbage ,
 * https://chromedevtools.github.io/devtools-protocol/tot/Runtime/#method-getHeapUsage ,
 * https://chromedevtools.github.io/devtools-protocol/tot/Memory/#method-getDOMCounters
 */
import type { CDPSession } from 'playwright-core';
import { withCallSetup } from '../endToEnd/endToEnd';
import type { FusionSimulatorPage } from '../endToEnd/fusionSimulatorPage';
import { oneCall } from '../endToEnd/oneCall';
import type { Log } from '../log';
import type { ShiftCheckpoint, ShiftResults } from '../results';

/** A shift that breaks this many calls in a row is broken set-up, not a figure. */
const MAX_FAILURES_IN_A_ROW = 10;

/**
 * A CDP session on the toolbar's renderer: its frame's own when Chromium runs it out of process (site isolation),
 * else the page's, whose renderer holds both the Fusion simulator and the toolbar.
 */
async function toolbarSession(fusion: FusionSimulatorPage): Promise<{ session: CDPSession; scope: ShiftResults['scope'] }> {
  const frame = await (await fusion.page.waitForSelector('iframe[title="Media toolbar"]')).contentFrame();
  if (frame) {
    try {
      return { session: await fusion.page.context().newCDPSession(frame), scope: 'toolbar frame' };
    } catch {
      // Not out of process: the page's renderer is the toolbar's.
    }
  }
  return { session: await fusion.page.context().newCDPSession(fusion.page), scope: 'page and toolbar' };
}

async function measure(session: CDPSession, calls: number): Promise<ShiftCheckpoint> {
  await session.send('HeapProfiler.collectGarbage');
  const heap = await session.send('Runtime.getHeapUsage');
  const dom = await session.send('Memory.getDOMCounters');
  return { calls, heapUsedKiB: Math.round(heap.usedSize / 1024), domNodes: dom.nodes, documents: dom.documents, listeners: dom.jsEventListeners };
}

export async function benchShift(options: { checkpoints: readonly number[]; log: Log }): Promise<ShiftResults> {
  const { log } = options;
  const checkpoints = [...options.checkpoints].sort((a, b) => a - b);
  const calls = checkpoints[checkpoints.length - 1];
  return withCallSetup(log, async ({ fusion, customer, observer }) => {
    const { session, scope } = await toolbarSession(fusion);
    await session.send('HeapProfiler.enable');
    await session.send('Runtime.enable');
    const figures: ShiftCheckpoint[] = [await measure(session, 0)];
    let errors = 0;
    let failuresInARow = 0;
    log(`shift: ${calls} calls in one page, measured after ${checkpoints.join(', ')} (${scope})`);
    for (let n = 1; n <= calls; n++) {
      const outcome = await oneCall({ customer, observer, fusion });
      observer.events.clear();
      fusion.records.clear();
      if (outcome.problem !== undefined) {
        errors++;
        failuresInARow++;
        // The page is kept, whatever happened: reopening it would end the shift the benchmark measures.
        if (failuresInARow >= MAX_FAILURES_IN_A_ROW) throw new Error(`shift: ${failuresInARow} calls in a row broke off, the last with: ${outcome.problem}`);
        log(`shift: call ${n} broke off: ${outcome.problem}`);
        await customer.hangsUpEverything();
        await fusion.closeEveryWrapUp(10_000).catch(() => undefined);
      } else {
        failuresInARow = 0;
      }
      if (checkpoints.includes(n)) {
        const checkpoint = await measure(session, n);
        figures.push(checkpoint);
        log(`shift: after ${n} calls: heap ${checkpoint.heapUsedKiB} KiB, ${checkpoint.domNodes} DOM nodes, ${checkpoint.listeners} listeners; ${errors} broken`);
      }
    }
    return { scope, errors, checkpoints: figures };
  });
}
