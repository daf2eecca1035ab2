/** @jest-environment node */
/**
 * What `GENESYS_BACKEND=workspace npm start` starts (scripts/start-workspace.js): the fake GWS and a bridge with the
 * Workspace backend on it, each a process; the pages it prints point the toolbar at that bridge with a token URL the
 * bridge accepts, and the Customer panel at the fake.
 */
import { freePort } from '../e2e/https/nginx';
import { startWorkspaceBackend, type WorkspaceBackend } from '../support/startScripts';

jest.setTimeout(60_000);

let workspace: WorkspaceBackend | undefined;

afterAll(async () => {
  await workspace?.stop();
});

test('starts the fake GWS and a Workspace bridge on it; each page’s token URL gives a token that bridge accepts for that agent', async () => {
  const bridgePort = await freePort();
  workspace = await startWorkspaceBackend({ servePort: 8000, fakeGwsPort: 0, bridgePort, output: null });

  expect(workspace.bridgeUrl).toBe(`http://127.0.0.1:${bridgePort}`);
  expect(workspace.agents).toEqual([
    { userName: 'agent1', dn: '7001' },
    { userName: 'agent2', dn: '7002' },
  ]);
  expect(workspace.pages.map((page) => page.agent)).toEqual(['agent1', 'agent2']);

  const page = new URL(workspace.pages[1].url);
  expect(page.origin + page.pathname).toBe('http://localhost:8000/simulator.html');
  expect(Object.fromEntries(page.searchParams)).toEqual({
    'genesys.bridgeUrl': workspace.bridgeUrl,
    'genesys.tokenUrl': `${workspace.fakeGwsUrl}/fake-gws/control/agents/agent2/token`,
    'fakeGws.url': workspace.fakeGwsUrl,
    'fakeGws.agent': 'agent2',
    'fusion.agentId': 'agent2',
  });

  // What the toolbar does: GET the token URL, then command the bridge with it.
  const { token } = (await (await fetch(page.searchParams.get('genesys.tokenUrl') as string)).json()) as { token: string };
  const ready = await fetch(`${workspace.bridgeUrl}/genesys/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ type: 'Ready' }),
  });
  expect(ready.status).toBe(200);
  const agents = (await (await fetch(`${workspace.fakeGwsUrl}/fake-gws/control/agents`)).json()) as Array<{ userName: string; dnState: { agentState: string } }>;
  expect(agents.find((agent) => agent.userName === 'agent2')?.dnState.agentState).toBe('Ready');
});
