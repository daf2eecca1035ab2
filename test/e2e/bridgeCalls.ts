import { BRIDGE_URL, FAKE_GWS_URL, WORKSPACE_AGENT } from './server';

interface BridgeState {
  devAgentDn: string;
  dns: Array<{ dn: string; calls: Array<{ connId: string }> }>;
}

/** Leaves the development agent's phone without calls, whatever an earlier test left behind. */
export async function clearCalls(): Promise<void> {
  const state = (await (await fetch(`${BRIDGE_URL}/simulator/state`)).json()) as BridgeState;
  const calls = state.dns.find((d) => d.dn === state.devAgentDn)?.calls ?? [];
  for (const call of calls) await fetch(`${BRIDGE_URL}/simulator/calls/${call.connId}/hangup`, { method: 'POST' });
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
