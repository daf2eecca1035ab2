/** @jest-environment node */
/**
 * Routing at scale, as designed: events go only to their DN's sessions, each event is serialized once per DN
 * whatever its number of sessions, and nothing is kept for a call once it has ended.
 */
import type { TCall, TCallEvent } from '../../server/src/backend/telephonyBackend';
import { CallLocator } from '../../server/src/bridge/callLocator';
import type { AgentEntry } from '../../server/src/config';
import { AGENT1_DN, BridgeKit, postCommand } from './bridgeTestKit';

const kit = new BridgeKit();
afterEach(() => {
  jest.restoreAllMocks();
  return kit.cleanup();
});

jest.setTimeout(20_000);

test('an event is serialized once for its DN, however many sessions the DN has', async () => {
  const bridge = await kit.start();
  const sessions = await Promise.all([1, 2, 3, 4].map(() => kit.connectAndSnapshot(bridge)));
  if (!bridge.simulator) throw new Error('the default backend is the simulator');
  const stringify = jest.spyOn(JSON, 'stringify');

  // The simulator delivers the event synchronously inside customerCalls.
  const { connId } = bridge.simulator.customerCalls({ dn: AGENT1_DN, ani: '+15550100' });

  expect(stringify).toHaveBeenCalledTimes(1);
  stringify.mockRestore();
  for (const { stream } of sessions) expect((await stream.waitFor('EventRinging')).connectionId).toBe(connId);
});

test('with 1000 agents connected at once, every agent hears exactly its own calls', async () => {
  const count = 1000;
  const agents: Record<string, AgentEntry> = {};
  for (let index = 0; index < count; index += 1) agents[`agent${index}`] = { dn: String(10000 + index) };
  const bridge = await kit.start({ agents, devAgent: 'agent0' });
  const { simulator, mintDevToken } = bridge;
  if (!simulator || !mintDevToken) throw new Error('the default backend is the simulator');
  const mint = mintDevToken.bind(bridge);
  const streams = await Promise.all(
    Object.keys(agents).map(async (agentId) => (await kit.connectAndSnapshot(bridge, { token: await mint(agentId) })).stream),
  );

  const calls = Object.values(agents).map(({ dn }) => simulator.customerCalls({ dn, ani: '+15550100' }).connId);

  await Promise.all(
    streams.map(async (stream, index) => {
      const ringing = await stream.waitFor('EventRinging');
      expect(ringing).toMatchObject({ thisDN: String(10000 + index), connectionId: calls[index] });
    }),
  );
  for (const stream of streams) expect(stream.received.filter((event) => event.eventName === 'EventRinging')).toHaveLength(1);
  // Commands still answer promptly with every session open.
  expect((await postCommand(bridge, { type: 'initialize' })).status).toBe(200);
});

describe('the call locator', () => {
  const call = (connId: string): TCall => ({ connId, callUuid: `uuid-${connId}`, callType: 'Inbound', state: 'Ringing', otherDN: '+15550100', userData: {} });
  const event = (name: Exclude<TCallEvent['name'], 'EventPartyChanged' | 'EventPartyAdded' | 'EventPartyDeleted'>, connId: string, dn: string): TCallEvent =>
    name === 'EventReleased'
      ? { name, thisDN: dn, call: call(connId), callState: 'Ok', releasingParty: 'Remote', time: 0 }
      : { name, thisDN: dn, call: call(connId), time: 0 };

  test('knows which other DN a live call is on', () => {
    const locator = new CallLocator();
    locator.observe(event('EventRinging', 'aaaa000000000001', '7002'));
    expect(locator.isOnAnotherDn('aaaa000000000001', '7001')).toBe(true);
    expect(locator.isOnAnotherDn('aaaa000000000001', '7002')).toBe(false);
    expect(locator.isOnAnotherDn('aaaa000000000009', '7001')).toBe(false);
  });

  test('keeps nothing of a call once it is released or abandoned, or of a DN once it is forgotten', () => {
    const locator = new CallLocator();
    locator.observe(event('EventRinging', 'aaaa000000000001', '7001'));
    locator.observe(event('EventEstablished', 'aaaa000000000001', '7001'));
    locator.observe(event('EventRinging', 'aaaa000000000002', '7001'));
    locator.reset('7002', [call('aaaa000000000003')]);
    expect(locator.size).toBe(3);

    locator.observe(event('EventReleased', 'aaaa000000000001', '7001'));
    locator.observe(event('EventAbandoned', 'aaaa000000000002', '7001'));
    locator.forgetDn('7002');

    expect(locator.size).toBe(0);
  });

  test('follows a call whose ConnID changed (EventPartyChanged): the old ConnID is no longer known, the new one is', () => {
    const locator = new CallLocator();
    locator.observe(event('EventEstablished', 'aaaa000000000001', '7002'));
    locator.observe({ name: 'EventPartyChanged', thisDN: '7002', call: call('aaaa000000000002'), previousConnId: 'aaaa000000000001', time: 0 });

    expect(locator.isOnAnotherDn('aaaa000000000001', '7001')).toBe(false);
    expect(locator.isOnAnotherDn('aaaa000000000002', '7001')).toBe(true);
    expect(locator.size).toBe(1);
  });
});
