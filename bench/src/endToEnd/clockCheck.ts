/**
 * The latencies subtract a browser page's stamp from the bridge's (or the other way round), so both must read the
 * same clock (epoch milliseconds, performance.timeOrigin + now). Node's and Chromium's timeOrigin are both taken from
 * the system clock at their start; this measures how far the page's reading is from Node's, to show it is negligible.
 */
import type { Page } from 'playwright-core';
import { epochNow } from '../clock';

export interface ClockOffset {
  /** The page's clock minus Node's (ms); the ring figure carries it with a plus sign, the answer figure with a minus. */
  readonly offsetMs: number;
  /** Half the round trip of the best reading: the offset is known to within this. */
  readonly uncertaintyMs: number;
}

export async function pageClockOffset(page: Page, readings = 20): Promise<ClockOffset> {
  let best: ClockOffset | undefined;
  for (let i = 0; i < readings; i++) {
    const before = epochNow();
    const pageNow = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = epochNow();
    const reading = { offsetMs: pageNow - (before + after) / 2, uncertaintyMs: (after - before) / 2 };
    if (best === undefined || reading.uncertaintyMs < best.uncertaintyMs) best = reading;
  }
  return best as ClockOffset;
}
