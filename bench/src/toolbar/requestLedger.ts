/**
 * Every request a page of the Fusion simulator makes, filed by the frame that made it: the host page (Fusion's part),
 * the toolbar (the simulator page's only iframe) or a frame inside the toolbar (the CCP Streams frames, standing for
 * Amazon's hosted CCP). Playwright reports requests of out-of-process frames too. Requests and WebSockets that leave
 * loopback are noted: nothing of the toolbar may come from the Internet (a CDN), and this machine has no way there.
 * A WebSocket (the Genesys bridge's event socket) is not a request here: it is the vendor link, not what a load fetches.
 */
import type { Frame, Page, Request } from 'playwright-core';

export type Part = 'host' | 'toolbar' | 'inToolbar' | 'unattributed';

export interface RequestRecord {
  readonly url: string;
  readonly part: Part;
  readonly resourceType: string;
  readonly status: number | null;
  readonly failure: string | null;
  /** Downloaded: response headers and the encoded (compressed) body, as DevTools' "transferred" counts. */
  readonly bytes: number;
}

interface Entry {
  readonly request: Request;
  readonly part: Part;
  done: boolean;
  failure: string | null;
  outcome?: Promise<{ status: number | null; bytes: number; problem: string | null }>;
}

export class RequestLedger {
  /** Addresses off loopback that the page asked for (http(s) requests and WebSockets). */
  readonly outside: string[] = [];
  /** Rejects at the first address off loopback, so that a load waiting on the toolbar can stop at once. */
  readonly leftLoopback: Promise<never>;
  private noteOutside: (url: string) => void = () => {};
  private readonly entries: Entry[] = [];
  private readonly byRequest = new Map<Request, Entry>();
  private lastActivity = performance.now();

  constructor(page: Page) {
    this.leftLoopback = new Promise<never>((_, reject) => {
      this.noteOutside = (url) => reject(new Error(`the toolbar asked for ${url}, off loopback`));
    });
    this.leftLoopback.catch(() => {}); // only awaited while a load waits
    page.on('request', (request) => {
      if (!isLoopback(request.url())) this.addOutside(request.url());
      const entry: Entry = { request, part: partOf(request), done: false, failure: null };
      this.entries.push(entry);
      this.byRequest.set(request, entry);
      this.lastActivity = performance.now();
    });
    page.on('requestfinished', (request) => {
      const entry = this.byRequest.get(request);
      if (!entry) return;
      entry.done = true;
      // Asked for at once: the sizes are known once the request finished.
      entry.outcome = Promise.all([request.sizes(), request.response()]).then(
        ([sizes, response]) => ({ status: response?.status() ?? null, bytes: sizes.responseHeadersSize + sizes.responseBodySize, problem: null }),
        (error: unknown) => ({ status: null, bytes: 0, problem: `its size is unknown (${error instanceof Error ? error.message.split('\n')[0] : String(error)})` }),
      );
      this.lastActivity = performance.now();
    });
    page.on('requestfailed', (request) => {
      const entry = this.byRequest.get(request);
      if (!entry) return;
      entry.done = true;
      entry.failure = request.failure()?.errorText ?? 'failed';
      this.lastActivity = performance.now();
    });
    page.on('websocket', (socket) => {
      if (!isLoopback(socket.url())) this.addOutside(socket.url());
    });
  }

  private addOutside(url: string): void {
    this.outside.push(url);
    this.noteOutside(url);
  }

  /** The toolbar's (and its frames') requests still under way. */
  pending(): string[] {
    return this.entries.filter((e) => !e.done && (e.part === 'toolbar' || e.part === 'inToolbar')).map((e) => e.request.url());
  }

  /**
   * Waits until the toolbar and its frames have had nothing under way for `quietMs` (the host page's own polling of
   * the bridge does not count), so that a load's figures include everything its start-up fetched.
   */
  async waitForQuiet(quietMs: number, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const now = performance.now();
      if (this.pending().length === 0 && now - this.lastActivity >= quietMs) return;
      if (now > deadline) {
        throw new Error(`the toolbar's requests did not settle within ${timeoutMs / 1000} s; still under way: ${this.pending().join(', ') || '(none, but new ones kept starting)'}`);
      }
      await new Promise((resolveWait) => setTimeout(resolveWait, 50));
    }
  }

  /** Every request so far, with its status and size. */
  async records(): Promise<RequestRecord[]> {
    return Promise.all(
      this.entries.map(async (entry) => {
        const outcome = entry.outcome ? await entry.outcome : { status: null, bytes: 0, problem: null };
        return {
          url: entry.request.url(),
          part: entry.part,
          resourceType: entry.request.resourceType(),
          status: outcome.status,
          failure: entry.failure ?? outcome.problem ?? (entry.done ? null : 'still under way'),
          bytes: outcome.bytes,
        };
      }),
    );
  }
}

export function isLoopback(address: string): boolean {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) return true; // data:, blob:, about: stay in the browser
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/** The simulator page frames only the toolbar; anything deeper was framed by the toolbar. */
function partOf(request: Request): Part {
  let frame: Frame;
  try {
    frame = request.frame();
  } catch {
    return 'unattributed'; // a service worker's request
  }
  let depth = 0;
  for (let parent = frame.parentFrame(); parent; parent = parent.parentFrame()) depth++;
  return depth === 0 ? 'host' : depth === 1 ? 'toolbar' : 'inToolbar';
}
