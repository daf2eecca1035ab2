/** @jest-environment node */
/**
 * The fake GWS's Workspace session: initialize-workspace with a bearer token, the WORKSPACE_SESSIONID cookie on every
 * later request and on the CometD handshake, the initialization's completion on CometD, activate-channels, and the
 * session's end when its token does.
 */
import type { FakeGws } from '../../dev/fakeGws/server';
import { accessTokenFor, agentSession, control, customerCalls, startTestFake, WorkspaceClient, type AgentsBody, type CurrentSessionBody } from './gwsTestKit';

let fake: FakeGws;
const clients: WorkspaceClient[] = [];

function client(): WorkspaceClient {
  const created = new WorkspaceClient(fake);
  clients.push(created);
  return created;
}

beforeEach(async () => {
  fake = await startTestFake();
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await fake.close();
});

// The CometD client warns on the console of each refused handshake, which these tests provoke, and its retries may
// warn again after a test's end.
beforeAll(() => {
  jest.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterAll(() => {
  jest.restoreAllMocks();
});

describe('initialize-workspace', () => {
  test('takes the bearer token, answers status code 1 and sets the WORKSPACE_SESSIONID cookie', async () => {
    const token = await accessTokenFor(fake, 'agent1');
    const workspace = client();
    const answer = await workspace.initialize(token.access_token);
    expect(answer).toEqual({ status: 200, body: { status: { code: 1 } } });
    expect(workspace.sessionId).toMatch(/^[A-Za-z0-9_-]{20,}$/);
  });

  test('refuses a missing or unknown token: 401', async () => {
    const missing = await fetch(`${fake.url}/workspace/v3/initialize-workspace`, { method: 'POST' });
    expect(missing.status).toBe(401);
    expect(await missing.json()).toEqual({ status: { code: 401, message: expect.any(String) } });
    expect((await client().initialize('not-a-token')).status).toBe(401);
  });

  test('every other Workspace request needs the session cookie; a bearer token alone is not a session', async () => {
    const token = await accessTokenFor(fake, 'agent1');
    const bearerOnly = await fetch(`${fake.url}/workspace/v3/current-session`, { headers: { Authorization: `Bearer ${token.access_token}` } });
    expect(bearerOnly.status).toBe(401);
    const workspace = client();
    await workspace.initialize(token.access_token);
    const withCookie = await workspace.get<CurrentSessionBody>('current-session');
    expect(withCookie.status).toBe(200);
    expect(withCookie.body.data.user).toMatchObject({ userName: 'agent1', agentLogin: '7001', defaultPlace: 'Place_7001' });
    expect(withCookie.body.data.user.activeSession).toBeUndefined();
  });
});

describe('CometD at /workspace/v3/notifications', () => {
  test('refuses a handshake without a session cookie: HTTP 401', async () => {
    const reply = await client().connect();
    expect(reply.successful).toBe(false);
    expect((reply as { failure?: { httpCode?: number } }).failure?.httpCode).toBe(401);
  });

  test('after the handshake, /workspace/v3/initialization says the workspace is complete, with the user', async () => {
    const workspace = client();
    await workspace.initialize((await accessTokenFor(fake, 'agent2')).access_token);
    expect((await workspace.connect()).successful).toBe(true);
    const init = await workspace.initialized();
    expect(init.state).toBe('Complete');
    expect(init.data.user).toMatchObject({ userName: 'agent2', employeeId: 'agent2', agentLogin: '7002', defaultPlace: 'Place_7002' });
    expect(init.data.configuration.actionCodes).toEqual([
      { name: 'Break', code: 'Break', userProperties: [] },
      { name: 'Lunch', code: 'Lunch', userProperties: [] },
    ]);
  });

  test("a session that joins an agent whose channel is active learns its DN and calls from the initialization (activeSession)", async () => {
    const first = await agentSession(fake, 'agent1');
    clients.push(first);
    await first.post('voice/ready');
    await first.dnState('Ready');
    const connId = await customerCalls(fake, 'agent1', '+15554440002');
    await first.callState('Ringing', connId);
    const second = client();
    await second.initialize((await accessTokenFor(fake, 'agent1')).access_token);
    await second.connect();
    const { activeSession } = (await second.initialized()).data.user;
    expect(activeSession?.dn).toEqual({ number: '7001', agentId: '7001', agentState: 'Ready', agentWorkMode: 'ManualIn' });
    expect(activeSession?.calls.map((call) => [call.id, call.state])).toEqual([[connId, 'Ringing']]);
  });

  test('a client may subscribe to the Workspace channels only, and publish on none', async () => {
    const workspace = client();
    await workspace.initialize((await accessTokenFor(fake, 'agent1')).access_token);
    await workspace.connect();
    expect((await workspace.subscribe('/workspace/v3/elsewhere')).successful).toBe(false);
    expect((await workspace.subscribe('/workspace/v3/media/chat')).successful).toBe(true);
    const published = await workspace.publish('/workspace/v3/voice', { messageType: 'CallStateChanged' });
    expect(published.successful).toBe(false);
  });
});

describe('activate-channels', () => {
  test("logs the agent in at its place's DN: status code 0, then DnStateChanged NotReady; current-session has the DN", async () => {
    const workspace = client();
    await workspace.initialize((await accessTokenFor(fake, 'agent1')).access_token);
    await workspace.connect();
    const answer = await workspace.post('activate-channels', { data: { agentId: '7001', placeName: 'Place_7001' } });
    expect(answer).toEqual({ status: 200, body: { status: { code: 0 } } });
    const dn = await workspace.dnState();
    expect(dn.dn).toEqual({ number: '7001', agentId: '7001', agentState: 'NotReady', agentWorkMode: 'Unknown' });
    const session = await workspace.get<CurrentSessionBody>('current-session');
    expect(session.body.data.user.activeSession).toEqual({
      autoCompleteCall: true,
      currentPlace: 'Place_7001',
      dn: { number: '7001', agentId: '7001', agentState: 'NotReady', agentWorkMode: 'Unknown' },
      calls: [],
      services: [{ serviceName: 'VOICE', serviceState: 'AVAILABLE' }],
    });
  });

  test("refuses another agent's DN or place, and an agentId that is not the user's", async () => {
    const workspace = client();
    await workspace.initialize((await accessTokenFor(fake, 'agent1')).access_token);
    expect((await workspace.post('activate-channels', { data: { agentId: '7001', dn: '7002' } })).status).toBe(403);
    expect((await workspace.post('activate-channels', { data: { agentId: '7001', placeName: 'Place_7002' } })).status).toBe(403);
    expect((await workspace.post('activate-channels', { data: { agentId: '7002', dn: '7001' } })).status).toBe(403);
    expect((await workspace.post('activate-channels', { data: { agentId: 'agent1', dn: '7001' } })).status).toBe(200);
  });

  test('voice requests before activate-channels are refused: 409', async () => {
    const workspace = client();
    await workspace.initialize((await accessTokenFor(fake, 'agent1')).access_token);
    const ready = await workspace.post('voice/ready');
    expect(ready.status).toBe(409);
    expect(ready.body.status.message).toMatch(/not activated/);
  });
});

describe('keeping a session', () => {
  test('auth-keep-alive answers 200 while the session lives, 401 once it ended', async () => {
    const agent1 = await agentSession(fake, 'agent1');
    clients.push(agent1);
    expect((await agent1.request('GET', 'auth-keep-alive')).status).toBe(200);
    await control(fake, 'POST', '/agents/agent1/sessions/end');
    expect((await agent1.request('GET', 'auth-keep-alive')).status).toBe(401);
  });
});

describe('an API key', () => {
  test('with apiKey set, every Authentication and Workspace request needs it in x-api-key: 403 without', async () => {
    const keyed = await startTestFake({ apiKey: 'k-123' });
    try {
      const authorize = `${keyed.url}/auth/v3/oauth/authorize?client_id=toolbar-test&redirect_uri=${encodeURIComponent('http://127.0.0.1:9/genesys/callback')}&response_type=code`;
      expect((await fetch(authorize)).status).toBe(403);
      expect((await fetch(authorize, { headers: { 'x-api-key': 'k-123' } })).status).toBe(200);
      const initialize = await fetch(`${keyed.url}/workspace/v3/initialize-workspace`, { method: 'POST', headers: { 'x-api-key': 'wrong' } });
      expect(initialize.status).toBe(403);
      expect(await initialize.json()).toEqual({ status: { code: 403, message: expect.stringContaining('x-api-key') } });
    } finally {
      await keyed.close();
    }
  });
});

describe('the end of a session', () => {
  test('a revoked token ends its session: REST 401, the CometD client is dropped and cannot handshake again, the agent is logged out', async () => {
    const agent1 = await agentSession(fake, 'agent1');
    clients.push(agent1);
    await control(fake, 'POST', '/agents/agent1/tokens/revoke');
    expect((await agent1.get('current-session')).status).toBe(401);
    await agent1.failure((message) => (message as { failure?: { httpCode?: number } }).failure?.httpCode === 401);
    const agents = (await control<AgentsBody>(fake, 'GET', '/agents')).body;
    expect(agents.find((a) => a.userName === 'agent1')).toMatchObject({ sessions: 0, dnState: { agentState: 'LoggedOut' } });
  });

  test('an expired token ends its session too; a refreshed token opens a new one', async () => {
    const agent1 = await agentSession(fake, 'agent1');
    clients.push(agent1);
    await control(fake, 'POST', '/agents/agent1/tokens/expire');
    expect((await agent1.get('current-session')).status).toBe(401);
    const again = await agentSession(fake, 'agent1');
    clients.push(again);
    expect((await again.get('current-session')).status).toBe(200);
  });

  test('logout ends the session and logs the agent out', async () => {
    const agent1 = await agentSession(fake, 'agent1');
    clients.push(agent1);
    await agent1.close();
    expect(await agent1.post('logout')).toEqual({ status: 200, body: { status: { code: 0 } } });
    expect((await agent1.get('current-session')).status).toBe(401);
    const agents = (await control<AgentsBody>(fake, 'GET', '/agents')).body;
    expect(agents.find((a) => a.userName === 'agent1')?.dnState.agentState).toBe('LoggedOut');
  });

  test("signing out one token ends that token's session only; the agent's other session keeps the DN logged in and hears the calls", async () => {
    const first = await agentSession(fake, 'agent1');
    const secondToken = await accessTokenFor(fake, 'agent1');
    const second = new WorkspaceClient(fake);
    await second.start(secondToken.access_token);
    clients.push(first, second);
    const signedOut = await fetch(`${fake.url}/auth/v3/sign-out`, { method: 'POST', headers: { Authorization: `Bearer ${secondToken.access_token}` } });
    expect(signedOut.status).toBe(200);
    expect((await second.get('current-session')).status).toBe(401);
    expect((await first.get<CurrentSessionBody>('current-session')).body.data.user.activeSession?.dn.agentState).toBe('NotReady');
    const connId = await customerCalls(fake, 'agent1', '+15554440001');
    await first.callState('Ringing', connId);
  });

  test("one agent's session ending leaves the other agent's working", async () => {
    const agent1 = await agentSession(fake, 'agent1');
    const agent2 = await agentSession(fake, 'agent2');
    clients.push(agent1, agent2);
    await control(fake, 'POST', '/agents/agent1/sessions/end');
    expect((await agent1.get('current-session')).status).toBe(401);
    expect((await agent2.post('voice/ready')).status).toBe(200);
    await agent2.dnState('Ready');
  });
});
