/**
 * The toolbar's words in the agent's language: its own (the toolbarStrings bundle), the core's messages (the
 * callMessages bundle), plural forms by Intl.PluralRules, times of day by Intl.DateTimeFormat, in that language.
 * The bundles come from JET's ojL10n plugin in the browser (root.ts) and as plain objects in tests.
 */
import { type AgentMessage, type CallMessageCatalog, CALL_MESSAGES, fill, render } from '../cti/core/agentMessages';
import { type PluralCategory, type PluralKey, type ToolbarStringKey, type ToolbarStrings, ENGLISH } from './strings';

/** A parameter's value: words as given (a caller's name, a number already formatted) or a count. */
export type WordParams = Readonly<Record<string, string | number>>;

type AnyStrings = ToolbarStrings<Exclude<PluralCategory, 'other'>>;

export class Translator {
  private readonly plurals: Intl.PluralRules;
  private readonly numbers: Intl.NumberFormat;
  private readonly clock: Intl.DateTimeFormat;
  private readonly lists: Intl.ListFormat;
  /** The words, any plural forms included, looked up by a key made at run time (a plural's form). */
  private readonly table: Readonly<Record<string, string | undefined>>;

  /**
   * `strings` and `messages` are the bundles of one language (ojL10n merged the English root under them, so a key a
   * translation lacks reads in English rather than as nothing); `locale` formats numbers and times.
   */
  constructor(
    strings: ToolbarStrings<never> | ToolbarStrings<'one'> | AnyStrings,
    private readonly messages: CallMessageCatalog = CALL_MESSAGES,
    readonly locale = 'en',
  ) {
    this.table = strings;
    this.plurals = new Intl.PluralRules(locale);
    this.numbers = new Intl.NumberFormat(locale);
    this.clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
    this.lists = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
  }

  /** The words of `key`, with its `{name}` parameters filled. */
  say(key: Exclude<ToolbarStringKey, `${PluralKey}_${PluralCategory}`>, params: WordParams = {}): string {
    return fill(this.table[key] ?? ENGLISH[key], this.stringify(params));
  }

  /** The form of a plural phrase for `count` in this language (its `{count}` in this language's digits). */
  count(key: PluralKey, count: number, params: WordParams = {}): string {
    const form = this.table[`${key}_${this.plurals.select(count)}`] ?? this.table[`${key}_other`] ?? ENGLISH[`${key}_other`];
    return fill(form, this.stringify({ ...params, count: this.numbers.format(count) }));
  }

  /** A core message (the error line, a refused command) in this language. */
  message(message: AgentMessage): string {
    return render(this.messages, message);
  }

  /** Names as this language lists them: "A, B and C", "A, B und C", "A、B、C". */
  list(items: readonly string[]): string {
    return this.lists.format(items);
  }

  /** A time of day (ms since the epoch) as this language writes it: "14:02", "02:02 PM". */
  timeOfDay(ms: number): string {
    return this.clock.format(ms);
  }

  /** The toolbar's own words, for the view (src/ts/view/ reads `words.accept`…). */
  get words(): ToolbarStrings {
    return this.table as unknown as ToolbarStrings;
  }

  private stringify(params: WordParams): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(params)) out[name] = typeof value === 'number' ? this.numbers.format(value) : value;
    return out;
  }
}

/** The toolbar in English, as it speaks without bundles (tests, and before any language is chosen). */
export const englishTranslator = (): Translator => new Translator(ENGLISH, CALL_MESSAGES, 'en');
