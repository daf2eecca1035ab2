import { createElement, render } from 'preact';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- JET types ojcontext as `export =`: TypeScript's import for that under module amd (https://www.typescriptlang.org/docs/handbook/modules/reference.html#export--and-import--require)
import Context = require('ojs/ojcontext');
import { type FocusTarget, ToolbarViewModel, focusTargetAfter } from './toolbarViewModel';
import { ToolbarView } from './view/toolbarView';
import { watch } from './observable';
import { shortcutAction } from './keyboardShortcuts';
import type { ToolbarStart } from './toolbarApp';
import { RingAlert, browserRingPorts } from './ringAlert';
import { messageOf } from './cti/core/errors';
import type { CallMessageCatalog } from './cti/core/agentMessages';
import { Translator } from './i18n/translator';
import type { ToolbarStrings } from './i18n/strings';
import { formattingLocale, supportedLanguage } from './i18n/language';
import { LOAD_MARK, markLoad } from './loadMarks';
// The bundles in the language main.js chose (its ojL10n locale), with the English root under any key a translation
// lacks. `export =` modules again, as above.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import toolbarStrings = require('ojL10n!resources/nls/toolbarStrings');
// eslint-disable-next-line @typescript-eslint/no-require-imports
import callMessages = require('ojL10n!resources/nls/callMessages');

/** The first control of a target that can take focus now (JET's buttons render their own <button> inside). */
function focusable(target: FocusTarget): HTMLElement | null {
  if ('card' in target) {
    const card = document.querySelector(`.toolbar-card[data-event-id="${CSS.escape(target.card)}"]`);
    return card?.querySelector<HTMLElement>('.toolbar-card-actions button:not([disabled])') ?? null;
  }
  return document.querySelector<HTMLElement>(target.place === 'dial' ? '#dial-number' : '.toolbar-calls');
}

/**
 * Keeps keyboard focus in the toolbar when the button that held it goes away: Accept, Hang up, Finish wrap-up and
 * Decline each remove themselves when pressed, and Hang up goes when the customer hangs up. Once JET has rendered the
 * change, focus moves to the next sensible control, only when focus then fell to the body, and only from the card
 * whose button was pressed (once) or that held focus when its button was taken away. Focus the agent moves elsewhere
 * (a focusout: another control, the toolbar's background, another window) ends that claim, so focus is never pulled
 * from where the agent put it, nor onto a call that rings later.
 */
function keepFocus(view: ToolbarViewModel): void {
  /** The card focus is in; it survives the removal of the button focus was on. */
  let cardWithFocus: string | null = null;
  document.addEventListener('focusin', (event) => {
    // Focus the agent moves anywhere after the press (the pressed button already held it) ends that press's claim.
    view.disarmFocus();
    const card = event.target instanceof Element ? event.target.closest('.toolbar-card') : null;
    cardWithFocus = card?.getAttribute('data-event-id') ?? null;
  });
  document.addEventListener('focusout', (event) => {
    // A control taken out of the page may fire focusout too: only focus that left a control still there is the agent's.
    const left = event.target;
    queueMicrotask(() => {
      if (left instanceof Element && !left.isConnected) return;
      const active = document.activeElement;
      cardWithFocus = active instanceof Element ? (active.closest('.toolbar-card')?.getAttribute('data-event-id') ?? null) : null;
    });
  });
  view.rendered.subscribe(() => {
    const from = view.focusArmedFor ?? cardWithFocus;
    if (from === null) return;
    void Context.getPageContext().getBusyContext().whenReady().then(() => {
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (!lost || !document.hasFocus() || (view.focusArmedFor ?? cardWithFocus) !== from) return;
      view.takeFocusFrom();
      cardWithFocus = null;
      const target = focusTargetAfter(from, view.engagements().map((card) => card.eventId), view.canDial());
      const element = focusable(target) ?? focusable({ place: 'calls' });
      element?.focus();
    });
  });
}

/**
 * Dark when the agent's system asks for it, and back when it stops: Redwood's own dark values, which its
 * .oj-color-invert class carries for every --oj-core-* variable (JET 19 has no other dark switch), on the root
 * element so that JET's components and the toolbar's styles take them alike.
 */
function followColorScheme(): void {
  const dark = window.matchMedia('(prefers-color-scheme: dark)');
  const apply = (): void => {
    document.documentElement.classList.toggle('oj-color-invert', dark.matches);
  };
  apply();
  dark.addEventListener('change', apply);
}

/**
 * Shows the toolbar once the page is ready, and attaches it to the toolbar's link to Fusion and its vendor, which
 * main.js started before this module loaded (`started`, from toolbarApp's startToolbar).
 */
export function showToolbar(started: Promise<ToolbarStart>): void {
  markLoad(LOAD_MARK.viewStarted);
  followColorScheme();
  void documentReady().then(() => {
    const text = translator();
    document.title = text.say('toolbarName');
    const view = new ToolbarViewModel(text);
    const toolbar = document.getElementById('toolbar') as HTMLElement;
    const place = document.getElementById('toolbar-view') as HTMLElement;
    toolbar.setAttribute('aria-label', view.words.toolbarName);
    // Drawn again whenever an observable the view read changes (a watch tracks the reads); Preact's render diffs
    // against what it drew last, so a card, and the button focus is on, stays while its call changes.
    watch(() => {
      toolbar.dataset.link = view.linkStatus();
      render(createElement(ToolbarView, { view }), place);
    });
    const announcement = document.getElementById('toolbar-announcement') as HTMLElement;
    watch(() => {
      announcement.textContent = view.announcement();
    });
    keepFocus(view);
    document.addEventListener('keydown', (event) => {
      const action = shortcutAction(event);
      if (action === null) return;
      event.preventDefault();
      if (event.repeat) return; // a key held down answers one call, not the next one that rings
      view.shortcut(action);
    });
    Context.getPageContext().getBusyContext().applicationBootstrapComplete();
    started
      .then((start) => {
        if (!start.ok) {
          view.showStartupError(start.problem, start.detail);
          return;
        }
        view.attach(start.core, start.agent, start.signIn, new RingAlert(browserRingPorts(), (word) => text.say(word)));
        // The moment the agent sees the toolbar showing the core's state, JET's components rendered: a User Timing
        // mark, which DevTools' performance panel shows and the load benchmark reads (bench/src/toolbar/coldLoad.ts).
        void Context.getPageContext()
          .getBusyContext()
          .whenReady()
          .then(() => markLoad(LOAD_MARK.shown));
        void start.stopped.then((reason) => {
          if (reason !== undefined) view.showStartupError('toolbarStopped', reason);
        });
      })
      // The view failing to attach (or to draw the core's first snapshot) is said too, not left at "starting".
      .catch((err: unknown) => view.showStartupError('toolbarStopped', messageOf(err)));
  });
}

/** Resolves once the page's elements are all there (main.js may run this module before or after that). */
function documentReady(): Promise<void> {
  if (document.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

/** The toolbar's words in the language main.js chose and set as the page's lang; times and numbers as the browser's tag of that language writes them. */
function translator(): Translator {
  const language = supportedLanguage(document.documentElement.lang) ?? 'en';
  return new Translator(toolbarStrings as ToolbarStrings, callMessages as CallMessageCatalog, formattingLocale(language, navigator.languages ?? []));
}
