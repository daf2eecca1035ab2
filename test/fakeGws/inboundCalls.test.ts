/** @jest-environment node */
/**
 * Inbound calls at the fake GWS, through a real CometD client: a customer's call rings (with its ANI), the agent
 * answers and hangs up, or the customer hangs up while the phone rings or while they talk.
 */
import type { FakeGws } from '../../dev/fakeGws/server';
import { agentSession, control, customerCalls, startTestFake, type CallsBody, type CurrentSessionBody, type WorkspaceClient } from './gwsTestKit';

let fake: FakeGws;
let agent1: WorkspaceClient;

beforeEach(async () => {
  fake = await startTestFake();
  agent1 = await agentSession(fake, 'agent1');
});

afterEach(async () => {
  await agent1.close();
  await fake.close();
});

test('a customer call rings with the caller as ANI and participant, the agent\'s own DN as phoneNumber, and "answer" to do', async () => {
  const connId = await customerCalls(fake, 'agent1', '+15551230001', { dnis: '8005550100', userData: { Segment: 'Gold' } });
  expect(connId).toMatch(/^[0-9a-f]{16}$/);
  const ringing = await agent1.callState('Ringing');
  expect(ringing).toEqual({
    messageType: 'CallStateChanged',
    notificationType: 'StateChange',
    call: {
      id: connId,
      connId,
      callUuid: expect.stringMatching(/^[A-Z2-7]{32}$/),
      callType: 'Inbound',
      state: 'Ringing',
      phoneNumber: '7001',
      participants: [{ number: '+15551230001', role: 'RoleOrigination' }],
      dnis: '8005550100',
      ani: '+15551230001',
      userData: [{ key: 'Segment', type: 'str', value: 'Gold' }],
      capabilities: ['answer'],
    },
  });
});

test('answer, then release: Established then Released, each echoing the request\'s operationId; the call is gone afterwards', async () => {
  const connId = await customerCalls(fake, 'agent1', '+15551230002');
  const ringing = await agent1.callState('Ringing');

  expect(await agent1.post(`voice/calls/${connId}/answer`, { operationId: 'op-answer' })).toEqual({ status: 200, body: { status: { code: 1 } } });
  const established = await agent1.callState('Established', connId);
  expect(established.operationId).toBe('op-answer');
  expect(established.call.callUuid).toBe(ringing.call.callUuid);
  expect(established.call.capabilities).toEqual(['release', 'hold', 'send-dtmf', 'initiate-conference', 'initiate-transfer', 'single-step-transfer']);

  expect((await agent1.post(`voice/calls/${connId}/release`, { operationId: 'op-release', data: {} })).status).toBe(200);
  const released = await agent1.callState('Released', connId);
  expect(released.operationId).toBe('op-release');

  const session = await agent1.get<CurrentSessionBody>('current-session');
  expect(session.body.data.user.activeSession?.calls).toEqual([]);
  expect((await agent1.get<CallsBody>('voice/calls')).body).toEqual({ status: { code: 0 }, data: { calls: [] } });
});

test('the customer hangs up while the phone rings: Released, with no request of the agent\'s', async () => {
  const connId = await customerCalls(fake, 'agent1', '+15551230003');
  await agent1.callState('Ringing', connId);
  expect((await control(fake, 'POST', `/calls/${connId}/hang-up`)).status).toBe(200);
  const released = await agent1.callState('Released', connId);
  expect(released.operationId).toBeUndefined();
  expect(released.call.ani).toBe('+15551230003');
});

test('the customer hangs up while they talk: Released', async () => {
  const connId = await customerCalls(fake, 'agent1', '+15551230004');
  await agent1.callState('Ringing', connId);
  await agent1.post(`voice/calls/${connId}/answer`);
  await agent1.callState('Established', connId);
  await control(fake, 'POST', `/calls/${connId}/hang-up`);
  await agent1.callState('Released', connId);
  // A hang-up after the call ended is the control API's mistake, not a new event.
  expect((await control(fake, 'POST', `/calls/${connId}/hang-up`)).status).toBe(404);
});

test('declining a ringing call is a release while it rings', async () => {
  const connId = await customerCalls(fake, 'agent1', '+15551230005');
  await agent1.callState('Ringing', connId);
  expect((await agent1.post(`voice/calls/${connId}/release`)).status).toBe(200);
  await agent1.callState('Released', connId);
});

test('a call that rang before the agent signed in is reported to the new session (CallRecovered)', async () => {
  const connId = await customerCalls(fake, 'agent2', '+15551230006');
  const agent2 = await agentSession(fake, 'agent2');
  try {
    const recovered = await agent2.anyCallState();
    expect(recovered).toMatchObject({ notificationType: 'CallRecovered', call: { id: connId, state: 'Ringing', ani: '+15551230006' } });
  } finally {
    await agent2.close();
  }
});

test("calls ring only at their agent's DN: agent1 hears nothing of agent2's call", async () => {
  const agent2 = await agentSession(fake, 'agent2');
  try {
    const forAgent2 = await customerCalls(fake, 'agent2', '+15551230007');
    const forAgent1 = await customerCalls(fake, 'agent1', '+15551230008');
    await agent2.callState('Ringing', forAgent2);
    // agent1's first call event is its own call's: agent2's came before it and went elsewhere.
    const first = await agent1.anyCallState();
    expect(first.call.id).toBe(forAgent1);
    expect((await agent1.post(`voice/calls/${forAgent2}/answer`)).status).toBe(404);
  } finally {
    await agent2.close();
  }
});
