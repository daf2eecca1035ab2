import type { Browser, Page } from 'playwright-core';
import { launch, operations, watchOutsideRequests } from './browser';
import { GENESYS_SIMULATOR_URL, SIMULATOR_URL } from './server';

/** The toolbar without telephony: what Fusion sees of the toolbar itself. */
const NO_VENDOR_URL = `${SIMULATOR_URL}?vendor=none`;

let browser: Browser;
let page: Page;
let outside: string[];

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  outside = watchOutsideRequests(page);
});

afterEach(async () => {
  await page.close();
});

const toolbar = () => page.frameLocator('iframe[title="Media toolbar"]');

describe('the Fusion simulator with the toolbar inside', () => {
  it('loads the toolbar cross-origin and enables the phone icon once the toolbar published agent state', async () => {
    await page.goto(NO_VENDOR_URL);
    // The page starts with the icon disabled (test/dev/simulatorPage.test.ts); here it must become enabled.
    await page.waitForFunction(() => !(document.getElementById('phone-button') as HTMLButtonElement).disabled, undefined, { timeout: 20000 });
    await expect(page.getByRole('button', { name: 'Phone' }).isEnabled()).resolves.toBe(true);

    const frameSrc = await page.locator('iframe[title="Media toolbar"]').getAttribute('src');
    expect(new URL(frameSrc ?? '').origin).not.toBe(new URL(SIMULATOR_URL).origin);
    await toolbar().getByText('No telephony vendor configured').first().waitFor();
    await expect(toolbar().getByRole('switch', { name: 'Available' }).isDisabled()).resolves.toBe(true);

    const ops = await operations(page);
    expect(ops.map((o) => o.operation)).toEqual(['getConfigurationOperation', 'agentStateEventOperation', 'readyForOperationOperation']);
    expect(outside).toEqual([]);
  });

  it('starts the first session with no error, declares itself ready, names the agent and answers getActiveInteractionCommands', async () => {
    await page.goto(GENESYS_SIMULATOR_URL);
    await toolbar().getByText('No calls').waitFor();
    await page.locator('#toolbar-readiness[data-ready="true"]').waitFor();
    await page.locator('#supported-commands').filter({ hasText: 'supportedCommands' }).waitFor();
    const answered = await page.evaluate(
      () => (window as unknown as { fusionSimulator: { simulator: { state: { supportedCommands: unknown } } } }).fusionSimulator.simulator.state.supportedCommands,
    );
    expect(answered).toEqual({ supportedCommands: ['accept', 'reject', 'disconnect', 'wrapup', 'setActive'], supportedFeatures: [] });
    await toolbar().getByText('Signed in as LISA.AGENT').waitFor();
    await expect(toolbar().getByRole('alert').count()).resolves.toBe(0);
    const fusionError = await page.evaluate(
      () => (window as unknown as { fusionSimulator: { simulator: { state: { lastError: string | null } } } }).fusionSimulator.simulator.state.lastError,
    );
    expect(fusionError).toBeNull();
  });

  it('shows the agent, in words, that Fusion did not take the agent state', async () => {
    await page.goto(GENESYS_SIMULATOR_URL);
    const available = toolbar().getByRole('switch', { name: 'Available' });
    await page.waitForFunction(() => !(document.getElementById('phone-button') as HTMLButtonElement).disabled, undefined, { timeout: 20000 });
    await toolbar().getByText('Genesys Engage: connected').waitFor();
    // The browser tests share one bridge: an earlier test may have left this agent available. Start from unavailable.
    if ((await available.getAttribute('aria-checked')) === 'true') {
      await available.click();
      await toolbar().locator('#availability[aria-checked="false"]').waitFor();
    }
    await page.evaluate(() =>
      (window as unknown as { fusionSimulator: { simulator: { failNext(op: string, mode: string, message: string): void } } }).fusionSimulator.simulator.failNext(
        'agentStateEventOperation',
        'unsuccessful',
        'the agent’s presence service is unavailable',
      ),
    );
    await available.click();
    await toolbar()
      .getByRole('alert')
      .filter({ hasText: 'Fusion did not take the agent state "Available": Fusion refused agentStateEventOperation: the agent’s presence service is unavailable' })
      .waitFor();
  });

  it('shows Fusion the toolbar’s reason when availability cannot change', async () => {
    await page.goto(NO_VENDOR_URL);
    await page.waitForFunction(() => !(document.getElementById('phone-button') as HTMLButtonElement).disabled, undefined, { timeout: 20000 });
    await page.getByRole('button', { name: 'Make available' }).click();
    await page.getByRole('alert').filter({ hasText: 'No telephony vendor is configured.' }).waitFor();
    await toolbar().getByRole('alert').filter({ hasText: 'No telephony vendor is configured.' }).waitFor();
  });

  it('names the bad key when the toolbar URL carries a bad configuration value', async () => {
    await page.goto(`${SIMULATOR_URL}?vendor=acme`);
    await toolbar().getByRole('alert').filter({ hasText: 'Configuration problem: vendor: "acme" is not one of none, genesys' }).waitFor();
    expect(await operations(page)).toEqual([]);
  });

  it('fits the toolbar in a 300 px frame', async () => {
    await page.goto(GENESYS_SIMULATOR_URL);
    await toolbar().getByText('No calls').waitFor();
    const frame = page.frames().find((f) => f.url().includes('/index.html'));
    const widths = await frame!.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
    expect(widths.client).toBeLessThanOrEqual(300);
    expect(widths.scroll).toBeLessThanOrEqual(widths.client);
  });
});
