import { saidAs } from '../../src/ts/cti/core/agentMessages';
import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import { RECENT_CALLS_SHOWN, outcomeOf } from '../../src/ts/cti/core/recentCalls';
import { ManualVendor } from '../support/manualVendor';
import { RecordingFusion, settle } from '../support/recordingFusion';

async function setUp() {
  const vendor = new ManualVendor();
  const fusion = new RecordingFusion();
  fusion.directory['+16505550100'] = { SVCMCA_CONTACT_NAME: 'Lisa Jones' };
  let clock = 1_000_000;
  const core = new IntegrationEventsHandler({ vendor, fusion, log: () => undefined, now: () => clock });
  await core.start();
  return { vendor, core, tick: (ms: number) => (clock += ms), recent: () => core.snapshot().recentCalls };
}

describe('recent calls', () => {
  it('lists a talked call once its wrap-up is finished, with the contact Fusion named and how long it was talked', async () => {
    const t = await setUp();
    t.vendor.report({ type: 'incoming', eventId: 'c1', phoneNumber: '+16505550100' });
    await settle();
    t.tick(4000);
    t.vendor.report({ type: 'connected', eventId: 'c1' });
    t.tick(65_000);
    t.vendor.report({ type: 'ended', eventId: 'c1', phase: 'connected', endedBy: 'customer' });
    await settle();
    expect(t.recent()).toEqual([]); // in wrap-up, the call is still a card
    t.tick(30_000);
    t.core.finishWrapup('c1', 'toolbar');
    expect(t.recent()).toEqual([
      { eventId: 'c1', direction: 'inbound', phoneNumber: '+16505550100', contactName: 'Lisa Jones', outcome: 'talked', startedAt: 1_000_000, endedAt: 1_069_000, talkedMs: 65_000 },
    ]);
  });

  it('says declined, missed, transferred and not reached, newest first', async () => {
    const t = await setUp();
    t.vendor.report({ type: 'incoming', eventId: 'declined', phoneNumber: '555' });
    await settle();
    await t.core.callAction('declined', 'reject', 'toolbar');
    t.vendor.report({ type: 'ended', eventId: 'declined', phase: 'ringing', endedBy: 'agent' });
    t.vendor.report({ type: 'incoming', eventId: 'missed', phoneNumber: '556' });
    t.vendor.report({ type: 'ended', eventId: 'missed', phase: 'ringing', endedBy: 'customer' });
    t.vendor.report({ type: 'incoming', eventId: 'moved', phoneNumber: '557' });
    t.vendor.report({ type: 'connected', eventId: 'moved' });
    t.vendor.report({ type: 'transferred', eventId: 'moved', destination: '7002' });
    t.core.finishWrapup('moved', 'fusion');
    t.vendor.report({ type: 'dialing', eventId: 'out', phoneNumber: '558' });
    t.vendor.report({ type: 'outboundFailed', eventId: 'out', errorCode: 'BUSY', message: saidAs('busy') });
    await settle();
    expect(t.recent().map((c) => [c.eventId, c.outcome, c.talkedMs === null])).toEqual([
      ['out', 'notReached', true],
      ['moved', 'transferred', false],
      ['missed', 'missed', true],
      ['declined', 'declined', true],
    ]);
  });

  it(`keeps the last ${RECENT_CALLS_SHOWN} calls only`, async () => {
    const t = await setUp();
    for (let i = 0; i < RECENT_CALLS_SHOWN + 3; i++) {
      t.vendor.report({ type: 'incoming', eventId: `c${i}`, phoneNumber: '555' });
      t.vendor.report({ type: 'ended', eventId: `c${i}`, phase: 'ringing', endedBy: 'customer' });
    }
    await settle();
    expect(t.recent().map((c) => c.eventId)).toEqual(Array.from({ length: RECENT_CALLS_SHOWN }, (_, i) => `c${RECENT_CALLS_SHOWN + 2 - i}`));
  });

  it.each([
    ['WRAPUP', 'inbound', false, 'talked'],
    ['WRAPUP', 'outbound', true, 'transferred'],
    ['REJECT', 'inbound', false, 'declined'],
    ['ABANDONED', 'inbound', false, 'missed'],
    ['TIMEOUT', 'inbound', false, 'missed'],
    ['TIMEOUT', 'outbound', false, 'notReached'],
    ['MISSED', 'outbound', false, 'notReached'],
    ['CANCELED', 'outbound', false, 'cancelled'],
  ] as const)('a call closed %s (%s, transferred %s) is %s', (reason, direction, transferred, outcome) => {
    expect(outcomeOf(reason, direction, transferred)).toBe(outcome);
  });
});
