/** Debian's chromium, headless, as the browser tests drive it (playwright cannot download its own browser here). */
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium's headless mode is the whole browser without a window, and each new browser context (a cold load is one)
 * opened a renderer of its own for the omnibox's WebUI popup (chrome://omnibox-popup.top-chrome), which took about
 * 130 ms of CPU during the toolbar's load in a trace, on the same two cores. An agent's browser does no such thing when
 * a page frames the toolbar, so the benchmarks turn that preloading off.
 */
const NOT_AN_AGENTS_BROWSER = ['PreloadTopChromeWebUI', 'WebUIOmniboxPopup', 'WebUIOmniboxAimPopup', 'WebUIOmniboxFullPopup'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      `--disable-features=${NOT_AN_AGENTS_BROWSER.join(',')}`,
    ],
  });
}
