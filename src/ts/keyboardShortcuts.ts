/**
 * The toolbar's keyboard shortcuts: Alt+Shift+A answers the call that rings, Alt+Shift+D declines it, Alt+Shift+H
 * hangs up the call in progress. They work while keyboard focus is in the toolbar's frame (keys go to the focused
 * frame; Fusion's page cannot pass them on to a frame of another origin). Alt+Shift, because Alt alone opens the
 * browser's menus on Windows and Ctrl+Alt is AltGr on German and other keyboards; keys are read by their position
 * (`KeyboardEvent.code`), so they are the same on every layout. The help that screen readers hear is the toolbar
 * strings' `shortcutHelp`.
 */
import type { CallAction } from './cti/core/types';

const SHORTCUTS: Readonly<Record<string, CallAction>> = { KeyA: 'accept', KeyD: 'reject', KeyH: 'hangup' };

/** The call action a key press asks for, or null when it is not one of the shortcuts. */
export function shortcutAction(event: Pick<KeyboardEvent, 'altKey' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'code'>): CallAction | null {
  if (!event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return null;
  return SHORTCUTS[event.code] ?? null;
}

/** The keys, as the help names them (`shortcutHelp` in the toolbar's strings, in each language). */
export const SHORTCUT_KEYS: readonly string[] = Object.keys(SHORTCUTS).map((code) => code.replace(/^Key/, ''));
