import { Browser, Frame, Page, chromium } from 'playwright-core';

/** Debian's chromium (playwright cannot download its own browser here). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** `extraArgs`: more of Chromium's switches (the HTTPS tests trust their own certificate with one). */
export function launch(extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...extraArgs],
  });
}

/**
 * The toolbar's frame in the Fusion simulator's page. Throws when it is not loaded, so that a wait or a check in it
 * fails loudly instead of being skipped.
 */
export function toolbarFrame(page: Page): Frame {
  const frame = page.frames().find((f) => f.url().includes('/index.html'));
  if (!frame) throw new Error('The toolbar frame is not loaded.');
  return frame;
}

/** Records every request that leaves loopback: the toolbar must load without any. */
export function watchOutsideRequests(page: Page): string[] {
  const outside: string[] = [];
  page.on('request', (request) => {
    const { protocol, hostname } = new URL(request.url());
    if ((protocol === 'http:' || protocol === 'https:') && hostname !== 'localhost' && hostname !== '127.0.0.1') outside.push(request.url());
  });
  return outside;
}

export interface OperationRecord {
  operation: string;
  eventId?: string;
  reason?: string;
}

export function operations(page: Page): Promise<OperationRecord[]> {
  return page.evaluate(() => (window as unknown as { fusionSimulator: { operations: OperationRecord[] } }).fusionSimulator.operations.map(({ operation, eventId, reason }) => ({ operation, eventId, reason })));
}
