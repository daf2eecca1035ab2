import { ANNOUNCEMENT_MS, EngagementCard, ToolbarViewModel, focusTargetAfter, formatElapsed, formatNumber, loadNumberFormatting, recentCallDetail } from '../../src/ts/toolbarViewModel';
import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import { ManualVendor } from '../support/manualVendor';
import { RecordingFusion, settle } from '../support/recordingFusion';
import type { SignInControl, SignInState } from '../../src/ts/cti/signin/tokenSignIn';
import { Translator, englishTranslator } from '../../src/ts/i18n/translator';
import { ENGLISH } from '../../src/ts/i18n/strings';
import type { EngagementView, ToolbarSnapshot } from '../../src/ts/cti/core/toolbarSnapshot';
import { CALL_MESSAGES, saidAs, say } from '../../src/ts/cti/core/agentMessages';
import { presenceNamed } from '../../src/ts/cti/core/types';
import de from '../../src/ts/resources/nls/de/toolbarStrings';
import deMessages from '../../src/ts/resources/nls/de/callMessages';

// libphonenumber-js loads at the first international number; these tests see the toolbar once it has (how numbers show
// before, and change when it arrives, is tested on its own below).
beforeAll(() => loadNumberFormatting());

/** A card's shown values, read out of its observables. */
function shown(card: EngagementCard) {
  return {
    title: card.title(),
    subtitle: card.subtitle(),
    stateLabel: card.stateLabel(),
    canAnswer: card.canAnswer(),
    canDecline: card.canDecline(),
    canHangUp: card.canHangUp(),
    canFinishWrapup: card.canFinishWrapup(),
  };
}

async function setUp(vendor: ManualVendor | null = new ManualVendor(), agent: { agentId?: string } = {}, text?: Translator) {
  const fusion = new RecordingFusion();
  fusion.directory['+16505550100'] = { SVCMCA_CONTACT_NAME: 'Lisa Jones' };
  const core = new IntegrationEventsHandler({ vendor, fusion, log: () => undefined });
  const view = new ToolbarViewModel(text);
  view.attach(core, agent);
  await core.start();
  return { core, view, fusion, vendor: vendor as ManualVendor };
}

describe('ToolbarViewModel', () => {
  afterEach(() => jest.useRealTimers());

  it('announces a ringing call at once, then again by the name Fusion found, and shows it with Accept and Decline', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
    // Announced as it rings, before Fusion's reverse lookup answers.
    expect(view.announcement()).toBe('Incoming call from +1 650 555 0100');
    await settle();
    const [card] = view.engagements();
    expect(shown(card)).toMatchObject({ title: 'Lisa Jones', subtitle: '+1 650 555 0100', stateLabel: 'Incoming call', canAnswer: true, canDecline: true, canHangUp: false });
    expect(card.state()).toBe('ringing');
    expect(view.announcement()).toBe('Incoming call from Lisa Jones, +1 650 555 0100');
  });

  it('clears the announcement after a while, so a second call from the same caller is announced too', async () => {
    jest.useFakeTimers({ now: 0 });
    const { view, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    expect(view.announcement()).toBe('Incoming call from 555');
    jest.advanceTimersByTime(ANNOUNCEMENT_MS);
    expect(view.announcement()).toBe('');
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'customer' });
    vendor.report({ type: 'incoming', eventId: 'c2', phoneNumber: '555' });
    expect(view.announcement()).toBe('Incoming call from 555');
  });

  it('announces a second ringing call from the same caller even while the first announcement stands', async () => {
    jest.useFakeTimers({ now: 0 });
    const { view, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'incoming', eventId: 'c2', phoneNumber: '555' });
    // The same words again: the region empties first, so a screen reader hears a change.
    expect(view.announcement()).toBe('');
    jest.advanceTimersByTime(100);
    expect(view.announcement()).toBe('Incoming call from 555');
  });

  it('says a call that rings while a repeated announcement waits for the region to empty, and the waiting one too', async () => {
    jest.useFakeTimers({ now: 0 });
    const { view, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'incoming', eventId: 'c2', phoneNumber: '555' }); // waits 100 ms for the region to empty
    vendor.report({ type: 'incoming', eventId: 'c3', phoneNumber: '556' }); // within those 100 ms
    // What the region holds from here on (c1's words were said before c2 rang).
    const said = [view.announcement()];
    view.announcement.subscribe((text) => said.push(text));
    jest.advanceTimersByTime(ANNOUNCEMENT_MS);
    expect(said.some((text) => text.includes('Incoming call from 555'))).toBe(true); // c2
    expect(said.some((text) => text.includes('Incoming call from 556'))).toBe(true); // c3
    expect(view.announcement()).toBe(''); // and the region empties as usual
  });

  it('does not announce calls that do not ring (an outbound call)', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'dialing', eventId: 'o1', phoneNumber: '555' });
    expect(view.announcement()).toBe('');
  });

  it('sends the card’s buttons to the vendor for that call', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'incoming', eventId: 'c2', phoneNumber: '556' });
    view.engagements()[1].decline();
    view.engagements()[0].answer();
    vendor.report({ type: 'connected', eventId: 'c1' });
    view.engagements()[0].hangUp();
    await settle();
    expect(vendor.calls).toEqual(['rejectCall c2', 'acceptCall c1', 'hangupCall c1']);
    expect(shown(view.engagements()[0])).toMatchObject({ stateLabel: 'Connected', canAnswer: false, canHangUp: true });
  });

  it('keeps each call’s card while the call changes, so keyboard focus stays on its buttons', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
    const card = view.engagements()[0];
    const list = view.engagements();
    await settle(); // Fusion's lookup answers: the title changes, the card and the list stay
    vendor.report({ type: 'connected', eventId: 'c1' });
    expect(view.engagements()[0]).toBe(card);
    expect(view.engagements()).toBe(list);
    expect(shown(card)).toMatchObject({ title: 'Lisa Jones', stateLabel: 'Connected' });
  });

  it('shows who Fusion says is signed in, and nothing when Fusion did not say', async () => {
    expect((await setUp(new ManualVendor(), { agentId: 'LISA.AGENT' })).view.agentLine()).toBe('Signed in as LISA.AGENT');
    expect((await setUp(new ManualVendor(), {})).view.agentLine()).toBe('');
  });

  it('lets the agent finish wrap-up in the toolbar, which closes Fusion’s Wrap Up window too', async () => {
    const { view, vendor, core, fusion } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'connected', eventId: 'c1' });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'customer' });
    expect(shown(view.engagements()[0])).toMatchObject({ stateLabel: 'Wrap-up', canFinishWrapup: true, canHangUp: false });
    view.engagements()[0].finishWrapup();
    await settle();
    expect(vendor.calls).toEqual(['completeWrapup c1']);
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP', 'closeCommEvent:ENDCOMMUNICATION']);
    expect(view.engagements()).toEqual([]);
    expect(core.activeEngagementIds()).toEqual([]);
  });

  it('follows the vendor’s presence and enables the switch only while the vendor is connected', async () => {
    const { view, vendor } = await setUp();
    expect(view.availabilityEnabled()).toBe(false);
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } });
    expect(view.availabilityEnabled()).toBe(true);
    expect(view.availableChecked()).toBe('true');
    expect(view.vendorLine()).toBe('Manual vendor: connected');
    view.toggleAvailability();
    await settle();
    expect(vendor.calls).toEqual(['makeAgentUnavailable']);
    vendor.report({ type: 'link', status: 'reconnecting' });
    expect(view.vendorLine()).toBe('Manual vendor: reconnecting…');
    expect(view.availabilityEnabled()).toBe(false);
  });

  it('shows what failed, and lets the agent dismiss it', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.failNext('acceptCall', 'the line dropped');
    view.engagements()[0].answer();
    await settle();
    expect(view.errorText()).toBe('Could not answer the call: the line dropped');
    view.dismissError();
    expect(view.errorText()).toBeNull();
  });

  it('clears an error that came with the link going down once the link is back, and keeps older ones', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'link', status: 'down', detail: saidAs('The link to Genesys Engage is down (T-Server unreachable).') });
    expect(view.errorText()).toBe('The link to Genesys Engage is down (T-Server unreachable).');
    vendor.report({ type: 'link', status: 'reconnecting' });
    vendor.report({ type: 'link', status: 'connected' });
    expect(view.errorText()).toBeNull();

    vendor.report({ type: 'error', message: saidAs('Fusion refused agentStateEventOperation') }); // not about the link
    vendor.report({ type: 'link', status: 'reconnecting' });
    vendor.report({ type: 'link', status: 'connected' });
    expect(view.errorText()).toBe('Fusion refused agentStateEventOperation');
  });

  it('shows the error from before the outage again once the outage’s own error clears, until it is dismissed', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'error', message: saidAs('Fusion refused agentStateEventOperation') });
    vendor.report({ type: 'link', status: 'down', detail: saidAs('The link to Genesys Engage is down (T-Server unreachable).') });
    expect(view.errorText()).toBe('The link to Genesys Engage is down (T-Server unreachable).');
    vendor.report({ type: 'link', status: 'reconnecting' });
    vendor.report({ type: 'link', status: 'connected' });
    expect(view.errorText()).toBe('Fusion refused agentStateEventOperation');

    // It is the line's error again: a second outage with a detail brings it back again, and dismissing ends it.
    vendor.report({ type: 'link', status: 'down', detail: saidAs('Down again.') });
    vendor.report({ type: 'link', status: 'connected' });
    expect(view.errorText()).toBe('Fusion refused agentStateEventOperation');
    view.dismissError();
    vendor.report({ type: 'link', status: 'down', detail: saidAs('Down once more.') });
    vendor.report({ type: 'link', status: 'connected' });
    expect(view.errorText()).toBeNull();
  });

  it('lets a newer error replace the restored one', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'error', message: saidAs('first') });
    vendor.report({ type: 'link', status: 'down', detail: saidAs('down') });
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'error', message: saidAs('second') });
    expect(view.errorText()).toBe('second');
    view.dismissError();
    expect(view.errorText()).toBeNull();
  });

  it('disables Accept, Decline and Hang up with the reason while the link is down or reconnecting, and enables them when it is back', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    const card = view.engagements()[0];
    expect([card.blocked(), card.blockedReason()]).toEqual([false, '']);
    vendor.report({ type: 'link', status: 'down' });
    expect([card.blocked(), card.blockedReason()]).toEqual([true, "The link to Manual vendor is down: the call's buttons come back with it."]);
    vendor.report({ type: 'link', status: 'reconnecting' });
    expect(card.blockedReason()).toBe("Connecting to Manual vendor: the call's buttons wait for the link.");
    vendor.report({ type: 'link', status: 'connected' });
    expect(card.blocked()).toBe(false);
  });

  it('blocks Finish wrap-up too while the link is down, with the same reason', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'connected', eventId: 'c1' });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'customer' });
    const card = view.engagements()[0];
    vendor.report({ type: 'link', status: 'down' });
    expect([card.canFinishWrapup(), card.blocked(), card.blockedReason()]).toEqual([true, true, "The link to Manual vendor is down: the call's buttons come back with it."]);
  });

  it('arms the move of focus only from a card’s own buttons, once: a call that rings later does not', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    expect(view.focusArmedFor).toBeNull();
    view.engagements()[0].answer();
    await settle();
    expect(view.focusArmedFor).toBe('c1');
    expect(view.takeFocusFrom()).toBe('c1');
    expect(view.takeFocusFrom()).toBeNull(); // one use
    vendor.report({ type: 'incoming', eventId: 'c2', phoneNumber: '556' });
    expect(view.focusArmedFor).toBeNull();
    for (const press of [() => view.engagements()[1].decline(), () => view.engagements()[0].hangUp()]) {
      press();
      expect(view.focusArmedFor).not.toBeNull();
      view.disarmFocus(); // focus went where the agent put it
      expect(view.focusArmedFor).toBeNull();
    }
  });

  it('says so when no vendor is configured', async () => {
    const { view } = await setUp(null);
    expect(view.vendorLine()).toBe('No telephony vendor configured');
    expect(view.availabilityEnabled()).toBe(false);
  });

  it('ticks the elapsed time only while there are calls', async () => {
    jest.useFakeTimers({ now: 0 });
    const { view, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    jest.advanceTimersByTime(65_000);
    expect(view.engagements()[0].elapsed()).toBe('1:05');
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'customer' });
    jest.advanceTimersByTime(ANNOUNCEMENT_MS); // the announcement's own timer ends too
    expect(jest.getTimerCount()).toBe(0);
  });

  it('shows the whole call’s time beside the time in its current state', async () => {
    jest.useFakeTimers({ now: 0 });
    const { view, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    const card = view.engagements()[0];
    expect(card.showCallTime()).toBe(false); // while it rings, the two are the same
    jest.advanceTimersByTime(10_000);
    vendor.report({ type: 'connected', eventId: 'c1' });
    jest.advanceTimersByTime(95_000);
    expect([card.showCallTime(), card.callTime(), card.elapsed()]).toEqual([true, '1:45', '1:35']);
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'customer' });
    jest.advanceTimersByTime(20_000);
    // The call ended as it went to wrap-up: its time stops at 1:45, while the time in wrap-up runs on.
    expect([card.stateLabel(), card.callTime(), card.elapsed()]).toEqual(['Wrap-up', '1:45', '0:20']);
  });

  it('says beside the switch whether it is on, and what the phone system calls the agent’s state', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'agentState', presence: { loggedIn: false, available: false, stateCode: 'LOGGED_OUT', displayName: 'Logged out' } });
    expect([view.availableState(), view.presenceText()]).toEqual(['Off', 'Logged out']);
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } });
    expect([view.availableState(), view.presenceText()]).toEqual(['On', 'Available']);
  });
});

describe('numbers before libphonenumber-js has loaded', () => {
  it('shows them as given, then formatted once it arrives: on the card and in the recent calls', async () => {
    // A toolbar whose view module has not loaded the library yet.
    let fresh: typeof import('../../src/ts/toolbarViewModel') | undefined;
    await jest.isolateModulesAsync(async () => {
      fresh = await import('../../src/ts/toolbarViewModel');
    });
    if (!fresh) throw new Error('not loaded');
    const vendor = new ManualVendor();
    const core = new IntegrationEventsHandler({ vendor, fusion: new RecordingFusion(), log: () => undefined });
    const view = new fresh.ToolbarViewModel();
    view.attach(core);
    await core.start();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+442071838750' });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'customer' });
    vendor.report({ type: 'incoming', eventId: 'c2', phoneNumber: '+16505550100' });
    const [card] = view.engagements();
    const recentBefore = view.recentCalls()[0];
    expect([card.title(), card.subtitle(), recentBefore.title, recentBefore.callBackLabel]).toEqual(['+16505550100', 'Inbound', '+442071838750', 'Call back +442071838750']);
    // An announcement is said once: it waits for the number to be formatted.
    expect(view.announcement()).toBe('');
    // The load the first number started.
    await fresh.loadNumberFormatting();
    await settle();
    expect([card.title(), card.subtitle()]).toEqual(['+1 650 555 0100', 'Inbound']);
    // c1 hung up while the library loaded: no longer news, so only c2 is said.
    expect(view.announcement()).toBe('Incoming call from +1 650 555 0100');
    expect(view.recentCalls()[0]).toMatchObject({ title: '+44 20 7183 8750', callBackLabel: 'Call back +44 20 7183 8750', canCallBack: true });
    expect(fresh.formatNumber('6505550100')).toBe('6505550100');
  });
});

describe('libphonenumber-js that does not load', () => {
  it('leaves numbers as given, says so once, and asks again only after NUMBER_FORMATTING_RETRY_MS', async () => {
    let fresh: typeof import('../../src/ts/toolbarViewModel') | undefined;
    let asked = 0;
    let offline = true;
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await jest.isolateModulesAsync(async () => {
        jest.doMock('libphonenumber-js', () => {
          asked += 1;
          if (offline) throw new Error('net::ERR_INTERNET_DISCONNECTED');
          return jest.requireActual<typeof import('libphonenumber-js')>('libphonenumber-js');
        });
        fresh = await import('../../src/ts/toolbarViewModel');
      });
      if (!fresh) throw new Error('not loaded');
      // formatNumber asks with the real clock: this one starts from it.
      let clock = Date.now();
      const now = () => clock;

      await fresh.loadNumberFormatting(now);
      expect([asked, fresh.formatNumber('+16505550100')]).toEqual([1, '+16505550100']);
      // Within the wait, a number does not ask again, so a redraw is not a fetch.
      clock += fresh.NUMBER_FORMATTING_RETRY_MS - 1;
      await fresh.loadNumberFormatting(now);
      expect(asked).toBe(1);
      // Once it has passed, the next number asks again, and the network being back, numbers are formatted.
      offline = false;
      clock += 1;
      await fresh.loadNumberFormatting(now);
      expect([asked, fresh.formatNumber('+16505550100')]).toEqual([2, '+1 650 555 0100']);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0][0])).toBe('[toolbar] numbers are shown as given: libphonenumber-js did not load');
    } finally {
      warn.mockRestore();
      jest.dontMock('libphonenumber-js');
    }
  });
});

describe('formatNumber', () => {
  it.each([
    ['+16505550100', '+1 650 555 0100'],
    ['+442071838750', '+44 20 7183 8750'],
    ['6505550100', '6505550100'], // no country: as given
    ['7001', '7001'],
    ['+1', '+1'], // not a number: as given
  ])('%s → %s', (raw, text) => expect(formatNumber(raw)).toBe(text));
});

describe('formatElapsed', () => {
  it.each([
    [0, '0:00'],
    [59_999, '0:59'],
    [61_000, '1:01'],
    [3_725_000, '1:02:05'],
    [-5, '0:00'],
  ])('%d ms → %s', (ms, text) => expect(formatElapsed(ms)).toBe(text));
});

describe('focusTargetAfter: where focus goes when the button that held it went away', () => {
  it.each([
    ['the same call, still open (Accept became Hang up)', 'c1', ['c1', 'c2'], true, { card: 'c1' }],
    ['the first call left, when this one ended', 'c1', ['c2', 'c3'], true, { card: 'c2' }],
    ['the dial field, when no call is left', 'c1', [], true, { place: 'dial' }],
    ['the list of calls, when there is no dial field', 'c1', [], false, { place: 'calls' }],
  ])('%s', (_name, last, cards, canDial, target) => expect(focusTargetAfter(last, cards, canDial)).toEqual(target));
});

describe('ToolbarViewModel: the dial field', () => {
  it('is offered only while a vendor that places calls is connected, and places the typed number', async () => {
    const { view, vendor } = await setUp();
    expect(view.canDial()).toBe(false);
    vendor.report({ type: 'link', status: 'connected' });
    expect(view.canDial()).toBe(true);
    view.dialNumber('+1 650 555 0142');
    view.dial();
    await settle();
    expect(vendor.calls).toEqual([expect.stringMatching(/^makeOutboundCall \+1 650 555 0142 \S+$/)]);
    expect(view.dialNumber()).toBe('');
    expect(shown(view.engagements()[0])).toMatchObject({ stateLabel: 'Calling…', canHangUp: true });
  });

  it('places no call, and shows no error, for Enter in an empty or blank field', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    for (const typed of ['', '   ']) {
      view.dialNumber(typed);
      view.dialSubmit(new Event('submit', { cancelable: true }));
    }
    await settle();
    expect(vendor.calls).toEqual([]);
    expect(view.errorText()).toBeNull();
  });

  it('has nothing to call while the number is empty or blank', async () => {
    const { view } = await setUp();
    expect(view.dialEmpty()).toBe(true);
    view.dialNumber('   ');
    expect(view.dialEmpty()).toBe(true);
    view.dialNumber('5');
    expect(view.dialEmpty()).toBe(false);
  });

  it('places one call for a double click', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    view.dialNumber('+1 650 555 0142');
    view.dial();
    view.dial();
    await settle();
    expect(vendor.calls).toHaveLength(1);
  });

  it('keeps a number that is not one, and says why', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    view.dialNumber('abc');
    view.dial();
    await settle();
    expect(vendor.calls).toEqual([]);
    expect(view.dialNumber()).toBe('abc');
    expect(view.errorText()).toBe('"abc" is not a phone number.');
  });

  it('is not offered by a vendor that cannot place calls', async () => {
    const { view, vendor } = await setUp(new ManualVendor({ outboundCalls: false, afterCallWork: false }));
    vendor.report({ type: 'link', status: 'connected' });
    expect(view.canDial()).toBe(false);
  });
});

class FakeSignIn implements SignInControl {
  state: SignInState = { status: 'signedOut' };
  readonly presses: boolean[] = [];
  private readonly listeners = new Set<(state: SignInState) => void>();
  subscribe(listener: (state: SignInState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  signIn(switchAgent?: boolean): void {
    this.presses.push(switchAgent === true);
  }
  show(state: SignInState): void {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
}

async function withSignIn(text?: Translator) {
  const core = new IntegrationEventsHandler({ vendor: new ManualVendor(), fusion: new RecordingFusion(), log: () => undefined });
  await core.start();
  const view = new ToolbarViewModel(text);
  const signIn = new FakeSignIn();
  view.attach(core, { agentId: 'agent1' }, signIn);
  return { view, signIn };
}

describe('ToolbarViewModel: the phone system\'s sign-in', () => {
  const panel = (view: ToolbarViewModel) => ({
    line: view.signInLine(),
    message: view.signInMessage(),
    signIn: view.showSignIn(),
    switchAgent: view.showSwitchAgent(),
  });

  it('is not offered when the vendor has no sign-in of the toolbar\'s', async () => {
    const { view } = await setUp();
    expect(view.signInOffered()).toBe(false);
  });

  it('offers Sign in while signed out, says why and what went wrong, and Switch agent once signed in', async () => {
    const { view, signIn } = await withSignIn();
    expect(view.signInOffered()).toBe(true);
    expect(panel(view)).toEqual({ line: 'Phone sign-in: not signed in', message: 'Sign in to take calls.', signIn: true, switchAgent: false });

    signIn.show({ status: 'signedOut', message: say('signInBlocked', { origin: 'https://toolbar.example.com' }) });
    expect(panel(view)).toMatchObject({ message: 'The browser blocked the sign-in window. Allow pop-ups for https://toolbar.example.com, then press Sign in again.', signIn: true });

    signIn.show({ status: 'signingIn', message: say('signInInWindow') });
    expect(panel(view)).toEqual({ line: 'Phone sign-in: signing in…', message: 'Sign in in the window that opened.', signIn: true, switchAgent: false });

    signIn.show({ status: 'signedIn', agent: 'agent1' });
    expect(panel(view)).toEqual({ line: 'Phone sign-in: agent1', message: '', signIn: false, switchAgent: true });

    signIn.show({ status: 'signedIn', agent: 'agent1', renewalNeeded: true, message: say('signInEndsAt', { time: '10:30' }) });
    expect(panel(view)).toEqual({ line: 'Phone sign-in: agent1', message: 'Your sign-in ends at 10:30. Press Sign in to stay connected.', signIn: true, switchAgent: false });
  });

  it('Sign in opens the window as it is; Switch agent asks the provider who signs in', async () => {
    const { view, signIn } = await withSignIn();
    view.signIn();
    view.switchAgent();
    expect(signIn.presses).toEqual([false, true]);
  });
});

/** The toolbar with the vendor's link up and one call, c1, connected: its card. */
async function talking(vendor = new ManualVendor()) {
  const t = await setUp(vendor);
  vendor.report({ type: 'link', status: 'connected' });
  vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
  vendor.report({ type: 'connected', eventId: 'c1' });
  await settle();
  return { ...t, card: t.view.engagements()[0] };
}

describe('ToolbarViewModel: call controls', () => {
  /** What the Mute toggle's value-changed event carries when the agent presses it (JET's 'internal'). */
  function pressed(value: boolean, target: { value?: boolean } = {}) {
    return { detail: { value, updatedFrom: 'internal' }, target } as unknown as CustomEvent<{ value: boolean; updatedFrom?: string }>;
  }

  it('offers Hold on a connected call, which turns into Resume in place once the vendor holds it, and says so', async () => {
    const { card, vendor, view } = await talking();
    expect([card.showHold(), card.holdLabel(), card.canMute(), card.canUseKeypad()]).toEqual([true, 'Hold', true, true]);
    card.holdOrResume();
    await settle();
    expect(vendor.calls).toContain('holdCall c1');
    vendor.report({ type: 'held', eventId: 'c1' });
    await settle();
    expect([card.holdLabel(), card.stateLabel(), card.canHangUp(), card.canUseKeypad()]).toEqual(['Resume', 'On hold', true, false]);
    expect(view.announcement()).toBe('On hold: Lisa Jones');
    card.holdOrResume();
    await settle();
    expect(vendor.calls).toContain('resumeCall c1');
    vendor.report({ type: 'resumed', eventId: 'c1' });
    await settle();
    expect(card.holdLabel()).toBe('Hold');
    expect(view.announcement()).toContain('Resumed: Lisa Jones');
  });

  it('shows Mute pressed while the vendor is asked, then as the vendor reports it, and back when the vendor refuses', async () => {
    const { card, vendor, view } = await talking();
    card.muteToggled(pressed(true));
    expect([card.muteShown(), card.muted()]).toEqual([true, false]);
    await settle();
    expect(vendor.calls).toContain('muteCall c1');
    // An unrelated redraw before the vendor reports leaves the press shown.
    view.now(view.now() + 1000);
    expect(card.muteShown()).toBe(true);
    vendor.report({ type: 'muted', eventId: 'c1' });
    await settle();
    expect([card.muteShown(), card.muted()]).toEqual([true, true]);
    expect(view.announcement()).toBe('Muted: Lisa Jones');
    vendor.failNext('unmuteCall', 'the softphone is gone');
    card.muteToggled(pressed(false));
    expect(card.muteShown()).toBe(false);
    await settle();
    expect(card.muteShown()).toBe(true);
    expect(view.errorText()).toContain('the softphone is gone');
  });

  it('ignores the toggles’ own writes: only a press asks the vendor', async () => {
    const { card, vendor } = await talking();
    card.muteToggled({ detail: { value: true, updatedFrom: 'external' }, target: {} } as unknown as CustomEvent<{ value: boolean; updatedFrom?: string }>);
    await settle();
    expect(vendor.calls.filter((c) => c.startsWith('muteCall'))).toEqual([]);
  });

  it('sends each keypad key as pressed or typed, shows what was sent, and ignores other keys', async () => {
    const { card, vendor } = await talking();
    card.toggleKeypad(pressed(true));
    expect(card.showKeypad()).toBe(true);
    card.pressKey('5');
    const typed = (key: string, extra: Partial<KeyboardEvent> = {}) => {
      const event = { key, ctrlKey: false, metaKey: false, altKey: false, preventDefault: jest.fn(), ...extra } as unknown as KeyboardEvent;
      card.keypadKeydown(event);
      return event.preventDefault as jest.Mock;
    };
    expect(typed('#')).toHaveBeenCalled();
    expect(typed('a')).not.toHaveBeenCalled();
    expect(typed('1', { ctrlKey: true })).not.toHaveBeenCalled();
    await settle();
    expect(vendor.calls.filter((c) => c.startsWith('sendDigits'))).toEqual(['sendDigits c1 5', 'sendDigits c1 #']);
    expect(card.digitsSent()).toBe('5#');
    // While the link is down the keys wait for it, as the card's other buttons do.
    vendor.report({ type: 'link', status: 'down' });
    card.pressKey('7');
    await settle();
    expect(vendor.calls.filter((c) => c.startsWith('sendDigits'))).toHaveLength(2);
  });

  it('shows only the controls the vendor offers', async () => {
    const { card } = await talking(new ManualVendor({ mute: false, digits: false }));
    expect([card.showHold(), card.canMute(), card.canUseKeypad()]).toEqual([true, false, false]);
  });
});

describe('ToolbarViewModel: transfer, consult and conference', () => {
  function opened(card: EngagementCard): void {
    card.transfer.toggleForm({ detail: { value: true, updatedFrom: 'internal' } } as unknown as CustomEvent<{ value: boolean; updatedFrom?: string }>);
  }

  function typed(card: EngagementCard, number: string): void {
    card.transfer.numberInput({ target: { value: number } } as unknown as Event);
  }

  it('offers Transfer on a connected call; opening it lists the quick connects once, and a pick wins over nothing typed', async () => {
    const { card, vendor } = await talking();
    expect(card.transfer.stage()).toBe('form');
    expect(card.transfer.showForm()).toBe(false);
    opened(card);
    await settle();
    expect(card.transfer.showForm()).toBe(true);
    expect(card.transfer.entries()).toEqual([{ id: 'qc-billing', name: 'Billing queue', kind: 'queue' }]);
    expect(card.transfer.destinationEmpty()).toBe(true);
    card.transfer.pickChanged({ target: { value: 'qc-billing' } } as unknown as Event);
    card.transfer.transferNow();
    await settle();
    expect(vendor.calls).toContain('transferCall c1 directory:qc-billing blind');
    opened(card);
    await settle();
    expect(vendor.calls.filter((c) => c === 'transferDirectory')).toHaveLength(1);
  });

  it('walks a consult: Calling, then Complete and Conference once the target talks; Hang up and Hold wait meanwhile', async () => {
    const { card, vendor, view } = await talking();
    opened(card);
    typed(card, '7002');
    card.transfer.consultFirst();
    await settle();
    expect(vendor.calls).toContain('transferCall c1 7002 consult');
    vendor.report({ type: 'held', eventId: 'c1' });
    vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '7002', state: 'dialing' } });
    await settle();
    expect([card.transfer.stage(), card.stateLabel(), card.canHangUp(), card.showHold(), card.canUseKeypad(), card.transfer.partyTalking()]).toEqual([
      'consult',
      'Consulting',
      false,
      false,
      false,
      false,
    ]);
    expect(view.announcement()).toBe('Calling 7002');
    vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '7002', state: 'talking' } });
    await settle();
    expect(card.transfer.partyTalking()).toBe(true);
    expect(card.transfer.partyLine()).toBe('7002: talking with you; the customer is on hold');
    card.transfer.conference();
    await settle();
    expect(vendor.calls).toContain('conferenceCall c1');
    vendor.report({ type: 'resumed', eventId: 'c1' });
    vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '7002', state: 'conferenced' } });
    await settle();
    expect([card.transfer.stage(), card.stateLabel(), card.canHangUp(), card.showHold()]).toEqual(['conference', 'Conference', true, false]);
  });

  it('sends one request for a double click, and keeps the typed number when the transfer is refused', async () => {
    const { card, vendor } = await talking();
    vendor.failNext('transferCall', 'no such extension');
    opened(card);
    typed(card, '7999');
    card.transfer.transferNow();
    card.transfer.transferNow();
    await settle();
    expect(vendor.calls.filter((c) => c.startsWith('transferCall'))).toEqual(['transferCall c1 7999 blind']);
    expect(card.transfer.number()).toBe('7999');
  });

  it('says who transferred a call in', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'incoming', eventId: 't1', phoneNumber: '555', transfer: { from: '7001' } });
    await settle();
    expect(view.engagements()[0].subtitle()).toBe('Transferred from 7001');
  });

  it('shows no transfer where the vendor offers none', async () => {
    const { card } = await talking(new ManualVendor({ transfer: false }));
    expect(card.transfer.stage()).toBe('none');
  });
});

describe('ToolbarViewModel: recent calls', () => {
  it('lists each ended call with how it went, and Call back dials its number', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
    await settle();
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'customer' });
    await settle();
    const [item] = view.recentCalls();
    expect(item).toMatchObject({ title: 'Lisa Jones', outcome: 'missed', canCallBack: true, callBackLabel: 'Call back Lisa Jones' });
    expect(item.detail).toMatch(/^Inbound · Missed · \d{1,2}:\d{2}/);
    item.callBack();
    await settle();
    expect(vendor.calls).toContain('makeOutboundCall +16505550100 ' + view.engagements()[0].eventId);
  });

  it('places one call for a double click on Call back, and offers none for a number it cannot dial', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'customer' });
    vendor.report({ type: 'incoming', eventId: 'c2', phoneNumber: 'anonymous' });
    vendor.report({ type: 'ended', eventId: 'c2', phase: 'ringing', endedBy: 'customer' });
    await settle();
    const [anonymous, known] = view.recentCalls();
    expect([anonymous.canCallBack, known.canCallBack]).toEqual([false, true]);
    known.callBack();
    known.callBack();
    await settle();
    expect(vendor.calls.filter((c) => c.startsWith('makeOutboundCall'))).toHaveLength(1);
  });

  it('says where a call was transferred to, and a talk of unknown length without a time', () => {
    // English, with the time of day as the milliseconds it was given.
    const at = Object.assign(englishTranslator(), { timeOfDay: (ms: number) => `@${ms}` });
    const base = { eventId: 'c1', direction: 'inbound', phoneNumber: '555', startedAt: 0, endedAt: 0 } as const;
    expect(recentCallDetail({ ...base, outcome: 'transferred', transferredTo: '7002', talkedMs: 62_000 }, at)).toBe('Inbound · Transferred to 7002 after 1:02 · @0');
    expect(recentCallDetail({ ...base, outcome: 'talked', talkedMs: null }, at)).toBe('Inbound · Talked · @0');
  });

  it('keeps the same items while nothing about them changed, so focus on Call back stays', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'customer' });
    await settle();
    const before = view.recentCalls()[0];
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } });
    await settle();
    expect(view.recentCalls()[0]).toBe(before);
  });
});

describe('ToolbarViewModel: keyboard shortcuts', () => {
  it('answers the call that rings longest, hangs up the call in progress, and says when there is none', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    view.shortcut('accept');
    expect(view.announcement()).toBe('No call is ringing');
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'incoming', eventId: 'c2', phoneNumber: '556' });
    await settle();
    view.shortcut('accept');
    await settle();
    expect(vendor.calls).toEqual(['acceptCall c1']);
    vendor.report({ type: 'connected', eventId: 'c1' });
    await settle();
    view.shortcut('hangup');
    view.shortcut('reject');
    await settle();
    expect(vendor.calls).toEqual(['acceptCall c1', 'hangupCall c1', 'rejectCall c2']);
  });

  it('hangs up the call the agent talks on, not the one waiting on hold, and never during a consult', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    for (const id of ['held', 'live']) {
      vendor.report({ type: 'incoming', eventId: id, phoneNumber: '555' });
      vendor.report({ type: 'connected', eventId: id });
    }
    vendor.report({ type: 'held', eventId: 'held' });
    await settle();
    view.shortcut('hangup');
    await settle();
    expect(vendor.calls).toEqual(['hangupCall live']);
    vendor.report({ type: 'ended', eventId: 'live', phase: 'connected', endedBy: 'agent' });
    vendor.report({ type: 'thirdParty', eventId: 'held', party: { destination: '7002', state: 'talking' } });
    await settle();
    view.shortcut('hangup');
    expect(view.announcement()).toBe('A transfer is under way: complete it, make it a conference, or cancel it first.');
    expect(vendor.calls).toEqual(['hangupCall live']);
  });

  it('acts on nothing while the link is down, and says why', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'link', status: 'down' });
    await settle();
    view.shortcut('accept');
    expect(vendor.calls).toEqual([]);
    expect(view.announcement()).toBe("The link to Manual vendor is down: the call's buttons come back with it.");
  });
});

describe('ToolbarViewModel: reasons for not being available', () => {
  it('lists the reasons once connected, marks the one in force, and a pick asks for it', async () => {
    const { view, vendor } = await setUp();
    expect(view.reasons()).toEqual([]);
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } });
    await settle();
    expect(view.reasons().map((r) => r.name)).toEqual(['Lunch', 'Training']);
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.value = 'TRAINING';
    view.reasonChosen({ target: radio } as unknown as Event);
    expect([view.shownReason(), view.currentReason()]).toEqual(['TRAINING', '']);
    await settle();
    expect(vendor.calls).toContain('makeAgentUnavailable TRAINING');
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Training', reasonCode: 'TRAINING' } });
    await settle();
    expect([view.currentReason(), view.presenceText()]).toEqual(['TRAINING', 'Training']);
    expect(view.shownReason()).toBe('TRAINING');
    expect(vendor.reasonListings).toBe(1);
  });

  it('shows a pick until the phone system reports a presence, and the reason in force again when it refuses', async () => {
    const { view, vendor } = await setUp();
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Lunch', reasonCode: 'LUNCH' } });
    await settle();
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.value = 'TRAINING';
    vendor.failNext('makeAgentUnavailable', 'not now');
    view.reasonChosen({ target: radio } as unknown as Event);
    expect(view.shownReason()).toBe('TRAINING');
    await settle();
    expect(view.shownReason()).toBe('LUNCH');
    view.reasonChosen({ target: radio } as unknown as Event);
    await settle();
    // Asked for and accepted, not reported yet: still the pick.
    expect([view.shownReason(), view.currentReason()]).toEqual(['TRAINING', 'LUNCH']);
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Training', reasonCode: 'TRAINING' } });
    await settle();
    expect(view.shownReason()).toBe('TRAINING');
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } });
    await settle();
    expect(view.shownReason()).toBe('');
  });

  it('offers none where the phone system has none', async () => {
    const { view, vendor } = await setUp(new ManualVendor({ notReadyReasons: false }));
    vendor.report({ type: 'link', status: 'connected' });
    await settle();
    expect(view.reasons()).toEqual([]);
    expect(vendor.reasonListings).toBe(0);
  });
});

describe('ToolbarViewModel in German', () => {
  /** The German bundles as ojL10n hands them over: the translation over the English root. */
  const german = (messages = { ...CALL_MESSAGES, ...deMessages }) => new Translator({ ...ENGLISH, ...de }, messages, 'de');

  it('names the link, the switch, a ringing call and its buttons’ reason in German, and announces the call', async () => {
    const { view, vendor } = await setUp(new ManualVendor(), { agentId: 'LISA.AGENT' }, german());
    expect(view.vendorLine()).toBe('Manual vendor: wird verbunden…');
    expect(view.agentLine()).toBe('Angemeldet als LISA.AGENT');
    vendor.report({ type: 'link', status: 'connected' });
    // The phone system's own name for the agent's state stays as it gave it.
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } });
    expect([view.vendorLine(), view.availableState(), view.statusLine()]).toEqual(['Manual vendor: verbunden', 'Ein', 'Status: Available']);
    expect(view.words.accept).toBe('Annehmen');
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
    expect(view.announcement()).toBe('Eingehender Anruf von +1 650 555 0100');
    await settle();
    const [card] = view.engagements();
    expect([card.stateLabel(), card.groupLabel(), card.subtitle()]).toEqual(['Eingehender Anruf', 'Eingehender Anruf: Lisa Jones', '+1 650 555 0100']);
    vendor.report({ type: 'link', status: 'down' });
    expect(card.blockedReason()).toBe('Die Verbindung zu Manual vendor ist getrennt: Die Tasten des Anrufs kommen mit ihr zurück.');
  });

  it('announces calls that ring together in the plural form', () => {
    const view = new ToolbarViewModel(german());
    const ringing = (eventId: string, phoneNumber: string): EngagementView => ({ eventId, direction: 'inbound', phoneNumber, state: 'ringing', stateSince: 0, startedAt: 0, muted: false, thirdParty: null, thirdPartyGone: null, transfer: null });
    const snapshot: ToolbarSnapshot = {
      vendorName: 'Manual vendor',
      link: 'connected',
      presence: { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' },
      canDial: false,
      controls: { hold: false, mute: false, digits: false, transfer: false, conference: false, transferDirectory: false, notReadyReasons: false },
      engagements: [ringing('a', '555'), ringing('b', '556')],
      recentCalls: [],
      lastError: null,
      lastErrorMessage: null,
    };
    // A core that shows the view one snapshot with two calls that rang at the same moment.
    view.attach({ subscribe: (show: (s: ToolbarSnapshot) => void) => show(snapshot) } as unknown as IntegrationEventsHandler);
    expect(view.announcement()).toBe('Eingehende Anrufe von 555 und 556');
  });

  it('walks a call in German: held, resumed, wrap-up, and the recent call with its time of day', async () => {
    const text = german();
    let startedAt = 0;
    const { view, vendor, card } = await (async () => {
      const t = await setUp(new ManualVendor(), {}, text);
      t.core.subscribe((snapshot) => {
        startedAt = snapshot.recentCalls[0]?.startedAt ?? startedAt;
      });
      t.vendor.report({ type: 'link', status: 'connected' });
      t.vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
      t.vendor.report({ type: 'connected', eventId: 'c1' });
      await settle();
      return { ...t, card: t.view.engagements()[0] };
    })();
    expect([card.stateLabel(), card.holdLabel()]).toEqual(['Verbunden', 'Halten']);
    vendor.report({ type: 'held', eventId: 'c1' });
    expect([card.stateLabel(), card.holdLabel(), view.announcement()]).toEqual(['Gehalten', 'Fortsetzen', 'Gehalten: Lisa Jones']);
    vendor.report({ type: 'resumed', eventId: 'c1' });
    expect(view.announcement()).toContain('Fortgesetzt: Lisa Jones');
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'customer' });
    expect(card.stateLabel()).toBe('Nachbearbeitung');
    card.finishWrapup();
    await settle();
    const [recent] = view.recentCalls();
    expect(recent.detail).toBe(`Eingehend · Gesprochen ${recent.detail.match(/\d+:\d\d/)?.[0]} · ${text.timeOfDay(startedAt)}`);
    expect(recent.callBackLabel).toBe('Lisa Jones zurückrufen');
  });

  it('shows the core’s error through the call-messages catalog of its language', async () => {
    // A catalog whose words for a message from elsewhere are marked, to see that the line takes the catalog's.
    const { view, vendor } = await setUp(new ManualVendor(), {}, german({ ...CALL_MESSAGES, said: '«{text}»' }));
    vendor.report({ type: 'error', message: saidAs('Fusion refused agentStateEventOperation') });
    expect(view.errorText()).toBe('«Fusion refused agentStateEventOperation»');
  });

  it('names the toolbar’s own presences in German, and a phone system’s own state name as it gave it', async () => {
    const { view, vendor } = await setUp(new ManualVendor(), {}, german());
    expect(view.statusLine()).toBe('Status: Verbindung zur Telefonanlage wird hergestellt');
    vendor.report({ type: 'link', status: 'connected' });
    vendor.report({ type: 'agentState', presence: presenceNamed({ loggedIn: true, available: false, stateCode: 'UNAVAILABLE' }, say('presenceNotReadyCode', { code: '42' })) });
    expect(view.statusLine()).toBe('Status: Nicht verfügbar (42)');
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Mittagspause', reasonCode: 'Lunch' } });
    expect(view.statusLine()).toBe('Status: Mittagspause');
  });

  it('says what the sign-in needs in German, the button named as it reads', async () => {
    const { view, signIn } = await withSignIn(german());
    signIn.show({ status: 'signedOut', message: say('signInExpired') });
    expect(view.signInMessage()).toBe('Ihre Anmeldung ist abgelaufen. Klicken Sie auf „Anmelden“, um sich erneut anzumelden.');
    expect(view.signInMessage()).toContain(`„${view.words.signIn}“`);
  });

  it('says why the toolbar could not start in German, with the detail as given', () => {
    const view = new ToolbarViewModel(german());
    expect(view.vendorLine()).toBe('Wird gestartet…');
    view.showStartupError('configurationProblem', 'vendor: "acme" is not one of none, genesys');
    expect([view.vendorLine(), view.errorText()]).toEqual(['Die Symbolleiste konnte nicht starten', 'Konfigurationsproblem: vendor: "acme" is not one of none, genesys']);
  });
});
