import { IntegrationEventsHandler } from '../../src/ts/cti/core/integrationEventsHandler';
import { VendorError } from '../../src/ts/cti/core/errors';
import { ManualVendor } from '../support/manualVendor';
import { RecordingFusion, settle } from '../support/recordingFusion';

const AVAILABLE = { loggedIn: true, available: true, stateCode: 'AVAILABLE', displayName: 'Available' } as const;
const LUNCH = { loggedIn: true, available: false, stateCode: 'UNAVAILABLE', displayName: 'Lunch', reasonCode: 'LUNCH' } as const;

async function setUp(vendor = new ManualVendor()) {
  const fusion = new RecordingFusion();
  const core = new IntegrationEventsHandler({ vendor, fusion, log: () => undefined });
  await core.start();
  return { core, vendor, fusion };
}

describe('IntegrationEventsHandler: reasons for not being available', () => {
  it('lists the vendor’s reasons, and none for a vendor that offers none', async () => {
    const { core } = await setUp();
    expect(await core.notReadyReasons()).toEqual({ ok: true, reasons: [{ code: 'LUNCH', name: 'Lunch' }, { code: 'TRAINING', name: 'Training' }] });
    const { core: plain } = await setUp(new ManualVendor({ notReadyReasons: false }));
    expect(await plain.notReadyReasons()).toEqual({ ok: true, reasons: [] });
  });

  it('says why when the vendor cannot list them', async () => {
    const { core, vendor } = await setUp();
    vendor.failNext('notReadyReasons', new VendorError('LINK_DOWN', 'no connection'));
    expect(await core.notReadyReasons()).toMatchObject({ ok: false, code: 'LINK_DOWN', message: expect.stringContaining('Could not list the reasons') });
    expect(core.snapshot().lastError).toContain('Could not list the reasons');
  });

  it('sends the reason with the request, and Fusion hears the presence the vendor reports, reason and all', async () => {
    const { core, vendor, fusion } = await setUp();
    expect(await core.setAvailability(false, 'toolbar', 'LUNCH')).toEqual({ ok: true });
    expect(vendor.calls).toEqual(['makeAgentUnavailable LUNCH']);
    vendor.report({ type: 'agentState', presence: LUNCH });
    await settle();
    expect(fusion.published.filter((p) => p.operation === 'agentStateEventOperation').pop()).toMatchObject({ presence: LUNCH });
  });

  it.each([
    ['with availability', true, 'LUNCH', 'BAD_INPUT', 'A reason goes with not being available only.'],
    ['made of control characters', false, '\u0007', 'BAD_INPUT', expect.stringContaining('is not a reason')],
    ['too long', false, 'x'.repeat(65), 'BAD_INPUT', expect.stringContaining('is not a reason')],
  ])('refuses a reason %s, asking the vendor nothing', async (_what, available, reason, code, message) => {
    const { core, vendor } = await setUp();
    expect(await core.setAvailability(available, 'toolbar', reason)).toEqual({ ok: false, code, message });
    expect(vendor.calls).toEqual([]);
  });

  it('refuses a reason to a vendor that takes none', async () => {
    const { core, vendor } = await setUp(new ManualVendor({ notReadyReasons: false }));
    expect(await core.setAvailability(false, 'toolbar', 'LUNCH')).toMatchObject({ ok: false, code: 'NOT_SUPPORTED' });
    expect(vendor.calls).toEqual([]);
  });

  it('restores the reason with the choice when the vendor comes back with the agent available', async () => {
    const { core, vendor } = await setUp();
    vendor.report({ type: 'agentState', presence: AVAILABLE, onConnect: true });
    await core.setAvailability(false, 'toolbar', 'LUNCH');
    vendor.report({ type: 'agentState', presence: LUNCH });
    vendor.report({ type: 'agentState', presence: AVAILABLE, onConnect: true });
    await settle();
    expect(vendor.calls).toEqual(['makeAgentUnavailable LUNCH', 'makeAgentUnavailable LUNCH']);
  });

  it('takes a reason chosen at the phone as the choice to restore', async () => {
    const { vendor } = await setUp();
    vendor.report({ type: 'agentState', presence: AVAILABLE, onConnect: true });
    vendor.report({ type: 'agentState', presence: LUNCH }); // the agent chose Lunch in the CCP
    vendor.report({ type: 'agentState', presence: AVAILABLE, onConnect: true });
    await settle();
    expect(vendor.calls).toEqual(['makeAgentUnavailable LUNCH']);
  });
});
