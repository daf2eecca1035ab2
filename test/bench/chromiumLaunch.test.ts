/** @jest-environment node */
/**
 * The benchmarks' Chromium (bench/src/chromium.ts): the omnibox popup's preloading off, and Playwright's own disabled
 * features kept, in the one --disable-features switch Chromium reads.
 */
import { chromium } from 'playwright-core';
import { NOT_AN_AGENTS_BROWSER, chromiumLaunchOptions, playwrightDisabledFeatures } from '../../bench/src/chromium';

jest.setTimeout(60_000);

it('starts Chromium with one --disable-features: Playwright’s features and the omnibox popup’s preloading', async () => {
  const playwrights = await playwrightDisabledFeatures();
  // Playwright disables some (a test of this file would say nothing if it stopped).
  expect(playwrights).toMatch(/^--disable-features=\w/);
  // The options launchChromium() uses, given to a browser whose command line can be read.
  const server = await chromium.launchServer(await chromiumLaunchOptions());
  try {
    const switches = server.process().spawnargs.filter((arg) => arg.startsWith('--disable-features='));
    expect(switches).toHaveLength(1);
    const disabled = (switches[0] ?? '').slice('--disable-features='.length).split(',');
    expect(disabled).toEqual([...(playwrights ?? '').slice('--disable-features='.length).split(','), ...NOT_AN_AGENTS_BROWSER]);
  } finally {
    await server.close();
  }
});
