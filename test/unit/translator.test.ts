import { Translator, englishTranslator } from '../../src/ts/i18n/translator';
import { ENGLISH, TOOLBAR_STRINGS } from '../../src/ts/i18n/strings';
import { saidAs, say } from '../../src/ts/cti/core/agentMessages';
import de from '../../src/ts/resources/nls/de/toolbarStrings';
import ja from '../../src/ts/resources/nls/ja/toolbarStrings';
import bundle from '../../src/ts/resources/nls/toolbarStrings';
import deMessages from '../../src/ts/resources/nls/de/callMessages';
import jaMessages from '../../src/ts/resources/nls/ja/callMessages';

/** 14:02 on the machine's clock, whatever its time zone. */
const AFTERNOON = new Date(2026, 0, 5, 14, 2).getTime();

describe('Translator', () => {
  it('fills a phrase’s parameters in the language’s words', () => {
    expect(englishTranslator().say('signedInAs', { agent: 'LISA.AGENT' })).toBe('Signed in as LISA.AGENT');
    expect(new Translator(de, deMessages, 'de').say('signedInAs', { agent: 'LISA.AGENT' })).toBe('Angemeldet als LISA.AGENT');
    expect(new Translator(ja, jaMessages, 'ja').say('signedInAs', { agent: 'LISA.AGENT' })).toBe('LISA.AGENTとしてサインイン中');
  });

  it('picks the plural form the language’s rules name: one and other in English and German, other alone in Japanese', () => {
    const callers = { callers: 'A' };
    expect(englishTranslator().count('announceIncoming', 1, callers)).toBe('Incoming call from A');
    expect(englishTranslator().count('announceIncoming', 2, callers)).toBe('Incoming calls from A');
    const german = new Translator(de, deMessages, 'de');
    expect(german.count('announceIncoming', 1, callers)).toBe('Eingehender Anruf von A');
    expect(german.count('announceIncoming', 0, callers)).toBe('Eingehende Anrufe von A');
    expect(german.count('announceIncoming', 3, callers)).toBe('Eingehende Anrufe von A');
    // ojL10n lays the English root under a translation, so the Japanese bundle carries English's `_one` too: unused.
    const japanese = new Translator({ ...TOOLBAR_STRINGS, ...ja }, jaMessages, 'ja');
    expect(japanese.count('announceIncoming', 1, callers)).toBe('Aから着信');
  });

  it('lists names as the language does', () => {
    const names = ['A', 'B', 'C'];
    expect(englishTranslator().list(names)).toBe('A, B, and C');
    expect(new Translator(de, deMessages, 'de').list(names)).toBe('A, B und C');
    expect(new Translator(ja, jaMessages, 'ja').list(names)).toBe('A、B、C');
  });

  it('joins two announcements made at once as two sentences of the language', () => {
    expect(englishTranslator().say('announceThen', { first: 'On hold: A', then: 'Resumed: B' })).toBe('On hold: A. Resumed: B');
    expect(new Translator(ja, jaMessages, 'ja').say('announceThen', { first: '保留: A', then: '再開: B' })).toBe('保留: A。再開: B');
  });

  it('writes times of day as the locale does', () => {
    expect(new Translator(ENGLISH, undefined, 'en-US').timeOfDay(AFTERNOON)).toBe('02:02 PM');
    expect(new Translator(de, undefined, 'de').timeOfDay(AFTERNOON)).toBe('14:02');
    expect(new Translator(ja, undefined, 'ja').timeOfDay(AFTERNOON)).toBe('14:02');
  });

  it('puts the core’s messages in its language, and words from elsewhere as they are', () => {
    expect(new Translator(de, deMessages, 'de').message(saidAs('Genesys Engage: 7002 is busy.'))).toBe('Genesys Engage: 7002 is busy.');
    const lead = say('failedBecause', { lead: say('couldNotAccept'), reason: saidAs('busy') });
    expect(new Translator(de, deMessages, 'de').message(lead)).toBe(`${deMessages.couldNotAccept}: busy`);
    expect(new Translator(ja, jaMessages, 'ja').message(say('signInExpired'))).toBe(jaMessages.signInExpired);
  });

  it('is the root of the toolbarStrings bundle, which names German and Japanese', () => {
    expect(bundle).toEqual({ root: TOOLBAR_STRINGS, de: true, ja: true });
  });

  it.each([
    ['German', de],
    ['Japanese', ja],
  ])('%s keeps every parameter of the English words', (_language, strings) => {
    const params = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const table = strings as Readonly<Record<string, string>>;
    for (const [key, english] of Object.entries(TOOLBAR_STRINGS)) {
      // A plural form the language does not have (Japanese `_one`) is compared through its `_other`.
      const translated = table[key] ?? table[key.replace(/_[a-z]+$/, '_other')];
      expect([key, params(translated)]).toEqual([key, params(english)]);
    }
  });
});
