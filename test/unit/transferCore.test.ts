import { VendorError } from '../../src/ts/cti/core/errors';
import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import type { CallControlRequest } from '../../src/ts/cti/core/types';
import { ManualVendor } from '../support/manualVendor';
import { RecordingFusion, settle } from '../support/recordingFusion';

const quiet = () => undefined;
const TO_7002 = { control: 'transfer', destination: { kind: 'number', phoneNumber: ' 7002 ' }, mode: 'consult' } as const;
const BLIND_7002 = { ...TO_7002, mode: 'blind' } as const;

async function talking(eventId = 'c1') {
  const vendor = new ManualVendor();
  const fusion = new RecordingFusion();
  const core = new IntegrationEventsHandler({ vendor, fusion, log: quiet });
  await core.start();
  vendor.report({ type: 'incoming', eventId, phoneNumber: '+16505550100' });
  vendor.report({ type: 'connected', eventId });
  await settle();
  const view = () => core.snapshot().engagements.find((e) => e.eventId === eventId);
  const transferRequests = () => vendor.calls.filter((c) => /transferCall|completeTransfer|cancelTransfer|conferenceCall|hangupCall/.test(c));
  return { vendor, fusion, core, view, transferRequests };
}

/** A consult under way: the customer held, the third party as given. */
async function consulting(state: 'dialing' | 'talking') {
  const t = await talking();
  expect(await t.core.callControl('c1', TO_7002)).toEqual({ ok: true });
  t.vendor.report({ type: 'held', eventId: 'c1' });
  t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '7002', state: 'dialing' } });
  if (state === 'talking') t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '7002', state: 'talking' } });
  await settle();
  return t;
}

describe('IntegrationEventsHandler: transfers', () => {
  it('sends a blind transfer to the vendor with the number trimmed, and closes the transferred call in Fusion once, as talked', async () => {
    const t = await talking();
    expect(await t.core.callControl('c1', BLIND_7002)).toEqual({ ok: true });
    expect(t.transferRequests()).toEqual(['transferCall c1 7002 blind']);
    t.vendor.report({ type: 'transferred', eventId: 'c1', destination: '7002' });
    t.vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'agent' });
    await settle();
    expect(t.fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
    expect(t.view()).toMatchObject({ state: 'wrapup', thirdParty: null });
  });

  it('shows a consult as it goes, and completes it only once the third party talks', async () => {
    const t = await consulting('dialing');
    expect(t.view()).toMatchObject({ state: 'held', thirdParty: { destination: '7002', state: 'dialing' } });
    expect(await t.core.callControl('c1', { control: 'completeTransfer' })).toEqual({
      ok: false,
      code: 'INVALID_IN_STATE',
      message: 'The transfer target has not answered yet: wait, or cancel the transfer.',
    });
    t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '7002', state: 'talking' } });
    await settle();
    expect(await t.core.callControl('c1', { control: 'completeTransfer' })).toEqual({ ok: true });
    t.vendor.report({ type: 'transferred', eventId: 'c1', destination: '7002' });
    await settle();
    expect(t.transferRequests()).toEqual(['transferCall c1 7002 consult', 'completeTransfer c1']);
    expect(t.fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });

  it('cancels a consult: the third party is dropped without an error, and the customer is back', async () => {
    const t = await consulting('talking');
    expect(await t.core.callControl('c1', { control: 'cancelTransfer' })).toEqual({ ok: true });
    t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: null, gone: 'cancelled' });
    t.vendor.report({ type: 'resumed', eventId: 'c1' });
    await settle();
    expect(t.view()).toMatchObject({ state: 'connected', thirdParty: null, thirdPartyGone: null });
    expect(t.core.snapshot().lastError).toBeNull();
    expect(t.fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent']);
  });

  it('tells the agent a consult target refused, keeps the customer on hold, and lets the agent resume', async () => {
    const t = await consulting('dialing');
    t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: null, gone: 'refused' });
    await settle();
    expect(t.core.snapshot().lastError).toBe('7002 refused the call. The customer is still on the call.');
    expect(t.view()).toMatchObject({ state: 'held', thirdParty: null, thirdPartyGone: 'refused' });
    expect(await t.core.callControl('c1', { control: 'resume' })).toEqual({ ok: true });
    expect(t.vendor.calls).toContain('resumeCall c1');
  });

  it('refuses to hang up during a consult, from Fusion or the toolbar, and asks the vendor nothing', async () => {
    const t = await consulting('talking');
    for (const source of ['fusion', 'toolbar'] as const) {
      expect(await t.core.callAction('c1', 'hangup', source)).toMatchObject({ ok: false, code: 'INVALID_IN_STATE', message: expect.stringContaining('A transfer is under way') });
    }
    expect(await t.core.callControl('c1', { control: 'resume' })).toMatchObject({ ok: false, code: 'INVALID_IN_STATE' });
    expect(await t.core.callControl('c1', TO_7002)).toMatchObject({ ok: false, code: 'INVALID_IN_STATE', message: 'A transfer is already under way.' });
    expect(t.transferRequests()).toEqual(['transferCall c1 7002 consult']);
  });

  it('joins a conference, then hangs up out of it: Fusion hears the call end once, as talked', async () => {
    const t = await consulting('talking');
    expect(await t.core.callControl('c1', { control: 'conference' })).toEqual({ ok: true });
    t.vendor.report({ type: 'resumed', eventId: 'c1' });
    t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '7002', state: 'conferenced' } });
    await settle();
    expect(t.view()).toMatchObject({ state: 'connected', thirdParty: { state: 'conferenced' } });
    expect(await t.core.callControl('c1', { control: 'hold' })).toMatchObject({ ok: false, code: 'INVALID_IN_STATE' });
    expect(await t.core.callAction('c1', 'hangup', 'toolbar')).toEqual({ ok: true });
    t.vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'agent' });
    await settle();
    expect(t.transferRequests()).toEqual(['transferCall c1 7002 consult', 'conferenceCall c1', 'hangupCall c1']);
    expect(t.fusion.story('c1')).toEqual(['newCommEvent', 'startCommEvent', 'closeCommEvent:WRAPUP']);
  });

  it('frees the call for the next request when a completion ends with the target gone instead of a transfer', async () => {
    const t = await consulting('talking');
    expect(await t.core.callControl('c1', { control: 'completeTransfer' })).toEqual({ ok: true });
    t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: null, gone: 'hungUp' });
    await settle();
    expect(await t.core.callControl('c1', { control: 'resume' })).toEqual({ ok: true });
    expect(t.vendor.calls).toContain('resumeCall c1');
  });

  it('takes back a conference the agent held at the phone', async () => {
    const t = await consulting('talking');
    t.vendor.report({ type: 'resumed', eventId: 'c1' });
    t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '7002', state: 'conferenced' } });
    t.vendor.report({ type: 'held', eventId: 'c1' });
    await settle();
    expect(await t.core.callControl('c1', { control: 'resume' })).toEqual({ ok: true });
    expect(t.vendor.calls).toContain('resumeCall c1');
  });

  it('keeps a conference call going when the third party leaves it', async () => {
    const t = await consulting('talking');
    t.vendor.report({ type: 'resumed', eventId: 'c1' });
    t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '7002', state: 'conferenced' } });
    t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: null, gone: 'hungUp' });
    await settle();
    expect(t.view()).toMatchObject({ state: 'connected', thirdParty: null, thirdPartyGone: 'hungUp' });
    expect(t.core.snapshot().lastError).toBe('7002 hung up. The customer is still on the call.');
    expect(await t.core.callControl('c1', { control: 'hold' })).toEqual({ ok: true });
  });

  it.each<[string, CallControlRequest, string]>([
    ['an empty number', { control: 'transfer', destination: { kind: 'number', phoneNumber: '  ' }, mode: 'blind' }, 'Type the number or extension to transfer the call to.'],
    ['letters', { control: 'transfer', destination: { kind: 'number', phoneNumber: 'sales' }, mode: 'blind' }, '"sales" is not a number to transfer to.'],
    ['a directory entry without an id', { control: 'transfer', destination: { kind: 'directory', id: '', name: 'Billing' }, mode: 'consult' }, 'That transfer destination has no id and name the phone system could use.'],
    ['no kind of transfer', { control: 'transfer', destination: { kind: 'number', phoneNumber: '7002' }, mode: 'warm' as 'blind' }, '"warm" is not a kind of transfer.'],
  ])('refuses a transfer to %s with BAD_INPUT, asking the vendor nothing', async (_what, request, message) => {
    const t = await talking();
    expect(await t.core.callControl('c1', request)).toEqual({ ok: false, code: 'BAD_INPUT', message });
    expect(t.transferRequests()).toEqual([]);
    expect(t.view()?.state).toBe('connected');
  });

  it('refuses to transfer a held call, and to complete, conference or cancel when no consult is under way', async () => {
    const t = await talking();
    for (const control of ['completeTransfer', 'conference', 'cancelTransfer'] as const) {
      expect(await t.core.callControl('c1', { control })).toEqual({ ok: false, code: 'INVALID_IN_STATE', message: 'No transfer is under way.' });
    }
    t.vendor.report({ type: 'held', eventId: 'c1' });
    await settle();
    expect(await t.core.callControl('c1', BLIND_7002)).toMatchObject({ ok: false, code: 'INVALID_IN_STATE', message: 'The call is on hold: resume it before transferring it.' });
    expect(t.transferRequests()).toEqual([]);
  });

  it('says why the vendor refused a transfer, keeps the call, and lets the agent try again', async () => {
    const t = await talking();
    t.vendor.failNext('transferCall', new VendorError('REFUSED', 'the extension 7999 does not exist'));
    expect(await t.core.callControl('c1', BLIND_7002)).toEqual({ ok: false, code: 'REFUSED', message: 'Could not transfer the call: the extension 7999 does not exist' });
    expect(t.view()?.state).toBe('connected');
    expect(await t.core.callControl('c1', BLIND_7002)).toEqual({ ok: true });
    expect(t.transferRequests()).toEqual(['transferCall c1 7002 blind', 'transferCall c1 7002 blind']);
  });

  it('opens a call transferred in as a new inbound engagement, for the customer, with who transferred it', async () => {
    const vendor = new ManualVendor();
    const fusion = new RecordingFusion();
    const core = new IntegrationEventsHandler({ vendor, fusion, log: quiet });
    await core.start();
    vendor.report({ type: 'incoming', eventId: 't1', phoneNumber: '+16505550100', transfer: { from: 'Agent 7001' } });
    await settle();
    expect(core.snapshot().engagements[0]).toMatchObject({ direction: 'inbound', phoneNumber: '+16505550100', transfer: { from: 'Agent 7001' } });
    expect(fusion.published.find((p) => p.operation === 'newCommEvent')).toMatchObject({ inData: { SVCMCA_ANI: '+16505550100' } });
  });

  it('ignores third-party reports it cannot use, and those about a call that is not talking', async () => {
    const t = await talking();
    t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '7002', state: 'on the moon' as 'talking' } });
    await settle();
    expect(t.core.snapshot().lastError).toBe('The phone system sent a report the toolbar cannot use (third party in state "on the moon"); ignored.');
    t.vendor.report({ type: 'thirdParty', eventId: 'c1', party: { destination: '', state: 'talking' } });
    t.vendor.report({ type: 'transferred', eventId: 'c1', destination: '' });
    t.vendor.report({ type: 'incoming', eventId: 'c2', phoneNumber: '+16505550101' });
    t.vendor.report({ type: 'thirdParty', eventId: 'c2', party: { destination: '7002', state: 'talking' } });
    await settle();
    expect(t.view()).toMatchObject({ state: 'connected', thirdParty: null });
    expect(t.core.snapshot().engagements.find((e) => e.eventId === 'c2')?.thirdParty).toBeNull();
  });

  it('lists the vendor directory, and says why when it cannot', async () => {
    const t = await talking();
    expect(await t.core.transferDirectory()).toEqual({ ok: true, entries: [{ id: 'qc-billing', name: 'Billing queue', kind: 'queue' }] });
    t.vendor.failNext('transferDirectory', new VendorError('LINK_DOWN', 'no connection'));
    expect(await t.core.transferDirectory()).toMatchObject({ ok: false, code: 'LINK_DOWN', message: expect.stringContaining('Could not list the transfer destinations') });
    const none = new IntegrationEventsHandler({ vendor: new ManualVendor({ transferDirectory: false }), fusion: new RecordingFusion(), log: quiet });
    expect(await none.transferDirectory()).toEqual({ ok: true, entries: [] });
  });
});
