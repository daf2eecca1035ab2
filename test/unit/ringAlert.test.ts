import { RingAlert, type RingPorts } from '../../src/ts/ringAlert';

function ports(options: { permission?: NotificationPermission; answer?: NotificationPermission; saved?: string; hidden?: boolean; heldBack?: boolean } = {}) {
  const stored = new Map<string, string>(options.saved !== undefined ? [['toolbar.ringAlert', options.saved]] : []);
  const log: string[] = [];
  let permission = options.permission ?? 'default';
  let hidden = options.hidden ?? true;
  const p: RingPorts = {
    storage: { getItem: (k) => stored.get(k) ?? null, setItem: (k, v) => void stored.set(k, v) },
    startTone: () => {
      log.push('tone on');
      return { stop: () => void log.push('tone off'), heldBack: options.heldBack ?? false };
    },
    notifications: {
      permission: () => permission,
      request: async () => {
        log.push('asked');
        permission = options.answer ?? 'granted';
        return permission;
      },
      show: (title, body, tag) => log.push(`notify ${title}: ${body} (${tag})`),
    },
    pageHidden: () => hidden,
  };
  return { p, log, stored, show: (h: boolean) => (hidden = !h) };
}

const ringing = [{ eventId: 'c1', caller: 'Lisa Jones' }];

describe('RingAlert', () => {
  it('is silent and shows nothing until the agent turns it on', () => {
    const { p, log } = ports();
    const alert = new RingAlert(p);
    alert.update(ringing);
    expect(alert.current).toEqual({ ringtone: false, notify: false });
    expect(log).toEqual([]);
  });

  it('rings while a call rings, once however often the view changes, and stops when none does', () => {
    const { p, log, stored } = ports();
    const alert = new RingAlert(p);
    alert.setRingtone(true);
    alert.update(ringing);
    alert.update(ringing);
    alert.update([]);
    expect(log).toEqual(['tone on', 'tone off']);
    expect(new RingAlert(p).current.ringtone).toBe(true);
    expect(stored.get('toolbar.ringAlert')).toBe('{"ringtone":true,"notify":false}');
  });

  it('asks permission once, then notifies each new call once, only while the page is hidden', async () => {
    const { p, log, show } = ports();
    const alert = new RingAlert(p);
    expect(await alert.setNotify(true)).toBeNull();
    expect(await alert.setNotify(false)).toBeNull();
    expect(await alert.setNotify(true)).toBeNull(); // granted already: not asked again
    show(true);
    alert.update(ringing);
    show(false);
    alert.update([...ringing, { eventId: 'c2', caller: '+1 650 555 0101' }]);
    alert.update([...ringing, { eventId: 'c2', caller: '+1 650 555 0101' }]);
    expect(log).toEqual(['asked', 'notify Incoming call: Lisa Jones (c1)', 'notify Incoming call: +1 650 555 0101 (c2)']);
  });

  it('stays off and says why when the browser refuses notifications', async () => {
    const { p } = ports({ answer: 'denied' });
    const alert = new RingAlert(p);
    expect(await alert.setNotify(true)).toMatch(/did not allow notifications/);
    expect(alert.current.notify).toBe(false);
  });

  it('says when the browser holds the tone back until the agent uses the toolbar, and forgets it once nothing rings', () => {
    const { p } = ports({ heldBack: true, saved: '{"ringtone":true}' });
    const alert = new RingAlert(p);
    alert.update(ringing);
    expect(alert.problem).toBe('The browser holds the ringtone back until you click or type in the toolbar once.');
    alert.update([]);
    expect(alert.problem).toBe('');
  });

  it('starts with both off when what was saved is not its own', () => {
    const { p } = ports({ saved: 'not json' });
    expect(new RingAlert(p).current).toEqual({ ringtone: false, notify: false });
  });
});
