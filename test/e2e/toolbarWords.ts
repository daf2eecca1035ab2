/**
 * The toolbar's words in each language, as the browser tests look for them: the bundles the toolbar loads
 * (resources/nls/…/toolbarStrings), each over the English root as JET's ojL10n merges them.
 */
import { ENGLISH, type ToolbarStrings } from '../../src/ts/i18n/strings';
import { fill } from '../../src/ts/cti/core/agentMessages';
import de from '../../src/ts/resources/nls/de/toolbarStrings';
import ja from '../../src/ts/resources/nls/ja/toolbarStrings';

export type Language = 'en' | 'de' | 'ja';

export const WORDS: Readonly<Record<Language, ToolbarStrings>> = { en: ENGLISH, de: { ...ENGLISH, ...de }, ja: { ...ENGLISH, ...ja } };

/** A phrase of `words` with its parameters filled, as the toolbar shows it. */
export function say(words: ToolbarStrings, key: keyof ToolbarStrings, params: Readonly<Record<string, string>> = {}): string {
  return fill(words[key], params);
}

/** The Fusion simulator's URL with the toolbar in `language` (the simulator passes ?lang= on to the toolbar). */
export function inLanguage(url: string, language: Language): string {
  if (language === 'en') return url;
  const withLang = new URL(url);
  withLang.searchParams.set('lang', language);
  return withLang.toString();
}
