/** @jest-environment node */
/**
 * The bridge's side of the Genesys sign-in (POST /auth/gws/token and /auth/gws/refresh) against the fake GWS: the
 * agent signs in on the fake's sign-in form, the bridge exchanges the code as GWS's confidential client, opens the
 * agent's Workspace session and says who signed in; refresh; every refusal in the bridge's terms; what it checks
 * before anything reaches GWS.
 */
import type { FakeGws } from '../../dev/fakeGws/server';
import type { Bridge } from '../../server/src/app';
import { CLIENT, REDIRECT_URI, signIn, startTestFake } from '../fakeGws/gwsTestKit';
import { BridgeKit, postCommand } from './bridgeTestKit';

// Each test starts the fake GWS and a bridge and opens Workspace sessions: on a loaded machine that takes longer than
// jest's default 5 s, which is about speed, not about what the tests check.
jest.setTimeout(60_000);

const ORIGIN = 'https://toolbar.example.com';
const kit = new BridgeKit();
let fake: FakeGws | undefined;
afterEach(async () => {
  await kit.cleanup();
  await fake?.close();
  fake = undefined;
});

async function world(workspace: Record<string, unknown> = CLIENT): Promise<{ gws: FakeGws; bridge: Bridge }> {
  fake = await startTestFake({ log: () => undefined });
  const bridge = await kit.start({
    mode: 'secure',
    backend: 'workspace',
    allowedOrigins: [ORIGIN],
    workspace: { baseUrl: fake.url, requestTimeoutMs: 5000, cometdTimeoutMs: 10_000, ...workspace },
  });
  return { gws: fake, bridge };
}

async function post(bridge: Bridge, path: string, body: unknown, origin = ORIGIN): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(`${bridge.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: origin }, body: JSON.stringify(body) });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

test('a code from the sign-in form is exchanged: the agent\'s tokens, who signed in, not cached; the access token is then the agent\'s bridge token', async () => {
  const { gws, bridge } = await world();
  const { code } = await signIn(gws, 'agent1');

  const answer = await post(bridge, '/auth/gws/token', { code, redirectUri: REDIRECT_URI });

  expect(answer).toMatchObject({ status: 200, body: { ok: true, agentId: 'agent1', expiresIn: 1800, accessToken: expect.any(String), refreshToken: expect.any(String) } });
  expect(answer.headers.get('cache-control')).toBe('no-store');
  const token = answer.body.accessToken as string;
  const { snapshot } = await kit.connectAndSnapshot(bridge, { token });
  expect(snapshot).toMatchObject({ thisDN: '7001', agent: { agentId: 'agent1' } });
  expect((await postCommand(bridge, { type: 'Ready' }, { token })).status).toBe(200);
});

test('refresh: a new access token for the same agent, which the bridge takes', async () => {
  const { gws, bridge } = await world();
  const { code } = await signIn(gws, 'agent2');
  const first = await post(bridge, '/auth/gws/token', { code, redirectUri: REDIRECT_URI });

  const renewed = await post(bridge, '/auth/gws/refresh', { refreshToken: first.body.refreshToken });

  expect(renewed).toMatchObject({ status: 200, body: { ok: true, expiresIn: 1800, accessToken: expect.any(String) } });
  expect(renewed.body.accessToken).not.toBe(first.body.accessToken);
  expect(renewed.body).not.toHaveProperty('agentId');
  const { snapshot } = await kit.connectAndSnapshot(bridge, { token: renewed.body.accessToken as string });
  expect(snapshot).toMatchObject({ agent: { agentId: 'agent2' } });
});

test('a code used twice, or for another redirect URI, and a revoked refresh token: 401, sign in again', async () => {
  const { gws, bridge } = await world();
  const { code } = await signIn(gws, 'agent1');
  const first = await post(bridge, '/auth/gws/token', { code, redirectUri: REDIRECT_URI });
  expect(first.status).toBe(200);

  expect(await post(bridge, '/auth/gws/token', { code, redirectUri: REDIRECT_URI })).toMatchObject({
    status: 401,
    body: { ok: false, errorCode: 'UNAUTHORIZED', errorMessage: 'Genesys refused the sign-in (invalid_grant: Invalid authorization code): sign in again' },
  });
  const other = await signIn(gws, 'agent1');
  expect(await post(bridge, '/auth/gws/token', { code: other.code, redirectUri: 'https://elsewhere.example.com/signin-callback.html' })).toMatchObject({
    status: 401,
    body: { errorCode: 'UNAUTHORIZED', errorMessage: expect.stringMatching(/invalid_grant: Redirect URI mismatch/) },
  });
  await fetch(`${gws.url}/fake-gws/control/agents/agent1/tokens/revoke`, { method: 'POST' });
  expect(await post(bridge, '/auth/gws/refresh', { refreshToken: first.body.refreshToken })).toMatchObject({ status: 401, body: { errorCode: 'UNAUTHORIZED' } });
});

test('a wrong client secret is the bridge\'s configuration, named as such (502); GWS down is 503', async () => {
  const { gws, bridge } = await world({ clientId: CLIENT.clientId, clientSecret: 'not-the-secret' });
  const { code } = await signIn(gws, 'agent1');

  expect(await post(bridge, '/auth/gws/token', { code, redirectUri: REDIRECT_URI })).toMatchObject({
    status: 502,
    body: { errorCode: 'BACKEND_ERROR', errorMessage: expect.stringMatching(/^Genesys refused the bridge's client \(invalid_client: Bad client credentials\): check workspace\.clientId and workspace\.clientSecret/) },
  });
  await gws.close();
  fake = undefined;
  expect(await post(bridge, '/auth/gws/refresh', { refreshToken: 'r-1' })).toMatchObject({ status: 503, body: { errorCode: 'LINK_DOWN', errorMessage: 'Genesys cannot be reached to complete the sign-in; try again later' } });
});

test('bodies are checked before GWS is asked, other sites\' pages are refused, and without the client the routes do not exist', async () => {
  const { bridge } = await world();
  expect(await post(bridge, '/auth/gws/token', { code: 'c' })).toMatchObject({ status: 400, body: { errorCode: 'BAD_REQUEST' } });
  expect(await post(bridge, '/auth/gws/token', { code: 'c', redirectUri: 'javascript:alert(1)' })).toMatchObject({ status: 400, body: { errorCode: 'BAD_REQUEST' } });
  expect(await post(bridge, '/auth/gws/refresh', { refreshToken: 'r', extra: 1 })).toMatchObject({ status: 400, body: { errorCode: 'BAD_REQUEST' } });
  expect(await post(bridge, '/auth/gws/refresh', { refreshToken: 'r' }, 'https://evil.example.com')).toMatchObject({ status: 403, body: { errorCode: 'FORBIDDEN' } });
  await kit.cleanup();

  const withoutClient = await kit.start({ mode: 'secure', backend: 'workspace', workspace: { baseUrl: fake?.url ?? '', requestTimeoutMs: 5000, cometdTimeoutMs: 10_000 } });
  expect(await post(withoutClient, '/auth/gws/refresh', { refreshToken: 'r' })).toMatchObject({ status: 404 });
});
