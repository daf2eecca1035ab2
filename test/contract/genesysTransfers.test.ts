/**
 * Transfers, consults and conferences with the Genesys handler, end to end below the toolbar: the real handler and the
 * real bridge on loopback, over each of the bridge's backends: its T-Server simulator, whose transfer target
 * (simulator.transferTarget) the driver plays, and the Workspace API with the fake GWS, where another agent is the
 * target. Each scenario follows the vendor contract's semantics (src/ts/cti/vendor/ICtiVendorHandler.ts) and watches
 * both what the handler reports and what the phone system shows.
 * @jest-environment-options {"customExportConditions": ["node", "require", "default"]}
 */
import type { Bridge } from '../../server/src/app';
import { say } from '../../src/ts/cti/core/agentMessages';
import { VendorError } from '../../src/ts/cti/core/errors';
import type { EventId, VendorEvent } from '../../src/ts/cti/core/types';
import { CONTRACT_RING_TIMEOUT_MS, eventually, genesysDriver } from './genesysDriver';
import { ReportedEvents } from './vendorContract';
import type { VendorDriver } from './vendorDriver';
import { stopWorkspaceWorld, workspaceDriver } from './workspaceDriver';

jest.setTimeout(30_000);
afterAll(() => stopWorkspaceWorld());

type Driver = VendorDriver & { readonly bridge: Bridge };

const CUSTOMER = '+16505550100';
/** Generous: the machine is shared. */
const WAIT_MS = 10_000;
/** How long to watch for reports that must not come. */
const QUIET_MS = 200;

interface Rig {
  readonly driver: Driver;
  readonly log: ReportedEvents;
  readonly target: NonNullable<Driver['transferTarget']>;
}

let rig: Rig | undefined;
afterEach(async () => {
  await rig?.driver.handler.stop();
  await rig?.driver.dispose();
  rig = undefined;
});

/** What each backend can show: the simulator has a busy phone and T-Server's ring timeout; the fake GWS neither. */
const BACKENDS: ReadonlyArray<readonly [string, () => Promise<Driver>, { readonly simulator: boolean }]> = [
  ['the T-Server simulator', () => genesysDriver(), { simulator: true }],
  ['the Workspace API (fake GWS)', () => workspaceDriver(), { simulator: false }],
];

let newDriver: () => Promise<Driver> = () => genesysDriver();

async function started(): Promise<Rig> {
  const driver = await newDriver();
  const log = new ReportedEvents();
  const target = driver.transferTarget;
  if (!target) throw new Error('the driver plays no transfer target');
  rig = { driver, log, target };
  await driver.handler.start(log.listener);
  return rig;
}

const is =
  (type: VendorEvent['type'], eventId?: EventId) =>
  (event: VendorEvent): boolean =>
    event.type === type && (eventId === undefined || ('eventId' in event && event.eventId === eventId));
const thirdPartyIs =
  (eventId: EventId, expected: { state?: string; gone?: string }) =>
  (event: VendorEvent): boolean =>
    event.type === 'thirdParty' &&
    event.eventId === eventId &&
    (expected.state === undefined ? event.party === null && event.gone === expected.gone : event.party?.state === expected.state);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A customer's call the agent answered. */
async function talkingCall({ driver, log }: Rig): Promise<EventId> {
  const eventId = await driver.customerCalls(CUSTOMER);
  await log.waitFor('incoming', is('incoming', eventId), 0, WAIT_MS);
  await driver.handler.acceptCall(eventId);
  await log.waitFor('connected', is('connected', eventId), 0, WAIT_MS);
  return eventId;
}

/** A consult placed for an answered call: the customer held, the target ringing. */
async function consulting(r: Rig): Promise<EventId> {
  const eventId = await talkingCall(r);
  await r.driver.handler.transferCall(eventId, r.target.destination, { mode: 'consult' });
  await r.log.waitFor('the consult dialing', thirdPartyIs(eventId, { state: 'dialing' }), 0, WAIT_MS);
  return eventId;
}

/** The same, the target having answered. */
async function consultTalking(r: Rig): Promise<EventId> {
  const eventId = await consulting(r);
  const mark = r.log.mark();
  await r.driver.targetAnswers?.();
  await r.log.waitFor('the consult talking', thirdPartyIs(eventId, { state: 'talking' }), mark, WAIT_MS);
  return eventId;
}

/** A conference of the agent, the customer and the target. */
async function conference(r: Rig): Promise<EventId> {
  const eventId = await consultTalking(r);
  const mark = r.log.mark();
  await r.driver.handler.conferenceCall(eventId);
  await r.log.waitFor('the conference', thirdPartyIs(eventId, { state: 'conferenced' }), mark, WAIT_MS);
  return eventId;
}

async function targetCall(r: Rig) {
  return (await r.driver.targetCall?.()) ?? { state: 'none' };
}

async function agentFree(r: Rig): Promise<void> {
  await eventually('the agent free of calls', async () => !(await r.driver.agentHasCalls?.()), WAIT_MS);
}

describe.each(BACKENDS)('over %s', (_backend, driverOf, can) => {
  beforeAll(() => {
    newDriver = driverOf;
  });

  describe('blind transfer', () => {
    test('the call goes to the target, which rings with the customer: transferred, to what the agent typed; the agent is free', async () => {
      const r = await started();
      const eventId = await talkingCall(r);
      const mark = r.log.mark();

      await r.driver.handler.transferCall(eventId, r.target.destination, { mode: 'blind' });

      await r.log.waitFor('transferred', is('transferred', eventId), mark, WAIT_MS);
      expect(r.log.since(mark)).toEqual([{ type: 'transferred', eventId, destination: r.target.reportedAs }]);
      expect(await targetCall(r)).toEqual({ state: 'ringing', withCustomer: true, withAgent: false });
      expect(await r.driver.agentHasCalls?.()).toBe(false);
    });

    test('to a destination the switch cannot route: the verb rejects, the call stays with the agent, nothing is reported', async () => {
      const r = await started();
      const eventId = await talkingCall(r);
      const mark = r.log.mark();

      const refusal = await r.driver.handler.transferCall(eventId, r.target.unroutable, { mode: 'blind' }).then(
        () => undefined,
        (err: unknown) => err,
      );

      expect(refusal).toBeInstanceOf(VendorError);
      await pause(QUIET_MS);
      expect(r.log.since(mark)).toEqual([]);
      expect(await r.driver.callHeld?.(eventId)).toBe(false);
      expect(await r.driver.agentHasCalls?.()).toBe(true);
    });

    test('a destination Genesys cannot dial, or a directory entry, is refused before the bridge is asked', async () => {
      const r = await started();
      const eventId = await talkingCall(r);
      await expect(r.driver.handler.transferCall(eventId, { kind: 'number', phoneNumber: '*72#' }, { mode: 'blind' })).rejects.toMatchObject({
        code: 'REFUSED',
        said: say('genesysNotDialable', { number: '*72#', max: 64 }),
      });
      await expect(r.driver.handler.transferCall(eventId, { kind: 'directory', id: 'q1', name: 'Billing' }, { mode: 'consult' })).rejects.toMatchObject({
        code: 'NOT_SUPPORTED',
        said: say('noTransferDirectory', { vendor: 'Genesys Engage' }),
      });
      expect(await r.driver.callHeld?.(eventId)).toBe(false);
    });
  });

  describe('consult', () => {
    test('the customer is held and the target called (dialing), then talking once it answers; completed, the call is transferred', async () => {
      const r = await started();
      const eventId = await talkingCall(r);
      const mark = r.log.mark();

      await r.driver.handler.transferCall(eventId, r.target.destination, { mode: 'consult' });
      await r.log.waitFor('dialing', thirdPartyIs(eventId, { state: 'dialing' }), mark, WAIT_MS);
      expect(await r.driver.callHeld?.(eventId)).toBe(true);
      expect(await targetCall(r)).toEqual({ state: 'ringing', withCustomer: false, withAgent: true });
      await r.driver.targetAnswers?.();
      await r.log.waitFor('talking', thirdPartyIs(eventId, { state: 'talking' }), mark, WAIT_MS);
      expect(await targetCall(r)).toEqual({ state: 'talking', withCustomer: false, withAgent: true });
      await r.driver.handler.completeTransfer(eventId);
      await r.log.waitFor('transferred', is('transferred', eventId), mark, WAIT_MS);

      expect(r.log.since(mark)).toEqual([
        { type: 'held', eventId },
        { type: 'thirdParty', eventId, party: { destination: r.target.reportedAs, state: 'dialing' } },
        { type: 'thirdParty', eventId, party: { destination: r.target.reportedAs, state: 'talking' } },
        { type: 'transferred', eventId, destination: r.target.reportedAs },
      ]);
      expect(await targetCall(r)).toEqual({ state: 'talking', withCustomer: true, withAgent: false });
      expect(await r.driver.agentHasCalls?.()).toBe(false);
    });

    test.each([
      ['dialing', consulting],
      ['talking', consultTalking],
    ])('cancelled while %s: the consult leg is dropped (cancelled) and the customer taken back (resumed)', async (_state, placed) => {
      const r = await started();
      const eventId = await placed(r);
      const mark = r.log.mark();

      await r.driver.handler.cancelTransfer(eventId);

      await r.log.waitFor('resumed', is('resumed', eventId), mark, WAIT_MS);
      expect(r.log.since(mark)).toEqual([
        { type: 'thirdParty', eventId, party: null, gone: 'cancelled' },
        { type: 'resumed', eventId },
      ]);
      expect(await targetCall(r)).toEqual({ state: 'none', withCustomer: false, withAgent: false });
      expect(await r.driver.callHeld?.(eventId)).toBe(false);
    });

    test('the target refuses: thirdParty gone refused, the customer still held; the agent resumes', async () => {
      const r = await started();
      const eventId = await consulting(r);
      const mark = r.log.mark();

      await r.driver.targetRefuses?.();

      await r.log.waitFor('refused', thirdPartyIs(eventId, { gone: 'refused' }), mark, WAIT_MS);
      expect(await r.driver.callHeld?.(eventId)).toBe(true);
      await r.driver.handler.resumeCall(eventId);
      await r.log.waitFor('resumed', is('resumed', eventId), mark, WAIT_MS);
    });

    test('the target hangs up the consult: thirdParty gone hungUp, the customer still held', async () => {
      const r = await started();
      const eventId = await consultTalking(r);
      const mark = r.log.mark();

      await r.driver.targetHangsUp?.();

      await r.log.waitFor('hung up', thirdPartyIs(eventId, { gone: 'hungUp' }), mark, WAIT_MS);
      await pause(QUIET_MS);
      expect(r.log.since(mark)).toEqual([{ type: 'thirdParty', eventId, party: null, gone: 'hungUp' }]);
      expect(await r.driver.callHeld?.(eventId)).toBe(true);
    });

    // The fake GWS has neither a busy phone nor a ring timeout.
    if (can.simulator) {
      test('a busy target: thirdParty gone busy, the customer still held', async () => {
        const r = await started();
        const eventId = await talkingCall(r);
        r.driver.bridge.simulator?.setBusy(r.target.reportedAs, true);
        const mark = r.log.mark();

        await r.driver.handler.transferCall(eventId, r.target.destination, { mode: 'consult' });

        await r.log.waitFor('busy', thirdPartyIs(eventId, { gone: 'busy' }), mark, WAIT_MS);
        expect(r.log.since(mark)).toEqual([
          { type: 'held', eventId },
          { type: 'thirdParty', eventId, party: { destination: r.target.reportedAs, state: 'dialing' } },
          { type: 'thirdParty', eventId, party: null, gone: 'busy' },
        ]);
        expect(await r.driver.callHeld?.(eventId)).toBe(true);
      });

      test('a target that does not answer in time (T-Server\'s ring timeout): thirdParty gone noAnswer', async () => {
        const r = await started();
        const eventId = await consulting(r);
        const mark = r.log.mark();
        await r.log.waitFor('no answer', thirdPartyIs(eventId, { gone: 'noAnswer' }), mark, CONTRACT_RING_TIMEOUT_MS + WAIT_MS);
        expect(await r.driver.callHeld?.(eventId)).toBe(true);
      });
    }

    test('to a destination the switch cannot route: the verb rejects and the call stays connected, not held', async () => {
      const r = await started();
      const eventId = await talkingCall(r);
      await expect(r.driver.handler.transferCall(eventId, r.target.unroutable, { mode: 'consult' })).rejects.toBeInstanceOf(VendorError);
      expect(await r.driver.callHeld?.(eventId)).toBe(false);
      // The destination is forgotten: a consult that follows is named by its own.
      await r.driver.handler.transferCall(eventId, r.target.destination, { mode: 'consult' });
      await r.log.waitFor('dialing', thirdPartyIs(eventId, { state: 'dialing' }), 0, WAIT_MS);
    });

    test('the customer hangs up during the consult: ended by the customer, and the consult leg is released (the agent is free)', async () => {
      const r = await started();
      const eventId = await consultTalking(r);
      const mark = r.log.mark();

      await r.driver.customerHangsUp(eventId);

      await r.log.waitFor('ended', is('ended', eventId), mark, WAIT_MS);
      await agentFree(r);
      expect(r.log.since(mark)).toEqual([{ type: 'ended', eventId, phase: 'connected', endedBy: 'customer' }]);
      expect(await targetCall(r)).toEqual({ state: 'none', withCustomer: false, withAgent: false });
    });

    test('completeTransfer, cancelTransfer and conferenceCall without a consult are refused INVALID_IN_STATE', async () => {
      const r = await started();
      const eventId = await talkingCall(r);
      for (const verb of ['completeTransfer', 'cancelTransfer', 'conferenceCall'] as const) {
        await expect(r.driver.handler[verb](eventId)).rejects.toMatchObject({ code: 'INVALID_IN_STATE' });
      }
    });
  });

  describe('conference', () => {
    test('all three talk: resumed, thirdParty conferenced; the agent hanging up leaves (ended by the agent), the others talk on', async () => {
      const r = await started();
      const eventId = await consultTalking(r);
      const mark = r.log.mark();

      await r.driver.handler.conferenceCall(eventId);
      await r.log.waitFor('conferenced', thirdPartyIs(eventId, { state: 'conferenced' }), mark, WAIT_MS);
      expect(r.log.since(mark)).toEqual([
        { type: 'resumed', eventId },
        { type: 'thirdParty', eventId, party: { destination: r.target.reportedAs, state: 'conferenced' } },
      ]);
      expect(await targetCall(r)).toEqual({ state: 'talking', withCustomer: true, withAgent: true });

      await r.driver.handler.hangupCall(eventId);
      await r.log.waitFor('ended', is('ended', eventId), mark, WAIT_MS);
      expect(r.log.since(mark).at(-1)).toEqual({ type: 'ended', eventId, phase: 'connected', endedBy: 'agent' });
      expect(await targetCall(r)).toEqual({ state: 'talking', withCustomer: true, withAgent: false });
      expect(await r.driver.agentHasCalls?.()).toBe(false);
    });

    test('the target leaving: thirdParty gone hungUp, the call goes on between the agent and the customer', async () => {
      const r = await started();
      const eventId = await conference(r);
      const mark = r.log.mark();

      await r.driver.targetHangsUp?.();

      await r.log.waitFor('hung up', thirdPartyIs(eventId, { gone: 'hungUp' }), mark, WAIT_MS);
      await pause(QUIET_MS);
      expect(r.log.since(mark)).toEqual([{ type: 'thirdParty', eventId, party: null, gone: 'hungUp' }]);
      expect(await r.driver.callHeld?.(eventId)).toBe(false);
      expect(await r.driver.agentHasCalls?.()).toBe(true);
    });

    test('the customer hanging up: ended by the customer, and the agent\'s party is released (the agent is free)', async () => {
      const r = await started();
      const eventId = await conference(r);
      const mark = r.log.mark();

      await r.driver.customerHangsUp(eventId);

      await r.log.waitFor('ended', is('ended', eventId), mark, WAIT_MS);
      await agentFree(r);
      expect(r.log.since(mark)).toEqual([{ type: 'ended', eventId, phase: 'connected', endedBy: 'customer' }]);
    });
  });

  describe('a call transferred in, and reconnects', () => {
    // The Workspace API's Call does not say who transferred a call, nor that it was (T-Server's ThirdPartyDN is not
    // among its fields): over it the call rings as any incoming call, with the customer's number.
    test('a call another agent transfers here rings with the customer\'s number, as a transfer from them where the backend tells', async () => {
      const r = await started();
      const callTransferredIn = r.driver.callTransferredIn;
      if (!callTransferredIn) throw new Error('the driver cannot transfer a call in');

      const eventId = await callTransferredIn(CUSTOMER);

      expect(await r.log.waitFor('incoming', is('incoming', eventId), 0, WAIT_MS)).toEqual({
        type: 'incoming',
        eventId,
        phoneNumber: CUSTOMER,
        ...(can.simulator ? { transfer: { from: r.target.reportedAs } } : {}),
      });
      await r.driver.handler.acceptCall(eventId);
      await r.log.waitFor('connected', is('connected', eventId), 0, WAIT_MS);
    });

    test('a reconnect\'s snapshot reports the third party again: the consult, then the conference', async () => {
      const r = await started();
      const eventId = await consultTalking(r);

      let mark = r.log.mark();
      r.driver.bridge.dropSessions();
      await r.log.waitFor('connected again', (event) => event.type === 'link' && event.status === 'connected', mark, WAIT_MS);
      await r.log.waitFor('the consult again', thirdPartyIs(eventId, { state: 'talking' }), mark, WAIT_MS);
      expect(r.log.since(mark).filter((event) => 'eventId' in event)).toEqual([
        { type: 'held', eventId },
        { type: 'thirdParty', eventId, party: { destination: r.target.reportedAs, state: 'talking' } },
      ]);

      await r.driver.handler.conferenceCall(eventId);
      await r.log.waitFor('conferenced', thirdPartyIs(eventId, { state: 'conferenced' }), mark, WAIT_MS);
      mark = r.log.mark();
      r.driver.bridge.dropSessions();
      await r.log.waitFor('connected again', (event) => event.type === 'link' && event.status === 'connected', mark, WAIT_MS);
      await r.log.waitFor('the conference again', thirdPartyIs(eventId, { state: 'conferenced' }), mark, WAIT_MS);
    });

    test('a fresh toolbar learns an answered consult from the snapshot: the call, held, and its third party', async () => {
      const r = await started();
      const eventId = await consultTalking(r);
      await r.driver.handler.stop();

      const fresh = new ReportedEvents();
      await r.driver.handler.start(fresh.listener);

      await fresh.waitFor('the third party', thirdPartyIs(eventId, { state: 'talking' }), 0, WAIT_MS);
      expect(fresh.ofCall(eventId)).toEqual([
        { type: 'incoming', eventId, phoneNumber: CUSTOMER },
        { type: 'connected', eventId },
        { type: 'held', eventId },
        { type: 'thirdParty', eventId, party: { destination: r.target.reportedAs, state: 'talking' } },
      ]);
    });
  });
});
