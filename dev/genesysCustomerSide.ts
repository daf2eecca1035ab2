/**
 * The customer's side of the Genesys bridge's T-Server simulator, through its control API (/simulator/*, mounted
 * only when the simulator is the bridge's backend). It acts on the DN of the bridge's development agent, the one
 * the toolbar signs in as under `npm start`.
 */
import { ControlApi } from './controlApi';
import type { CustomerSide, PanelCall, PanelCallState } from './customerSide';

export const DEFAULT_BRIDGE_URL = 'http://127.0.0.1:8087';

interface StateCall {
  readonly connId: string;
  readonly callType: string;
  readonly state: string;
  readonly ani?: string;
  readonly otherDN: string;
  /** The DTMF digits the customer heard. */
  readonly digitsHeard?: string;
}

/** Genesys' call states (T-Server's, and the Workspace API's) as the panel shows them; any other is not shown. */
export const PANEL_STATES: Record<string, PanelCallState | undefined> = { Ringing: 'ringing', Dialing: 'dialing', Established: 'talking', Held: 'held' };

export class GenesysCustomerSide implements CustomerSide {
  readonly description: string;
  /** The development agent's DN, as the last state read said (the panel reads the state before any softphone click). */
  private devAgentDn: string | null = null;
  private readonly api: ControlApi;

  constructor(bridgeUrl: string, fetchFn?: typeof fetch) {
    this.api = new ControlApi(bridgeUrl, fetchFn);
    this.description = `Genesys T-Server simulator at ${bridgeUrl}: the customer and the agent's softphone.`;
  }

  async calls(): Promise<PanelCall[]> {
    const state = await this.api.get<{ devAgentDn: string | null; dns: Array<{ dn: string; calls: StateCall[] }> }>('/simulator/state');
    this.devAgentDn = state.devAgentDn;
    const dn = state.dns.find((entry) => entry.dn === state.devAgentDn);
    return (dn?.calls ?? []).flatMap((call) => {
      const panelState = PANEL_STATES[call.state];
      if (!panelState) return [];
      const heard = call.digitsHeard ? { digitsHeard: call.digitsHeard } : {};
      return [{ id: call.connId, direction: call.callType === 'Inbound' ? 'inbound' : 'outbound', state: panelState, number: call.ani ?? call.otherDN, ...heard }];
    });
  }

  callAgent(number: string): Promise<void> {
    return this.api.post('/simulator/calls', { ani: number });
  }

  hangUp(callId: string): Promise<void> {
    return this.api.post(`/simulator/calls/${encodeURIComponent(callId)}/hangup`);
  }

  calleeAnswers(callId: string): Promise<void> {
    return this.api.post(`/simulator/calls/${encodeURIComponent(callId)}/answer`);
  }

  calleeBusy(callId: string): Promise<void> {
    return this.api.post(`/simulator/calls/${encodeURIComponent(callId)}/busy`);
  }

  softphoneAnswer(callId: string): Promise<void> {
    return this.softphone('answer', callId);
  }

  softphoneHangUp(callId: string): Promise<void> {
    return this.softphone('release', callId);
  }

  softphoneHold(callId: string): Promise<void> {
    return this.softphone('hold', callId);
  }

  softphoneResume(callId: string): Promise<void> {
    return this.softphone('retrieve', callId);
  }

  private softphone(action: 'answer' | 'release' | 'hold' | 'retrieve', callId: string): Promise<void> {
    return this.api.post(`/simulator/phones/${encodeURIComponent(this.phoneDn())}/${action}`, { connectionId: callId });
  }

  private phoneDn(): string {
    if (this.devAgentDn === null) throw new Error('The bridge names no development agent (is it in secure mode?): no softphone to use.');
    return this.devAgentDn;
  }
}
