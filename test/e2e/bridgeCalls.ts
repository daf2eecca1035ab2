import { BRIDGE_URL } from './server';

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
