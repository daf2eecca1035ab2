/**
 * Ringing the agent can hear or see when the toolbar is out of sight: a ringtone the toolbar plays itself, and a
 * browser notification while the page is hidden. Both are off until the agent turns them on (they are remembered in
 * the browser), since Amazon's CCP and Genesys softphones ring on their own and two rings are one too many.
 */
import { ENGLISH } from './i18n/strings';

/** The agent's choices, as remembered. */
export interface RingSettings {
  readonly ringtone: boolean;
  readonly notify: boolean;
}

/** A ringing call as the alert names it. */
export interface RingingCall {
  readonly eventId: string;
  /** The caller's name or number, as the card shows it. */
  readonly caller: string;
}

/** What the alert needs of the browser, so that tests can stand in for it. */
export interface RingPorts {
  readonly storage: Pick<Storage, 'getItem' | 'setItem'> | null;
  /**
   * Starts the ringtone; returns how to stop it, and whether the browser holds the sound back until the agent clicks
   * or types in the toolbar (its autoplay rules: a page may play sound only after the agent used it).
   */
  readonly startTone: () => { readonly stop: () => void; readonly heldBack: boolean };
  /** The browser's notifications, or null where there are none. */
  readonly notifications: {
    permission(): NotificationPermission;
    request(): Promise<NotificationPermission>;
    show(title: string, body: string, tag: string): void;
  } | null;
  readonly pageHidden: () => boolean;
}

const STORAGE_KEY = 'toolbar.ringAlert';

/** The alert's words: its problems and its notification's title (translated in the toolbar's strings). */
export type RingWord = 'noNotifications' | 'notificationsRefused' | 'ringtoneHeldBack' | 'notificationTitle';

/**
 * The North American ring (440 + 480 Hz, 2 s on, 4 s off: ITU-T E.180 Supplement 2), made with Web Audio. A context
 * the browser holds back is let go at the agent's next click or key press in the toolbar.
 */
export function webAudioRingtone(doc: Document): RingPorts['startTone'] {
  let context: AudioContext | null = null;
  const silent = { stop: () => undefined, heldBack: true };
  return () => {
    try {
      if (!context) {
        const ctx = new AudioContext();
        context = ctx;
        const unlock = (): void => void ctx.resume();
        doc.addEventListener('pointerdown', unlock);
        doc.addEventListener('keydown', unlock);
      }
    } catch {
      return silent; // no Web Audio here (or too many contexts): the cards and announcements still say it rings
    }
    const ctx = context;
    void ctx.resume();
    const gain = ctx.createGain();
    gain.gain.value = 0;
    gain.connect(ctx.destination);
    const oscillators = [440, 480].map((frequency) => {
      const osc = ctx.createOscillator();
      osc.frequency.value = frequency;
      osc.connect(gain);
      osc.start();
      return osc;
    });
    const cadence = (): void => {
      const t = ctx.currentTime;
      gain.gain.setValueAtTime(0.1, t);
      gain.gain.setValueAtTime(0, t + 2);
    };
    cadence();
    const timer = setInterval(cadence, 6000);
    const stop = (): void => {
      clearInterval(timer);
      for (const osc of oscillators) osc.stop();
      gain.disconnect();
    };
    return { stop, heldBack: ctx.state === 'suspended' };
  };
}

export class RingAlert {
  private settings: RingSettings;
  private stopTone: (() => void) | null = null;
  /** Why the tone may not be heard now, or '' (shown under the setting). */
  private toneProblem = '';
  /** Calls already notified, so that a call is notified once however often the view changes. */
  private readonly notified = new Set<string>();

  /** `say`: the alert's words in the agent's language (English when not given). */
  constructor(
    private readonly ports: RingPorts,
    private readonly say: (word: RingWord) => string = (word) => ENGLISH[word],
  ) {
    this.settings = RingAlert.read(ports.storage);
  }

  get current(): RingSettings {
    return this.settings;
  }

  /** Why the ringtone may not be heard right now, or ''. */
  get problem(): string {
    return this.toneProblem;
  }

  private static read(storage: RingPorts['storage']): RingSettings {
    try {
      const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}') as Partial<Record<keyof RingSettings, unknown>>;
      return { ringtone: saved.ringtone === true, notify: saved.notify === true };
    } catch {
      return { ringtone: false, notify: false }; // something else wrote there: start with both off
    }
  }

  private save(settings: RingSettings): void {
    this.settings = settings;
    try {
      this.ports.storage?.setItem(STORAGE_KEY, JSON.stringify(settings));
    } catch {
      // Storage refused (private mode, a full quota): the choice holds for this page only.
    }
  }

  setRingtone(on: boolean): void {
    this.save({ ...this.settings, ringtone: on });
    if (!on) this.silence();
  }

  /**
   * Turns notifications on, asking the browser's permission (within the agent's click, as browsers require), or off.
   * Returns why they cannot be on, or null.
   */
  async setNotify(on: boolean): Promise<string | null> {
    const notifications = this.ports.notifications;
    if (!on) {
      this.save({ ...this.settings, notify: false });
      return null;
    }
    if (!notifications) return this.say('noNotifications');
    const permission = notifications.permission() === 'granted' ? 'granted' : await notifications.request();
    if (permission !== 'granted') {
      this.save({ ...this.settings, notify: false });
      // Chromium refuses the request outright in a frame of another origin than the page (Fusion's toolbar frame).
      return this.say('notificationsRefused');
    }
    this.save({ ...this.settings, notify: true });
    return null;
  }

  /** The calls ringing now: the tone plays while there is one, and each new one is notified while the page is hidden. */
  update(ringing: readonly RingingCall[]): void {
    if (ringing.length > 0 && this.settings.ringtone && this.stopTone === null) {
      const tone = this.ports.startTone();
      this.stopTone = tone.stop;
      this.toneProblem = tone.heldBack ? this.say('ringtoneHeldBack') : '';
    }
    if (ringing.length === 0) this.silence();
    for (const id of this.notified) if (!ringing.some((call) => call.eventId === id)) this.notified.delete(id);
    if (!this.settings.notify || !this.ports.notifications || !this.ports.pageHidden()) return;
    for (const call of ringing) {
      if (this.notified.has(call.eventId)) continue;
      this.notified.add(call.eventId);
      this.ports.notifications.show(this.say('notificationTitle'), call.caller, call.eventId);
    }
  }

  private silence(): void {
    this.stopTone?.();
    this.stopTone = null;
    this.toneProblem = '';
  }
}

/** The browser's own parts: local storage where the frame may use it, Web Audio, and the Notification API. */
export function browserRingPorts(): RingPorts {
  let storage: RingPorts['storage'];
  try {
    storage = window.localStorage; // a sandboxed frame throws here
  } catch {
    storage = null;
  }
  const notifications: RingPorts['notifications'] =
    typeof Notification === 'undefined'
      ? null
      : {
          permission: () => Notification.permission,
          request: () => Notification.requestPermission(),
          show: (title, body, tag) => {
            const note = new Notification(title, { body, tag });
            note.onclick = () => window.focus();
          },
        };
  return { storage, startTone: webAudioRingtone(document), notifications, pageHidden: () => document.visibilityState === 'hidden' };
}
