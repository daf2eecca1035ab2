/** @jest-environment node */
/**
 * The simulator control API (/simulator/*): what it does, its refusals (NOT_FOUND 404, CONFLICT 409,
 * BAD_REQUEST 400, in the reply shape), the state view and development tokens.
 */
import { AGENT1_DN, AGENT2_DN, BridgeKit, callsAt, customerCalls, postCommand, simulator } from './bridgeTestKit';

const kit = new BridgeKit();
afterEach(() => kit.cleanup());

const CUSTOMER = '+15550100';

describe('actions', () => {
  test('POST /simulator/calls rings the development agent\'s DN by default, or the DN given; 201 with the ids', async () => {
    const bridge = await kit.start();

    const toDevAgent = await simulator(bridge, 'POST', '/simulator/calls', { ani: CUSTOMER });
    const toAgent2 = await simulator(bridge, 'POST', '/simulator/calls', { ani: CUSTOMER, dn: AGENT2_DN });

    expect(toDevAgent.status).toBe(201);
    expect(toDevAgent.body).toEqual({ connectionId: expect.stringMatching(/^[0-9a-f]{16}$/), eventId: expect.any(String) });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: toDevAgent.body.connectionId, state: 'Ringing' })]);
    expect(await callsAt(bridge, AGENT2_DN)).toEqual([expect.objectContaining({ connId: toAgent2.body.connectionId })]);
  });

  test('the softphone answers the DN\'s one ringing call without naming it', async () => {
    const bridge = await kit.start();
    const { connectionId } = await customerCalls(bridge, CUSTOMER);

    const answered = await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/answer`);

    expect(answered).toMatchObject({ status: 200, body: { ok: true, connectionId } });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: connectionId, state: 'Established' })]);
  });

  test('GET /simulator/state lists every DN with its agent and calls, and the development agent\'s DN', async () => {
    const bridge = await kit.start();
    await postCommand(bridge, { type: 'initialize' });
    const { connectionId } = await customerCalls(bridge, CUSTOMER);

    const state = await simulator(bridge, 'GET', '/simulator/state');

    expect(state.status).toBe(200);
    expect(state.body).toEqual({
      devAgentDn: AGENT1_DN,
      transferTarget: AGENT2_DN,
      linkConnected: true,
      dns: [
        {
          dn: AGENT1_DN,
          agentId: 'agent1',
          agent: { agentId: 'agent1', state: 'Ready' },
          calls: [expect.objectContaining({ connId: connectionId, callType: 'Inbound', state: 'Ringing', ani: CUSTOMER })],
        },
        { dn: AGENT2_DN, agentId: 'agent2', agent: { state: 'LoggedOut' }, calls: [] },
      ],
      calls: [{ connId: connectionId, callType: 'Inbound', outside: { number: CUSTOMER, digitsHeard: '' }, parties: [{ dn: AGENT1_DN, state: 'Ringing' }], formerDNs: [] }],
    });
  });

  test('POST /simulator/transfers: another agent (the transfer target by default) transfers a caller to the development agent', async () => {
    const bridge = await kit.start();
    const { stream } = await kit.connectAndSnapshot(bridge);

    const transferred = await simulator(bridge, 'POST', '/simulator/transfers', { ani: CUSTOMER });

    expect(transferred).toMatchObject({ status: 201, body: { connectionId: expect.stringMatching(/^[0-9a-f]{16}$/), eventId: expect.any(String) } });
    expect(await stream.waitFor('EventRinging')).toMatchObject({ connectionId: transferred.body.connectionId, ANI: CUSTOMER, thirdPartyDN: AGENT2_DN, callType: 'Inbound' });
    const state = await simulator(bridge, 'GET', '/simulator/state');
    expect(state.body.calls).toEqual([expect.objectContaining({ parties: [{ dn: AGENT1_DN, state: 'Ringing' }], formerDNs: [AGENT2_DN] })]);
  });

  test('POST /simulator/phones/{dn}/busy makes a phone busy to calls, and free again', async () => {
    const bridge = await kit.start();

    expect(await simulator(bridge, 'POST', `/simulator/phones/${AGENT2_DN}/busy`, { busy: true })).toMatchObject({ status: 200, body: { ok: true, busy: true } });
    expect((await simulator(bridge, 'POST', '/simulator/calls', { ani: CUSTOMER, dn: AGENT2_DN })).body).toMatchObject({ errorCode: 'BUSY' });
    expect((await simulator(bridge, 'POST', '/simulator/transfers', { ani: CUSTOMER, dn: AGENT2_DN, from: AGENT1_DN })).body).toMatchObject({ errorCode: 'BUSY' });
    await simulator(bridge, 'POST', `/simulator/phones/${AGENT2_DN}/busy`, { busy: false });
    expect((await simulator(bridge, 'POST', '/simulator/calls', { ani: CUSTOMER, dn: AGENT2_DN })).status).toBe(201);
  });

  test('a transfer target no agent has is a phone of the switch all the same, listed in the state', async () => {
    const bridge = await kit.start({ simulator: { ringTimeoutMs: null, dialTimeoutMs: null, transferTarget: '7100' } });
    const { stream } = await kit.connectAndSnapshot(bridge);
    const call = await customerCalls(bridge, CUSTOMER);
    await postCommand(bridge, { type: 'Accept', connectionId: call.connectionId });

    expect((await postCommand(bridge, { type: 'SingleStepTransfer', connectionId: call.connectionId, destination: '7100' })).status).toBe(200);

    expect(await stream.waitFor('EventReleased')).toMatchObject({ callState: 'Transferred', thirdPartyDN: '7100' });
    expect(await callsAt(bridge, '7100')).toEqual([expect.objectContaining({ connId: call.connectionId, state: 'Ringing' })]);
    expect((await simulator(bridge, 'GET', '/simulator/state')).body).toMatchObject({ transferTarget: '7100', dns: [{ dn: AGENT1_DN }, { dn: AGENT2_DN }, { dn: '7100', agentId: '' }] });
  });

  test('GET /simulator/token (development mode) mints a token the bridge accepts for that agent', async () => {
    const bridge = await kit.start();

    const minted = await simulator(bridge, 'GET', '/simulator/token?agent=agent2');

    expect(minted.status).toBe(200);
    const { snapshot } = await kit.connectAndSnapshot(bridge, { token: String(minted.body.token) });
    expect(snapshot.thisDN).toBe(AGENT2_DN);
  });
});

describe('refusals', () => {
  test('an unknown call is 404 NOT_FOUND for hangup, answer and busy', async () => {
    const bridge = await kit.start();
    for (const action of ['hangup', 'answer', 'busy']) {
      const result = await simulator(bridge, 'POST', `/simulator/calls/0123456789abcdef/${action}`);
      expect([action, result.status, result.body]).toEqual([action, 404, { ok: false, errorCode: 'NOT_FOUND', errorMessage: expect.any(String) }]);
    }
  });

  test('the callee answering an inbound call is 409 CONFLICT', async () => {
    const bridge = await kit.start();
    const { connectionId } = await customerCalls(bridge, CUSTOMER);
    const result = await simulator(bridge, 'POST', `/simulator/calls/${connectionId}/answer`);
    expect(result.status).toBe(409);
    expect(result.body).toMatchObject({ ok: false, errorCode: 'CONFLICT' });
  });

  test('a call to an unknown DN is 404, a missing or malformed ani is 400', async () => {
    const bridge = await kit.start();
    expect((await simulator(bridge, 'POST', '/simulator/calls', { ani: CUSTOMER, dn: '9999' })).status).toBe(404);
    const missing = await simulator(bridge, 'POST', '/simulator/calls', {});
    expect(missing.status).toBe(400);
    expect(missing.body).toMatchObject({ ok: false, errorCode: 'BAD_REQUEST', errorMessage: expect.stringContaining('ani') });
    expect((await simulator(bridge, 'POST', '/simulator/calls', { ani: 'nobody' })).body).toMatchObject({ errorCode: 'BAD_REQUEST' });
  });

  test('the softphone with nothing to answer or release is 404; an unknown DN is 404', async () => {
    const bridge = await kit.start();
    expect((await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/answer`)).status).toBe(404);
    expect((await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/release`, { connectionId: '0123456789abcdef' })).status).toBe(404);
    expect((await simulator(bridge, 'POST', '/simulator/phones/9999/answer')).status).toBe(404);
  });

  test('two ringing calls and no connectionId is 409; a connectionId of the wrong type is 400', async () => {
    const bridge = await kit.start();
    await customerCalls(bridge, CUSTOMER);
    await customerCalls(bridge, '+15550111');
    expect((await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/answer`)).status).toBe(409);
    expect((await simulator(bridge, 'POST', `/simulator/phones/${AGENT1_DN}/answer`, { connectionId: 5 })).status).toBe(400);
  });

  test('the link going down twice is 409, and customer actions while it is down are 409', async () => {
    const bridge = await kit.start();
    await simulator(bridge, 'POST', '/simulator/link/down');
    expect((await simulator(bridge, 'POST', '/simulator/link/down')).status).toBe(409);
    expect((await simulator(bridge, 'POST', '/simulator/calls', { ani: CUSTOMER })).status).toBe(409);
  });

  test('a page of another site is refused 403, and the call it tried to end is still up', async () => {
    const bridge = await kit.start();
    const { connectionId } = await customerCalls(bridge, CUSTOMER);

    const response = await fetch(`${bridge.url}/simulator/calls/${connectionId}/hangup`, { method: 'POST', headers: { Origin: 'https://evil.example.com' } });

    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({ ok: false, errorCode: 'FORBIDDEN' });
    expect(await callsAt(bridge, AGENT1_DN)).toEqual([expect.objectContaining({ connId: connectionId })]);
  });

  test('busy needs a boolean, and a DN of the switch; a transfer to a DN that is not one is 404', async () => {
    const bridge = await kit.start();
    expect((await simulator(bridge, 'POST', `/simulator/phones/${AGENT2_DN}/busy`, { busy: 'yes' })).status).toBe(400);
    expect((await simulator(bridge, 'POST', '/simulator/phones/9999/busy', { busy: true })).status).toBe(404);
    expect((await simulator(bridge, 'POST', '/simulator/transfers', { ani: CUSTOMER, from: '9999' })).status).toBe(404);
    expect((await simulator(bridge, 'POST', '/simulator/transfers', { ani: CUSTOMER, from: AGENT1_DN })).status).toBe(400);
  });

  test('a token for an agent not in the table, or without naming one, is refused', async () => {
    const bridge = await kit.start();
    expect((await simulator(bridge, 'GET', '/simulator/token?agent=mallory')).status).toBe(404);
    expect((await simulator(bridge, 'GET', '/simulator/token')).status).toBe(400);
  });
});
