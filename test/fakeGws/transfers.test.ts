/** @jest-environment node */
/**
 * Transfers and conferences at the fake GWS, as each agent's Workspace session hears them: single-step-transfer,
 * a consult (initiate-transfer) completed as a transfer or a conference or ended by reconnect, parties leaving a
 * conference, refusals, and the control API's transfer of a caller to an agent.
 */
import type { FakeGws } from '../../dev/fakeGws/server';
import type { CallStateChanged } from '../../dev/fakeGws/payloads';
import { agentSession, control, customerCalls, startTestFake, type WorkspaceClient } from './gwsTestKit';

const CUSTOMER = '+15551110000';
let fake: FakeGws;
let agent1: WorkspaceClient;
let agent2: WorkspaceClient;

beforeEach(async () => {
  fake = await startTestFake();
  agent1 = await agentSession(fake, 'agent1');
  agent2 = await agentSession(fake, 'agent2');
});

afterEach(async () => {
  await agent1.close();
  await agent2.close();
  await fake.close();
});

const numbers = (message: CallStateChanged) => message.call.participants.map((party) => party.number);

async function talking(): Promise<string> {
  const connId = await customerCalls(fake, 'agent1', CUSTOMER);
  await agent1.callState('Ringing', connId);
  await agent1.post(`voice/calls/${connId}/answer`);
  await agent1.callState('Established', connId);
  return connId;
}

/** agent1 talks with the customer and consults agent2 (7002), who answers; resolves both calls' ids. */
async function consultAnswered(): Promise<{ parent: string; consult: string }> {
  const parent = await talking();
  expect((await agent1.post(`voice/calls/${parent}/initiate-transfer`, { data: { destination: '7002' } })).status).toBe(200);
  const dialing = await agent1.callState('Dialing');
  const ringing = await agent2.callState('Ringing', dialing.call.id);
  await agent2.post(`voice/calls/${ringing.call.id}/answer`);
  await agent1.callState('Established', dialing.call.id);
  return { parent, consult: dialing.call.id };
}

test('single-step-transfer: the agent\'s party is released, and the destination rings on the same call, with the customer', async () => {
  const connId = await talking();
  expect((await agent1.post(`voice/calls/${connId}/single-step-transfer`, { operationId: 'op-sst', data: { destination: '7002' } })).status).toBe(200);

  expect(await agent1.callState('Released', connId)).toMatchObject({ operationId: 'op-sst' });
  const ringing = await agent2.callState('Ringing', connId);
  expect(numbers(ringing)).toEqual([CUSTOMER]);
  await agent2.post(`voice/calls/${connId}/answer`);
  await agent2.callState('Established', connId);
  expect((await control<Array<{ connId: string; parties: unknown[] }>>(fake, 'GET', '/calls')).body).toEqual([
    expect.objectContaining({
      connId,
      parties: [
        { number: CUSTOMER, agent: null, state: 'Established' },
        { number: '7001', agent: 'agent1', state: 'Completed', left: true },
        { number: '7002', agent: 'agent2', state: 'Established' },
      ],
    }),
  ]);
});

test('initiate-transfer: the call held, a Consult call (parentConnId the held call) dialing here and ringing there', async () => {
  const parent = await talking();
  await agent1.post(`voice/calls/${parent}/initiate-transfer`, { operationId: 'op-it', data: { destination: '7002' } });

  expect(await agent1.callState('Held', parent)).toMatchObject({ operationId: 'op-it' });
  const dialing = await agent1.callState('Dialing');
  expect(dialing.call).toMatchObject({ callType: 'Consult', parentConnId: parent, participants: [{ number: '7002' }] });
  expect(dialing.call.capabilities).toEqual(expect.arrayContaining(['complete-transfer', 'complete-conference', 'release']));
  const ringing = await agent2.callState('Ringing', dialing.call.id);
  expect(ringing.call).toMatchObject({ callType: 'Consult', parentConnId: parent, participants: [{ number: '7001' }] });
});

test('complete-transfer (on the consult call, with parentConnId): the agent leaves both; agent2 is on the held call (previousConnId)', async () => {
  const { parent, consult } = await consultAnswered();
  expect((await agent1.post(`voice/calls/${consult}/complete-transfer`, { data: { parentConnId: parent } })).status).toBe(200);

  await agent1.callState('Released', consult);
  await agent1.callState('Released', parent);
  const moved = await agent2.callState('Established', parent);
  expect(moved.call).toMatchObject({ previousConnId: consult, participants: [{ number: CUSTOMER }] });
  expect((await agent1.get<{ data: { calls: unknown[] } }>('voice/calls')).body.data.calls).toEqual([]);
});

test('complete-conference: the consult call released, the held call retrieved with both other parties; each can leave', async () => {
  const { parent, consult } = await consultAnswered();
  await agent1.post(`voice/calls/${consult}/complete-conference`, { data: { parentConnId: parent } });

  await agent1.callState('Released', consult);
  const retrieved = await agent1.callState('Established', parent);
  expect(numbers(retrieved)).toEqual([CUSTOMER, '7002']);
  const joined = await agent2.callState('Established', parent);
  expect(joined.call.previousConnId).toBe(consult);
  expect(numbers(joined)).toEqual([CUSTOMER, '7001']);

  // The customer leaves: the agents talk on, each told who is left.
  await control(fake, 'POST', `/calls/${parent}/hang-up`);
  expect(numbers(await agent1.callState('Established', parent))).toEqual(['7002']);
  expect(numbers(await agent2.callState('Established', parent))).toEqual(['7001']);
  // Then agent1 leaves: a call of two ends for both.
  await agent1.post(`voice/calls/${parent}/release`);
  await agent1.callState('Released', parent);
  await agent2.callState('Released', parent);
});

test('in a conference, the agent leaving leaves the customer and agent2 talking', async () => {
  const { parent, consult } = await consultAnswered();
  await agent1.post(`voice/calls/${consult}/complete-conference`, { data: { parentConnId: parent } });
  await agent1.callState('Established', parent);
  await agent2.callState('Established', parent);

  await agent1.post(`voice/calls/${parent}/release`);

  await agent1.callState('Released', parent);
  expect(numbers(await agent2.callState('Established', parent))).toEqual([CUSTOMER]);
});

test('reconnect (on the consult call, with heldConnId): the consult call released at both ends, the held call retrieved', async () => {
  const { parent, consult } = await consultAnswered();
  expect((await agent1.post(`voice/calls/${consult}/reconnect`, { data: { heldConnId: parent } })).status).toBe(200);

  await agent1.callState('Released', consult);
  await agent2.callState('Released', consult);
  await agent1.callState('Established', parent);
});

test('agent2 refusing the consult while it rings releases it here too, and the call stays held', async () => {
  const parent = await talking();
  await agent1.post(`voice/calls/${parent}/initiate-transfer`, { data: { destination: '7002' } });
  const dialing = await agent1.callState('Dialing');
  await agent2.callState('Ringing', dialing.call.id);

  await control(fake, 'POST', `/calls/${dialing.call.id}/phone`, { agent: 'agent2', action: 'release' });

  await agent1.callState('Released', dialing.call.id);
  expect((await agent1.get<{ data: { calls: Array<{ id: string; state: string }> } }>('voice/calls')).body.data.calls).toEqual([
    expect.objectContaining({ id: parent, state: 'Held' }),
  ]);
});

test('refusals: a destination that is no agent\'s DN (415), a second consult, a conference before the answer, a wrong parent', async () => {
  const parent = await talking();
  await agent1.post(`voice/calls/${parent}/single-step-transfer`, { data: { destination: '7999' } });
  expect((await agent1.eventError()).error.errorCode).toBe(415);
  await agent1.post(`voice/calls/${parent}/initiate-transfer`, { data: { destination: '7001' } });
  expect((await agent1.eventError()).error.errorCode).toBe(415);

  await agent1.post(`voice/calls/${parent}/initiate-transfer`, { data: { destination: '7002' } });
  const dialing = await agent1.callState('Dialing');
  await agent1.post(`voice/calls/${dialing.call.id}/complete-conference`, { data: { parentConnId: parent } });
  await agent1.eventError();
  await agent1.post(`voice/calls/${dialing.call.id}/complete-transfer`, { data: { parentConnId: dialing.call.id } });
  await agent1.eventError();
  expect((await agent1.post(`voice/calls/${dialing.call.id}/reconnect`, { data: {} })).status).toBe(400);
});

test('the control API\'s transfer: a caller reaches agent2, whose phone transfers the call to agent1, where it rings', async () => {
  const { status, body } = await control<{ connId: string }>(fake, 'POST', '/transfers', { agent: 'agent1', from: 'agent2', ani: CUSTOMER });

  expect(status).toBe(201);
  await agent2.callState('Ringing', body.connId);
  await agent2.callState('Released', body.connId);
  const ringing = await agent1.callState('Ringing', body.connId);
  expect(numbers(ringing)).toEqual([CUSTOMER]);
  expect((await control(fake, 'POST', '/transfers', { agent: 'agent1', from: 'agent1', ani: CUSTOMER })).status).toBe(400);
});
