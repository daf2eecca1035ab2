import * as ko from 'knockout';
import { whenDocumentReady } from 'ojs/ojbootstrap';
// eslint-disable-next-line @typescript-eslint/no-require-imports -- JET types ojcontext as `export =`: TypeScript's import for that under module amd (https://www.typescriptlang.org/docs/handbook/modules/reference.html#export--and-import--require)
import Context = require('ojs/ojcontext');
import 'ojs/ojknockout';
import 'oj-c/button';
import { type FocusTarget, ToolbarViewModel, focusTargetAfter } from './toolbarViewModel';
import { startToolbar } from './toolbarApp';
import { messageOf } from './cti/core/errors';

/** The first control of a target that can take focus now (JET's buttons render their own <button> inside). */
function focusable(target: FocusTarget): HTMLElement | null {
  if ('card' in target) {
    const card = document.querySelector(`.toolbar-card[data-event-id="${CSS.escape(target.card)}"]`);
    return card?.querySelector<HTMLElement>('.toolbar-card-actions button:not([disabled])') ?? null;
  }
  return document.querySelector<HTMLElement>(target.place === 'dial' ? '#dial-number' : '.toolbar-calls');
}

/**
 * Keeps keyboard focus in the toolbar when the button that held it goes away (Accept, Hang up, Finish wrap-up and
 * Decline each remove themselves): once JET has rendered the change, focus moves to the next sensible control.
 * Only after the agent pressed one of a card's own buttons, once, and only when focus then fell to the body: so it
 * never pulls focus from where the agent put it, nor onto a call that rings later.
 */
function keepFocus(view: ToolbarViewModel): void {
  // Focus the agent moves anywhere after the press (the pressed button already held it) ends that press's claim.
  document.addEventListener('focusin', () => {
    view.disarmFocus();
  });
  view.rendered.subscribe(() => {
    const from = view.focusArmedFor;
    if (from === null) return;
    void Context.getPageContext().getBusyContext().whenReady().then(() => {
      const lost = document.activeElement === null || document.activeElement === document.body;
      if (!lost || !document.hasFocus() || view.focusArmedFor !== from) return;
      view.takeFocusFrom();
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

followColorScheme();

void whenDocumentReady().then(() => {
  const view = new ToolbarViewModel();
  const toolbar = document.getElementById('toolbar') as HTMLElement;
  ko.applyBindings(view, toolbar);
  keepFocus(view);
  Context.getPageContext().getBusyContext().applicationBootstrapComplete();
  startToolbar(view).catch((err: unknown) => {
    view.showStartupError(`The toolbar stopped: ${messageOf(err)}`);
  });
});
