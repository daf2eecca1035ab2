/** @jest-environment node */
/**
 * The bridge in workspace mode against the fake GWS (dev/fakeGws), for what the vendor contract does not reach: each
 * agent's own link and session, GWS ending a session (expired token, restart), Genesys' voice service going away and
 * coming back (resynchronized from current-session), and one agent's trouble leaving the others alone.
 */
import { request as httpRequest } from 'node:http';
import { CLOSE_CODES } from '../../protocol/bridgeProtocol';
import { startFakeGws, type FakeGws } from '../../dev/fakeGws/server';
import type { Bridge } from '../../server/src/app';
import { WorkspaceBackend } from '../../server/src/backend/workspace/workspaceBackend';
import { resolveConfig } from '../../server/src/loadConfig';
import { BridgeKit, postCommand, type EventStream } from './bridgeTestKit';

const CLIENT = { clientId: 'bridge-test', clientSecret: 'bridge-test-secret' };

function nodeRequest(url: string, method: string, body?: string, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method, headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text === '' ? undefined : (JSON.parse(text) as unknown) }));
    });
    request.on('error', reject);
    request.end(body);
  });
}

const kit = new BridgeKit();
let fake: FakeGws | undefined;
afterEach(async () => {
  await kit.cleanup();
  await fake?.close();
  fake = undefined;
});

async function world(port = 0): Promise<{ gws: FakeGws; bridge: Bridge }> {
  fake = await startFakeGws({ port, clients: [{ ...CLIENT, redirectUris: [], grantTypes: ['password'] }], log: () => undefined });
  const bridge = await kit.start({ mode: 'secure', backend: 'workspace', workspace: { baseUrl: fake.url, requestTimeoutMs: 3000, cometdTimeoutMs: 5000 } });
  return { gws: fake, bridge };
}

async function tokenOf(gws: FakeGws, userName: string): Promise<string> {
  const basic = Buffer.from(`${CLIENT.clientId}:${CLIENT.clientSecret}`).toString('base64');
  const form = new URLSearchParams({ grant_type: 'password', username: userName, password: userName }).toString();
  const answer = await nodeRequest(`${gws.url}/auth/v3/oauth/token`, 'POST', form, { 'Content-Type': 'application/x-www-form-urlencoded', Authorization: `Basic ${basic}` });
  return (answer.body as { access_token: string }).access_token;
}

function control(gws: FakeGws, path: string, body: Record<string, unknown> = {}): Promise<{ status: number; body: unknown }> {
  return nodeRequest(`${gws.url}/fake-gws/control${path}`, 'POST', JSON.stringify(body), { 'Content-Type': 'application/json' });
}

async function signedIn(gws: FakeGws, bridge: Bridge, userName: string): Promise<{ stream: EventStream; token: string }> {
  const token = await tokenOf(gws, userName);
  const { stream, snapshot } = await kit.connectAndSnapshot(bridge, { token });
  expect(snapshot).toMatchObject({ agent: { agentId: userName }, linkConnected: true });
  return { stream, token };
}

test('the DN comes from Genesys: each agent\'s session is at the DN GWS gives them, and their calls reach them only', async () => {
  const { gws, bridge } = await world();
  const one = await signedIn(gws, bridge, 'agent1');
  const two = await signedIn(gws, bridge, 'agent2');

  expect((await control(gws, '/calls', { agent: 'agent2', ani: '+15550100' })).status).toBe(201);

  expect(await two.stream.waitFor('EventRinging')).toMatchObject({ thisDN: '7002', ANI: '+15550100', callType: 'Inbound' });
  expect(one.stream.received.some((event) => event.eventName === 'EventRinging')).toBe(false);
});

test('a destination written for people (+1 650 555 0100) is dialed as its digits: GWS hands it to the switch as it is', async () => {
  const { gws, bridge } = await world();
  const one = await signedIn(gws, bridge, 'agent1');

  const answer = await postCommand(bridge, { type: 'MakeCall', destination: '+1 (650) 555-0100' }, { token: one.token });

  expect(answer.status).toBe(200);
  expect(await one.stream.waitFor('EventDialing')).toMatchObject({ thisDN: '7001', callType: 'Outbound' });
  const calls = (await nodeRequest(`${gws.url}/fake-gws/control/calls`, 'GET')).body as Array<{ parties: Array<{ number: string }> }>;
  expect(calls.map((call) => call.parties.map((party) => party.number))).toEqual([['7001', '+16505550100']]);
});

test('an expired token ends the agent\'s session: their sessions are closed with 4001 and the reason; the other agent goes on', async () => {
  const { gws, bridge } = await world();
  const one = await signedIn(gws, bridge, 'agent1');
  const two = await signedIn(gws, bridge, 'agent2');

  expect((await control(gws, '/agents/agent1/tokens/expire')).status).toBe(200);

  const closed = await one.stream.closed;
  expect(closed.code).toBe(CLOSE_CODES.tokenExpired);
  expect(closed.reason).toMatch(/sign in again/);
  expect((await postCommand(bridge, { type: 'Ready' }, { token: two.token })).status).toBe(200);
  await two.stream.waitFor('EventAgentReady');
  // Coming back with the expired token is refused as such (a new one is needed).
  expect((await postCommand(bridge, { type: 'Ready' }, { token: one.token })).status).toBe(401);
});

test('Genesys\' voice service down and up: link down for the agent, commands refused; back, resynchronized, with a fresh snapshot', async () => {
  const { gws, bridge } = await world();
  const one = await signedIn(gws, bridge, 'agent1');
  await control(gws, '/calls', { agent: 'agent1', ani: '+15550100' });
  const ringing = await one.stream.waitFor('EventRinging');

  await control(gws, '/services/VOICE', { state: 'UNAVAILABLE' });
  await one.stream.waitFor('EventLinkDisconnected');
  expect(await postCommand(bridge, { type: 'Accept', connectionId: ringing.connectionId }, { token: one.token })).toMatchObject({ status: 503, body: { errorCode: 'LINK_DOWN' } });
  // While the service is away the customer hangs up: nothing of it is told then (as the fake's GWS does).
  await control(gws, `/calls/${ringing.connectionId}/hang-up`);
  await control(gws, '/services/VOICE', { state: 'AVAILABLE' });

  await one.stream.waitFor('EventLinkConnected');
  // current-session no longer lists the call: the fresh snapshot has none.
  expect(await one.stream.waitFor('EventRegistered')).toMatchObject({ linkConnected: true, calls: [] });
});

test('GWS restarted: the session it no longer knows is ended (4001) once the notifications reconnect and are refused', async () => {
  const { gws, bridge } = await world();
  const one = await signedIn(gws, bridge, 'agent1');
  const port = gws.port;

  await gws.close();
  fake = undefined;
  await one.stream.waitFor('EventLinkDisconnected');
  fake = await startFakeGws({ port, clients: [{ ...CLIENT, redirectUris: [], grantTypes: ['password'] }], log: () => undefined });

  expect((await one.stream.closed).code).toBe(CLOSE_CODES.tokenExpired);
  // The CometD client retries with a growing backoff (at most 10 s between tries) while GWS is away.
}, 30_000);

test('a Workspace session opened for REST commands alone (no WebSocket holds it) is let go after its last use, and opened again when needed', async () => {
  fake = await startFakeGws({ clients: [{ ...CLIENT, redirectUris: [], grantTypes: ['password'] }], log: () => undefined });
  const gws = fake;
  const letGo: string[] = [];
  const log = { info: (_fields: object, message: string) => void letGo.push(message), warn: () => undefined, error: () => undefined };
  const workspace = { baseUrl: gws.url, requestTimeoutMs: 3000, cometdTimeoutMs: 5000 };
  const backend = new WorkspaceBackend(resolveConfig({ backend: 'workspace', workspace }).workspace!, log, { lingerMs: 300 });
  try {
    const bridge = await kit.start({ mode: 'secure', backend: 'workspace', workspace }, backend);
    const token = await tokenOf(gws, 'agent1');
    const sessionsAtGws = async (): Promise<number> =>
      ((await nodeRequest(`${gws.url}/fake-gws/control/agents`, 'GET')).body as { userName: string; sessions: number }[]).find((agent) => agent.userName === 'agent1')?.sessions ?? 0;

    const first = await postCommand(bridge, { type: 'NotReady' }, { token });
    expect(first.status).toBe(200);
    expect(await sessionsAtGws()).toBe(1);
    // Let go once unused (as when a balancer sends a command to an instance that holds no WebSocket of the agent's).
    await waitFor(() => letGo.includes("the agent's Genesys session is no longer used: let go"));
    expect((await postCommand(bridge, { type: 'NotReady' }, { token })).status).toBe(200);
    expect(await sessionsAtGws()).toBe(2);
  } finally {
    await backend.close();
  }
}, 30_000);

/** Resolves once the condition holds; rejects after 10 s. */
async function waitFor(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('the condition did not come true within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** agent1 signed in, and a customer's call to agent1 answered through the bridge. */
async function agent1Talking(gws: FakeGws, bridge: Bridge): Promise<{ one: { stream: EventStream; token: string }; call: string }> {
  const one = await signedIn(gws, bridge, 'agent1');
  const { body } = await control(gws, '/calls', { agent: 'agent1', ani: '+15550100' });
  const call = (body as { connId: string }).connId;
  await one.stream.waitFor('EventRinging');
  await postCommand(bridge, { type: 'Accept', connectionId: call }, { token: one.token });
  await one.stream.waitFor('EventEstablished');
  return { one, call };
}

test('a consult completed as a conference, on the wire: EventHeld, the consult\'s EventDialing (Consult, transferConnectionId), EventPartyAdded', async () => {
  const { gws, bridge } = await world();
  const { one, call } = await agent1Talking(gws, bridge);

  const initiated = await postCommand(bridge, { type: 'InitiateTransfer', connectionId: call, destination: '7002' }, { token: one.token });

  expect(initiated.status).toBe(200);
  expect(await one.stream.waitFor('EventHeld')).toMatchObject({ connectionId: call });
  const dialing = await one.stream.waitFor('EventDialing');
  expect(dialing).toMatchObject({ callType: 'Consult', transferConnectionId: call, ANI: '7002', referenceId: initiated.body.referenceId });
  await control(gws, `/calls/${dialing.connectionId}/phone`, { agent: 'agent2', action: 'answer' });
  await one.stream.waitFor('EventEstablished', (event) => event.connectionId === dialing.connectionId);

  const completed = await postCommand(bridge, { type: 'CompleteConference', connectionId: call, consultConnectionId: dialing.connectionId }, { token: one.token });

  expect(completed.status).toBe(200);
  expect(await one.stream.waitFor('EventReleased')).toMatchObject({ connectionId: dialing.connectionId, callState: 'Conferenced', releasingParty: 'Local' });
  expect(await one.stream.waitFor('EventRetrieved')).toMatchObject({ connectionId: call, referenceId: completed.body.referenceId });
  expect(await one.stream.waitFor('EventPartyAdded')).toMatchObject({ connectionId: call, thirdPartyDN: '7002' });
  const { snapshot } = await kit.connectAndSnapshot(bridge, { token: one.token });
  expect(snapshot.calls).toEqual([expect.objectContaining({ connectionId: call, state: 'Established', otherParties: ['+15550100', '7002'] })]);
});

test('a single-step transfer, on the wire: EventReleased with callState Transferred and the destination; a refused one names it', async () => {
  const { gws, bridge } = await world();
  const { one, call } = await agent1Talking(gws, bridge);

  const refused = await postCommand(bridge, { type: 'SingleStepTransfer', connectionId: call, destination: '7999' }, { token: one.token });
  expect(refused).toMatchObject({ status: 502, body: { errorCode: 'BACKEND_ERROR', field: 'destination', errorMessage: expect.stringContaining('Invalid Destination DN') } });

  const transferred = await postCommand(bridge, { type: 'SingleStepTransfer', connectionId: call, destination: '70-02' }, { token: one.token });

  expect(transferred.status).toBe(200);
  expect(await one.stream.waitFor('EventReleased')).toMatchObject({ connectionId: call, callState: 'Transferred', releasingParty: 'Local', thirdPartyDN: '7002' });
});
