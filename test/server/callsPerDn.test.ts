/** @jest-environment node */
/**
 * limits.callsPerDn: a DN holds at most that many calls. A customer calling a DN at the cap hears busy (the simulator
 * answers 409 BUSY naming the cap, the agent's DN sees nothing); a MakeCall from it is refused (409, naming the cap).
 * Whatever the bridge may legally hold, the toolbar's decoder accepts its snapshot.
 */
import { MAX_CALLS_PER_DN, type PushedEvent } from '../../protocol/bridgeProtocol';
import { decodeFrame } from '../../src/ts/cti/vendor/genesys/genesysEvents';
import { DEFAULT_CONFIG } from '../../server/src/config';
import { AGENT1_DN, AGENT2_DN, BridgeKit, callsAt, customerCalls, postCommand, simulator } from './bridgeTestKit';

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

const CUSTOMER = '+15550100';
const CALLEE = '+15550199';

function caller(index: number): string {
  return `+1555${String(200_000 + index)}`;
}

test('the default cap is well under what the toolbar accepts in a snapshot', () => {
  expect(DEFAULT_CONFIG.limits.callsPerDn).toBeGreaterThanOrEqual(2);
  expect(DEFAULT_CONFIG.limits.callsPerDn).toBeLessThanOrEqual(MAX_CALLS_PER_DN / 2);
});

test('a customer calling a DN at the cap hears busy: 409 BUSY naming the cap, and the agent sees no event of it', async () => {
  const bridge = await kit.start({ limits: { callsPerDn: 2 } });
  const { stream } = await kit.connectAndSnapshot(bridge);
  const first = await customerCalls(bridge, CUSTOMER);
  await customerCalls(bridge, caller(1));
  await stream.waitFor('EventRinging', (event) => event.connectionId === first.connectionId);
  await stream.waitFor('EventRinging', (event) => event.connectionId !== first.connectionId);

  const busy = await simulator(bridge, 'POST', '/simulator/calls', { ani: caller(2) });

  expect(busy.status).toBe(409);
  expect(busy.body).toMatchObject({ ok: false, errorCode: 'BUSY', errorMessage: expect.stringContaining('limits.callsPerDn 2') });
  expect(busy.body.errorMessage).toContain(`DN ${AGENT1_DN} is busy`);
  expect(await callsAt(bridge, AGENT1_DN)).toHaveLength(2);
  // The next thing the agent hears is the release below: nothing of the refused call came between.
  expect((await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/release`, { connectionId: first.connectionId })).status).toBe(200);
  expect((await stream.waitFor(() => true)).eventName).toBe('EventReleased');
  // Other DNs have their own cap.
  expect((await simulator(bridge, 'POST', '/simulator/calls', { ani: caller(3), dn: AGENT2_DN })).status).toBe(201);
});

test('a DN below the cap again takes calls again', async () => {
  const bridge = await kit.start({ limits: { callsPerDn: 1 } });
  const first = await customerCalls(bridge, CUSTOMER);
  expect((await simulator(bridge, 'POST', '/simulator/calls', { ani: caller(1) })).status).toBe(409);

  expect((await simulator(bridge, 'POST', `/simulator/calls/${first.connectionId}/hangup`)).status).toBe(200);

  expect((await simulator(bridge, 'POST', '/simulator/calls', { ani: caller(1) })).status).toBe(201);
});

test('a MakeCall from a DN at the cap is refused with 409 INVALID_IN_STATE naming the cap, and nothing is dialed', async () => {
  const bridge = await kit.start({ limits: { callsPerDn: 1 } });
  const { stream } = await kit.connectAndSnapshot(bridge);
  await postCommand(bridge, { type: 'initialize' });
  await stream.waitFor('EventAgentReady');
  const ringing = await customerCalls(bridge, CUSTOMER);
  await stream.waitFor('EventRinging');

  const refused = await postCommand(bridge, { type: 'MakeCall', destination: CALLEE });

  expect(refused.status).toBe(409);
  expect(refused.body).toMatchObject({ ok: false, errorCode: 'INVALID_IN_STATE', errorMessage: expect.stringContaining('limits.callsPerDn 1') });
  expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: ringing.connectionId })]);
});

test('at the highest cap allowed, a full DN\'s snapshot is one the toolbar accepts', async () => {
  const bridge = await kit.start({ limits: { callsPerDn: MAX_CALLS_PER_DN } });
  for (let index = 0; index < MAX_CALLS_PER_DN; index += 1) await customerCalls(bridge, caller(index));
  expect((await simulator(bridge, 'POST', '/simulator/calls', { ani: caller(MAX_CALLS_PER_DN) })).status).toBe(409);

  const { snapshot } = await kit.connectAndSnapshot(bridge);

  expect(snapshot.calls).toHaveLength(MAX_CALLS_PER_DN);
  const decoded = decodeFrame(JSON.stringify(snapshot satisfies PushedEvent));
  expect(decoded).toMatchObject({ ok: true, event: { eventName: 'EventRegistered' } });
});
