import { BRIDGE_URL, FAKE_GWS_URL, WORKSPACE_AGENT } from './server';

interface BridgeState {
  devAgentDn: string;
  dns: Array<{ dn: string; agent: { state: string; reasonCode?: string }; calls: Array<{ connId: string }> }>;
}

/** What a backend says of the agent: available or not, and the not-ready reason code it holds. */
export interface AgentAtTheSwitch {
  readonly available: boolean;
  readonly reasonCode?: string;
}

/** The development agent as the T-Server simulator has it. */
export async function simulatorAgent(): Promise<AgentAtTheSwitch> {
  const state = (await (await fetch(`${BRIDGE_URL}/simulator/state`)).json()) as BridgeState;
  const agent = state.dns.find((d) => d.dn === state.devAgentDn)?.agent;
  if (!agent) throw new Error(`the simulator has no DN ${state.devAgentDn}`);
  return { available: agent.state === 'Ready', ...(agent.reasonCode === undefined ? {} : { reasonCode: agent.reasonCode }) };
}

/** The Workspace scenarios' agent as the fake GWS has its DN: the reason is the ReasonCode of its reasons. */
export async function workspaceAgent(): Promise<AgentAtTheSwitch> {
  const agents = (await (await fetch(`${FAKE_GWS_URL}/fake-gws/control/agents`)).json()) as Array<{
    userName: string;
    dnState: { agentState: string; reasons?: Array<{ key: string; value: unknown }> };
  }>;
  const dn = agents.find((agent) => agent.userName === WORKSPACE_AGENT)?.dnState;
  if (!dn) throw new Error(`the fake GWS has no agent ${WORKSPACE_AGENT}`);
  const reasonCode = dn.reasons?.find((pair) => pair.key === 'ReasonCode')?.value;
  return { available: dn.agentState === 'Ready', ...(typeof reasonCode === 'string' ? { reasonCode } : {}) };
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
