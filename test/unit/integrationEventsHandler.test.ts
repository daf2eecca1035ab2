import { type AgentMessage, say, saidAs } from '../../src/ts/cti/core/agentMessages';
import { VendorError } from '../../src/ts/cti/core/errors';
import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import type { CallAction, CommandResult } from '../../src/ts/cti/core/types';
import { ManualVendor } from '../support/manualVendor';
import { RecordingFusion, settle } from '../support/recordingFusion';

const quiet = () => undefined;

async function setUp(vendor: ManualVendor | null = new ManualVendor()) {
  const fusion = new RecordingFusion();
  let clock = 1000;
  let ids = 0;
  const core = new IntegrationEventsHandler({ vendor, fusion, log: quiet, now: () => clock, newEventId: () => `out-${++ids}` });
  await core.start();
  return { core, fusion, vendor: vendor as ManualVendor, tick: (ms: number) => (clock += ms) };
}

async function ringing(eventId = 'c1', phoneNumber = '+16505550100') {
  const t = await setUp();
  t.vendor.report({ type: 'incoming', eventId, phoneNumber });
  await settle();
  return t;
}

async function connected(eventId = 'c1') {
  const t = await ringing(eventId);
  t.vendor.report({ type: 'connected', eventId });
  await settle();
  return t;
}

describe('IntegrationEventsHandler: inbound calls', () => {
  it('publishes one newCommEvent for a ringing call, even when the vendor reports it twice', async () => {
    const { fusion, vendor, core } = await ringing('c1', '+16505550100');
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
    await settle();
    expect(fusion.story('c1')).toEqual(['newCommEvent']);
    expect(fusion.published.find((p) => p.operation === 'newCommEvent')).toMatchObject({ direction: 'inbound', inData: { SVCMCA_ANI: '+16505550100' } });
    expect(core.snapshot().engagements).toEqual([expect.objectContaining({ eventId: 'c1', state: 'ringing', phoneNumber: '+16505550100' })]);
  });

  it('carries the outData of newCommEvent into startCommEvent and closeCommEvent', async () => {
    const t = await setUp();
    t.fusion.directory['+16505550100'] = { SVCMCA_CONTACT_ID: '300100', SVCMCA_CONTACT_NAME: 'Ada Lovelace' };
    t.vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
    t.vendor.report({ type: 'connected', eventId: 'c1' });
    t.vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'customer' });
    await settle();
    const [, start, close] = t.fusion.published.filter((p) => p.eventId === 'c1');
    for (const p of [start, close]) {
      expect(p.inData).toMatchObject({ SVCMCA_CONTACT_ID: '300100', SVCMCA_CONTACT_NAME: 'Ada Lovelace', SVCMCA_INTERACTION_ID: 'IA-c1' });
    }
    expect(t.core.snapshot().engagements[0]).toMatchObject({ contactName: 'Ada Lovelace', state: 'wrapup' });
  });

  it('publishes startCommEvent only after newCommEvent has answered, even when Fusion is slow', async () => {
    const t = await setUp();
    let answer = () => undefined as void;
    t.fusion.newCommGate = new Promise<void>((resolve) => (answer = resolve));
    t.vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    t.vendor.report({ type: 'connected', eventId: 'c1' });
    t.vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'agent' });
    await settle();
    expect(t.fusion.story('c1')).toEqual([]); // Fusion has not answered newCommEvent: nothing else goes out
    answer();
    await settle();
    expect(t.fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });

  it('sends the same hang-up once, whether Fusion, the toolbar and the vendor all report it', async () => {
    const { core, vendor, fusion } = await connected('c1');
    const fromFusion = core.callAction('c1', 'hangup', 'fusion');
    const fromToolbar = core.callAction('c1', 'hangup', 'toolbar');
    expect(await fromFusion).toEqual({ ok: true });
    expect(await fromToolbar).toEqual({ ok: true });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'agent' });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'agent' });
    expect(await core.callAction('c1', 'hangup', 'fusion')).toEqual({ ok: true });
    await settle();
    expect(vendor.calls).toEqual(['hangupCall c1']);
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });

  it('answers a reject that arrives after the caller abandoned with success and no second close', async () => {
    const { core, vendor, fusion } = await ringing('c1');
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'customer' });
    expect(await core.callAction('c1', 'reject', 'fusion')).toEqual({ ok: true });
    await settle();
    expect(vendor.calls).toEqual([]);
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'closeCommEvent:ABANDONED']);
  });

  it('refuses accept on an unknown eventId and tells the agent', async () => {
    const { core, vendor } = await ringing('c1');
    const result = await core.callAction('nope', 'accept', 'fusion');
    expect(result).toEqual({ ok: false, code: 'UNKNOWN_ENGAGEMENT', message: 'There is no call nope.' });
    expect(vendor.calls).toEqual([]);
    expect(core.snapshot().lastError).toBe('There is no call nope.');
    expect(core.snapshot().engagements).toHaveLength(1);
  });

  it('keeps a second ringing call apart from the connected one', async () => {
    const { core, vendor, fusion } = await connected('c1');
    vendor.report({ type: 'incoming', eventId: 'c2', phoneNumber: '+442071234567' });
    expect(await core.callAction('c2', 'reject', 'toolbar')).toEqual({ ok: true });
    vendor.report({ type: 'ended', eventId: 'c2', phase: 'ringing', endedBy: 'agent' });
    await settle();
    expect(vendor.calls).toEqual(['rejectCall c2']);
    expect(fusion.story('c2')).toEqual(['newCommEvent', 'closeCommEvent:REJECT']);
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent']);
    expect(core.activeEngagementIds()).toEqual(['c1']);
  });

  it('turns a vendor failure into a failed result with a readable message, and keeps the call', async () => {
    const { core, vendor, fusion } = await ringing('c1');
    vendor.failNext('acceptCall', 'the line is busy');
    expect(await core.callAction('c1', 'accept', 'fusion')).toEqual({ ok: false, code: 'REFUSED', message: 'Could not answer the call: the line is busy' });
    expect(core.snapshot().engagements[0].state).toBe('ringing');
    expect(await core.callAction('c1', 'accept', 'toolbar')).toEqual({ ok: true });
    await settle();
    expect(vendor.calls).toEqual(['acceptCall c1', 'acceptCall c1']);
    expect(fusion.story('c1')).toEqual(['newCommEvent']);
  });

  it('keeps the story going when a publish fails without Fusion saying no: Fusion may have the call', async () => {
    const t = await setUp();
    t.fusion.failNext = 'newCommEvent';
    t.vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    t.vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'system' });
    await settle();
    expect(t.fusion.story('c1')).toEqual(['newCommEvent', 'closeCommEvent:TIMEOUT']);
    expect(t.core.snapshot().lastError).toBe('Fusion did not take newCommEvent for call 555: newCommEvent refused');
  });

  it('tells Fusion nothing more of a call whose newCommEvent Fusion refused, and says so once', async () => {
    const t = await setUp();
    t.fusion.failNext = 'newCommEvent';
    t.fusion.failAs = 'refusal';
    t.vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    t.vendor.report({ type: 'connected', eventId: 'c1' });
    t.vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'customer' });
    await settle();
    expect(t.fusion.story('c1')).toEqual(['newCommEvent']);
    expect(t.core.snapshot().lastError).toBe('Fusion did not take newCommEvent for call 555: Fusion refused newCommEvent');
    expect(t.core.snapshot().engagements).toEqual([expect.objectContaining({ eventId: 'c1', state: 'wrapup' })]);
  });

  it('takes a presence whose label it cannot use as the phone system named it, rather than lose the state', async () => {
    const { core, vendor } = await setUp();
    const unusable = { key: 'noSuchMessage', params: {} } as unknown as AgentMessage;
    vendor.report({ type: 'agentState', presence: { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Not ready', label: unusable } });
    await settle();
    expect(core.snapshot().presence).toEqual({ loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Not ready' });
    expect(core.snapshot().lastError).toBeNull();
  });

  describe('the agent’s choice of presence across reconnects', () => {
    const AVAILABLE = { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } as const;
    const NOT_READY = { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Not ready' } as const;
    const LOGGED_OUT = { loggedIn: false, available: false, stateCode: 'LOGGED_OUT', displayName: 'Logged out' } as const;

    it('makes the agent available again when the vendor comes back with the agent logged out', async () => {
      const { core, vendor } = await setUp();
      vendor.report({ type: 'agentState', presence: NOT_READY, onConnect: true });
      expect(await core.setAvailability(true, 'toolbar')).toEqual({ ok: true });
      vendor.report({ type: 'agentState', presence: AVAILABLE });
      vendor.report({ type: 'link', status: 'reconnecting', detail: saidAs('the bridge restarted') });
      vendor.report({ type: 'link', status: 'connected' });
      vendor.report({ type: 'agentState', presence: LOGGED_OUT, onConnect: true });
      await settle();
      expect(vendor.calls).toEqual(['makeAgentAvailable', 'makeAgentAvailable']);
    });

    it('keeps an agent on a break out of the queue when the vendor comes back with the agent available', async () => {
      const { core, vendor } = await setUp();
      vendor.report({ type: 'agentState', presence: AVAILABLE, onConnect: true });
      await core.setAvailability(false, 'fusion');
      vendor.report({ type: 'agentState', presence: NOT_READY });
      vendor.report({ type: 'agentState', presence: AVAILABLE, onConnect: true });
      await settle();
      expect(vendor.calls).toEqual(['makeAgentUnavailable', 'makeAgentUnavailable']);
    });

    it('takes the first presence found, and changes made at the phone, as the agent’s choice', async () => {
      const { vendor } = await setUp();
      vendor.report({ type: 'agentState', presence: AVAILABLE, onConnect: true }); // the standing choice
      vendor.report({ type: 'agentState', presence: NOT_READY }); // the agent went not ready on the softphone
      vendor.report({ type: 'agentState', presence: NOT_READY, onConnect: true });
      await settle();
      expect(vendor.calls).toEqual([]);
      vendor.report({ type: 'agentState', presence: AVAILABLE, onConnect: true });
      await settle();
      expect(vendor.calls).toEqual(['makeAgentUnavailable']);
    });

    it('tells the agent what was chosen and what failed when the vendor refuses to restore it', async () => {
      const { core, vendor } = await setUp();
      vendor.report({ type: 'agentState', presence: AVAILABLE, onConnect: true });
      vendor.failNext('makeAgentAvailable', new VendorError('REFUSED', 'the agent is not logged in'));
      vendor.report({ type: 'agentState', presence: LOGGED_OUT, onConnect: true });
      await settle();
      expect(core.snapshot().lastError).toBe(
        'You were available before the link to Manual vendor came back, and the toolbar could not make you available again: the agent is not logged in',
      );
    });
  });

  it('finishes after-call work at the vendor when Fusion closes the wrap-up, and tells Fusion nothing more', async () => {
    const { core, vendor, fusion } = await connected('c1');
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'customer' });
    expect(core.activeEngagementIds()).toEqual(['c1']);
    expect(core.finishWrapup('c1', 'fusion')).toEqual({ ok: true });
    expect(core.finishWrapup('c1', 'fusion')).toEqual({ ok: true });
    await settle();
    expect(vendor.calls).toEqual(['completeWrapup c1']);
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    expect(core.activeEngagementIds()).toEqual([]);
    expect(core.snapshot().engagements).toEqual([]);
  });

  it('closes Fusion’s Wrap Up window with ENDCOMMUNICATION, once, when the agent finishes wrap-up in the toolbar', async () => {
    const { core, vendor, fusion } = await connected('c1');
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'agent' });
    expect(core.finishWrapup('c1', 'toolbar')).toEqual({ ok: true });
    expect(core.finishWrapup('c1', 'toolbar')).toEqual({ ok: true });
    expect(core.finishWrapup('c1', 'fusion')).toEqual({ ok: true });
    await settle();
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP', 'closeCommEvent:ENDCOMMUNICATION']);
    expect(vendor.calls).toEqual(['completeWrapup c1']);
  });

  it('closes a call whose offer timed out in Fusion as TIMEOUT at once, declines it at the vendor, and absorbs what follows', async () => {
    const { core, vendor, fusion } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    expect(await core.offerTimedOut('c1')).toEqual({ ok: true });
    await settle();
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'closeCommEvent:TIMEOUT']);
    expect(vendor.calls).toEqual(['rejectCall c1']);
    expect(core.snapshot().engagements).toEqual([]);
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'agent' }); // our own decline
    await settle();
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'closeCommEvent:TIMEOUT']);
  });

  it('hangs up a call that an answer under way connected when Fusion’s offer timed out, and Fusion hears no start', async () => {
    const { core, vendor, fusion } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    let answer: () => void = () => undefined;
    vendor.acceptCall = (eventId: string) => {
      vendor.calls.push(`acceptCall ${eventId}`);
      return new Promise<void>((resolve) => (answer = resolve));
    };
    const accepting = core.callAction('c1', 'accept', 'toolbar');
    const timingOut = core.offerTimedOut('c1');
    await settle();
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'closeCommEvent:TIMEOUT']);
    answer();
    vendor.report({ type: 'connected', eventId: 'c1' });
    expect(await accepting).toEqual({ ok: true });
    expect(await timingOut).toEqual({ ok: true });
    await settle();
    expect(vendor.calls).toEqual(['acceptCall c1', 'hangupCall c1']);
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'closeCommEvent:TIMEOUT']);
  });

  it('tells the agent to end the call on the phone when the vendor refuses to end a timed-out offer', async () => {
    const { core, vendor, fusion } = await setUp();
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.failNext('rejectCall', new VendorError('LINK_DOWN', 'the link is down'));
    const result = await core.offerTimedOut('c1');
    expect(result).toMatchObject({ ok: false, code: 'LINK_DOWN' });
    expect(core.snapshot().lastError).toContain('Fusion’s offer of the call from 555 timed out, and the call could not be ended'.replace('’', "'"));
    await settle();
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'closeCommEvent:TIMEOUT']);
  });

  it('leaves an answered call alone when Fusion’s offer timeout arrives late', async () => {
    const { core, vendor, fusion } = await connected('c1');
    expect(await core.offerTimedOut('c1')).toEqual({ ok: true });
    await settle();
    expect(vendor.calls).toEqual([]);
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent']);
  });

  it('does not ask a vendor without after-call work to finish it', async () => {
    const vendor = new ManualVendor({ outboundCalls: true, afterCallWork: false });
    const { core } = await setUp(vendor);
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '555' });
    vendor.report({ type: 'connected', eventId: 'c1' });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'agent' });
    core.finishWrapup('c1', 'fusion');
    await settle();
    expect(vendor.calls).toEqual([]);
  });

  it.each([
    [{ type: 'incoming', eventId: '', phoneNumber: '555' }, 'incoming without a call id'],
    [{ type: 'incoming', eventId: 'c9', phoneNumber: ' ' }, 'incoming for call c9 without a phone number'],
    [{ type: 'ended', eventId: 'c1', phase: 'talking', endedBy: 'agent' }, 'ended with phase "talking"'],
    [{ type: 'ended', eventId: 'c1', phase: 'ringing', endedBy: 'nobody' }, 'ended by "nobody"'],
    [{ type: 'agentState', presence: { available: 'yes' } }, 'agentState without a complete presence'],
    [{ type: 'link', status: 'flaky' }, 'link status "flaky"'],
    [{ type: 'link', status: 'down', detail: 'words, not a message' }, 'link detail: not a message'],
    [{ type: 'error', message: 'words, not a message' }, 'error: not a message'],
    [{ type: 'error', message: { key: 'noSuchKey', params: {} } }, 'error: no message "noSuchKey"'],
    [{ type: 'error', message: { key: 'noSuchCall' } }, 'error: message noSuchCall without its parameters'],
    [{ type: 'error', message: { key: 'noSuchCall', params: { call: null } } }, 'error: message noSuchCall with an odd parameter call'],
    [{ type: 'error', message: { key: 'failedBecause', params: { lead: { key: 'nope', params: {} }, reason: 'x' } } }, 'error: message failedBecause, parameter lead: no message "nope"'],
    [{ type: 'error', message: { key: 'said', params: { text: '  ' } } }, 'error: a message of no words'],
    [{ type: 'link', status: 'down', detail: { key: 'said', params: { text: '' } } }, 'link detail: a message of no words'],
    [{ type: 'error', message: { key: 'noSuchCall', params: {} } }, 'error: message noSuchCall without its parameter call'],
    [{ type: 'error', message: { key: '__proto__', params: {} } }, 'error: no message "__proto__"'],
    [{ type: 'error', message: { key: 'constructor', params: {} } }, 'error: no message "constructor"'],
    [{ type: 'hold', eventId: 'c1' }, 'unknown report type "hold"'],
  ])('refuses the malformed vendor report %j, naming what is wrong, and keeps the call', async (event, problem) => {
    const { core, vendor, fusion } = await ringing('c1');
    vendor.report(event as never);
    await settle();
    expect(core.snapshot().lastError).toBe(`The phone system sent a report the toolbar cannot use (${problem}); ignored.`);
    expect(core.snapshot().engagements).toEqual([expect.objectContaining({ eventId: 'c1', state: 'ringing' })]);
    expect(fusion.story('c1')).toEqual(['newCommEvent']);
  });

  it('sends a hang-up once even when a second one comes after the first was accepted by the vendor', async () => {
    const { core, vendor, fusion } = await connected('c1');
    expect(await core.callAction('c1', 'hangup', 'toolbar')).toEqual({ ok: true });
    expect(await core.callAction('c1', 'hangup', 'fusion')).toEqual({ ok: true });
    vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'agent' });
    await settle();
    expect(vendor.calls).toEqual(['hangupCall c1']);
    expect(fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });

  it('refuses a conflicting action while another is under way, and allows it again once that failed', async () => {
    const { core, vendor } = await ringing('c1');
    const accepting = core.callAction('c1', 'accept', 'toolbar');
    expect(await core.callAction('c1', 'reject', 'fusion')).toEqual({ ok: false, code: 'INVALID_IN_STATE', message: 'The call is busy: answering is under way.' });
    expect(await accepting).toEqual({ ok: true });
    expect(vendor.calls).toEqual(['acceptCall c1']);
  });

  it('turns a vendor verb that throws instead of rejecting into a failed result', async () => {
    const { core, vendor } = await ringing('c1');
    vendor.acceptCall = () => {
      throw new Error('socket closed');
    };
    expect(await core.callAction('c1', 'accept', 'fusion')).toEqual({ ok: false, code: 'REFUSED', message: 'Could not answer the call: socket closed' });
  });

  it('holds nothing for calls that are over', async () => {
    const { core, vendor } = await setUp();
    for (const id of ['a', 'b']) {
      vendor.report({ type: 'incoming', eventId: id, phoneNumber: '555' });
      vendor.report({ type: 'connected', eventId: id });
      vendor.report({ type: 'ended', eventId: id, phase: 'connected', endedBy: 'customer' });
      core.finishWrapup(id, 'fusion');
    }
    await settle();
    // What each part holds once idle is its own test's business (orderedFusionPublisher, inFlightRequests tests).
    expect(core.activeEngagementIds()).toEqual([]);
    expect(core.snapshot().engagements).toEqual([]);
    expect(vendor.calls).toEqual(['completeWrapup a', 'completeWrapup b']);
  });

  it('absorbs reports for a call it no longer remembers only within its memory bound', async () => {
    const fusion = new RecordingFusion();
    const vendor = new ManualVendor();
    const core = new IntegrationEventsHandler({ vendor, fusion, log: quiet, closedMemory: 2 });
    await core.start();
    for (const id of ['a', 'b', 'c']) {
      vendor.report({ type: 'incoming', eventId: id, phoneNumber: '555' });
      vendor.report({ type: 'ended', eventId: id, phase: 'ringing', endedBy: 'system' });
    }
    vendor.report({ type: 'incoming', eventId: 'c', phoneNumber: '555' }); // remembered: absorbed
    vendor.report({ type: 'incoming', eventId: 'a', phoneNumber: '555' }); // forgotten: a new call
    await settle();
    expect(fusion.story('c')).toEqual(['newCommEvent', 'closeCommEvent:TIMEOUT']);
    expect(fusion.story('a')).toEqual(['newCommEvent', 'closeCommEvent:TIMEOUT', 'newCommEvent']);
  });
});

describe('IntegrationEventsHandler: every state × every input', () => {
  type Input =
    | CallAction
    | 'vendor connected'
    | 'vendor ended (agent)'
    | 'vendor ended (customer)'
    | 'vendor ended (system)'
    | 'vendor outboundFailed'
    | 'wrap-up finished in Fusion'
    | 'wrap-up finished in the toolbar'
    | 'offer timed out';
  const STATES = ['ringing', 'dialing', 'connected', 'wrapup', 'ended'] as const;

  async function inState(state: (typeof STATES)[number]) {
    const t = await setUp();
    if (state === 'dialing') {
      await t.core.dial('+16505550100', { eventId: 'x' });
    } else {
      t.vendor.report({ type: 'incoming', eventId: 'x', phoneNumber: '+16505550100' });
      if (state !== 'ringing') t.vendor.report({ type: 'connected', eventId: 'x' });
      if (state === 'wrapup' || state === 'ended') t.vendor.report({ type: 'ended', eventId: 'x', phase: 'connected', endedBy: 'customer' });
      if (state === 'ended') t.core.finishWrapup('x', 'fusion');
    }
    await settle();
    t.vendor.calls.length = 0;
    const before = t.fusion.story('x').length;
    return { ...t, newStory: () => t.fusion.story('x').slice(before) };
  }

  async function apply(t: Awaited<ReturnType<typeof inState>>, input: Input): Promise<CommandResult> {
    switch (input) {
      case 'vendor connected':
        t.vendor.report({ type: 'connected', eventId: 'x' });
        return { ok: true };
      case 'vendor ended (agent)':
        t.vendor.report({ type: 'ended', eventId: 'x', phase: 'ringing', endedBy: 'agent' });
        return { ok: true };
      case 'vendor ended (customer)':
        t.vendor.report({ type: 'ended', eventId: 'x', phase: 'ringing', endedBy: 'customer' });
        return { ok: true };
      case 'vendor ended (system)':
        t.vendor.report({ type: 'ended', eventId: 'x', phase: 'ringing', endedBy: 'system' });
        return { ok: true };
      case 'vendor outboundFailed':
        t.vendor.report({ type: 'outboundFailed', eventId: 'x', errorCode: 'BUSY', message: saidAs('busy') });
        return { ok: true };
      case 'wrap-up finished in Fusion':
        return t.core.finishWrapup('x', 'fusion');
      case 'wrap-up finished in the toolbar':
        return t.core.finishWrapup('x', 'toolbar');
      case 'offer timed out':
        return t.core.offerTimedOut('x');
      default:
        return t.core.callAction('x', input, 'fusion');
    }
  }

  // [state, input, result, vendor requests, what Fusion hears next, state after]
  const TABLE: Array<[(typeof STATES)[number], Input, string, string, string, string]> = [
    ['ringing', 'accept', 'ok', 'acceptCall x', '', 'ringing'],
    ['ringing', 'reject', 'ok', 'rejectCall x', '', 'ringing'],
    ['ringing', 'hangup', 'ok', 'rejectCall x', '', 'ringing'],
    ['ringing', 'vendor connected', 'ok', '', 'startCommEvent', 'connected'],
    ['ringing', 'vendor ended (agent)', 'ok', '', 'closeCommEvent:REJECT', 'gone'],
    ['ringing', 'vendor ended (customer)', 'ok', '', 'closeCommEvent:ABANDONED', 'gone'],
    ['ringing', 'vendor ended (system)', 'ok', '', 'closeCommEvent:TIMEOUT', 'gone'],
    ['ringing', 'vendor outboundFailed', 'ok', '', '', 'ringing'],
    ['ringing', 'wrap-up finished in Fusion', 'ok', '', '', 'ringing'],
    ['ringing', 'wrap-up finished in the toolbar', 'ok', '', '', 'ringing'],
    ['ringing', 'offer timed out', 'ok', 'rejectCall x', 'closeCommEvent:TIMEOUT', 'gone'],
    ['dialing', 'accept', 'INVALID_IN_STATE', '', '', 'dialing'],
    ['dialing', 'reject', 'ok', 'hangupCall x', '', 'dialing'],
    ['dialing', 'hangup', 'ok', 'hangupCall x', '', 'dialing'],
    ['dialing', 'vendor connected', 'ok', '', 'startCommEvent', 'connected'],
    ['dialing', 'vendor ended (agent)', 'ok', '', 'closeCommEvent:CANCELED', 'gone'],
    ['dialing', 'vendor ended (customer)', 'ok', '', 'closeCommEvent:MISSED', 'gone'],
    ['dialing', 'vendor ended (system)', 'ok', '', 'closeCommEvent:MISSED', 'gone'],
    ['dialing', 'vendor outboundFailed', 'ok', '', 'outboundCommError closeCommEvent:MISSED', 'gone'],
    ['dialing', 'wrap-up finished in Fusion', 'ok', '', '', 'dialing'],
    ['dialing', 'wrap-up finished in the toolbar', 'ok', '', '', 'dialing'],
    ['dialing', 'offer timed out', 'ok', '', '', 'dialing'],
    ['connected', 'accept', 'ok', '', '', 'connected'],
    ['connected', 'reject', 'INVALID_IN_STATE', '', '', 'connected'],
    ['connected', 'hangup', 'ok', 'hangupCall x', '', 'connected'],
    ['connected', 'vendor connected', 'ok', '', '', 'connected'],
    ['connected', 'vendor ended (agent)', 'ok', '', 'closeCommEvent:WRAPUP', 'wrapup'],
    ['connected', 'vendor ended (customer)', 'ok', '', 'closeCommEvent:WRAPUP', 'wrapup'],
    ['connected', 'vendor ended (system)', 'ok', '', 'closeCommEvent:WRAPUP', 'wrapup'],
    ['connected', 'vendor outboundFailed', 'ok', '', '', 'connected'],
    ['connected', 'wrap-up finished in Fusion', 'ok', '', '', 'connected'],
    ['connected', 'wrap-up finished in the toolbar', 'ok', '', '', 'connected'],
    ['connected', 'offer timed out', 'ok', '', '', 'connected'],
    ['wrapup', 'accept', 'INVALID_IN_STATE', '', '', 'wrapup'],
    ['wrapup', 'reject', 'ok', '', '', 'wrapup'],
    ['wrapup', 'hangup', 'ok', '', '', 'wrapup'],
    ['wrapup', 'vendor connected', 'ok', '', '', 'wrapup'],
    ['wrapup', 'vendor ended (agent)', 'ok', '', '', 'wrapup'],
    ['wrapup', 'vendor ended (customer)', 'ok', '', '', 'wrapup'],
    ['wrapup', 'vendor ended (system)', 'ok', '', '', 'wrapup'],
    ['wrapup', 'vendor outboundFailed', 'ok', '', '', 'wrapup'],
    ['wrapup', 'wrap-up finished in Fusion', 'ok', 'completeWrapup x', '', 'gone'],
    ['wrapup', 'wrap-up finished in the toolbar', 'ok', 'completeWrapup x', 'closeCommEvent:ENDCOMMUNICATION', 'gone'],
    ['wrapup', 'offer timed out', 'ok', '', '', 'wrapup'],
    ['ended', 'accept', 'INVALID_IN_STATE', '', '', 'gone'],
    ['ended', 'reject', 'ok', '', '', 'gone'],
    ['ended', 'hangup', 'ok', '', '', 'gone'],
    ['ended', 'vendor connected', 'ok', '', '', 'gone'],
    ['ended', 'vendor ended (agent)', 'ok', '', '', 'gone'],
    ['ended', 'vendor ended (customer)', 'ok', '', '', 'gone'],
    ['ended', 'vendor ended (system)', 'ok', '', '', 'gone'],
    ['ended', 'vendor outboundFailed', 'ok', '', '', 'gone'],
    ['ended', 'wrap-up finished in Fusion', 'ok', '', '', 'gone'],
    ['ended', 'wrap-up finished in the toolbar', 'ok', '', '', 'gone'],
    ['ended', 'offer timed out', 'ok', '', '', 'gone'],
  ];

  it('covers every state and input', () => {
    expect(TABLE).toHaveLength(STATES.length * 11);
  });

  it.each(TABLE)('%s + %s → %s; vendor: [%s]; Fusion: [%s]; then %s', async (state, input, result, vendorCalls, story, after) => {
    const t = await inState(state);
    const outcome = await apply(t, input);
    await settle();
    expect(outcome.ok ? 'ok' : outcome.code).toBe(result);
    expect(t.vendor.calls.join(', ')).toBe(vendorCalls);
    expect(t.newStory().join(' ')).toBe(story);
    const engagement = t.core.snapshot().engagements.find((e) => e.eventId === 'x');
    expect(engagement?.state ?? 'gone').toBe(after);
  });
});

describe('IntegrationEventsHandler: outbound calls', () => {
  it('dials from Fusion click-to-dial with Fusion’s eventId and payload', async () => {
    const { core, vendor, fusion } = await setUp();
    const clickToDial = { SVCMCA_CONTACT_ID: '300100', SVCMCA_CALL_ID: 'uuid-1' };
    expect(await core.dial('+16505550100', { eventId: 'uuid-1', fusionData: clickToDial })).toEqual({ ok: true });
    vendor.report({ type: 'dialing', eventId: 'uuid-1', phoneNumber: '+16505550100' }); // the vendor's own echo: absorbed
    vendor.report({ type: 'connected', eventId: 'uuid-1' });
    await settle();
    expect(vendor.calls).toEqual(['makeOutboundCall +16505550100 uuid-1']);
    expect(fusion.story('uuid-1')).toEqual(['newCommEvent', 'startCommEvent']);
    const [newComm, start] = fusion.published.filter((p) => p.eventId === 'uuid-1');
    expect(newComm).toMatchObject({ direction: 'outbound', inData: { SVCMCA_CONTACT_ID: '300100', SVCMCA_ANI: '+16505550100' } });
    expect(start.inData).toMatchObject({ SVCMCA_CONTACT_ID: '300100', SVCMCA_INTERACTION_ID: 'IA-uuid-1' });
  });

  it('dials from the toolbar with a new eventId', async () => {
    const { core, vendor, fusion } = await setUp();
    expect(await core.dial(' +1 (650) 555-0100 ')).toEqual({ ok: true });
    await settle();
    expect(vendor.calls).toEqual(['makeOutboundCall +1 (650) 555-0100 out-1']);
    expect(fusion.story('out-1')).toEqual(['newCommEvent']);
  });

  it('reports a dial the vendor refuses as outboundCommError, then closeCommEvent', async () => {
    const { core, vendor, fusion } = await setUp();
    vendor.failNext('makeOutboundCall', 'invalid number');
    const result = await core.dial('+999', { eventId: 'o1' });
    await settle();
    expect(result).toEqual({ ok: false, code: 'REFUSED', message: 'The call could not be placed: invalid number' });
    expect(fusion.story('o1')).toEqual(['newCommEvent', 'outboundCommError', 'closeCommEvent:MISSED']);
    expect(fusion.published.find((p) => p.operation === 'outboundCommError')?.errorCode).toBe('OUTDIAL_FAILED');
    expect(core.snapshot().engagements).toEqual([]);
  });

  it('refuses what is not a phone number, without calling anyone', async () => {
    const { core, vendor, fusion } = await setUp();
    expect(await core.dial('call me maybe')).toEqual({ ok: false, code: 'BAD_INPUT', message: '"call me maybe" is not a phone number.' });
    expect(vendor.calls).toEqual([]);
    expect(fusion.published.filter((p) => p.operation !== 'agentStateEventOperation')).toEqual([]);
  });

  it('refuses to dial with a vendor that cannot place calls', async () => {
    const vendor = new ManualVendor({ outboundCalls: false, afterCallWork: false });
    const { core } = await setUp(vendor);
    expect(await core.dial('+16505550100')).toMatchObject({ ok: false, code: 'NOT_SUPPORTED' });
  });
});

describe('IntegrationEventsHandler: presence', () => {
  it('publishes the initial state at start, then each change the vendor reports, once', async () => {
    const { vendor, fusion, core } = await setUp();
    const available = { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' };
    vendor.report({ type: 'agentState', presence: available });
    vendor.report({ type: 'agentState', presence: { ...available } });
    await settle();
    const states = fusion.published.filter((p) => p.operation === 'agentStateEventOperation').map((p) => p.presence?.stateCode);
    expect(states).toEqual(['UNAVAILABLE', 'AVAILABLE']);
    expect(core.currentPresence()).toEqual(available);
  });

  it('drives the vendor from Fusion and from the toolbar, once while a request is in flight', async () => {
    const { core, vendor } = await setUp();
    await Promise.all([core.setAvailability(true, 'fusion'), core.setAvailability(true, 'toolbar')]);
    await core.setAvailability(false, 'toolbar');
    expect(vendor.calls).toEqual(['makeAgentAvailable', 'makeAgentUnavailable']);
  });

  it('reports a vendor that refuses a state change', async () => {
    const { core, vendor } = await setUp();
    vendor.failNext('makeAgentAvailable', 'agent is logged out');
    expect(await core.setAvailability(true, 'fusion')).toEqual({ ok: false, code: 'REFUSED', message: 'Could not make you available: agent is logged out' });
  });

  it('without a vendor, enables the phone icon as unavailable and says why availability cannot change', async () => {
    const { core, fusion } = await setUp(null);
    expect(fusion.published).toEqual([
      { operation: 'agentStateEventOperation', presence: expect.objectContaining({ loggedIn: true, available: false, displayName: 'No telephony vendor configured' }) },
    ]);
    expect(await core.setAvailability(true, 'fusion')).toEqual({ ok: false, code: 'NO_VENDOR', message: 'No telephony vendor is configured.' });
    expect(core.snapshot()).toMatchObject({ vendorName: null, link: 'down' });
  });

  it('tells the agent when the vendor cannot be reached at start', async () => {
    const vendor = new ManualVendor();
    vendor.start = () => Promise.reject(new Error('connection refused'));
    const { core } = await setUp(vendor);
    expect(core.snapshot()).toMatchObject({ link: 'down', lastError: 'Could not connect to Manual vendor: connection refused' });
  });
});

describe('IntegrationEventsHandler: start, the one sequence the toolbar runs', () => {
  it('publishes the agent state, then listens to Fusion, then starts the vendor', async () => {
    const steps: string[] = [];
    const fusion = new RecordingFusion();
    const vendor = new ManualVendor();
    const publish = fusion.agentStateEvent.bind(fusion);
    fusion.agentStateEvent = (presence) => (steps.push('agentStateEventOperation'), publish(presence));
    const listen = fusion.listen.bind(fusion);
    fusion.listen = (commands, errors) => (steps.push('listen'), listen(commands, errors));
    const start = vendor.start.bind(vendor);
    vendor.start = (listener) => (steps.push('vendor start'), start(listener));
    const core = new IntegrationEventsHandler({ vendor, fusion, log: quiet });
    await core.start();
    expect(steps).toEqual(['agentStateEventOperation', 'listen', 'vendor start']);
    expect(fusion.commands).toBe(core);
    await expect(core.start()).rejects.toThrow('started twice');
  });

  it('gives Fusion a reporter for the error line, not the core’s internals', async () => {
    const { core, fusion } = await setUp();
    fusion.errors?.report(say('dialWithoutNumber'));
    expect(core.snapshot().lastError).toBe('Fusion asked for a call without saying which number to dial.');
    expect(core.snapshot().lastErrorMessage).toEqual(say('dialWithoutNumber'));
    expect(fusion.errors).not.toBe(core);
  });
});

describe('IntegrationEventsHandler: typed vendor errors', () => {
  it.each([
    ['LINK_DOWN', 'Could not answer the call: the link to Manual vendor is down (socket closed). Try again once it is back.'],
    ['TIMEOUT', 'Could not answer the call: Manual vendor did not answer in time (socket closed). Check the call before trying again.'],
    ['NOT_FOUND', 'Could not answer the call: Manual vendor no longer has this call (socket closed).'],
  ] as const)('a %s from the vendor is the failure Fusion gets, and the agent reads what it means', async (code, message) => {
    const { core, vendor } = await ringing('c1');
    vendor.failNext('acceptCall', new VendorError(code, 'socket closed'));
    expect(await core.callAction('c1', 'accept', 'fusion')).toEqual({ ok: false, code, message });
    expect(core.snapshot().lastError).toBe(message);
  });

  it('a dial the vendor refuses with a code keeps the code for the agent, and Fusion gets OUTDIAL_FAILED', async () => {
    const { core, vendor, fusion } = await setUp();
    vendor.failNext('makeOutboundCall', new VendorError('LINK_DOWN', 'not connected'));
    const message = 'The call could not be placed: the link to Manual vendor is down (not connected). Try again once it is back.';
    expect(await core.dial('+16505550100', { eventId: 'o1' })).toEqual({ ok: false, code: 'LINK_DOWN', message });
    expect(core.snapshot().lastError).toBe(message);
    await settle();
    expect(fusion.published.find((p) => p.operation === 'outboundCommError')?.errorCode).toBe('OUTDIAL_FAILED');
  });

  it('a dial the vendor refuses as an invalid number reaches Fusion as INVALID_NUMBER', async () => {
    const { core, vendor, fusion } = await setUp();
    vendor.failNext('makeOutboundCall', new VendorError('REFUSED', 'no such number', 'InvalidParameterException', 'INVALID_NUMBER'));
    expect(await core.dial('+16505550100', { eventId: 'o1' })).toMatchObject({ ok: false, code: 'REFUSED' });
    await settle();
    expect(fusion.published.find((p) => p.operation === 'outboundCommError')).toMatchObject({ eventId: 'o1', errorCode: 'INVALID_NUMBER' });
    expect(fusion.story('o1')).toEqual(['newCommEvent', 'outboundCommError', 'closeCommEvent:MISSED']);
  });

  it('a failed dial\'s message is one of the catalog: the agent reads it in their language, Fusion in English', async () => {
    const { core, vendor, fusion } = await setUp();
    await core.dial('+16505550100', { eventId: 'o4' });
    vendor.report({ type: 'outboundFailed', eventId: 'o4', errorCode: 'BUSY', message: say('genesysCalleeBusy', { number: '+16505550100' }) });
    await settle();
    expect(fusion.published.find((p) => p.operation === 'outboundCommError')).toMatchObject({ eventId: 'o4', errorCode: 'BUSY', message: '+16505550100 is busy.' });
    expect(core.snapshot().lastError).toBe('The call could not be placed: +16505550100 is busy.');
    expect(core.snapshot().lastErrorMessage).toEqual(say('dialFailed', { reason: say('genesysCalleeBusy', { number: '+16505550100' }) }));
  });

  it('passes the vendor’s outbound error code and message on to Fusion, and tells the agent once, in the log too', async () => {
    const logged: string[] = [];
    const fusion = new RecordingFusion();
    const vendor = new ManualVendor();
    const core = new IntegrationEventsHandler({ vendor, fusion, log: (level, message) => logged.push(`${level}: ${message}`) });
    await core.start();
    await core.dial('+16505550100', { eventId: 'o1' });
    vendor.report({ type: 'outboundFailed', eventId: 'o1', errorCode: 'BUSY', message: saidAs('busy') });
    await settle();
    expect(fusion.published.find((p) => p.operation === 'outboundCommError')).toMatchObject({ eventId: 'o1', errorCode: 'BUSY', message: 'busy' });
    expect(fusion.story('o1')).toEqual(['newCommEvent', 'outboundCommError', 'closeCommEvent:MISSED']);
    expect(core.snapshot().lastError).toBe('The call could not be placed: busy');
    expect(logged.filter((line) => line.startsWith('error: '))).toEqual(['error: The call could not be placed: busy']);
  });

  it.each<[string, unknown, unknown, string, string]>([
    ['a code outside the declared set', 'LINE_CUT', saidAs('cut'), 'cut', 'errorCode "LINE_CUT" taken as OUTDIAL_FAILED'],
    ['no message', 'BUSY', saidAs(' '), 'the phone system gave no reason', 'no message'],
    ['neither', undefined, undefined, 'the phone system gave no reason', 'errorCode "undefined" taken as OUTDIAL_FAILED, no message'],
    ['words instead of a message', 'BUSY', 'busy', 'the phone system gave no reason', 'an unusable message (not a message)'],
    ['a message the catalog does not have', 'BUSY', { key: 'lineBusy', params: {} }, 'the phone system gave no reason', 'an unusable message (no message "lineBusy")'],
    ['a message without its parameters', 'BUSY', { key: 'genesysCalleeBusy', params: {} }, 'the phone system gave no reason', 'an unusable message (message genesysCalleeBusy without its parameter number)'],
  ])('a failed dial reported with %s still closes the call, and the agent reads that the report was odd', async (_, errorCode, message, said, oddity) => {
    const { core, vendor, fusion } = await setUp();
    await core.dial('+16505550101', { eventId: 'o2' });
    vendor.report({ type: 'outboundFailed', eventId: 'o2', errorCode, message } as never);
    await settle();
    expect(fusion.story('o2')).toEqual(['newCommEvent', 'outboundCommError', 'closeCommEvent:MISSED']);
    const expectedCode = errorCode === 'BUSY' ? 'BUSY' : 'OUTDIAL_FAILED';
    expect(fusion.published.find((p) => p.operation === 'outboundCommError')).toMatchObject({ eventId: 'o2', errorCode: expectedCode, message: said });
    expect(core.snapshot().lastError).toBe(`The call could not be placed: ${said} (the phone system's report of it was odd: ${oddity})`);
    expect(core.snapshot().engagements).toEqual([]);
  });

  it('a dial the vendor refuses without a word still closes the call, and the agent reads that the refusal was odd', async () => {
    const { core, vendor, fusion } = await setUp();
    vendor.failNext('makeOutboundCall', new Error());
    const result = await core.dial('+16505550100', { eventId: 'o3' });
    await settle();
    expect(result).toEqual({ ok: false, code: 'REFUSED', message: 'The call could not be placed: Manual vendor gave no reason' });
    expect(fusion.story('o3')).toEqual(['newCommEvent', 'outboundCommError', 'closeCommEvent:MISSED']);
    expect(fusion.published.find((p) => p.operation === 'outboundCommError')).toMatchObject({ errorCode: 'OUTDIAL_FAILED', message: 'the phone system gave no reason' });
    expect(core.snapshot().lastError).toBe("The call could not be placed: Manual vendor gave no reason (Manual vendor's refusal was odd: no message)");
    expect(core.snapshot().engagements).toEqual([]);
  });

  it('a refused dial is shown once and logged once, worded by code', async () => {
    const logged: string[] = [];
    const views: Array<string | null> = [];
    const fusion = new RecordingFusion();
    const vendor = new ManualVendor();
    const core = new IntegrationEventsHandler({ vendor, fusion, log: (level, message) => logged.push(`${level}: ${message}`) });
    await core.start();
    core.subscribe((snapshot) => views.push(snapshot.lastError));
    vendor.failNext('makeOutboundCall', new VendorError('LINK_DOWN', 'not connected'));
    await core.dial('+16505550100', { eventId: 'o1' });
    const message = 'The call could not be placed: the link to Manual vendor is down (not connected). Try again once it is back.';
    expect(logged.filter((line) => line.startsWith('error: '))).toEqual([`error: ${message}`]);
    // Shown once: the error line goes from empty to this message and stays on it, with nothing in between.
    expect(views.filter((lastError, i) => lastError !== views[i - 1])).toEqual([null, message]);
    expect(core.snapshot().lastError).toBe(message);
    await settle();
    expect(fusion.published.find((p) => p.operation === 'outboundCommError')).toMatchObject({ errorCode: 'OUTDIAL_FAILED', message: 'not connected' });
  });
});

describe('IntegrationEventsHandler: Fusion\'s agent against the vendor\'s sign-in', () => {
  /** A vendor whose agent signs in through the toolbar (genesys.signIn): signedInAgent() names who did. */
  class SignedInVendor extends ManualVendor {
    agent: string | null = 'agent2';
    signedInAgent(): string | null {
      return this.agent;
    }
  }

  async function signedIn(fusionAgentId: string | undefined, agent: string | null) {
    const vendor = new SignedInVendor();
    vendor.agent = agent;
    const fusion = new RecordingFusion();
    const core = new IntegrationEventsHandler({ vendor, fusion, log: quiet, ...(fusionAgentId !== undefined ? { fusionAgentId } : {}) });
    await core.start();
    return { core, vendor, fusion };
  }

  const MISMATCH =
    'You cannot become available: Fusion has you signed in as agent1, but you signed in to Manual vendor as agent2. Press Switch agent and sign in to Manual vendor as agent1.';

  it('refuses to make the agent available, from Fusion or the toolbar, when the agent signed in is not Fusion\'s, and says why', async () => {
    const { core, vendor } = await signedIn('agent1', 'agent2');

    for (const source of ['fusion', 'toolbar'] as const) {
      expect(await core.setAvailability(true, source)).toEqual({ ok: false, code: 'REFUSED', message: MISMATCH });
    }
    expect(core.snapshot().lastError).toBe(MISMATCH);
    expect(vendor.calls).toEqual([]);
    // Going unavailable is always allowed.
    expect(await core.setAvailability(false, 'toolbar')).toEqual({ ok: true });
    expect(vendor.calls).toEqual(['makeAgentUnavailable']);
  });

  it('does not restore availability after a reconnect for an agent who is not Fusion\'s, and says why', async () => {
    const { core, vendor } = await signedIn('agent1', 'agent1');
    const available = { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } as const;
    vendor.report({ type: 'agentState', presence: available, onConnect: true });
    // Someone else signed in meanwhile (Switch agent), and the vendor came back with them logged out.
    vendor.agent = 'agent2';
    vendor.report({ type: 'agentState', presence: { loggedIn: false, available: false, stateCode: 'LOGGED_OUT', displayName: 'Logged out' }, onConnect: true });
    await settle();
    expect(vendor.calls).toEqual([]);
    expect(core.snapshot().lastError).toBe(MISMATCH);
  });

  it('lets the same agent become available (names compared without regard to case), and anyone when Fusion names nobody or nobody signed in', async () => {
    for (const [fusionAgent, agent] of [['Agent1', 'agent1'], [undefined, 'agent2'], ['agent1', null]] as const) {
      const { core, vendor } = await signedIn(fusionAgent, agent);
      expect(await core.setAvailability(true, 'fusion')).toEqual({ ok: true });
      expect(vendor.calls).toEqual(['makeAgentAvailable']);
    }
  });
});

describe('IntegrationEventsHandler: call controls', () => {
  it('holds and resumes a call through the vendor; the card follows the reports, and Fusion hears nothing of it', async () => {
    const t = await connected('c1');
    expect(await t.core.callControl('c1', { control: 'hold' })).toEqual({ ok: true });
    expect(t.vendor.calls).toContain('holdCall c1');
    expect(t.core.snapshot().engagements[0].state).toBe('connected'); // the request alone changes nothing
    t.vendor.report({ type: 'held', eventId: 'c1' });
    await settle();
    expect(t.core.snapshot().engagements[0].state).toBe('held');
    expect(await t.core.callControl('c1', { control: 'resume' })).toEqual({ ok: true });
    expect(t.vendor.calls).toContain('resumeCall c1');
    t.vendor.report({ type: 'resumed', eventId: 'c1' });
    await settle();
    expect(t.core.snapshot().engagements[0].state).toBe('connected');
    expect(t.fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent']);
  });

  it('closes a call that ends while held as a talked call (WRAPUP), and hangs up a held call on request', async () => {
    const t = await connected('c1');
    t.vendor.report({ type: 'held', eventId: 'c1' });
    await settle();
    expect(await t.core.callAction('c1', 'hangup', 'toolbar')).toEqual({ ok: true });
    expect(t.vendor.calls).toContain('hangupCall c1');
    t.vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'customer' });
    await settle();
    expect(t.fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    expect(t.core.snapshot().engagements[0].state).toBe('wrapup');
  });

  it('takes a hold the vendor reports for a call it thought ringing as connected first: Fusion hears the start once', async () => {
    const t = await ringing('c1');
    t.vendor.report({ type: 'held', eventId: 'c1' });
    t.vendor.report({ type: 'connected', eventId: 'c1' });
    await settle();
    expect(t.fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent']);
    expect(t.core.snapshot().engagements[0].state).toBe('held');
  });

  it('hangs up while a hold is under way: the agent who wants the call gone is not told to wait', async () => {
    const t = await connected('c1');
    void t.core.callControl('c1', { control: 'hold' });
    expect(await t.core.callAction('c1', 'hangup', 'fusion')).toEqual({ ok: true });
    expect(t.vendor.calls).toEqual(expect.arrayContaining(['holdCall c1', 'hangupCall c1']));
  });

  it('sends no key after one that failed, nor once the call is held: a PIN goes out whole or not at all', async () => {
    const vendor = new GatedDigitsVendor();
    const t = await setUp(vendor);
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
    vendor.report({ type: 'connected', eventId: 'c1' });
    await settle();
    vendor.failNext('sendDigits', new VendorError('REFUSED', 'no DTMF on this trunk'));
    const keys = ['1', '2', '3'].map((digits) => t.core.callControl('c1', { control: 'digits', digits }));
    const results = await Promise.all(keys);
    expect(results.map((r) => r.ok)).toEqual([false, false, false]);
    expect(vendor.calls.filter((c) => c.startsWith('sendDigits'))).toEqual(['sendDigits c1 1']);

    const later = t.core.callControl('c1', { control: 'digits', digits: '4' });
    const queued = t.core.callControl('c1', { control: 'digits', digits: '5' });
    await settle();
    vendor.report({ type: 'held', eventId: 'c1' });
    await settle();
    vendor.releaseDigits();
    expect(await later).toEqual({ ok: true });
    expect(await queued).toMatchObject({ ok: false, code: 'INVALID_IN_STATE', message: 'The digits were not sent: the call is no longer connected.' });
    expect(vendor.calls.filter((c) => c.startsWith('sendDigits'))).toEqual(['sendDigits c1 1', 'sendDigits c1 4']);
  });

  it('mutes and unmutes once each: a mute of a muted call asks nothing, and the view shows what the vendor reported', async () => {
    const t = await connected('c1');
    expect(await t.core.callControl('c1', { control: 'mute' })).toEqual({ ok: true });
    t.vendor.report({ type: 'muted', eventId: 'c1' });
    await settle();
    expect(t.core.snapshot().engagements[0].muted).toBe(true);
    expect(await t.core.callControl('c1', { control: 'mute' })).toEqual({ ok: true });
    expect(t.vendor.calls.filter((c) => c.startsWith('muteCall'))).toEqual(['muteCall c1']);
    expect(await t.core.callControl('c1', { control: 'unmute' })).toEqual({ ok: true });
    t.vendor.report({ type: 'unmuted', eventId: 'c1' });
    await settle();
    expect(t.vendor.calls).toContain('unmuteCall c1');
    expect(t.core.snapshot().engagements[0].muted).toBe(false);
  });

  it('absorbs a mute report for a call that is not talking', async () => {
    const t = await ringing('c1');
    t.vendor.report({ type: 'muted', eventId: 'c1' });
    await settle();
    expect(t.core.snapshot().engagements[0].muted).toBe(false);
  });

  it('sends keypad digits in the order pressed, each once the one before was taken', async () => {
    const vendor = new GatedDigitsVendor();
    const t = await setUp(vendor);
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
    vendor.report({ type: 'connected', eventId: 'c1' });
    await settle();
    const first = t.core.callControl('c1', { control: 'digits', digits: '1' });
    const second = t.core.callControl('c1', { control: 'digits', digits: '#' });
    await settle();
    expect(vendor.calls.filter((c) => c.startsWith('sendDigits'))).toEqual(['sendDigits c1 1']);
    vendor.releaseDigits();
    await settle();
    expect(vendor.calls.filter((c) => c.startsWith('sendDigits'))).toEqual(['sendDigits c1 1', 'sendDigits c1 #']);
    vendor.releaseDigits();
    expect(await first).toEqual({ ok: true });
    expect(await second).toEqual({ ok: true });
  });

  it('refuses digits off the keypad, and digits on a call that is ringing or held, asking the vendor nothing', async () => {
    const t = await connected('c1');
    expect(await t.core.callControl('c1', { control: 'digits', digits: '12a' })).toMatchObject({ ok: false, code: 'BAD_INPUT', message: expect.stringContaining('"a" is not a keypad key') });
    expect(await t.core.callControl('c1', { control: 'digits', digits: '' })).toMatchObject({ ok: false, code: 'BAD_INPUT' });
    t.vendor.report({ type: 'held', eventId: 'c1' });
    await settle();
    expect(await t.core.callControl('c1', { control: 'digits', digits: '1' })).toEqual({
      ok: false,
      code: 'INVALID_IN_STATE',
      message: 'The call is on hold: resume it before using the keypad.',
    });
    const r = await ringing('c2');
    expect(await r.core.callControl('c2', { control: 'hold' })).toMatchObject({ ok: false, code: 'INVALID_IN_STATE', message: 'The call is not answered yet.' });
    expect([...t.vendor.calls, ...r.vendor.calls].filter((c) => /sendDigits|holdCall/.test(c))).toEqual([]);
  });

  it('refuses a control the vendor does not offer, and the snapshot shows only what it offers', async () => {
    // Conference and the directory are declared, but mean nothing without transfer.
    const vendor = new ManualVendor({ hold: false, mute: false, transfer: false });
    const t = await setUp(vendor);
    vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
    vendor.report({ type: 'connected', eventId: 'c1' });
    await settle();
    expect(await t.core.callControl('c1', { control: 'mute' })).toEqual({ ok: false, code: 'NOT_SUPPORTED', message: 'Manual vendor cannot mute you from the toolbar.' });
    expect(await t.core.callControl('c1', { control: 'hold' })).toMatchObject({ ok: false, code: 'NOT_SUPPORTED' });
    const transfer = { control: 'transfer', destination: { kind: 'number', phoneNumber: '7002' }, mode: 'blind' } as const;
    expect(await t.core.callControl('c1', transfer)).toEqual({ ok: false, code: 'NOT_SUPPORTED', message: 'Manual vendor cannot transfer calls.' });
    expect(vendor.calls.filter((c) => /muteCall|holdCall|transferCall/.test(c))).toEqual([]);
    expect(t.core.snapshot().controls).toEqual({ hold: false, mute: false, digits: true, transfer: false, conference: false, transferDirectory: false, notReadyReasons: true });
  });

  it('shows the agent why the vendor refused a hold, and keeps the call as it was', async () => {
    const t = await connected('c1');
    t.vendor.failNext('holdCall', new VendorError('REFUSED', 'The switch has no music on hold for this queue.'));
    const result = await t.core.callControl('c1', { control: 'hold' });
    expect(result).toMatchObject({ ok: false, code: 'REFUSED', message: expect.stringContaining('Could not put the call on hold') });
    expect(t.core.snapshot().lastError).toContain('The switch has no music on hold for this queue.');
    expect(t.core.snapshot().engagements[0].state).toBe('connected');
  });
});

/** A vendor whose sendDigits waits until the test lets it answer, one request at a time. */
class GatedDigitsVendor extends ManualVendor {
  private readonly gates: Array<() => void> = [];
  override async sendDigits(eventId: string, digits: string): Promise<void> {
    await super.sendDigits(eventId, digits);
    await new Promise<void>((resolve) => this.gates.push(resolve));
  }
  releaseDigits(): void {
    this.gates.shift()?.();
  }
}
