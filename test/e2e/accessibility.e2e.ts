/**
 * WCAG 2.2 AA in the browser: axe-core runs inside the toolbar's frame (framed cross-origin by the Fusion
 * simulator, at Fusion's ~300 px) in every state an agent meets, in English and in German, and must find nothing;
 * in German, the longest of its languages, nothing may spill out of the 300 px either. Keyboard focus must follow
 * the agent's actions instead of falling to the page's body when the button they pressed goes away.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launch, toolbarFrame, watchOutsideRequests } from './browser';
import { CALLER, CALLER_NAME, FusionPage } from './fusionPage';
import { clearCalls } from './bridgeCalls';
import { BRIDGE_URL, GENESYS_SIMULATOR_URL } from './server';
import { GENESYS_TARGET, openTransferTo, targetAnswers } from './transfers';
import { type Language, WORDS, inLanguage, say } from './toolbarWords';
import { axeViolations, overflowing } from './toolbarChecks';

/** A second caller the simulator's directory does not know: the toolbar shows the number, grouped for people. */
const OTHER_CALLER = '+442071838750';
const OTHER_CALLER_SHOWN = '+44 20 7183 8750';

let browser: Browser;
let context: BrowserContext;
let fusion: FusionPage;
let outside: string[];

/** What a card looks like: its state attribute, its border colour and its icon's animation. */
async function cardLook(page: Page, name: string): Promise<{ state: string | null; border: string; animation: string }> {
  return toolbarFrame(page).evaluate((label) => {
    const card = document.querySelector<HTMLElement>(`.toolbar-card[aria-label="${label}"]`);
    if (!card) throw new Error(`No card "${label}"`);
    const icon = card.querySelector('.toolbar-card-icon') as Element;
    return { state: card.dataset.state ?? null, border: getComputedStyle(card).borderInlineStartColor, animation: getComputedStyle(icon).animationName };
  }, name);
}

/** Waits until keyboard focus is on the toolbar's button with this label (JET's buttons hold a <button> inside). */
async function focusReaches(page: Page, label: string): Promise<void> {
  try {
    await toolbarFrame(page).waitForFunction(
      // The component's label property, which the view sets (JET's buttons take it as a property, not an attribute).
      (name) => (document.activeElement?.closest('oj-c-button, oj-c-toggle-button') as { label?: string } | null)?.label === name,
      label,
      { timeout: 10000 },
    );
  } catch (err) {
    // Say where focus is instead, rather than only that it is not there.
    const where = await toolbarFrame(page).evaluate(() => {
      const active = document.activeElement;
      const component = active?.closest('oj-c-button, oj-c-toggle-button') as (Element & { label?: string }) | null;
      return active ? `<${active.tagName.toLowerCase()}> "${(component?.label ?? active.textContent ?? '').trim()}"` : 'nothing';
    });
    throw new Error(`Focus should be on "${label}", but is on ${where}. (${(err as Error).message})`, { cause: err });
  }
}

/** Presses a card's button from the keyboard, as an agent who does not use the mouse does. */
async function pressWithKeyboard(card: string, button: string, who = CALLER_NAME): Promise<void> {
  await fusion.toolbarCard(card, who).getByRole('button', { name: button }).focus();
  await fusion.page.keyboard.press('Enter');
}

beforeAll(async () => {
  browser = await launch();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await clearCalls();
  // axe's playwright binding needs a page of a context of its own.
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  outside = watchOutsideRequests(await context.newPage());
});

/** Opens the Fusion simulator with the toolbar in `language` (each describe opens it in its own beforeEach). */
async function openIn(language: Language): Promise<void> {
  fusion = await FusionPage.openOnGenesys(context.pages()[0], inLanguage(GENESYS_SIMULATOR_URL, language), WORDS[language]);
}

afterEach(async () => {
  expect(outside).toEqual([]);
  await context.close();
});

/** Redwood's dark values are on (root.ts follows prefers-color-scheme), and the page shows them. */
async function expectDark(page: Page, dark: boolean): Promise<void> {
  await toolbarFrame(page).waitForFunction(
    (want) => document.documentElement.classList.contains('oj-color-invert') === want && (getComputedStyle(document.body).backgroundColor === 'rgb(49, 45, 42)') === want,
    dark,
    { timeout: 10000 },
  );
}

describe.each(['en', 'de'] as const)('in %s', (language) => {
  const words = WORDS[language];
  /** In German, each state is checked to fit the 300 px as well: its words are the longest. */
  async function check(): Promise<void> {
    expect(await axeViolations(fusion.page)).toEqual([]);
    if (language === 'de') expect(await overflowing(fusion.page)).toEqual([]);
  }

  beforeEach(async () => {
    await openIn(language);
  });

  describe.each(['light', 'dark'] as const)('the toolbar has no axe violations (WCAG 2.2 AA and best practices), %s', (scheme) => {
    beforeEach(async () => {
      // The preference changes under the running toolbar, which follows it.
      await fusion.page.emulateMedia({ colorScheme: scheme });
      await expectDark(fusion.page, scheme === 'dark');
    });

    it('idle: connected, no calls', async () => {
      await fusion.toolbar().getByText(words.noCalls).waitFor();
      await check();
    });

    it('ringing', async () => {
      await fusion.customerCalls();
      await check();
    });

    it('connected', async () => {
      await fusion.customerCalls();
      await fusion.acceptedBy('toolbar');
      await check();
    });

    it('on hold, with the keypad open', async () => {
      await fusion.customerCalls();
      await fusion.acceptedBy('toolbar');
      await fusion.toolbarCard(words.stateConnected).getByRole('button', { name: words.keypad }).click();
      await fusion.toolbarCard(words.stateConnected).getByRole('group', { name: words.keypadLabel }).waitFor();
      await check();
      await fusion.toolbarCard(words.stateConnected).getByRole('button', { name: words.hold }).click();
      await fusion.toolbarCard(words.stateHeld).waitFor();
      await check();
    });

    it('the transfer form open, then a consult with the target talking', async () => {
      await fusion.customerCalls();
      await fusion.acceptedBy('toolbar');
      const form = await openTransferTo(fusion, GENESYS_TARGET);
      await check();
      await form.getByRole('button', { name: words.consultFirst }).click();
      const consulting = await targetAnswers(fusion, GENESYS_TARGET);
      await check();
      await consulting.getByRole('button', { name: words.cancelTransfer }).click();
      await fusion.toolbarCard(words.stateConnected).waitFor();
    });

    it('recent calls and the ringing settings open', async () => {
      await fusion.customerCalls();
      await fusion.customer().getByRole('button', { name: 'Customer hangs up' }).click();
      await fusion.toolbar().getByText(words.noCalls).waitFor();
      await fusion.toolbar().getByText(words.recentCalls).click();
      await fusion.toolbar().getByRole('list', { name: words.recentCalls }).getByText(`${words.inbound} · ${words.outcomeMissed}`).waitFor();
      await fusion.toolbar().getByText(words.ringing, { exact: true }).click();
      await fusion.toolbar().getByLabel(words.ringAloud).waitFor();
      await check();
    });

    it('Hold becomes Resume under the keyboard’s focus, and back', async () => {
      await fusion.customerCalls();
      await fusion.acceptedBy('toolbar');
      await pressWithKeyboard(words.stateConnected, words.hold);
      await fusion.toolbarCard(words.stateHeld).waitFor();
      await focusReaches(fusion.page, words.resume);
      await fusion.page.keyboard.press('Enter');
      await fusion.toolbarCard(words.stateConnected).waitFor();
      await focusReaches(fusion.page, words.hold);
    });

    it('wrap-up', async () => {
      await fusion.customerCalls();
      await fusion.acceptedBy('toolbar');
      await fusion.customer().getByRole('button', { name: 'Customer hangs up' }).click();
      await fusion.toolbarCard(words.stateWrapup).waitFor();
      await check();
    });

    it('with the error line shown', async () => {
      await fusion.toolbar().getByLabel(words.numberToCall).fill('abc');
      await fusion.toolbar().getByRole('button', { name: words.call, exact: true }).click();
      await fusion.toolbar().getByRole('alert').filter({ hasText: language === 'en' ? '"abc" is not a phone number.' : 'abc' }).waitFor();
      await check();
    });

    it('with the link to the phone system down while a call rings', async () => {
      await fusion.customerCalls();
      await fetch(`${BRIDGE_URL}/simulator/link/down`, { method: 'POST' });
      try {
        await fusion.toolbar().getByText(say(words, 'vendorLink', { vendor: 'Genesys Engage', link: words.linkDown })).waitFor();
        await fusion.toolbarCard(words.stateRinging).getByText(say(words, 'blockedLinkDown', { vendor: 'Genesys Engage' })).waitFor();
        await check();
      } finally {
        await fetch(`${BRIDGE_URL}/simulator/link/up`, { method: 'POST' });
      }
    });

    it('two calls: one connected, one ringing', async () => {
      await fusion.customerCalls();
      await fusion.acceptedBy('toolbar');
      await fusion.customerCalls(OTHER_CALLER, OTHER_CALLER_SHOWN);
      await fusion.toolbarCard(words.stateConnected).waitFor();
      await check();
    });
  });
});

describe('keyboard focus follows the agent’s actions', () => {
  beforeEach(async () => {
    await openIn('en');
  });

  it('Accept → Hang up → Finish wrap-up → the dial field, never the body', async () => {
    await fusion.customerCalls(CALLER, CALLER_NAME);
    await pressWithKeyboard('Incoming call', 'Accept');
    await fusion.toolbarCard('Connected').waitFor();
    await focusReaches(fusion.page, 'Hang up');
    await fusion.page.keyboard.press('Enter');
    await fusion.toolbarCard('Wrap-up').waitFor();
    await focusReaches(fusion.page, 'Finish wrap-up');
    await fusion.page.keyboard.press('Enter');
    await fusion.toolbar().getByText('No calls').waitFor();
    await toolbarFrame(fusion.page).waitForFunction(() => document.activeElement?.id === 'dial-number', undefined, { timeout: 10000 });
  });

  it('Decline of one of two calls moves focus to the other call', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await fusion.customerCalls(OTHER_CALLER, OTHER_CALLER_SHOWN);
    await pressWithKeyboard('Incoming call', 'Decline', OTHER_CALLER_SHOWN);
    await fusion.toolbarCard('Incoming call', OTHER_CALLER_SHOWN).waitFor({ state: 'detached' });
    await focusReaches(fusion.page, 'Hang up');
  });

  it('the customer hangs up while focus is on Hang up: focus moves to Finish wrap-up, not the body', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await fusion.toolbarCard('Connected').getByRole('button', { name: 'Hang up' }).focus();
    // The customer's side, clicked without taking focus from the toolbar: as for an agent working in the toolbar.
    await fusion.customer().getByRole('button', { name: 'Customer hangs up' }).dispatchEvent('click');
    await fusion.toolbarCard('Wrap-up').waitFor();
    await focusReaches(fusion.page, 'Finish wrap-up');
  });

  it('Alt+Shift+A answers and Alt+Shift+H hangs up while focus is in the toolbar', async () => {
    await fusion.customerCalls();
    await fusion.toolbar().getByLabel('Number to call').focus();
    await fusion.page.keyboard.press('Alt+Shift+KeyA');
    await fusion.toolbarCard('Connected').waitFor();
    await fusion.page.keyboard.press('Alt+Shift+KeyH');
    await fusion.toolbarCard('Wrap-up').waitFor();
    await fusion.expectCommOperations(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    await fusion.fusionDialog('Wrap Up').getByRole('button', { name: 'Close Wrap Up' }).click();
    await fusion.toolbar().getByText('No calls').waitFor();
  });

  it('Call back on a recent call, from the keyboard, places the call', async () => {
    await fusion.customerCalls();
    await fusion.customer().getByRole('button', { name: 'Customer hangs up' }).click();
    await fusion.toolbar().getByText('No calls').waitFor();
    await fusion.toolbar().getByText('Recent calls').click();
    await fusion.toolbar().getByRole('button', { name: `Call back ${CALLER_NAME}` }).focus();
    await fusion.page.keyboard.press('Enter');
    await fusion.toolbarCard('Calling…').waitFor();
    await fusion.toolbarCard('Calling…').getByRole('button', { name: 'Hang up' }).click();
    await fusion.toolbar().getByText('No calls').waitFor();
  });

  it('a hold at the phone while focus is on a keypad key: the keypad goes, and focus moves to the card’s buttons', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    const card = fusion.toolbarCard('Connected');
    await card.getByRole('button', { name: 'Keypad' }).click();
    await card.getByRole('group', { name: /^Keypad/ }).getByRole('button', { name: '5', exact: true }).focus();
    // The agent's phone, clicked without taking focus from the toolbar.
    await fusion.customer().getByRole('button', { name: 'Softphone: hold' }).dispatchEvent('click');
    await fusion.toolbarCard('On hold').waitFor();
    await focusReaches(fusion.page, 'Hang up');
  });

  it('a call that rings later does not take focus, even after the agent was on a card', async () => {
    await fusion.customerCalls();
    await fusion.toolbarCard('Incoming call').getByRole('button', { name: 'Accept' }).focus();
    // The agent leaves the card without pressing anything (a click on the toolbar's background): focus is on the body.
    await toolbarFrame(fusion.page).evaluate(() => (document.activeElement as HTMLElement).blur());
    await fusion.customerCalls(OTHER_CALLER, OTHER_CALLER_SHOWN);
    // Once JET has rendered the second call and any move of focus it set off has run, focus is still on the body.
    const focused = await toolbarFrame(fusion.page).evaluate(
      () =>
        new Promise<string>((resolve) => {
          const amd = (window as unknown as { require: (ids: string[], done: (context: { getPageContext(): { getBusyContext(): { whenReady(): Promise<unknown> } } }) => void) => void }).require;
          amd(['ojs/ojcontext'], (context) => {
            void context
              .getPageContext()
              .getBusyContext()
              .whenReady()
              .then(() => new Promise((settled) => setTimeout(settled, 0)))
              .then(() => resolve(document.activeElement === document.body ? 'body' : (document.activeElement?.closest('oj-c-button')?.getAttribute('label') ?? document.activeElement?.tagName ?? 'none')));
          });
        }),
    );
    expect(focused).toBe('body');
  });
});

describe('errors that help', () => {
  beforeEach(async () => {
    await openIn('en');
  });

  it('while the link is down, Accept and Decline are disabled with the reason; when it is back they work and the error clears', async () => {
    await fusion.customerCalls();
    const ringing = fusion.toolbarCard('Incoming call');
    await fetch(`${BRIDGE_URL}/simulator/link/down`, { method: 'POST' });
    try {
      await fusion.toolbar().getByRole('alert').waitFor();
      await ringing.getByRole('button', { name: 'Accept', disabled: true, description: /^The link to Genesys Engage is down/ }).waitFor();
      await ringing.getByRole('button', { name: 'Decline', disabled: true }).waitFor();
    } finally {
      await fetch(`${BRIDGE_URL}/simulator/link/up`, { method: 'POST' });
    }
    await fusion.toolbar().getByText('Genesys Engage: connected').waitFor();
    await fusion.toolbar().getByRole('alert').waitFor({ state: 'detached' });
    await ringing.getByRole('button', { name: 'Accept', disabled: false }).click();
    await fusion.toolbarCard('Connected').waitFor();
  });

  it('while the link is down, Finish wrap-up is disabled with the reason too; it comes back with the link', async () => {
    await fusion.customerCalls();
    await fusion.acceptedBy('toolbar');
    await fusion.customer().getByRole('button', { name: 'Customer hangs up' }).click();
    const wrapup = fusion.toolbarCard('Wrap-up');
    await wrapup.waitFor();
    await fetch(`${BRIDGE_URL}/simulator/link/down`, { method: 'POST' });
    try {
      await wrapup.getByRole('button', { name: 'Finish wrap-up', disabled: true, description: /^The link to Genesys Engage is down/ }).waitFor();
    } finally {
      await fetch(`${BRIDGE_URL}/simulator/link/up`, { method: 'POST' });
    }
    await wrapup.getByRole('button', { name: 'Finish wrap-up', disabled: false }).click();
    await fusion.toolbar().getByText('No calls').waitFor();
  });
});

describe('what the agent reads at a glance', () => {
  beforeEach(async () => {
    await openIn('en');
  });

  it('a ringing call is named, moves, is announced with the caller’s name, and looks unlike a connected one', async () => {
    await fusion.customerCalls();
    const ringing = fusion.toolbarCard('Incoming call');
    await ringing.getByRole('heading', { name: CALLER_NAME }).waitFor();
    await ringing.getByText('+1 650 555 0100').waitFor();
    await fusion.toolbar().locator('[aria-live="assertive"]').filter({ hasText: `Incoming call from ${CALLER_NAME}, +1 650 555 0100` }).waitFor();
    const ringLook = await cardLook(fusion.page, `Incoming call: ${CALLER_NAME}`);
    expect(ringLook).toMatchObject({ state: 'ringing', animation: 'toolbar-ring' });
    await fusion.acceptedBy('toolbar');
    const connectedLook = await cardLook(fusion.page, `Connected: ${CALLER_NAME}`);
    expect(connectedLook).toMatchObject({ state: 'connected', animation: 'none' });
    expect(connectedLook.border).not.toBe(ringLook.border);
    await fusion.toolbarCard('Connected').getByText(/^In state \d+:\d\d$/).waitFor();
    await fusion.customer().getByRole('button', { name: 'Customer hangs up' }).click();
    await fusion.toolbarCard('Wrap-up').getByText(/^Call \d+:\d\d$/).waitFor();
    const wrapupLook = await cardLook(fusion.page, `Wrap-up: ${CALLER_NAME}`);
    expect(wrapupLook.state).toBe('wrapup');
    expect(wrapupLook.border).not.toBe(connectedLook.border);
    // The live region was emptied after the announcement, so the next call is a change a screen reader speaks.
    await fusion.toolbar().locator('[aria-live="assertive"]').filter({ hasText: /^$/ }).waitFor({ timeout: 10000 });
  });

  it('the ringing icon keeps still for an agent who asks for reduced motion', async () => {
    await fusion.page.emulateMedia({ reducedMotion: 'reduce' });
    await fusion.customerCalls();
    expect(await cardLook(fusion.page, `Incoming call: ${CALLER_NAME}`)).toMatchObject({ state: 'ringing', animation: 'none' });
  });

  it('the Call button waits for a number', async () => {
    const call = fusion.toolbar().getByRole('button', { name: 'Call', exact: true });
    await expect(call.isDisabled()).resolves.toBe(true);
    await fusion.toolbar().getByLabel('Number to call').fill('+1 650 555 0142');
    await fusion.toolbar().getByRole('button', { name: 'Call', exact: true, disabled: false }).waitFor();
  });
});
