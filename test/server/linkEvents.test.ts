/** @jest-environment node */
/**
 * The CTI link between T-Server and the switch: its loss and return reach every session (about the session's own
 * DN), commands are refused while it is down, and its return brings every session a fresh snapshot.
 */
import type { Bridge } from '../../server/src/app';
import { AGENT1_DN, AGENT2_DN, BridgeKit, customerCalls, postCommand, simulator, type EventStream } from './bridgeTestKit';

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

const CUSTOMER = '+15550100';

async function twoAgents(): Promise<{ bridge: Bridge; a: EventStream; b: EventStream; connectionId: string }> {
  const bridge = await kit.start();
  if (!bridge.mintDevToken) throw new Error('the simulator bridge mints development tokens');
  const { stream: a } = await kit.connectAndSnapshot(bridge);
  const { stream: b } = await kit.connectAndSnapshot(bridge, { token: await bridge.mintDevToken('agent2') });
  await postCommand(bridge, { type: 'initialize' });
  const { connectionId } = await customerCalls(bridge, CUSTOMER);
  await postCommand(bridge, { type: 'Accept', connectionId });
  await a.waitFor('EventEstablished');
  return { bridge, a, b, connectionId };
}

test('link down: every session gets EventLinkDisconnected about its own DN', async () => {
  const { bridge, a, b } = await twoAgents();

  expect((await simulator(bridge, 'POST', '/simulator/link/down')).status).toBe(200);

  expect(await a.waitFor('EventLinkDisconnected')).toEqual({ eventName: 'EventLinkDisconnected', thisDN: AGENT1_DN });
  expect(await b.waitFor('EventLinkDisconnected')).toEqual({ eventName: 'EventLinkDisconnected', thisDN: AGENT2_DN });
});

test('while the link is down commands are refused 503 LINK_DOWN, over REST and as EventError on the socket', async () => {
  const { bridge, a, connectionId } = await twoAgents();
  await simulator(bridge, 'POST', '/simulator/link/down');
  await a.waitFor('EventLinkDisconnected');

  const reply = await postCommand(bridge, { type: 'Hangup', connectionId });
  expect(reply.status).toBe(503);
  expect(reply.body).toEqual({ ok: false, errorCode: 'LINK_DOWN', errorMessage: expect.any(String) });
  a.send({ type: 'Hold', connectionId });
  expect(await a.waitFor('EventError')).toMatchObject({ errorCode: 'LINK_DOWN', connectionId });
  expect((await postCommand(bridge, { type: 'initialize' })).status).toBe(503);
});

test('a session opened while the link is down gets a snapshot saying so', async () => {
  const { bridge, connectionId } = await twoAgents();
  await simulator(bridge, 'POST', '/simulator/link/down');

  const { snapshot } = await kit.connectAndSnapshot(bridge);

  expect(snapshot).toMatchObject({ linkConnected: false, calls: [expect.objectContaining({ connectionId })] });
});

test('link up: EventLinkConnected, then a fresh snapshot with the calls still up; commands work again', async () => {
  const { bridge, a, b, connectionId } = await twoAgents();
  await simulator(bridge, 'POST', '/simulator/link/down');
  await a.waitFor('EventLinkDisconnected');

  expect((await simulator(bridge, 'POST', '/simulator/link/up')).status).toBe(200);

  expect(await a.waitFor('EventLinkConnected')).toEqual({ eventName: 'EventLinkConnected', thisDN: AGENT1_DN });
  const snapshotA = await a.waitFor('EventRegistered');
  expect(snapshotA).toMatchObject({
    linkConnected: true,
    agent: { state: 'Ready' },
    calls: [expect.objectContaining({ connectionId, state: 'Established' })],
  });
  await b.waitFor('EventLinkConnected');
  expect(await b.waitFor('EventRegistered')).toMatchObject({ thisDN: AGENT2_DN, linkConnected: true, calls: [] });
  expect((await postCommand(bridge, { type: 'Hangup', connectionId })).status).toBe(200);
});
