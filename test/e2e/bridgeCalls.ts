import { BRIDGE_URL, FAKE_GWS_URL, WORKSPACE_AGENT } from './server';

interface BridgeState {
  devAgentDn: string;
  dns: Array<{ dn: string; calls: Array<{ connId: string }> }>;
}

/** Leaves the development agent's phone without calls, whatever an earlier test left behind. */
export async function clearCalls(): Promise<void> {
  // A customer hanging up can leave a consult call behind (the toolbar that would release it is gone): go again.
  for (let round = 0; round < 5; round++) {
    const state = (await (await fetch(`${BRIDGE_URL}/simulator/state`)).json()) as BridgeState;
    const calls = state.dns.find((d) => d.dn === state.devAgentDn)?.calls ?? [];
    if (calls.length === 0) return;
    for (const call of calls) {
      const customer = await fetch(`${BRIDGE_URL}/simulator/calls/${call.connId}/hangup`, { method: 'POST' });
      // A call with nobody outside the switch (a consult to the target's DN): the agent's phone releases it.
      if (!customer.ok) {
        await fetch(`${BRIDGE_URL}/simulator/phones/${state.devAgentDn}/release`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ connectionId: call.connId }),
        });
      }
    }
  }
  throw new Error('the simulator still has calls at the agent after five rounds of hanging them up');
}

/** The same at the fake GWS, for the Workspace scenarios' agent: the other party of every call hangs up. */
export async function clearWorkspaceCalls(): Promise<void> {
  const control = `${FAKE_GWS_URL}/fake-gws/control`;
  const calls = (await (await fetch(`${control}/agents/${WORKSPACE_AGENT}/calls`)).json()) as Array<{ id: string }>;
  for (const call of calls) {
    const answer = await fetch(`${control}/calls/${call.id}/hang-up`, { method: 'POST' });
    if (!answer.ok) throw new Error(`the fake GWS would not end call ${call.id}: HTTP ${answer.status} ${await answer.text()}`);
  }
}
