/** @jest-environment node */
/**
 * Call control and agent state at the fake GWS, with the checks a switch makes: hold and retrieve, refusals in the
 * wrong state (accepted over HTTP, then EventError from T-Server), unknown calls, request bodies outside the model,
 * ready and not ready, completing a call the agent kept, the agent's phone.
 */
import type { FakeGws } from '../../dev/fakeGws/server';
import { agentSession, control, customerCalls, startTestFake, type CurrentSessionBody, type WorkspaceClient } from './gwsTestKit';

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

async function talking(ani = '+15551110000'): Promise<string> {
  const connId = await customerCalls(fake, 'agent1', ani);
  await agent1.callState('Ringing', connId);
  await agent1.post(`voice/calls/${connId}/answer`);
  await agent1.callState('Established', connId);
  return connId;
}

describe('hold and retrieve', () => {
  test('hold: Held, with retrieve to do; retrieve: Established again, same call', async () => {
    const connId = await talking();
    expect((await agent1.post(`voice/calls/${connId}/hold`, { operationId: 'op-hold' })).body).toEqual({ status: { code: 1 } });
    const held = await agent1.callState('Held', connId);
    expect(held.operationId).toBe('op-hold');
    expect(held.call.capabilities).toEqual(['release', 'retrieve', 'send-dtmf']);
    await agent1.post(`voice/calls/${connId}/retrieve`);
    const retrieved = await agent1.callState('Established', connId);
    expect(retrieved.call.callUuid).toBe(held.call.callUuid);
  });

  test('the customer hangs up while held: Released', async () => {
    const connId = await talking();
    await agent1.post(`voice/calls/${connId}/hold`);
    await agent1.callState('Held', connId);
    await control(fake, 'POST', `/calls/${connId}/hang-up`);
    await agent1.callState('Released', connId);
  });
});

describe('requests the call state does not allow: accepted, then EventError', () => {
  test('hold on a ringing call', async () => {
    const connId = await customerCalls(fake, 'agent1', '+15551110001');
    await agent1.callState('Ringing', connId);
    expect((await agent1.post(`voice/calls/${connId}/hold`, { operationId: 'op-1' })).body).toEqual({ status: { code: 1 } });
    const error = await agent1.eventError();
    expect(error).toEqual({ messageType: 'EventError', error: { errorCode: expect.any(Number), errorMessage: expect.stringMatching(/call state/) }, operationId: 'op-1' });
    // The call goes on ringing: answering it still works.
    await agent1.post(`voice/calls/${connId}/answer`);
    await agent1.callState('Established', connId);
  });

  test('retrieve on a call that is not held, answer on a call already answered, send-dtmf on a ringing call', async () => {
    const connId = await talking();
    await agent1.post(`voice/calls/${connId}/retrieve`);
    await agent1.eventError();
    await agent1.post(`voice/calls/${connId}/answer`);
    await agent1.eventError();
    const ringing = await customerCalls(fake, 'agent1', '+15551110002');
    await agent1.callState('Ringing', ringing);
    await agent1.post(`voice/calls/${ringing}/send-dtmf`, { data: { dtmfDigits: '1' } });
    await agent1.eventError();
  });

  test('send-dtmf on a talking call is accepted, and changes no state', async () => {
    const connId = await talking();
    expect((await agent1.post(`voice/calls/${connId}/send-dtmf`, { data: { dtmfDigits: '12#' } })).body).toEqual({ status: { code: 1 } });
    // Nothing comes for it; the next message is the hold that follows.
    await agent1.post(`voice/calls/${connId}/hold`);
    expect((await agent1.waitFor(() => true)).messageType).toBe('CallStateChanged');
  });
});

describe('refused at once', () => {
  test('a call the agent does not have: 404 with an ApiErrorResponse', async () => {
    const answer = await agent1.post('voice/calls/0123456789abcdef/answer');
    expect(answer).toEqual({ status: 404, body: { status: { code: 404, message: expect.stringContaining('0123456789abcdef') } } });
  });

  test('bodies outside the generated models: reasonCode beside data, an unknown field, a missing destination, a wrong type, broken JSON', async () => {
    expect((await agent1.post('voice/not-ready', { reasonCode: 'Lunch', data: {} })).status).toBe(400);
    expect((await agent1.post('voice/ready', { data: { agentWorkMode: 'AutoIn' } })).status).toBe(400);
    expect((await agent1.post('voice/make-call', { data: {} })).status).toBe(400);
    expect((await agent1.post('voice/make-call')).status).toBe(400);
    expect((await agent1.post('voice/make-call', { data: { destination: 5551234 } })).status).toBe(400);
    expect((await agent1.post('voice/not-ready', { data: { agentWorkMode: 'Lunch' } })).status).toBe(400);
    // An empty body is no body: ready takes none.
    expect((await agent1.request('POST', 'voice/ready', undefined, { 'Content-Type': 'application/json' })).status).toBe(200);
    const garbled = await fetch(`${fake.url}/workspace/v3/voice/ready`, {
      method: 'POST',
      headers: { Cookie: `WORKSPACE_SESSIONID=${agent1.sessionId ?? ''}`, 'Content-Type': 'application/json' },
      body: '{"data":',
    });
    expect(garbled.status).toBe(400);
  });

  test('operations the fake does not implement answer 501; unknown paths 404', async () => {
    const connId = await talking();
    expect((await agent1.post(`voice/calls/${connId}/single-step-conference`, { data: { destination: '7002' } })).status).toBe(501);
    expect((await agent1.post('voice/dnd-on')).status).toBe(501);
    expect((await agent1.post('voice/fly')).status).toBe(404);
    expect((await agent1.get('nothing-here')).status).toBe(404);
  });
});

describe('agent state', () => {
  test('ready, then not ready with a reason: DnStateChanged with the work mode and the reason as reasons[ReasonCode]', async () => {
    expect((await agent1.post('voice/ready', { operationId: 'op-ready' })).body).toEqual({ status: { code: 1 } });
    const ready = await agent1.dnState('Ready');
    expect(ready).toEqual({ messageType: 'DnStateChanged', operationId: 'op-ready', dn: { number: '7001', agentId: '7001', agentState: 'Ready', agentWorkMode: 'ManualIn' } });
    await agent1.post('voice/not-ready', { data: { reasonCode: 'Lunch', agentWorkMode: 'AuxWork' } });
    const notReady = await agent1.dnState('NotReady');
    expect(notReady.dn).toEqual({ number: '7001', agentId: '7001', agentState: 'NotReady', agentWorkMode: 'AuxWork', reasons: [{ key: 'ReasonCode', type: 'str', value: 'Lunch' }] });
    const session = await agent1.get<CurrentSessionBody>('current-session');
    expect(session.body.data.user.activeSession?.dn).toEqual(notReady.dn);
  });

  test('voice logout: LoggedOut, then ready is refused by T-Server (EventError); voice login: NotReady again', async () => {
    await agent1.post('voice/logout');
    await agent1.dnState('LoggedOut');
    await agent1.post('voice/ready');
    expect((await agent1.eventError()).error.errorMessage).toMatch(/not logged in/);
    await agent1.post('voice/login');
    await agent1.dnState('NotReady');
  });

  test('activate-channels with agentWorkMode AutoIn makes Ready mean AutoIn', async () => {
    const agent2 = await agentSession(fake, 'agent2', { agentWorkMode: 'AutoIn' });
    try {
      await agent2.post('voice/ready');
      expect((await agent2.dnState('Ready')).dn.agentWorkMode).toBe('AutoIn');
    } finally {
      await agent2.close();
    }
  });
});

describe('completing calls', () => {
  test('with autoCompleteCall false a released call stays, with complete to do, until complete: Completed', async () => {
    const agent2 = await agentSession(fake, 'agent2', { autoCompleteCall: false });
    try {
      const connId = await customerCalls(fake, 'agent2', '+15551110003');
      await agent2.callState('Ringing', connId);
      await control(fake, 'POST', `/calls/${connId}/hang-up`);
      const released = await agent2.callState('Released', connId);
      expect(released.call.capabilities).toEqual(['complete']);
      const kept = await agent2.get<CurrentSessionBody>('current-session');
      expect(kept.body.data.user.activeSession?.calls.map((c) => c.state)).toEqual(['Released']);
      expect((await agent2.post(`voice/calls/${connId}/complete`, { data: { userData: [] } })).status).toBe(200);
      await agent2.callState('Completed', connId);
      const gone = await agent2.get<CurrentSessionBody>('current-session');
      expect(gone.body.data.user.activeSession?.calls).toEqual([]);
    } finally {
      await agent2.close();
    }
  });
});

describe("the agent's phone (control API)", () => {
  test('answering and hanging up on the phone: the same events, without an operationId', async () => {
    const connId = await customerCalls(fake, 'agent1', '+15551110004');
    await agent1.callState('Ringing', connId);
    expect((await control(fake, 'POST', `/calls/${connId}/phone`, { agent: 'agent1', action: 'answer' })).status).toBe(200);
    expect((await agent1.callState('Established', connId)).operationId).toBeUndefined();
    await control(fake, 'POST', `/calls/${connId}/phone`, { agent: 'agent1', action: 'release' });
    await agent1.callState('Released', connId);
  });
});
