/** @jest-environment node */
/**
 * Oracle's Genesys tutorial client against the bridge in development mode, as that client behaves: it opens
 * /genesysWs with no subprotocol and no token, POSTs {"type":"initialize"} with `Content-type: application/json`
 * once the socket is open, then {"type":"Accept"|"Reject","connectionId"} with the connectionId of the last
 * EventRinging/EventEstablished, and ignores every reply. It reads eventName, ANI, eventId and connectionId.
 */
import { AGENT1_DN, ANY_ORDER, BridgeKit, callsAt, customerCalls, postCommand, simulator } from './bridgeTestKit';

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

const CUSTOMER = '+15550100';

/** The tutorial's start: socket first, then initialize; resolves once the agent is available. */
async function tutorialClient() {
  const bridge = await kit.start();
  const socket = await kit.connect(bridge);
  await postCommand(bridge, { type: 'initialize' });
  await socket.waitFor('EventRegistered', (event) => event.agent.state === 'Ready');
  return { bridge, socket };
}

describe('the tutorial client in development mode', () => {
  test('opens the socket without a token, then initialize answers ok and pushes EventAgentReady and EventRegistered', async () => {
    const bridge = await kit.start();
    const socket = await kit.connect(bridge);
    expect(socket.socket.protocol).toBe('');

    const reply = await postCommand(bridge, { type: 'initialize' });

    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ ok: true, referenceId: expect.any(Number), order: ANY_ORDER });
    const connectSnapshot = await socket.waitFor('EventRegistered');
    expect(connectSnapshot.agent).toEqual({ agentId: 'agent1', state: 'LoggedOut' });
    const ready = await socket.waitFor('EventAgentReady');
    expect(ready).toMatchObject({ thisDN: AGENT1_DN, agentId: 'agent1', referenceId: reply.body.referenceId });
    const registered = await socket.waitFor('EventRegistered');
    expect(registered).toMatchObject({
      thisDN: AGENT1_DN,
      agent: { agentId: 'agent1', state: 'Ready' },
      calls: [],
      linkConnected: true,
      ANI: '',
      eventId: '',
      connectionId: '',
    });
  });

  test('a customer call pushes EventRinging with the ANI, eventId and connectionId the tutorial reads', async () => {
    const { bridge, socket } = await tutorialClient();

    const call = await customerCalls(bridge, CUSTOMER);

    const ringing = await socket.waitFor('EventRinging');
    expect(ringing).toMatchObject({
      thisDN: AGENT1_DN,
      ANI: CUSTOMER,
      connectionId: call.connectionId,
      eventId: call.eventId,
      callType: 'Inbound',
    });
    expect(ringing.connectionId).toMatch(/^[0-9a-f]{16}$/);
    expect(ringing).not.toHaveProperty('referenceId');
  });

  test('Accept answers the ringing call: EventEstablished for the same call, with the request\'s referenceId', async () => {
    const { bridge, socket } = await tutorialClient();
    const call = await customerCalls(bridge, CUSTOMER);
    const ringing = await socket.waitFor('EventRinging');

    const reply = await postCommand(bridge, { type: 'Accept', connectionId: ringing.connectionId });

    expect(reply.body).toEqual({ ok: true, referenceId: expect.any(Number), order: ANY_ORDER });
    const established = await socket.waitFor('EventEstablished');
    expect(established).toMatchObject({ connectionId: call.connectionId, eventId: call.eventId, ANI: CUSTOMER, referenceId: reply.body.referenceId });
  });

  test('Reject declines the ringing call: EventReleased, previousState Ringing, released locally', async () => {
    const { bridge, socket } = await tutorialClient();
    const call = await customerCalls(bridge, CUSTOMER);
    await socket.waitFor('EventRinging');

    const reply = await postCommand(bridge, { type: 'Reject', connectionId: call.connectionId });

    expect(reply.status).toBe(200);
    const released = await socket.waitFor('EventReleased');
    expect(released).toMatchObject({
      connectionId: call.connectionId,
      eventId: call.eventId,
      previousState: 'Ringing',
      callState: 'Ok',
      releasingParty: 'Local',
    });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([]);
  });

  test('the softphone answers and hangs up without any request: EventEstablished then EventReleased, no referenceId', async () => {
    const { bridge, socket } = await tutorialClient();
    const call = await customerCalls(bridge, CUSTOMER);
    await socket.waitFor('EventRinging');

    expect((await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/answer`)).status).toBe(200);
    const established = await socket.waitFor('EventEstablished');
    expect(established.connectionId).toBe(call.connectionId);
    expect(established).not.toHaveProperty('referenceId');

    expect((await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/release`, { connectionId: call.connectionId })).status).toBe(200);
    const released = await socket.waitFor('EventReleased');
    expect(released).toMatchObject({ connectionId: call.connectionId, previousState: 'Established', releasingParty: 'Local' });
    expect(released).not.toHaveProperty('referenceId');
  });

  test('the customer hangs up while it rings: EventAbandoned, and no EventReleased', async () => {
    const { bridge, socket } = await tutorialClient();
    const call = await customerCalls(bridge, CUSTOMER);
    await socket.waitFor('EventRinging');

    await simulator(bridge, 'POST', `/simulator/calls/${call.connectionId}/hangup`);

    const abandoned = await socket.waitFor('EventAbandoned');
    expect(abandoned).toMatchObject({ connectionId: call.connectionId, eventId: call.eventId, ANI: CUSTOMER });
    // A later call proves the stream moved on without an EventReleased for the abandoned one.
    const next = await customerCalls(bridge, CUSTOMER);
    await socket.waitFor('EventRinging', (event) => event.connectionId === next.connectionId);
    expect(socket.received.filter((event) => event.eventName === 'EventReleased')).toEqual([]);
  });

  test('the customer hangs up after Accept: EventReleased, previousState Established, released remotely', async () => {
    const { bridge, socket } = await tutorialClient();
    const call = await customerCalls(bridge, CUSTOMER);
    await socket.waitFor('EventRinging');
    await postCommand(bridge, { type: 'Accept', connectionId: call.connectionId });
    await socket.waitFor('EventEstablished');

    await simulator(bridge, 'POST', `/simulator/calls/${call.connectionId}/hangup`);

    const released = await socket.waitFor('EventReleased');
    expect(released).toMatchObject({ connectionId: call.connectionId, previousState: 'Established', callState: 'Ok', releasingParty: 'Remote' });
  });

  test('the tutorial\'s hangupCall (it sends Reject for a talking call) releases the call, as its microservice did', async () => {
    const { bridge, socket } = await tutorialClient();
    const call = await customerCalls(bridge, CUSTOMER);
    await socket.waitFor('EventRinging');
    await postCommand(bridge, { type: 'Accept', connectionId: call.connectionId });
    await socket.waitFor('EventEstablished');

    const reply = await postCommand(bridge, { type: 'Reject', connectionId: call.connectionId });

    expect(reply.status).toBe(200);
    const released = await socket.waitFor('EventReleased');
    expect(released).toMatchObject({ connectionId: call.connectionId, previousState: 'Established', releasingParty: 'Local' });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([]);
  });
});
