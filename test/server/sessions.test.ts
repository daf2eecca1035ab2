/** @jest-environment node */
/**
 * Sessions: the RegisteredEvent snapshot that opens every (re)connect, several sessions of one agent, DN
 * registration following the sessions, and dropSessions() (a network drop) keeping calls.
 */
import { createTServerSimulator, type TServerSimulator } from '../../server/src/backend/simulator/tserverSimulator';
import { AGENT1_DN, AGENT2_DN, BridgeKit, callsAt, customerCalls, postCommand, simulator } from './bridgeTestKit';

const kit = new BridgeKit();
const simulators: TServerSimulator[] = [];
afterEach(async () => {
  await kit.cleanup();
  await Promise.all(simulators.splice(0).map((sim) => sim.close()));
});

const CUSTOMER = '+15550100';

function ownSimulator(): TServerSimulator {
  const sim = createTServerSimulator({ dns: [AGENT1_DN, AGENT2_DN], ringTimeoutMs: null, dialTimeoutMs: null });
  simulators.push(sim);
  return sim;
}

describe('the snapshot', () => {
  test('is the first frame of a session and lists every call on the DN with its state', async () => {
    const bridge = await kit.start();
    const { stream: first } = await kit.connectAndSnapshot(bridge);
    await postCommand(bridge, { type: 'initialize' });
    const talking = await customerCalls(bridge, CUSTOMER);
    await postCommand(bridge, { type: 'Accept', connectionId: talking.connectionId });
    const ringing = await customerCalls(bridge, '+15550111');
    await first.waitFor('EventRinging', (event) => event.connectionId === ringing.connectionId);

    const second = await kit.connect(bridge);
    const snapshot = await second.waitFor(() => true);

    expect(snapshot.eventName).toBe('EventRegistered');
    expect(snapshot).toMatchObject({
      thisDN: AGENT1_DN,
      agent: { agentId: 'agent1', state: 'Ready' },
      linkConnected: true,
      calls: expect.arrayContaining([
        expect.objectContaining({ connectionId: talking.connectionId, eventId: talking.eventId, state: 'Established', callType: 'Inbound', ANI: CUSTOMER }),
        expect.objectContaining({ connectionId: ringing.connectionId, state: 'Ringing', ANI: '+15550111' }),
      ]),
    });
    expect(snapshot.eventName === 'EventRegistered' && snapshot.calls).toHaveLength(2);
  });

  test('after dropSessions() the calls are still up, and the reconnecting session\'s snapshot shows them', async () => {
    const bridge = await kit.start();
    const { stream } = await kit.connectAndSnapshot(bridge);
    await postCommand(bridge, { type: 'initialize' });
    const call = await customerCalls(bridge, CUSTOMER);
    await postCommand(bridge, { type: 'Accept', connectionId: call.connectionId });
    await stream.waitFor('EventEstablished');

    bridge.dropSessions();

    const closed = await stream.closed;
    expect(closed.code).toBe(1006); // no closing handshake: as a network drop
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: call.connectionId, state: 'Established' })]);
    const { snapshot } = await kit.connectAndSnapshot(bridge);
    expect(snapshot.calls).toEqual([expect.objectContaining({ connectionId: call.connectionId, state: 'Established' })]);
    // And the call can still be controlled from the new session.
    expect((await postCommand(bridge, { type: 'Hangup', connectionId: call.connectionId })).status).toBe(200);
  });

  test('events that happen while a session waits for its snapshot reach it after the snapshot', async () => {
    const sim = ownSimulator();
    const bridge = await kit.start({}, sim);
    // Hold the snapshot's query until a call has rung, so the call's event arrives while the session waits.
    const queryForReal = sim.query.bind(sim);
    let queryStarted = (): void => undefined;
    const queryCalled = new Promise<void>((resolve) => {
      queryStarted = resolve;
    });
    let releaseQuery = (): void => undefined;
    const gate = new Promise<void>((resolve) => {
      releaseQuery = resolve;
    });
    jest.spyOn(sim, 'query').mockImplementationOnce(async (dn) => {
      queryStarted();
      await gate;
      return queryForReal(dn);
    });

    const stream = await kit.connect(bridge);
    await queryCalled;
    const call = await customerCalls(bridge, CUSTOMER);
    releaseQuery();

    const first = await stream.waitFor(() => true);
    expect(first.eventName).toBe('EventRegistered');
    const ringing = await stream.waitFor('EventRinging');
    expect(ringing.connectionId).toBe(call.connectionId);
  });
});

describe('several sessions', () => {
  test('every session of an agent receives the DN\'s events', async () => {
    const bridge = await kit.start();
    const { stream: browserTab } = await kit.connectAndSnapshot(bridge);
    const { stream: secondTab } = await kit.connectAndSnapshot(bridge);
    await postCommand(bridge, { type: 'initialize' });

    const call = await customerCalls(bridge, CUSTOMER);

    expect((await browserTab.waitFor('EventRinging')).connectionId).toBe(call.connectionId);
    expect((await secondTab.waitFor('EventRinging')).connectionId).toBe(call.connectionId);
  });

  test('the DN is registered with T-Server once, on its first session, and unregistered after its last leaves', async () => {
    const sim = ownSimulator();
    const register = jest.spyOn(sim, 'register');
    const unregisterForReal = sim.unregister.bind(sim);
    let announceUnregistered = (): void => undefined;
    const unregistered = new Promise<void>((resolve) => {
      announceUnregistered = resolve;
    });
    const unregister = jest.spyOn(sim, 'unregister').mockImplementation(async (dn) => {
      await unregisterForReal(dn);
      announceUnregistered();
    });
    const bridge = await kit.start({}, sim);

    const { stream: one } = await kit.connectAndSnapshot(bridge);
    const { stream: two } = await kit.connectAndSnapshot(bridge);
    expect(register.mock.calls).toEqual([[AGENT1_DN]]);

    one.socket.close();
    await one.closed;
    // The remaining session still hears the DN.
    await customerCalls(bridge, CUSTOMER);
    await two.waitFor('EventRinging');
    expect(unregister).not.toHaveBeenCalled();

    two.socket.close();
    await unregistered;
    expect(unregister.mock.calls).toEqual([[AGENT1_DN]]);
  });

  test('the snapshot names the DN\'s agent from the bridge\'s table while nobody is logged in', async () => {
    const bridge = await kit.start({ devAgent: 'agent2' });
    const { snapshot } = await kit.connectAndSnapshot(bridge);
    expect(snapshot).toMatchObject({ thisDN: AGENT2_DN, agent: { agentId: 'agent2', state: 'LoggedOut' }, calls: [] });
  });

  test('a bridge given a simulator as its backend mounts the control API and leaves the backend open on close', async () => {
    const sim = ownSimulator();
    const bridge = await kit.start({}, sim);
    expect(bridge.simulator).toBe(sim);
    expect((await simulator(bridge, 'GET', '/simulator/state')).status).toBe(200);

    await bridge.close();

    expect(sim.customerCalls({ dn: AGENT1_DN, ani: CUSTOMER }).connId).toMatch(/^[0-9a-f]{16}$/);
  });
});
