/** @jest-environment node */
/**
 * The commands beyond the tutorial's, over REST and over the WebSocket: Reject vs Hangup, MakeCall carrying the
 * toolbar's eventId, the callee answering or busy, Hold/Retrieve, Ready/NotReady.
 */
import type { Bridge } from '../../server/src/app';
import { AGENT1_DN, ANY_ORDER, BridgeKit, callsAt, customerCalls, postCommand, simulator, type EventStream } from './bridgeTestKit';

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

const CUSTOMER = '+15550100';
const CALLEE = '+15550177';

async function readyAgent(): Promise<{ bridge: Bridge; stream: EventStream }> {
  const bridge = await kit.start();
  const { stream } = await kit.connectAndSnapshot(bridge);
  await postCommand(bridge, { type: 'initialize' });
  await stream.waitFor('EventAgentReady');
  return { bridge, stream };
}

async function talkingCall(bridge: Bridge, stream: EventStream): Promise<string> {
  const call = await customerCalls(bridge, CUSTOMER);
  await postCommand(bridge, { type: 'Accept', connectionId: call.connectionId });
  await stream.waitFor('EventEstablished', (event) => event.connectionId === call.connectionId);
  return call.connectionId;
}

describe('Reject and Hangup', () => {
  test('Hangup ends a talking call: EventReleased, previousState Established, released locally', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);

    const reply = await postCommand(bridge, { type: 'Hangup', connectionId });

    expect(reply.body).toEqual({ ok: true, referenceId: expect.any(Number), order: ANY_ORDER });
    const released = await stream.waitFor('EventReleased');
    expect(released).toMatchObject({ connectionId, previousState: 'Established', releasingParty: 'Local', referenceId: reply.body.referenceId });
  });

  test('Hangup on a ringing call is refused 409 (that is Reject) and the call keeps ringing', async () => {
    const { bridge, stream } = await readyAgent();
    const call = await customerCalls(bridge, CUSTOMER);
    await stream.waitFor('EventRinging');

    const reply = await postCommand(bridge, { type: 'Hangup', connectionId: call.connectionId });

    expect(reply.status).toBe(409);
    expect(reply.body).toEqual({ ok: false, errorCode: 'INVALID_IN_STATE', errorMessage: expect.stringContaining('Reject') });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: call.connectionId, state: 'Ringing' })]);
  });

  test('Reject from a token holder on a held call is refused 409 (that is Hangup) and the call stays held', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);
    await postCommand(bridge, { type: 'Hold', connectionId });
    const token = await bridge.mintDevToken!('agent1');

    const reply = await postCommand(bridge, { type: 'Reject', connectionId }, { token });

    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ errorCode: 'INVALID_IN_STATE', errorMessage: expect.stringContaining('Hangup') });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: connectionId, state: 'Held' })]);
  });
});

describe('MakeCall', () => {
  test('with an eventId: EventDialing and, when the callee answers, EventEstablished carry that eventId', async () => {
    const { bridge, stream } = await readyAgent();

    const reply = await postCommand(bridge, { type: 'MakeCall', destination: CALLEE, eventId: 'fusion-event-42' });

    expect(reply.body).toEqual({ ok: true, referenceId: expect.any(Number), order: ANY_ORDER });
    const dialing = await stream.waitFor('EventDialing');
    expect(dialing).toMatchObject({ eventId: 'fusion-event-42', ANI: CALLEE, callType: 'Outbound', referenceId: reply.body.referenceId });
    expect((await simulator(bridge, 'POST', `/simulator/calls/${dialing.connectionId}/answer`)).status).toBe(200);
    const established = await stream.waitFor('EventEstablished');
    expect(established).toMatchObject({ connectionId: dialing.connectionId, eventId: 'fusion-event-42', ANI: CALLEE });
    expect(established).not.toHaveProperty('referenceId');
  });

  test('a snapshot taken after the answer is stamped later in the same bridge and shows the call; one taken before, earlier', async () => {
    const { bridge } = await readyAgent();
    const before = await kit.connectAndSnapshot(bridge);

    const reply = await postCommand(bridge, { type: 'MakeCall', destination: CALLEE, eventId: 'fusion-event-43' });
    const after = await kit.connectAndSnapshot(bridge);

    const answered = reply.body.order as { bridge: string; sequence: number };
    expect(before.snapshot.order.bridge).toBe(answered.bridge);
    expect(before.snapshot.order.sequence).toBeLessThan(answered.sequence);
    expect(before.snapshot.calls).toEqual([]);
    expect(after.snapshot.order).toEqual({ ...ANY_ORDER, bridge: answered.bridge });
    expect(after.snapshot.order.sequence).toBeGreaterThan(answered.sequence);
    expect(after.snapshot.calls.map((call) => call.eventId)).toEqual(['fusion-event-43']);
  });

  test('without an eventId the events name the call by its CallUuid', async () => {
    const { bridge, stream } = await readyAgent();

    await postCommand(bridge, { type: 'MakeCall', destination: CALLEE });

    const dialing = await stream.waitFor('EventDialing');
    expect(dialing.eventId).toBe(dialing.callUuid);
    expect((await callsAt(bridge, AGENT1_DN))[0].userData).toEqual({});
  });

  test('a busy callee: EventDestinationBusy, then EventReleased with callState Busy', async () => {
    const { bridge, stream } = await readyAgent();
    await postCommand(bridge, { type: 'MakeCall', destination: CALLEE, eventId: 'fusion-event-43' });
    const dialing = await stream.waitFor('EventDialing');

    expect((await simulator(bridge, 'POST', `/simulator/calls/${dialing.connectionId}/busy`)).status).toBe(200);

    expect(await stream.waitFor('EventDestinationBusy')).toMatchObject({ connectionId: dialing.connectionId, eventId: 'fusion-event-43' });
    expect(await stream.waitFor('EventReleased')).toMatchObject({
      connectionId: dialing.connectionId,
      eventId: 'fusion-event-43',
      previousState: 'Dialing',
      callState: 'Busy',
      releasingParty: 'Remote',
    });
  });

  test('Hangup while dialing cancels the call', async () => {
    const { bridge, stream } = await readyAgent();
    await postCommand(bridge, { type: 'MakeCall', destination: CALLEE });
    const dialing = await stream.waitFor('EventDialing');

    expect((await postCommand(bridge, { type: 'Hangup', connectionId: dialing.connectionId })).status).toBe(200);

    expect(await stream.waitFor('EventReleased')).toMatchObject({ connectionId: dialing.connectionId, previousState: 'Dialing' });
  });

  test('a destination that is not a number is the client\'s mistake: 400 BAD_REQUEST naming the destination, before T-Server', async () => {
    const { bridge } = await readyAgent();
    const reply = await postCommand(bridge, { type: 'MakeCall', destination: 'not a number' });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ ok: false, errorCode: 'BAD_REQUEST', field: 'destination' });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([]);
  });

  test('every destination the bridge lets through is dialed, the longest too (never a 502 from the switch)', async () => {
    const { bridge, stream } = await readyAgent();
    const longest = `+${'4'.repeat(63)}`;
    const reply = await postCommand(bridge, { type: 'MakeCall', destination: longest });
    expect(reply.status).toBe(200);
    expect(await stream.waitFor('EventDialing')).toMatchObject({ ANI: longest });
  });

  test('the separators people type are dialed as they came: T-Server gets the destination unchanged', async () => {
    const { bridge, stream } = await readyAgent();
    const reply = await postCommand(bridge, { type: 'MakeCall', destination: '+1 (555) 010-0177' });
    expect(reply.status).toBe(200);
    expect(await stream.waitFor('EventDialing')).toMatchObject({ ANI: '+1 (555) 010-0177' });
  });
});

describe('hold', () => {
  test('Hold and Retrieve: EventHeld, EventRetrieved', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);

    expect((await postCommand(bridge, { type: 'Hold', connectionId })).status).toBe(200);
    expect(await stream.waitFor('EventHeld')).toMatchObject({ connectionId });
    expect((await postCommand(bridge, { type: 'Retrieve', connectionId })).status).toBe(200);
    expect(await stream.waitFor('EventRetrieved')).toMatchObject({ connectionId });
  });

  test('Hold of a ringing call, Retrieve of a talking one: 409 INVALID_IN_STATE, the call stays as it was', async () => {
    const { bridge, stream } = await readyAgent();
    const ringing = await customerCalls(bridge, CUSTOMER);
    await stream.waitFor('EventRinging');
    const hold = await postCommand(bridge, { type: 'Hold', connectionId: ringing.connectionId });
    expect(hold.status).toBe(409);
    expect(hold.body).toMatchObject({ ok: false, errorCode: 'INVALID_IN_STATE', errorMessage: expect.stringContaining('it is Ringing') });
    await postCommand(bridge, { type: 'Accept', connectionId: ringing.connectionId });
    const retrieve = await postCommand(bridge, { type: 'Retrieve', connectionId: ringing.connectionId });
    expect(retrieve.status).toBe(409);
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: ringing.connectionId, state: 'Established' })]);
  });

  test('the softphone holds and retrieves (/simulator/phones/{dn}/hold, /retrieve): EventHeld and EventRetrieved reach the toolbar', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);
    expect((await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/hold`, {})).body).toEqual({ ok: true, connectionId });
    expect(await stream.waitFor('EventHeld')).not.toHaveProperty('referenceId');
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: connectionId, state: 'Held' })]);
    expect((await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/retrieve`, { connectionId })).status).toBe(200);
    await stream.waitFor('EventRetrieved');
    const again = await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/retrieve`, { connectionId });
    expect(again.status).toBe(409);
  });
});

describe('SendDTMF', () => {
  test('SendDTMF on a talking call: EventDTMFSent without the digits, and the customer heard them (GET /simulator/state)', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);

    const reply = await postCommand(bridge, { type: 'SendDTMF', connectionId, digits: '1234#' });
    expect(reply.status).toBe(200);
    const sent = await stream.waitFor('EventDTMFSent');
    expect(sent).toMatchObject({ connectionId, referenceId: reply.body.referenceId });
    expect(JSON.stringify(sent)).not.toContain('1234#');
    stream.send({ type: 'SendDTMF', connectionId, digits: '*0' });
    await stream.waitFor('EventDTMFSent', (event) => event.referenceId !== reply.body.referenceId);
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: connectionId, digitsHeard: '1234#*0' })]);
  });

  test.each([
    ['no digits', {}, 'SendDTMF needs "digits"'],
    ['empty digits', { digits: '' }, '"digits" must be 1 to 32 keypad digits'],
    ['a letter', { digits: '12A' }, '"digits" must be 1 to 32 keypad digits'],
    ['33 digits', { digits: '1'.repeat(33) }, '"digits" must be 1 to 32 keypad digits'],
  ])('SendDTMF with %s: 400 BAD_REQUEST naming the digits field; the customer hears nothing', async (_what, fields, message) => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);
    const reply = await postCommand(bridge, { type: 'SendDTMF', connectionId, ...fields });
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ ok: false, errorCode: 'BAD_REQUEST', field: 'digits', errorMessage: expect.stringContaining(message) });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: connectionId, state: 'Established', digitsHeard: '' })]);
  });

  test('SendDTMF on a held call is 409 INVALID_IN_STATE; on an unknown connection 404 UNKNOWN_CALL', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);
    await postCommand(bridge, { type: 'Hold', connectionId });
    expect((await postCommand(bridge, { type: 'SendDTMF', connectionId, digits: '1' })).status).toBe(409);
    const unknown = await postCommand(bridge, { type: 'SendDTMF', connectionId: '0123456789abcdef', digits: '1' });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ errorCode: 'UNKNOWN_CALL' });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: connectionId, state: 'Held', digitsHeard: '' })]);
  });

  test('a refused SendDTMF frame does not echo the digits in its EventError', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);
    await postCommand(bridge, { type: 'Hold', connectionId });
    stream.send({ type: 'SendDTMF', connectionId, digits: '9876' });
    const error = await stream.waitFor('EventError');
    expect(error).toMatchObject({ errorCode: 'INVALID_IN_STATE', request: { type: 'SendDTMF', connectionId } });
    expect(JSON.stringify(error)).not.toContain('9876');
  });
});

describe('agent state', () => {
  test('NotReady with a reason code, then Ready: EventAgentNotReady and EventAgentReady', async () => {
    const { bridge, stream } = await readyAgent();

    expect((await postCommand(bridge, { type: 'NotReady', reasonCode: 'Lunch' })).status).toBe(200);
    expect(await stream.waitFor('EventAgentNotReady')).toMatchObject({ agentId: 'agent1', thisDN: AGENT1_DN, reasonCode: 'Lunch' });
    expect((await postCommand(bridge, { type: 'Ready' })).status).toBe(200);
    expect(await stream.waitFor('EventAgentReady')).toMatchObject({ agentId: 'agent1' });
  });

  test('Accept on a call that is already talking is refused 409 by T-Server', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);
    const reply = await postCommand(bridge, { type: 'Accept', connectionId });
    expect(reply.status).toBe(409);
    expect(reply.body).toMatchObject({ ok: false, errorCode: 'INVALID_IN_STATE' });
  });
});

describe('commands as WebSocket frames', () => {
  test('a command frame succeeds as the event itself, with no reply frame', async () => {
    const { bridge, stream } = await readyAgent();
    const call = await customerCalls(bridge, CUSTOMER);
    await stream.waitFor('EventRinging');

    stream.send({ type: 'Accept', connectionId: call.connectionId });

    const established = await stream.waitFor('EventEstablished');
    expect(established).toMatchObject({ connectionId: call.connectionId, referenceId: expect.any(Number) });
    // A later command's event marks the point by which a reply to the first would have arrived.
    stream.send({ type: 'Hold', connectionId: call.connectionId });
    await stream.waitFor('EventHeld');
    expect(stream.received.filter((event) => event.eventName === 'EventError')).toEqual([]);
  });

  test('a refused command frame gets an EventError with the request, its referenceId and connectionId', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);
    const request = { type: 'Accept', connectionId };

    stream.send(request);

    const error = await stream.waitFor('EventError');
    expect(error).toEqual({
      eventName: 'EventError',
      thisDN: AGENT1_DN,
      errorCode: 'INVALID_IN_STATE',
      errorMessage: expect.any(String),
      request,
      referenceId: expect.any(Number),
      connectionId,
    });
  });

  test('initialize as a frame: EventAgentReady then EventRegistered', async () => {
    const bridge = await kit.start();
    const { stream } = await kit.connectAndSnapshot(bridge);

    stream.send({ type: 'initialize' });

    await stream.waitFor('EventAgentReady');
    expect(await stream.waitFor('EventRegistered')).toMatchObject({ agent: { state: 'Ready' } });
  });
});

describe('event time', () => {
  test('call and agent events carry the time T-Server produced them, no later than the client received them', async () => {
    const before = performance.timeOrigin + performance.now();
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);
    const received = performance.timeOrigin + performance.now();

    const stamped = stream.received.filter((event) => event.eventName !== 'EventRegistered');
    expect(stamped.map((event) => event.eventName)).toEqual(['EventAgentReady', 'EventRinging', 'EventEstablished']);
    for (const event of stamped) {
      const time = 'time' in event ? event.time : undefined;
      expect(time).toBeGreaterThanOrEqual(before);
      expect(time).toBeLessThanOrEqual(received);
    }
    expect(stamped[2]).toMatchObject({ connectionId });
  });
});

describe('transfers and conferences', () => {
  const TARGET = '7002';

  async function consult(bridge: Bridge, stream: EventStream): Promise<{ call: string; consult: string }> {
    const call = await talkingCall(bridge, stream);
    const reply = await postCommand(bridge, { type: 'InitiateTransfer', connectionId: call, destination: TARGET });
    expect(reply.status).toBe(200);
    const dialing = await stream.waitFor('EventDialing');
    return { call, consult: dialing.connectionId };
  }

  test('SingleStepTransfer: EventReleased with callState Transferred and the destination as thirdPartyDN', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);

    const reply = await postCommand(bridge, { type: 'SingleStepTransfer', connectionId, destination: TARGET });

    expect(reply.body).toEqual({ ok: true, referenceId: expect.any(Number), order: ANY_ORDER });
    expect(await stream.waitFor('EventReleased')).toMatchObject({ connectionId, callState: 'Transferred', thirdPartyDN: TARGET, referenceId: reply.body.referenceId });
    expect(await callsAt(bridge, TARGET)).toEqual([expect.objectContaining({ connId: connectionId, state: 'Ringing' })]);
  });

  test('InitiateTransfer: EventHeld, then EventDialing of the consult call (Consult, transferConnectionId); CompleteTransfer ends both', async () => {
    const { bridge, stream } = await readyAgent();
    const call = await talkingCall(bridge, stream);

    const reply = await postCommand(bridge, { type: 'InitiateTransfer', connectionId: call, destination: TARGET });

    expect(await stream.waitFor('EventHeld')).toMatchObject({ connectionId: call, referenceId: reply.body.referenceId });
    const dialing = await stream.waitFor('EventDialing');
    expect(dialing).toMatchObject({ callType: 'Consult', transferConnectionId: call, ANI: TARGET, referenceId: reply.body.referenceId });
    expect(dialing.connectionId).not.toBe(call);
    expect((await simulator(bridge, 'POST', `/simulator/phones/${TARGET}/answer`)).status).toBe(200);
    await stream.waitFor('EventEstablished', (event) => event.connectionId === dialing.connectionId);

    const done = await postCommand(bridge, { type: 'CompleteTransfer', connectionId: call, consultConnectionId: dialing.connectionId });

    expect(done.status).toBe(200);
    expect(await stream.waitFor('EventReleased', (event) => event.connectionId === dialing.connectionId)).toMatchObject({ callState: 'Transferred' });
    expect(await stream.waitFor('EventReleased', (event) => event.connectionId === call)).toMatchObject({ callState: 'Transferred', thirdPartyDN: TARGET });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([]);
    expect(await callsAt(bridge, TARGET)).toEqual([expect.objectContaining({ connId: call, state: 'Established' })]);
  });

  test('CompleteConference: EventRetrieved and EventPartyAdded naming the new party; the snapshot lists the other parties', async () => {
    const { bridge, stream } = await readyAgent();
    const ids = await consult(bridge, stream);
    await simulator(bridge, 'POST', `/simulator/phones/${TARGET}/answer`);
    await stream.waitFor('EventEstablished', (event) => event.connectionId === ids.consult);

    const reply = await postCommand(bridge, { type: 'CompleteConference', connectionId: ids.call, consultConnectionId: ids.consult });

    expect(reply.status).toBe(200);
    expect(await stream.waitFor('EventRetrieved')).toMatchObject({ connectionId: ids.call });
    expect(await stream.waitFor('EventPartyAdded')).toMatchObject({ connectionId: ids.call, thirdPartyDN: TARGET, referenceId: reply.body.referenceId });
    const { snapshot } = await kit.connectAndSnapshot(bridge);
    expect(snapshot.calls).toEqual([expect.objectContaining({ connectionId: ids.call, state: 'Established', otherParties: [CUSTOMER, TARGET] })]);
  });

  test('Reconnect releases the consult call and retrieves the held one; a snapshot meanwhile links the consult to its call', async () => {
    const { bridge, stream } = await readyAgent();
    const ids = await consult(bridge, stream);
    const { snapshot } = await kit.connectAndSnapshot(bridge);
    expect(snapshot.calls).toEqual([
      expect.objectContaining({ connectionId: ids.call, state: 'Held' }),
      expect.objectContaining({ connectionId: ids.consult, state: 'Dialing', callType: 'Consult', transferConnectionId: ids.call }),
    ]);

    const reply = await postCommand(bridge, { type: 'Reconnect', connectionId: ids.call, consultConnectionId: ids.consult });

    expect(reply.status).toBe(200);
    expect(await stream.waitFor('EventReleased')).toMatchObject({ connectionId: ids.consult, releasingParty: 'Local' });
    expect(await stream.waitFor('EventRetrieved')).toMatchObject({ connectionId: ids.call, referenceId: reply.body.referenceId });
  });

  test('a transfer to the agent\'s own DN is the client\'s mistake (400, field destination); an unknown DN is T-Server\'s refusal (502)', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);

    const own = await postCommand(bridge, { type: 'SingleStepTransfer', connectionId, destination: AGENT1_DN });
    const unknown = await postCommand(bridge, { type: 'InitiateTransfer', connectionId, destination: '7999' });

    expect(own).toMatchObject({ status: 400, body: { ok: false, errorCode: 'BAD_REQUEST', field: 'destination' } });
    expect(unknown).toMatchObject({ status: 502, body: { ok: false, errorCode: 'BACKEND_ERROR', field: 'destination', errorMessage: expect.stringContaining('7999') } });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: connectionId, state: 'Established' })]);
  });

  test('the consult call a command names must be on the agent\'s DN: another agent\'s is 403, an unknown one 404, both naming the field', async () => {
    const { bridge, stream } = await readyAgent();
    const ids = await consult(bridge, stream);
    const token = await bridge.mintDevToken!('agent2');
    const { stream: other } = await kit.connectAndSnapshot(bridge, { token });
    const elsewhere = await customerCalls(bridge, CUSTOMER, TARGET);
    await other.waitFor('EventRinging', (event) => event.connectionId === elsewhere.connectionId);

    const forbidden = await postCommand(bridge, { type: 'CompleteTransfer', connectionId: ids.call, consultConnectionId: elsewhere.connectionId });
    const unknown = await postCommand(bridge, { type: 'Reconnect', connectionId: ids.call, consultConnectionId: '0123456789abcdef' });

    expect(forbidden).toMatchObject({ status: 403, body: { errorCode: 'FORBIDDEN', field: 'consultConnectionId' } });
    expect(unknown).toMatchObject({ status: 404, body: { errorCode: 'UNKNOWN_CALL', field: 'consultConnectionId' } });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([
      expect.objectContaining({ connId: ids.call, state: 'Held' }),
      expect.objectContaining({ connId: ids.consult, state: 'Dialing' }),
    ]);
  });

  test('the commands are validated: a missing consultConnectionId or a destination that is no number is 400 naming the field', async () => {
    const { bridge, stream } = await readyAgent();
    const connectionId = await talkingCall(bridge, stream);

    const missing = await postCommand(bridge, { type: 'CompleteConference', connectionId });
    const badNumber = await postCommand(bridge, { type: 'SingleStepTransfer', connectionId, destination: 'billing' });

    expect(missing).toMatchObject({ status: 400, body: { errorCode: 'BAD_REQUEST', field: 'consultConnectionId', errorMessage: expect.stringContaining('consultConnectionId') } });
    expect(badNumber).toMatchObject({ status: 400, body: { errorCode: 'BAD_REQUEST', field: 'destination' } });
  });
});
