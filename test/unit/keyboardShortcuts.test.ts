import { SHORTCUT_KEYS, shortcutAction } from '../../src/ts/keyboardShortcuts';
import { ENGLISH } from '../../src/ts/i18n/strings';
import de from '../../src/ts/resources/nls/de/toolbarStrings';
import ja from '../../src/ts/resources/nls/ja/toolbarStrings';
import { readFileSync } from 'fs';
import { join } from 'path';

const press = (code: string, mods: Partial<Record<'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey', boolean>> = {}) => ({
  altKey: false,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  code,
  ...mods,
});

describe('keyboard shortcuts', () => {
  it.each([
    ['KeyA', 'accept'],
    ['KeyD', 'reject'],
    ['KeyH', 'hangup'],
  ] as const)('Alt+Shift+%s asks for %s', (code, action) => {
    expect(shortcutAction(press(code, { altKey: true, shiftKey: true }))).toBe(action);
  });

  it.each([
    ['a letter alone', press('KeyA')],
    ['Alt alone (the browser’s menus)', press('KeyA', { altKey: true })],
    ['Ctrl+Alt (AltGr on German keyboards)', press('KeyA', { altKey: true, shiftKey: true, ctrlKey: true })],
    ['Meta', press('KeyA', { altKey: true, shiftKey: true, metaKey: true })],
    ['another key', press('KeyX', { altKey: true, shiftKey: true })],
  ])('ignores %s', (_what, event) => {
    expect(shortcutAction(event)).toBeNull();
  });

  it('are described to screen readers on the list of calls, by the help of every language, which names each key', () => {
    document.documentElement.innerHTML = readFileSync(join(__dirname, '../../src/index.html'), 'utf8');
    const calls = document.querySelector('section.toolbar-calls');
    const help = document.getElementById(calls?.getAttribute('aria-describedby') ?? '');
    expect(help?.querySelector('oj-bind-text')?.getAttribute('value')).toBe('[[words.shortcutHelp]]');
    expect(SHORTCUT_KEYS).toEqual(['A', 'D', 'H']);
    expect(ENGLISH.shortcutHelp).toBe('Keyboard shortcuts: Alt+Shift+A answers, Alt+Shift+D declines, Alt+Shift+H hangs up.');
    for (const words of [ENGLISH, de, ja]) {
      // German keyboards call Shift "Umschalt".
      expect(SHORTCUT_KEYS.map((key) => new RegExp(`Alt\\+(Shift|Umschalt)\\+${key}\\b`).test(words.shortcutHelp))).toEqual([true, true, true]);
    }
  });
});
