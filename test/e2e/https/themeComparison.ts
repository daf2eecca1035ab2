/**
 * Compares how the toolbar's page is styled by the release build's Redwood subset (css/redwood-subset-<hash>.css,
 * scripts/redwood-subset.js) and by the two full theme files it replaces, in the same frame and the same state.
 *
 * The full files are added once, in the subset's place in the cascade, and kept disabled. A comparison then runs in
 * one synchronous call in the page: with the subset alone, it reads getComputedStyle of every element (every
 * property, and ::before and ::after), switches to the full theme alone, reads again, and switches back. Nothing else
 * runs in between (no timer, no frame), so a clock ticking in a call's card or an animation's progress cannot tell the
 * two apart; only the style sheets can. Animations are settled before each reading: finite ones (and the transitions a
 * switch of sheets starts) are finished, infinite ones paused at their start.
 *
 * Custom properties are compared too (Chromium lists them with the others), all but one kind: a variable the subset
 * drops by design, which neither it nor any other style sheet of the page (the toolbar's, the Core Pack components')
 * names. A variable the subset keeps must have the same value; one it drops that the page names is a difference; and
 * any effect of a variable on an element shows in that element's own properties.
 *
 * The content of a closed <details> is not laid out (Chromium skips it, as content-visibility: hidden), and what
 * getComputedStyle answers for its sizes and offsets, which come from layout, is stale: it changed between two
 * readings with no style sheet changed. For those elements only these layout values are left out; the test opens the
 * <details> in another state to compare them laid out.
 */
import type { Frame } from 'playwright-core';

export interface ThemeComparison {
  /** Elements read (pseudo-elements not counted). */
  readonly elements: number;
  /** Property values compared, over elements and their ::before and ::after. */
  readonly values: number;
  /** Variables of the full theme that the subset dropped and nothing on the page names (not compared). */
  readonly variablesDropped: number;
  /** The first differences, as "element::pseudo property: subset value | full theme value". */
  readonly differences: readonly string[];
  readonly differenceCount: number;
}

/** Adds the full theme files (`hrefs`, in order) just before the subset's <link>, waits for them, and disables them. */
export async function addFullTheme(frame: Frame, hrefs: readonly string[]): Promise<void> {
  await frame.evaluate(async (files) => {
    const subset = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"][href*="css/redwood-subset-"]');
    if (!subset) throw new Error('the page links no css/redwood-subset-<hash>.css');
    const links = files.map((href) => {
      const link = document.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.dataset.fullTheme = '';
      return link;
    });
    const loaded = links.map(
      (link) =>
        new Promise<void>((resolve, reject) => {
          link.addEventListener('load', () => resolve());
          link.addEventListener('error', () => reject(new Error(`${link.href} did not load`)));
        }),
    );
    for (const link of links) subset.before(link);
    await Promise.all(loaded);
    for (const link of links) {
      if (!link.sheet) throw new Error(`${link.href} loaded no style sheet`);
      link.sheet.disabled = true;
    }
  }, hrefs);
}

/** Reads the page's styles with the subset, then with the full theme (see above), and lists what differs. */
export function compareThemes(frame: Frame): Promise<ThemeComparison> {
  return frame.evaluate((): ThemeComparison => {
    const subset = document.querySelector<HTMLLinkElement>('link[rel="stylesheet"][href*="css/redwood-subset-"]')?.sheet;
    const full = Array.from(document.querySelectorAll<HTMLLinkElement>('link[data-full-theme]'), (link) => link.sheet);
    if (!subset || full.length !== 2 || full.some((sheet) => !sheet)) throw new Error('addFullTheme() first');
    const use = (theme: 'subset' | 'full'): void => {
      subset.disabled = theme !== 'subset';
      for (const sheet of full) if (sheet) sheet.disabled = theme !== 'full';
    };

    /** Finite animations and transitions jump to their end; infinite ones stop at their start. */
    const settle = (): void => {
      for (const animation of document.getAnimations()) {
        const end = animation.effect?.getComputedTiming().endTime;
        if (typeof end === 'number' && Number.isFinite(end)) animation.finish();
        else {
          animation.pause();
          animation.currentTime = 0;
        }
      }
    };

    const elements: Element[] = [];
    const collect = (root: Document | ShadowRoot): void => {
      for (const element of Array.from(root.querySelectorAll('*'))) {
        elements.push(element);
        if (element.shadowRoot) collect(element.shadowRoot);
      }
    };
    collect(document);

    // The variables the page's other style sheets name (the toolbar's, with the Core Pack components' styles at its end).
    const named = new Set<string>();
    for (const sheet of Array.from(document.styleSheets)) {
      if (sheet === subset || full.includes(sheet)) continue;
      for (const rule of Array.from(sheet.cssRules)) for (const name of rule.cssText.match(/--[A-Za-z0-9_-]+/g) ?? []) named.add(name);
    }

    /** Properties whose value getComputedStyle takes from layout (the "resolved value" special cases). */
    const FROM_LAYOUT = /^(?:width|height|inline-size|block-size|(?:margin|padding|inset)(?:-.+)?|top|right|bottom|left|transform-origin|perspective-origin|grid-template-(?:rows|columns))$/;
    /** Inside a closed <details>, not its summary: not laid out. */
    const notLaidOut = (element: Element): boolean => element.parentElement?.closest('details:not([open])') != null && element.closest('summary') === null;

    const PSEUDOS = ['', '::before', '::after'] as const;
    type Reading = { styles: Array<Map<string, string>>; families: string[]; keyframes: string[] };
    const read = (): Reading => {
      settle();
      const styles: Array<Map<string, string>> = [];
      const usedFamilies = new Set<string>();
      const usedAnimations = new Set<string>();
      for (const element of elements) {
        const skipLayout = notLaidOut(element);
        for (const pseudo of PSEUDOS) {
          const style = getComputedStyle(element, pseudo || null);
          const values = new Map<string, string>();
          for (let i = 0; i < style.length; i++) if (!(skipLayout && FROM_LAYOUT.test(style[i]))) values.set(style[i], style.getPropertyValue(style[i]));
          styles.push(values);
          for (const family of style.fontFamily.split(',')) usedFamilies.add(family.trim().replace(/^["']|["']$/g, ''));
          for (const name of style.animationName.split(',')) if (name.trim() !== 'none') usedAnimations.add(name.trim());
        }
      }
      // What getComputedStyle does not show: a font face or keyframes rule the page uses, lost with the cut.
      const families: string[] = [];
      document.fonts.forEach((face) => {
        if (usedFamilies.has(face.family.replace(/^["']|["']$/g, ''))) families.push(`${face.family} ${face.style} ${face.weight}`);
      });
      const keyframes: string[] = [];
      const rules = (list: CSSRuleList): void => {
        for (const rule of Array.from(list)) {
          if (rule instanceof CSSKeyframesRule && usedAnimations.has(rule.name)) keyframes.push(`${rule.name}: ${rule.cssText.length}`);
          else if (rule instanceof CSSGroupingRule) rules(rule.cssRules);
        }
      };
      for (const sheet of Array.from(document.styleSheets)) if (!sheet.disabled) rules(sheet.cssRules);
      return { styles, families: families.sort(), keyframes: keyframes.sort() };
    };

    const name = (element: Element): string => {
      const parts: string[] = [];
      for (let at: Element | null = element; at; at = at.parentElement ?? (at.getRootNode() as ShadowRoot).host ?? null) {
        const index = at.parentElement ? Array.from(at.parentElement.children).indexOf(at) + 1 : 0;
        parts.unshift(`${at.localName}${at.id ? `#${at.id}` : ''}${Array.from(at.classList, (c) => `.${c}`).join('')}${index ? `:nth-child(${index})` : ''}`);
        if (at.id) break;
      }
      return parts.join(' > ');
    };

    let withSubset: Reading;
    let withFull: Reading;
    try {
      use('subset');
      withSubset = read();
      use('full');
      withFull = read();
    } finally {
      use('subset');
      settle();
    }

    const differences: string[] = [];
    let differenceCount = 0;
    let values = 0;
    const dropped = new Set<string>();
    const differ = (text: string): void => {
      differenceCount++;
      if (differences.length < 40) differences.push(text);
    };
    withSubset.styles.forEach((subsetValues, at) => {
      const fullValues = withFull.styles[at];
      const where = `${name(elements[Math.floor(at / PSEUDOS.length)])}${PSEUDOS[at % PSEUDOS.length]}`;
      for (const property of new Set([...subsetValues.keys(), ...fullValues.keys()])) {
        const [a, b] = [subsetValues.get(property), fullValues.get(property)];
        if (a === undefined && property.startsWith('--') && !named.has(property)) {
          dropped.add(property);
          continue;
        }
        values++;
        if (a !== b) differ(`${where} ${property}: ${a ?? '(none)'} | ${b ?? '(none)'}`);
      }
    });
    if (withSubset.families.join('\n') !== withFull.families.join('\n')) differ(`font faces used: ${withSubset.families.join(', ')} | ${withFull.families.join(', ')}`);
    if (withSubset.keyframes.join('\n') !== withFull.keyframes.join('\n')) differ(`keyframes used: ${withSubset.keyframes.join(', ')} | ${withFull.keyframes.join(', ')}`);
    return { elements: elements.length, values, variablesDropped: dropped.size, differences, differenceCount };
  });
}
