/** Debian's chromium, headless, as the browser tests drive it (playwright cannot download its own browser here). */
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * Chromium's headless mode is the whole browser without a window, and each new browser context (a cold load is one)
 * opened a renderer of its own for the omnibox's WebUI popup (chrome://omnibox-popup.top-chrome), which took about
 * 130 ms of CPU during the toolbar's load in a trace, on the same two cores. An agent's browser does no such thing when
 * a page frames the toolbar, so the benchmarks turn that preloading off.
 */
export const NOT_AN_AGENTS_BROWSER = ['PreloadTopChromeWebUI', 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

const DISABLE_FEATURES = '--disable-features=';

let playwrightsRead: Promise<string | undefined> | undefined;

/**
 * Playwright starts Chromium with a --disable-features of its own, and Chromium reads only the last of a repeated
 * switch: the benchmarks' features go into Playwright's list rather than after it. Playwright does not export that
 * list (it is in its chromiumSwitches.ts), so it is read from the command line of a browser it starts.
 */
export function playwrightDisabledFeatures(): Promise<string | undefined> {
  // Read once per process: the benchmarks start Chromium for each step, and the list does not change between them.
  playwrightsRead ??= (async () => {
    const server = await chromium.launchServer({ executablePath: CHROMIUM, args: ARGS });
    try {
      return server.process().spawnargs.find((arg) => arg.startsWith(DISABLE_FEATURES));
    } finally {
      await server.close();
    }
  })();
  return playwrightsRead;
}

/** How the benchmarks start Chromium: Playwright's --disable-features in place of its own, with ours added. */
export async function chromiumLaunchOptions(): Promise<LaunchOptions> {
  const playwrights = await playwrightDisabledFeatures();
  const features = [...(playwrights?.slice(DISABLE_FEATURES.length).split(',').filter(Boolean) ?? []), ...NOT_AN_AGENTS_BROWSER];
  return {
    executablePath: CHROMIUM,
    ...(playwrights !== undefined ? { ignoreDefaultArgs: [playwrights] } : {}),
    args: [...ARGS, `${DISABLE_FEATURES}${features.join(',')}`],
  };
}

export async function launchChromium(): Promise<Browser> {
  return chromium.launch(await chromiumLaunchOptions());
}
