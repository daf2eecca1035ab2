/** @jest-environment node */
/**
 * Outbound and internal calls at the fake GWS: make-call dials, and the callee answers, is busy or does not answer;
 * a call to another agent's DN rings there.
 */
import type { FakeGws } from '../../dev/fakeGws/server';
import { agentSession, control, startTestFake, type WorkspaceClient } from './gwsTestKit';

let fake: FakeGws;
let agent1: WorkspaceClient;
const others: WorkspaceClient[] = [];

beforeEach(async () => {
  fake = await startTestFake();
  agent1 = await agentSession(fake, 'agent1');
});

afterEach(async () => {
  await Promise.all([agent1, ...others.splice(0)].map((c) => c.close()));
  await fake.close();
});

async function dial(destination: string, body: Record<string, unknown> = {}) {
  const answer = await agent1.post('voice/make-call', { ...body, data: { destination, ...((body.data as object | undefined) ?? {}) } });
  expect(answer).toEqual({ status: 200, body: { status: { code: 1 } } });
  return agent1.callState('Dialing');
}

test('make-call dials: Dialing, Outbound, the callee as participant and dnis, no ani, the attached data, the operationId', async () => {
  const dialing = await dial('+15557654321', { operationId: 'op-dial', data: { userData: [{ key: 'Case', type: 'str', value: '42' }] } });
  expect(dialing).toEqual({
    messageType: 'CallStateChanged',
    notificationType: 'StateChange',
    operationId: 'op-dial',
    call: {
      id: dialing.call.id,
      connId: dialing.call.id,
      callUuid: expect.stringMatching(/^[A-Z2-7]{32}$/),
      callType: 'Outbound',
      state: 'Dialing',
      phoneNumber: '7001',
      participants: [{ number: '+15557654321', role: 'RoleDestination' }],
      dnis: '+15557654321',
      userData: [{ key: 'Case', type: 'str', value: '42' }],
      capabilities: ['release', 'send-dtmf'],
    },
  });
});

test('the callee answers: Established', async () => {
  const { call } = await dial('5550001');
  expect((await control(fake, 'POST', `/calls/${call.id}/answer`)).status).toBe(200);
  const established = await agent1.callState('Established', call.id);
  expect(established.operationId).toBeUndefined();
});

test('the callee is busy: the call is Released', async () => {
  const { call } = await dial('5550002');
  await control(fake, 'POST', `/calls/${call.id}/busy`);
  await agent1.callState('Released', call.id);
});

test('the callee does not answer: the call is Released; a callee that already failed cannot answer', async () => {
  const { call } = await dial('5550003');
  await control(fake, 'POST', `/calls/${call.id}/no-answer`);
  await agent1.callState('Released', call.id);
  expect((await control(fake, 'POST', `/calls/${call.id}/answer`)).status).toBe(404);
});

test('the agent hangs up while dialing: Released', async () => {
  const { call } = await dial('5550004');
  await agent1.post(`voice/calls/${call.id}/release`);
  await agent1.callState('Released', call.id);
});

test('the callee hangs up after answering: Released', async () => {
  const { call } = await dial('5550005');
  await control(fake, 'POST', `/calls/${call.id}/answer`);
  await agent1.callState('Established', call.id);
  await control(fake, 'POST', `/calls/${call.id}/hang-up`);
  await agent1.callState('Released', call.id);
});

test('dialing the agent\'s own DN, or something no switch can dial, is refused by the switch: EventError 415 after "accepted"', async () => {
  expect((await agent1.post('voice/make-call', { operationId: 'op-self', data: { destination: '7001' } })).body).toEqual({ status: { code: 1 } });
  expect(await agent1.eventError()).toEqual({ messageType: 'EventError', error: { errorCode: 415, errorMessage: 'Invalid Destination DN' }, operationId: 'op-self' });
  await agent1.post('voice/make-call', { data: { destination: 'call me' } });
  expect((await agent1.eventError()).error.errorCode).toBe(415);
});

test('a call to another agent\'s DN is Internal: Dialing at the caller, Ringing at the callee, Established at both once answered', async () => {
  const agent2 = await agentSession(fake, 'agent2');
  others.push(agent2);
  const { call } = await dial('7002');
  expect(call.callType).toBe('Internal');
  const ringing = await agent2.callState('Ringing', call.id);
  expect(ringing.call).toMatchObject({ callType: 'Internal', phoneNumber: '7002', participants: [{ number: '7001', role: 'RoleOrigination' }], dnis: '7002' });
  // T-Server's ani-distribution defaults to inbound calls only: an internal call has no ANI.
  expect(ringing.call.ani).toBeUndefined();

  await agent2.post(`voice/calls/${call.id}/answer`);
  await agent2.callState('Established', call.id);
  await agent1.callState('Established', call.id);

  await agent2.post(`voice/calls/${call.id}/hold`);
  await agent2.callState('Held', call.id);
  await agent1.post(`voice/calls/${call.id}/release`);
  await agent1.callState('Released', call.id);
  await agent2.callState('Released', call.id);
});

test('with outboundAutoAnswerMs the callee answers by itself, as in Genesys\' simulator', async () => {
  const auto = await startTestFake({ outboundAutoAnswerMs: 1 });
  try {
    const client = await agentSession(auto, 'agent1');
    others.push(client);
    await client.post('voice/make-call', { data: { destination: '5550006' } });
    const { call } = await client.callState('Dialing');
    await client.callState('Established', call.id);
  } finally {
    await Promise.all(others.splice(0).map((c) => c.close()));
    await auto.close();
  }
});
