/**
 * The scenarios of Oracle's Genesys tutorial, walked in a real browser: the Fusion simulator frames the toolbar,
 * which runs the Genesys handler against the bridge and its T-Server simulator (started by `ojet serve`). The
 * customer and the softphone are played through the simulator page's Customer panel. Each test asserts the UEF
 * operations Fusion received and what the toolbar shows.
 */
import type { Browser } from 'playwright-core';
import { launch, watchOutsideRequests } from './browser';
import { FusionPage, itWalksTheTutorialScenarios } from './fusionPage';
import { clearCalls } from './bridgeCalls';
import { GENESYS_SIMULATOR_URL } from './server';

let browser: Browser;
let fusion: FusionPage;
let outside: string[];

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await clearCalls();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  outside = watchOutsideRequests(page);
  await page.goto(GENESYS_SIMULATOR_URL);
  fusion = new FusionPage(page);
  await fusion.toolbar().getByText('Genesys Engage: connected').waitFor({ timeout: 20000 });
});

afterEach(async () => {
  expect(outside).toEqual([]);
  await fusion.page.close();
});

describe('Genesys: the tutorial’s scenarios in the Fusion simulator', () => {
  itWalksTheTutorialScenarios(() => fusion, 'the softphone');
});
