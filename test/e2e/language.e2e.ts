/**
 * The toolbar speaks the agent's language: a Japanese browser gets the toolbar in Japanese (its lang, its labels, and
 * JET's own locale), and the toolbar URL's ?lang= (which an administrator puts in the URL Fusion loads, as Fusion
 * tells a toolbar no language) wins over the browser's languages.
 */
import type { Browser, BrowserContext, Frame } from 'playwright-core';
import { launch, toolbarFrame, watchOutsideRequests } from './browser';
import { CALLER_NAME, FusionPage } from './fusionPage';
import { clearCalls } from './bridgeCalls';
import { GENESYS_SIMULATOR_URL } from './server';
import { WORDS, inLanguage } from './toolbarWords';
import { axeViolations, overflowing } from './toolbarChecks';

let browser: Browser;
let context: BrowserContext;
let outside: string[];

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await clearCalls();
});

afterEach(async () => {
  expect(outside).toEqual([]);
  await context.close();
});

/** Opens the Fusion simulator in a browser whose language is `locale`, at `url`, with the toolbar in `words`. */
async function openWithBrowserIn(locale: string, url: string, words: (typeof WORDS)['en']): Promise<FusionPage> {
  context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  outside = watchOutsideRequests(page);
  return FusionPage.openOnGenesys(page, url, words);
}

/** The toolbar page's lang, and the locale JET's own components took (ojconfig.getLocale()). */
function languageOf(frame: Frame): Promise<{ lang: string; jet: string }> {
  return frame.evaluate(
    () =>
      new Promise<{ lang: string; jet: string }>((resolve) => {
        const amd = (window as unknown as { require: (ids: string[], done: (config: { getLocale(): string }) => void) => void }).require;
        amd(['ojs/ojconfig'], (config) => resolve({ lang: document.documentElement.lang, jet: config.getLocale() }));
      }),
  );
}

it('a Japanese browser gets the toolbar in Japanese: its lang, its labels, a ringing call’s buttons and JET’s locale', async () => {
  const words = WORDS.ja;
  const fusion = await openWithBrowserIn('ja-JP', GENESYS_SIMULATOR_URL, words);
  expect(await languageOf(toolbarFrame(fusion.page))).toEqual({ lang: 'ja', jet: 'ja' });
  await fusion.toolbar().getByRole('switch', { name: '対応可能' }).waitFor();
  await fusion.toolbar().getByText('通話なし').waitFor();
  // Genesys' own presence names are the toolbar's words, so they are in Japanese too (Fusion is told them in English).
  await fusion.toolbar().getByText(/^ステータス: (対応可能|対応不可|ログアウト)$/).waitFor();
  await fusion.customerCalls();
  const ringing = fusion.toolbarCard('着信', CALLER_NAME);
  await ringing.getByRole('button', { name: '応答' }).waitFor();
  // Japanese words set in the same 300 px: accessible, and nothing cut off.
  expect(await axeViolations(fusion.page)).toEqual([]);
  expect(await overflowing(fusion.page)).toEqual([]);
  await ringing.getByRole('button', { name: '拒否' }).click();
  await fusion.expectCommOperations(['newCommEvent', 'closeCommEvent:REJECT']);
  expect(await toolbarFrame(fusion.page).title()).toBe('メディア・ツールバー');
});

it('?lang=de in the toolbar URL wins over a Japanese browser', async () => {
  const fusion = await openWithBrowserIn('ja-JP', inLanguage(GENESYS_SIMULATOR_URL, 'de'), WORDS.de);
  expect(await languageOf(toolbarFrame(fusion.page))).toEqual({ lang: 'de', jet: 'de' });
  await fusion.toolbar().getByRole('switch', { name: 'Verfügbar' }).waitFor();
});
