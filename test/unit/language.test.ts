import { chooseLanguage, formattingLocale, supportedLanguage } from '../../src/ts/i18n/language';

describe('the toolbar’s language', () => {
  it.each([
    ['?lang=de', ['en-US'], 'de'],
    ['?lang=ja-JP', ['de-DE'], 'ja'],
    ['?lang=DE-at', [], 'de'],
    ['?vendor=none&lang=en', ['ja'], 'en'],
  ])('takes the URL’s lang parameter when it names a supported language: %s over %j is %s', (search, browser, expected) => {
    expect(chooseLanguage(search, browser)).toBe(expected);
  });

  it.each([
    ['?lang=fr', ['ja-JP', 'en'], 'ja'],
    ['?lang=', ['de-AT'], 'de'],
    ['', ['fr-FR', 'pt', 'de-CH', 'ja'], 'de'],
    ['', ['en-GB', 'de'], 'en'],
  ])('else the first of the browser’s languages that is supported, in the agent’s order: %s over %j is %s', (search, browser, expected) => {
    expect(chooseLanguage(search, browser)).toBe(expected);
  });

  it('else English', () => {
    expect(chooseLanguage('?lang=xx', ['fr-FR', 'zh-Hans'])).toBe('en');
    expect(chooseLanguage('', [])).toBe('en');
  });

  it('reads a tag by its language alone, whatever its case, region or separator', () => {
    expect(['de', 'de-AT', 'de_CH', 'DE', ' ja-JP ', 'en-Latn-US'].map(supportedLanguage)).toEqual(['de', 'de', 'de', 'de', 'ja', 'en']);
    expect(['', 'deu', 'd', 'fr', null, undefined].map(supportedLanguage)).toEqual([null, null, null, null, null, null]);
  });

  it('formats with the browser’s own tag when it is of the chosen language, else with the language', () => {
    expect(formattingLocale('de', ['en-US', 'de-at'])).toBe('de-AT');
    expect(formattingLocale('en', ['en-GB'])).toBe('en-GB');
    expect(formattingLocale('de', ['en-US'])).toBe('de');
    expect(formattingLocale('ja', [])).toBe('ja');
  });
});
