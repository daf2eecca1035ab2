/** @jest-environment node */
/**
 * Genesys giving a DN that one agent's session holds to another agent (hot-desking: agent B signs in at A's place).
 * The fake GWS gives each agent a DN of their own, so Genesys' side is played here by replacing WorkspaceAgent.open:
 * what is checked is the backend's own handling, that A's session is ended (so A's toolbars are closed and told to
 * sign in again) rather than dropped while A's toolbars stay on the DN and see B's calls.
 */
import type { TEvent } from '../../server/src/backend/telephonyBackend';
import { WorkspaceAgent } from '../../server/src/backend/workspace/workspaceAgent';
import { WorkspaceBackend } from '../../server/src/backend/workspace/workspaceBackend';
import { SILENT_LOG } from '../../server/src/backend/backendLog';
import { resolveConfig } from '../../server/src/loadConfig';

/** Just what the backend asks of an agent's session. */
function agentSession(agentId: string, dn: string): WorkspaceAgent & { ended: string[] } {
  const ended: string[] = [];
  return {
    agentId,
    dn,
    isOpen: true,
    ended,
    end: (reason: string) => void ended.push(reason),
    close: async () => undefined,
    status: () => ({ dn, agent: { state: 'NotReady', agentId }, calls: [], linkConnected: true }),
  } as unknown as WorkspaceAgent & { ended: string[] };
}

afterEach(() => jest.restoreAllMocks());

test('a DN Genesys gives to another agent: the previous agent\'s session is ended, saying so, and the DN is the new agent\'s', async () => {
  const alice = agentSession('alice', '7001');
  const bob = agentSession('bob', '7001');
  // Whose a token is, as GWS would say: the tokens here are named after their agents.
  jest.spyOn(WorkspaceAgent, 'whoIs').mockImplementation(async (credentials) => credentials.split('-')[0]);
  jest.spyOn(WorkspaceAgent, 'open').mockResolvedValueOnce(alice).mockResolvedValueOnce(bob);
  const config = resolveConfig({ backend: 'workspace', workspace: { baseUrl: 'http://127.0.0.1:9' } }).workspace;
  if (config === undefined) throw new Error('no workspace configuration');
  const backend = new WorkspaceBackend(config, SILENT_LOG);
  const events: TEvent[] = [];
  backend.onEvent((event) => events.push(event));
  try {
    expect(await backend.agentSessions.open('alice-token')).toEqual({ agentId: 'alice', dn: '7001' });
    expect(await backend.agentSessions.open('bob-token')).toEqual({ agentId: 'bob', dn: '7001' });

    expect(alice.ended).toEqual(['Genesys gave this DN to another agent: sign in again']);
    expect(bob.ended).toEqual([]);
    expect((await backend.query('7001')).agent).toMatchObject({ agentId: 'bob' });
    // Alice's token no longer reaches a session: it would have to be opened again.
    jest.spyOn(WorkspaceAgent, 'open').mockRejectedValueOnce(new Error('opened again'));
    await expect(backend.agentSessions.open('alice-token')).rejects.toThrow('opened again');
  } finally {
    await backend.close();
  }
});
