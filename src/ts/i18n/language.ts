/**
 * Which language the toolbar speaks. Fusion's UI Events Framework tells a toolbar nothing of the agent's language
 * (its typings have no locale or language getter), so an administrator who runs Fusion in German puts `?lang=de` in
 * the toolbar URL Fusion loads; without it the browser's languages decide, in the agent's order, and else English.
 * src/js/main.js runs this before anything loads a translation bundle, so that JET's own strings follow too.
 * Pure, with no imports: main.js loads it ahead of the toolbar.
 */

/** The languages the toolbar has translations for (resources/nls/<language>/), English first as the fallback. */
export const SUPPORTED_LANGUAGES = ['en', 'de', 'ja'] as const;

export type Language = (typeof SUPPORTED_LANGUAGES)[number];

/** The supported language a BCP 47 tag names ("de-AT" → "de", "JA" → "ja"), or null. */
export function supportedLanguage(tag: string | null | undefined): Language | null {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (SUPPORTED_LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : null;
}

/**
 * The toolbar's language: the URL's `lang` parameter if it names a supported language, else the first of the
 * browser's languages (navigator.languages, the agent's order) that is supported, else English.
 */
export function chooseLanguage(search: string, browserLanguages: readonly string[]): Language {
  const asked = supportedLanguage(new URLSearchParams(search).get('lang'));
  if (asked !== null) return asked;
  for (const tag of browserLanguages) {
    const language = supportedLanguage(tag);
    if (language !== null) return language;
  }
  return 'en';
}

/**
 * The locale that formats times and numbers: the browser's own tag when it is of the chosen language (an agent in
 * Austria keeps "de-AT", one in Britain the 24-hour "en-GB"), else the language itself.
 */
export function formattingLocale(language: Language, browserLanguages: readonly string[]): string {
  const regional = browserLanguages.find((tag) => supportedLanguage(tag) === language);
  if (regional === undefined) return language;
  try {
    return Intl.getCanonicalLocales(regional)[0] ?? language;
  } catch {
    return language; // not a well-formed tag: the language alone
  }
}
