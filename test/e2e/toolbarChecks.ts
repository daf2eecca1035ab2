/**
 * What the browser tests check of the toolbar whatever its state or language: axe's WCAG 2.2 AA rules inside its
 * frame, and that nothing spills out of Fusion's ~300 px.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { toolbarFrame } from './browser';

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA, and axe's best practices (page-has-heading-one among them). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'];
const TOOLBAR_FRAME = 'iframe[title="Media toolbar"]';

/** Every axe violation in the toolbar's frame, as "rule: where (what to fix)", so a failure says what to change. */
export async function axeViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).include(TOOLBAR_FRAME).withTags(AXE_TAGS).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${JSON.stringify(node.target)} (${node.failureSummary?.replace(/\s+/g, ' ') ?? violation.help})`),
  );
}

/**
 * Whatever spills out of the toolbar's 300 px: the page scrolling sideways, or a control or line whose words are cut
 * off (wider than its box). Empty when everything fits.
 */
export async function overflowing(page: Page): Promise<string[]> {
  return toolbarFrame(page).evaluate(() => {
    const cut: string[] = [];
    const root = document.documentElement;
    if (root.scrollWidth > root.clientWidth) cut.push(`the page scrolls sideways: ${root.scrollWidth} px in ${root.clientWidth} px`);
    for (const element of Array.from(document.querySelectorAll<HTMLElement>('#toolbar *'))) {
      // Text for screen readers only is clipped to 1 px on purpose; hidden elements have no box.
      if (element.closest('.oj-helper-hidden-accessible, [hidden]') || element.getClientRects().length === 0) continue;
      const box = element.getBoundingClientRect();
      const where = `<${element.tagName.toLowerCase()} class="${element.className}"> "${(element.textContent ?? '').trim().slice(0, 40)}"`;
      if (box.right > root.clientWidth + 0.5 || box.left < -0.5) cut.push(`${where} reaches ${Math.round(box.left)}–${Math.round(box.right)} px`);
      else if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible') cut.push(`${where} is cut: ${element.scrollWidth} px of words in ${element.clientWidth} px`);
    }
    return cut;
  });
}
