import { shortcutAction } from '../../src/ts/keyboardShortcuts';

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
});
