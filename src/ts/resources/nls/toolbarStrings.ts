/**
 * The toolbar's own words, as JET's ojL10n plugin loads them ("ojL10n!resources/nls/toolbarStrings"): the root is
 * the English (i18n/strings.ts); de/ and ja/ beside this file hold German and Japanese, each checked by the compiler
 * to translate every key. A new language is one more folder here (and in callMessages), named in this object and in
 * i18n/language.ts. https://docs.oracle.com/en/middleware/developer-tools/jet/19/develop/internationalizing-and-localizing-applications.html
 */
import { TOOLBAR_STRINGS } from '../../i18n/strings';

export = { root: TOOLBAR_STRINGS, de: true, ja: true };
