import { createElement, render } from 'preact';
import { ToolbarView } from '../../src/ts/view/toolbarView';
import { ToolbarViewModel, loadNumberFormatting } from '../../src/ts/toolbarViewModel';
import { watch } from '../../src/ts/observable';
import { SHORTCUT_KEYS } from '../../src/ts/keyboardShortcuts';
import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import { ManualVendor } from '../support/manualVendor';
import { RecordingFusion, settle } from '../support/recordingFusion';
import { ENGLISH } from '../../src/ts/i18n/strings';
import de from '../../src/ts/resources/nls/de/toolbarStrings';
import ja from '../../src/ts/resources/nls/ja/toolbarStrings';

// The view as root.ts draws it: inside a watch, so that it is drawn again when what it read changes. JET's buttons are
// plain elements here (jest.config.js), their label and disabled set as attributes.
beforeAll(() => loadNumberFormatting());

async function drawn() {
  const place = document.createElement('div');
  document.body.replaceChildren(place);
  const vendor = new ManualVendor();
  const core = new IntegrationEventsHandler({ vendor, fusion: new RecordingFusion(), log: () => undefined });
  const view = new ToolbarViewModel();
  const stop = watch(() => render(createElement(ToolbarView, { view }), place));
  view.attach(core, {});
  await core.start();
  return { place, view, vendor, stop };
}

/** JET's toggle button as far as the view is concerned: a `value` property, and valueChanged when the agent presses it. */
class ToggleButtonStandIn extends HTMLElement {
  value = false;
  press(): void {
    this.value = !this.value;
    this.dispatchEvent(new CustomEvent('valueChanged', { detail: { value: this.value, updatedFrom: 'internal' } }));
  }
}

const labels = (root: ParentNode, selector: string) => Array.from(root.querySelectorAll(selector)).map((b) => b.getAttribute('label'));

describe('ToolbarView', () => {
  it('says no calls once started, then draws a ringing call with Accept and Decline', async () => {
    const { place, vendor, stop } = await drawn();
    expect(place.querySelector('.toolbar-empty')?.textContent).toBe('No calls');
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    await settle();
    const card = place.querySelector('.toolbar-card[data-event-id="c1"]');
    expect(card?.getAttribute('data-state')).toBe('ringing');
    expect(card?.querySelector('.toolbar-card-title')?.textContent).toBe('555');
    expect(labels(card!, '.toolbar-card > .toolbar-card-actions > oj-c-button')).toEqual(['Accept', 'Decline']);
    expect(place.querySelector('.toolbar-empty')).toBeNull();
    stop();
  });

  it('keeps a call’s card, the same element, while its state changes, so that focus in it stays', async () => {
    const { place, vendor, stop } = await drawn();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    await settle();
    const ringing = place.querySelector('.toolbar-card[data-event-id="c1"]');
    vendor.report({ type: 'connected', eventId: 'c1' });
    await settle();
    const connected = place.querySelector('.toolbar-card[data-event-id="c1"]');
    expect(connected).toBe(ringing);
    expect(connected?.getAttribute('data-state')).toBe('connected');
    expect(labels(connected!, '.toolbar-card > .toolbar-card-actions > oj-c-button')).toEqual(['Hang up']);
    stop();
  });

  it('draws nothing more once the watch is stopped', async () => {
    const { place, vendor, stop } = await drawn();
    stop();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    await settle();
    expect(place.querySelector('.toolbar-card')).toBeNull();
  });

  it('describes the list of calls by the keyboard shortcuts’ help, which in every language names each key', async () => {
    const { place, stop } = await drawn();
    const calls = place.querySelector('section.toolbar-calls');
    const help = place.querySelector(`#${calls?.getAttribute('aria-describedby') ?? 'none'}`);
    expect(help?.textContent).toBe(ENGLISH.shortcutHelp);
    expect(SHORTCUT_KEYS).toEqual(['A', 'D', 'H']);
    for (const words of [ENGLISH, de, ja]) {
      // German keyboards call Shift "Umschalt".
      expect(SHORTCUT_KEYS.map((key) => new RegExp(`Alt\\+(Shift|Umschalt)\\+${key}\\b`).test(words.shortcutHelp))).toEqual([true, true, true]);
    }
    stop();
  });

  // The whole view is drawn again each second (the calls' clocks): a control the agent changed keeps the change until
  // the phone system answers, rather than snapping back at the next tick.
  it('keeps Mute pressed across redraws while the vendor is asked', async () => {
    if (!customElements.get('oj-c-toggle-button')) customElements.define('oj-c-toggle-button', ToggleButtonStandIn);
    const { place, view, vendor, stop } = await drawn();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'connected', eventId: 'c1' });
    await settle();
    const mute = place.querySelector('.toolbar-mute') as ToggleButtonStandIn;
    mute.press();
    view.now(view.now() + 1000);
    expect(mute.value).toBe(true);
    await settle();
    expect(vendor.calls).toContain('muteCall c1');
    view.now(view.now() + 1000);
    expect(mute.value).toBe(true);
    stop();
  });

  it('keeps a picked reason checked across redraws while the phone system is asked', async () => {
    const { place, view, vendor, stop } = await drawn();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } });
    // A call on the toolbar, so that its clock redraws the view.
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    await settle();
    const radio = place.querySelector<HTMLInputElement>('input[name="not-ready-reason"][value="TRAINING"]');
    radio?.click();
    view.now(view.now() + 1000);
    expect(radio?.checked).toBe(true);
    await settle();
    expect(vendor.calls).toContain('makeAgentUnavailable TRAINING');
    view.now(view.now() + 1000);
    expect(radio?.checked).toBe(true);
    stop();
  });
});
