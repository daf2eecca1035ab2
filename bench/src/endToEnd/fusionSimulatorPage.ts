/**
 * The Fusion simulator page (`npm start`'s simulator.html) with the toolbar framed cross-origin, driven as an agent
 * drives it: its buttons are clicked, never its functions called. Every UEF operation the page receives and every
 * event it sends the toolbar is forwarded here as it happens, with the page's own stamp (`at`), through a binding: the
 * benchmark waits on those records instead of polling the page.
 */
import type { Browser, FrameLocator, Locator, Page } from 'playwright-core';
import { RecordFeed } from './recordFeed';

/** The fields of dev/fusionSimulator.ts's OperationRecord that the benchmark reads. */
export interface FusionOperation {
  readonly kind: 'operation';
  readonly operation: string;
  readonly eventId?: string;
  readonly reason?: string;
  readonly isAvailable?: boolean;
  /** When the page received it: epoch milliseconds with a fraction. */
  readonly at: number;
  readonly ok: boolean;
  readonly error?: string;
}

/** The fields of dev/fusionSimulator.ts's EventRecord that the benchmark reads; forwarded once it has its outcome. */
export interface FusionEvent {
  readonly kind: 'event';
  readonly eventName: string;
  readonly eventId?: string;
  readonly command?: string;
  /** When the page sent it to the toolbar: epoch milliseconds with a fraction. */
  readonly at: number;
  readonly result: 'success' | 'failure';
  readonly resultDisplayString?: string;
}

export type FusionRecord = FusionOperation | FusionEvent;

const BINDING = 'benchFusionRecords';
const CONNECT_TIMEOUT_MS = 60_000;

/** Runs in the page: forwards the simulator's records through the binding after each change of its state. */
function forwardRecords(binding: string): void {
  interface PageRecords {
    readonly operations: ReadonlyArray<Record<string, unknown>>;
    readonly events: ReadonlyArray<Record<string, unknown> & { outcome?: Record<string, unknown> }>;
    onChange(listener: () => void): void;
  }
  const page = window as unknown as Record<string, (batch: unknown[]) => void> & { fusionSimulator: { simulator: PageRecords } };
  const simulator = page.fusionSimulator.simulator;
  let operations = 0;
  let events = 0;
  const forward = () => {
    const batch: unknown[] = [];
    for (; operations < simulator.operations.length; operations++) {
      const { operation, eventId, reason, isAvailable, at, ok, error } = simulator.operations[operations];
      batch.push({ kind: 'operation', operation, eventId, reason, isAvailable, at, ok, error });
    }
    // Events in order, each once the toolbar answered it (controllable events) or it was sent (the others).
    for (; events < simulator.events.length && simulator.events[events].outcome !== undefined; events++) {
      const { eventName, eventId, command, at, outcome } = simulator.events[events];
      batch.push({ kind: 'event', eventName, eventId, command, at, result: outcome?.result, resultDisplayString: outcome?.resultDisplayString });
    }
    if (batch.length > 0) void page[binding](batch);
  };
  simulator.onChange(forward);
  forward();
}

export class FusionSimulatorPage {
  readonly records = new RecordFeed<FusionRecord>();

  private constructor(readonly page: Page) {}

  /** Opens the page and waits until the toolbar is connected to the bridge and Fusion hears from it. */
  static async open(browser: Browser, url: string): Promise<FusionSimulatorPage> {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const fusion = new FusionSimulatorPage(page);
    await page.exposeBinding(BINDING, (_source, batch: FusionRecord[]) => {
      for (const record of batch) fusion.records.push(record);
    });
    await page.goto(url);
    try {
      await fusion.toolbar().getByText('Genesys Engage: connected').waitFor({ timeout: CONNECT_TIMEOUT_MS });
    } catch (error) {
      throw new Error(`the toolbar did not connect to the bridge in the Fusion simulator (${await fusion.whatItSays()}): ${(error as Error).message}`, { cause: error });
    }
    await page.evaluate(forwardRecords, BINDING);
    return fusion;
  }

  toolbar(): FrameLocator {
    return this.page.frameLocator('iframe[title="Media toolbar"]');
  }

  /** Fusion's "Make available"; resolves once Fusion shows the agent available (as the toolbar reported it). */
  async makeAvailable(timeoutMs: number): Promise<void> {
    await this.page.getByRole('button', { name: 'Make available' }).click({ timeout: timeoutMs });
    await this.page.waitForFunction(
      () => (window as unknown as { fusionSimulator: { simulator: { state: { agent: { isAvailable: boolean } | null } } } }).fusionSimulator.simulator.state.agent?.isAvailable === true,
      undefined,
      { timeout: timeoutMs },
    );
  }

  /** The agent clicks Answer in the incoming-call dialog of this call. */
  async answer(eventId: string, timeoutMs: number): Promise<void> {
    await this.dialog(eventId).getByRole('button', { name: 'Answer' }).click({ timeout: timeoutMs });
  }

  /** The agent clicks Close Wrap Up in this call's Wrap Up window. */
  async closeWrapUp(eventId: string, timeoutMs: number): Promise<void> {
    await this.dialog(eventId).getByRole('button', { name: 'Close Wrap Up' }).click({ timeout: timeoutMs });
  }

  /** Closes every Wrap Up window left open (after a call whose story broke off). */
  async closeEveryWrapUp(timeoutMs: number): Promise<void> {
    const buttons = this.page.getByRole('dialog', { name: 'Wrap Up' }).getByRole('button', { name: 'Close Wrap Up' });
    for (let left = await buttons.count(); left > 0; left--) await buttons.first().click({ timeout: timeoutMs });
  }

  /** The toolbar is back to "No calls": the call is over on its side too. */
  async waitUntilNoCalls(timeoutMs: number): Promise<void> {
    await this.toolbar().getByText('No calls').waitFor({ timeout: timeoutMs });
  }

  /** The page's and the toolbar's error lines and the toolbar's text, to say why a story broke off. */
  async whatItSays(): Promise<string> {
    const text = async (locator: Locator) => ((await locator.textContent({ timeout: 1000 }).catch(() => null)) ?? '').replace(/\s+/g, ' ').trim();
    return `Fusion simulator: "${await text(this.page.locator('#error-line'))}"; toolbar: "${await text(this.toolbar().locator('body'))}"`;
  }

  async close(): Promise<void> {
    await this.page.close();
  }

  /** The call's card in Fusion (incoming-call dialog, then Wrap Up window), by the eventId the toolbar gave it. */
  private dialog(eventId: string): Locator {
    return this.page.locator(`[role="dialog"][data-event-id=${JSON.stringify(eventId)}]`);
  }
}
