/** @jest-environment node */
/**
 * Bad input over REST and WebSocket: each is refused with its code, and nothing else changes: the bridge keeps
 * serving, the other sessions stay open and hear their events, and calls stay as they were.
 */
import { CLOSE_CODES, MAX_MESSAGE_BYTES } from '../../protocol/bridgeProtocol';
import type { Bridge } from '../../server/src/app';
import { AGENT1_DN, AGENT2_DN, BridgeKit, callsAt, customerCalls, postCommand, type EventStream } from './bridgeTestKit';

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

const CUSTOMER = '+15550100';

interface World {
  readonly bridge: Bridge;
  /** The development agent's session, whose input is bad. */
  readonly stream: EventStream;
  /** Another agent's session (agent2, by token), which must not notice anything. */
  readonly bystander: EventStream;
  /** A ringing call on the development agent's DN, which must survive. */
  readonly connectionId: string;
}

async function world(): Promise<World> {
  const bridge = await kit.start();
  if (!bridge.mintDevToken) throw new Error('the simulator bridge mints development tokens');
  const { stream } = await kit.connectAndSnapshot(bridge);
  const { stream: bystander } = await kit.connectAndSnapshot(bridge, { token: await bridge.mintDevToken('agent2') });
  await postCommand(bridge, { type: 'initialize' });
  const { connectionId } = await customerCalls(bridge, CUSTOMER);
  await stream.waitFor('EventRinging');
  return { bridge, stream, bystander, connectionId };
}

/** The bridge still works for everyone, and the development agent's call is still ringing. */
async function expectUndisturbed({ bridge, bystander, connectionId }: World): Promise<void> {
  expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: connectionId, state: 'Ringing' })]);
  const otherCall = await customerCalls(bridge, '+15550199', AGENT2_DN);
  await bystander.waitFor('EventRinging', (event) => event.connectionId === otherCall.connectionId);
}

describe('REST bodies', () => {
  test('malformed JSON is refused 400 BAD_JSON', async () => {
    const w = await world();
    const reply = await postCommand(w.bridge, '{"type": "Accept", ');
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ ok: false, errorCode: 'BAD_JSON', errorMessage: expect.any(String) });
    await expectUndisturbed(w);
  });

  test('an empty JSON body is refused 400 BAD_JSON', async () => {
    const w = await world();
    const reply = await postCommand(w.bridge, '');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ errorCode: 'BAD_JSON' });
  });

  test('an unknown type is refused 400 BAD_REQUEST naming it', async () => {
    const w = await world();
    const reply = await postCommand(w.bridge, { type: 'Transfer', connectionId: w.connectionId });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({ ok: false, errorCode: 'BAD_REQUEST', errorMessage: expect.stringContaining('"Transfer"') });
    await expectUndisturbed(w);
  });

  test('JSON that is not an object, or has no type, is refused 400 BAD_REQUEST', async () => {
    const w = await world();
    for (const body of ['[]', 'null', '"Accept"', '{}', '{"type": 7}']) {
      const reply = await postCommand(w.bridge, body);
      expect([body, reply.status, reply.body.errorCode]).toEqual([body, 400, 'BAD_REQUEST']);
    }
  });

  test('a missing or ill-typed connectionId is refused 400 BAD_REQUEST naming the field', async () => {
    const w = await world();
    for (const command of [
      { type: 'Accept' },
      { type: 'Accept', connectionId: 12345 },
      { type: 'Accept', connectionId: null },
      { type: 'Reject', connectionId: 'NOT-A-CONNID' },
      { type: 'Hangup', connectionId: w.connectionId.toUpperCase() },
    ]) {
      const reply = await postCommand(w.bridge, command);
      expect(reply.status).toBe(400);
      expect(reply.body).toEqual({ ok: false, errorCode: 'BAD_REQUEST', errorMessage: expect.stringContaining('connectionId'), field: 'connectionId' });
    }
    await expectUndisturbed(w);
  });

  test('ill-typed MakeCall and NotReady fields are refused 400 BAD_REQUEST, naming the field', async () => {
    const w = await world();
    for (const [command, field] of [
      [{ type: 'MakeCall' }, 'destination'],
      [{ type: 'MakeCall', destination: '' }, 'destination'],
      [{ type: 'MakeCall', destination: '+15550100', eventId: 42 }, 'eventId'],
      [{ type: 'NotReady', reasonCode: ['Lunch'] }, 'reasonCode'],
      // The toolbar refuses blank or control-character texts in what the bridge pushes back, so the bridge refuses them first.
      [{ type: 'NotReady', reasonCode: '\t' }, 'reasonCode'],
      [{ type: 'MakeCall', destination: '+15550100', eventId: ' ' }, 'eventId'],
    ] as const) {
      const reply = await postCommand(w.bridge, command);
      expect([command, reply.status, reply.body.errorCode, reply.body.field]).toEqual([command, 400, 'BAD_REQUEST', field]);
    }
  });

  test('a MakeCall destination that is not a dialable number is refused 400 BAD_REQUEST naming the destination; no call is placed', async () => {
    const w = await world();
    // Keypad codes, blanks around the number, letters, a lone +, separators with no digit, a + that is not leading.
    for (const destination of ['#*#*', '*67 5550100', '5550100#', ' 5550100', '5550100 ', 'call me', '+', '(-)', '555+0100']) {
      const reply = await postCommand(w.bridge, { type: 'MakeCall', destination });
      expect([destination, reply.status, reply.body]).toEqual([
        destination,
        400,
        { ok: false, errorCode: 'BAD_REQUEST', errorMessage: expect.stringContaining('"destination" must be a number to dial'), field: 'destination' },
      ]);
    }
    await expectUndisturbed(w);
  });

  test('a MakeCall to a DN of this switch is a client mistake: 403 FORBIDDEN for another agent\'s, 400 BAD_REQUEST for one\'s own', async () => {
    const w = await world();
    for (const [destination, status, errorCode] of [
      [AGENT2_DN, 403, 'FORBIDDEN'],
      // Written with the separators people type, it is still that DN.
      [`(${AGENT2_DN.slice(0, 2)}) ${AGENT2_DN.slice(2)}`, 403, 'FORBIDDEN'],
      [AGENT1_DN, 400, 'BAD_REQUEST'],
    ] as const) {
      const reply = await postCommand(w.bridge, { type: 'MakeCall', destination });
      expect([destination, reply.status, reply.body]).toEqual([destination, status, { ok: false, errorCode, errorMessage: expect.any(String), field: 'destination' }]);
    }
    expect(await callsAt(w.bridge, AGENT2_DN)).toEqual([]);
    await expectUndisturbed(w);
  });

  test('an unknown connectionId is refused 404 UNKNOWN_CALL', async () => {
    const w = await world();
    const reply = await postCommand(w.bridge, { type: 'Accept', connectionId: '0123456789abcdef' });
    expect(reply.status).toBe(404);
    expect(reply.body).toEqual({ ok: false, errorCode: 'UNKNOWN_CALL', errorMessage: expect.stringContaining('0123456789abcdef') });
    await expectUndisturbed(w);
  });

  test('another agent\'s call is refused 403 FORBIDDEN and that call is untouched', async () => {
    const w = await world();
    const theirs = await customerCalls(w.bridge, '+15550155', AGENT2_DN);
    await w.bystander.waitFor('EventRinging', (event) => event.connectionId === theirs.connectionId);

    const reply = await postCommand(w.bridge, { type: 'Reject', connectionId: theirs.connectionId });

    expect(reply.status).toBe(403);
    expect(reply.body).toMatchObject({ ok: false, errorCode: 'FORBIDDEN' });
    expect(await callsAt(w.bridge, AGENT2_DN)).toEqual([expect.objectContaining({ connId: theirs.connectionId, state: 'Ringing' })]);
  });

  test(`a body over ${MAX_MESSAGE_BYTES} bytes is refused 413 BODY_TOO_LARGE`, async () => {
    const w = await world();
    const reply = await postCommand(w.bridge, { type: 'NotReady', reasonCode: 'x'.repeat(MAX_MESSAGE_BYTES) });
    expect(reply.status).toBe(413);
    expect(reply.body).toEqual({ ok: false, errorCode: 'BODY_TOO_LARGE', errorMessage: expect.any(String) });
    await expectUndisturbed(w);
  });

  test('a body that is not application/json is refused 415', async () => {
    const w = await world();
    const reply = await postCommand(w.bridge, JSON.stringify({ type: 'Ready' }), { contentType: 'text/plain' });
    expect(reply.status).toBe(415);
    expect(reply.body).toMatchObject({ ok: false, errorCode: 'BAD_REQUEST' });
  });

  test('an unknown route is 404 in the reply shape', async () => {
    const w = await world();
    const response = await fetch(`${w.bridge.url}/genesys/nothing`);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, errorMessage: expect.stringContaining('/genesys/nothing') });
  });
});

describe('WebSocket frames', () => {
  test('a text frame that is not JSON gets EventError BAD_JSON and the session stays open', async () => {
    const w = await world();

    w.stream.send('this is not json');

    expect(await w.stream.waitFor('EventError')).toEqual({
      eventName: 'EventError',
      thisDN: AGENT1_DN,
      errorCode: 'BAD_JSON',
      errorMessage: expect.any(String),
    });
    // Still open and in use: a command on the same socket works.
    w.stream.send({ type: 'Accept', connectionId: w.connectionId });
    await w.stream.waitFor('EventEstablished');
  });

  test('a frame with an unknown type or a bad field gets EventError BAD_REQUEST echoing the request', async () => {
    const w = await world();

    w.stream.send({ type: 'Conference', connectionId: w.connectionId });
    expect(await w.stream.waitFor('EventError')).toMatchObject({
      errorCode: 'BAD_REQUEST',
      errorMessage: expect.stringContaining('"Conference"'),
      request: { type: 'Conference', connectionId: w.connectionId },
      connectionId: w.connectionId,
    });
    w.stream.send({ type: 'Accept', connectionId: 7 });
    expect(await w.stream.waitFor('EventError')).toMatchObject({ errorCode: 'BAD_REQUEST', request: { type: 'Accept', connectionId: 7 } });
    await expectUndisturbed(w);
  });

  test('a MakeCall frame to a non-dialable number or to a DN of this switch gets EventError with the client\'s code, not BACKEND_ERROR', async () => {
    const w = await world();
    for (const [destination, errorCode] of [
      ['#*#*', 'BAD_REQUEST'],
      [AGENT2_DN, 'FORBIDDEN'],
      [AGENT1_DN, 'BAD_REQUEST'],
    ] as const) {
      w.stream.send({ type: 'MakeCall', destination });
      const error = await w.stream.waitFor('EventError');
      expect([destination, error]).toEqual([destination, expect.objectContaining({ errorCode, request: { type: 'MakeCall', destination } })]);
    }
    expect(await callsAt(w.bridge, AGENT2_DN)).toEqual([]);
    await expectUndisturbed(w);
  });

  test('a deeply nested frame gets EventError BAD_REQUEST naming only its type, and the bridge keeps serving', async () => {
    const w = await world();
    const depth = 5000;
    w.stream.send(`{"type":"x","a":${'['.repeat(depth)}${']'.repeat(depth)}}`);

    expect(await w.stream.waitFor('EventError')).toMatchObject({ errorCode: 'BAD_REQUEST', request: { type: 'x' } });
    await expectUndisturbed(w);
  });

  test('a frame naming an unknown call gets EventError UNKNOWN_CALL', async () => {
    const w = await world();
    w.stream.send({ type: 'Hangup', connectionId: 'fedcba9876543210' });
    expect(await w.stream.waitFor('EventError')).toMatchObject({ errorCode: 'UNKNOWN_CALL', connectionId: 'fedcba9876543210' });
  });

  test('a binary frame closes the session with 1003; the call and the other sessions stay', async () => {
    const w = await world();

    w.stream.send(Buffer.from(JSON.stringify({ type: 'Ready' })), { binary: true });

    expect((await w.stream.closed).code).toBe(CLOSE_CODES.unsupportedData);
    await expectUndisturbed(w);
  });

  test(`a frame over ${MAX_MESSAGE_BYTES} bytes closes the session with 1009; the call and the other sessions stay`, async () => {
    const w = await world();

    w.stream.send(JSON.stringify({ type: 'NotReady', reasonCode: 'x'.repeat(MAX_MESSAGE_BYTES) }));

    expect((await w.stream.closed).code).toBe(CLOSE_CODES.messageTooBig);
    await expectUndisturbed(w);
    // The agent reconnects and finds the call.
    const { snapshot } = await kit.connectAndSnapshot(w.bridge);
    expect(snapshot.calls).toEqual([expect.objectContaining({ connectionId: w.connectionId, state: 'Ringing' })]);
  });

  test('a subprotocol list without the bridge\'s protocol is refused 400', async () => {
    const w = await world();
    expect(await kit.refusedUpgrade(w.bridge, { protocols: ['chat'] })).toBe(400);
  });
});
