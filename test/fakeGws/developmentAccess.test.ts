/** @jest-environment node */
/**
 * What the control API offers development pages on loopback: an agent's access token for a toolbar whose
 * `genesys.tokenUrl` names it (fetched with `credentials: 'include'`), and CORS for loopback origins only.
 */
import type { FakeGws } from '../../dev/fakeGws/server';
import { startTestFake, WorkspaceClient } from './gwsTestKit';

let fake: FakeGws;

beforeEach(async () => {
  fake = await startTestFake();
});

afterEach(async () => {
  await fake.close();
});

const TOOLBAR_ORIGIN = 'http://127.0.0.1:8000';

describe('GET /fake-gws/control/agents/{userName}/token', () => {
  test('signs the agent in: the token opens that agent’s Workspace session, and no cache keeps it', async () => {
    const answer = await fetch(`${fake.url}/fake-gws/control/agents/agent2/token`, { headers: { Origin: TOOLBAR_ORIGIN } });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toBe('no-store');
    const { token } = (await answer.json()) as { token: string };
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    const client = new WorkspaceClient(fake);
    try {
      await client.start(token);
      const session = await client.request<{ data: { user: { userName: string } } }>('GET', 'current-session');
      expect(session.body.data.user.userName).toBe('agent2');
    } finally {
      await client.close();
    }
  });

  test('a new token each time; an unknown agent is 404 naming it', async () => {
    const first = (await (await fetch(`${fake.url}/fake-gws/control/agents/agent1/token`)).json()) as { token: string };
    const second = (await (await fetch(`${fake.url}/fake-gws/control/agents/agent1/token`)).json()) as { token: string };
    expect(first.token).not.toBe(second.token);
    const unknown = await fetch(`${fake.url}/fake-gws/control/agents/nobody/token`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'no agent "nobody"' });
  });

  test('with no OAuth client configured there is nobody to issue it to: 409', async () => {
    await fake.close();
    fake = await startTestFake({ clients: [] });
    const answer = await fetch(`${fake.url}/fake-gws/control/agents/agent1/token`);
    expect(answer.status).toBe(409);
  });
});

describe('CORS on the control API', () => {
  test('a loopback page’s credentialed request gets its own origin back, with credentials allowed', async () => {
    for (const origin of [TOOLBAR_ORIGIN, 'http://localhost:8000', 'http://[::1]:8123']) {
      const answer = await fetch(`${fake.url}/fake-gws/control/agents`, { headers: { Origin: origin } });
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-allow-credentials')).toBe('true');
      expect(answer.headers.get('vary')).toBe('Origin');
    }
  });

  test('errors carry them too, so the page can read why', async () => {
    const answer = await fetch(`${fake.url}/fake-gws/control/calls/nope/hang-up`, { method: 'POST', headers: { Origin: TOOLBAR_ORIGIN } });
    expect(answer.status).toBe(404);
    expect(answer.headers.get('access-control-allow-origin')).toBe(TOOLBAR_ORIGIN);
  });

  test('a JSON POST’s preflight is answered for a loopback origin, and left without CORS headers for any other', async () => {
    const preflight = (origin: string) =>
      fetch(`${fake.url}/fake-gws/control/calls`, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type' } });
    const loopback = await preflight('http://localhost:8000');
    expect(loopback.status).toBe(204);
    expect(loopback.headers.get('access-control-allow-origin')).toBe('http://localhost:8000');
    expect(loopback.headers.get('access-control-allow-methods')).toBe('GET, POST');
    expect(loopback.headers.get('access-control-allow-headers')).toBe('Content-Type');

    for (const origin of ['https://evil.example', 'http://localhost.evil.example:8000', 'null']) {
      const other = await preflight(origin);
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
      expect(other.headers.get('access-control-allow-methods')).toBeNull();
    }
  });

  test('the Workspace and Authentication APIs get none of it: they are GWS’s, and GWS’s CORS is its deployment’s', async () => {
    const answer = await fetch(`${fake.url}/workspace/v3/current-session`, { headers: { Origin: TOOLBAR_ORIGIN } });
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });
});
