/**
 * The customer's side of the fake GWS (dev/fakeGws), for the bridge's Workspace backend: through the fake's control
 * API (/fake-gws/control/*; README "Fake GWS") it plays the customer who calls one agent, the callee of that agent's
 * outbound calls, and the agent's own phone. It acts on the agent the page names (`fakeGws.agent`), the one whose
 * token the toolbar presents.
 */
import { ControlApi } from './controlApi';
import type { CustomerSide, PanelCall } from './customerSide';
import { PANEL_STATES } from './genesysCustomerSide';

export const DEFAULT_FAKE_GWS_AGENT = 'agent1';

/** What the panel reads of the Workspace API's model Call, as GET /fake-gws/control/agents/{userName}/calls answers. */
interface WorkspaceCall {
  readonly id: string;
  readonly callType: string;
  readonly state: string;
  readonly ani?: string;
  readonly participants: ReadonlyArray<{ readonly number: string }>;
}

export class FakeGwsCustomerSide implements CustomerSide {
  readonly description: string;
  private readonly api: ControlApi;
  private readonly agentPath: string;

  constructor(
    fakeGwsUrl: string,
    private readonly agent: string,
    fetchFn?: typeof fetch,
  ) {
    this.api = new ControlApi(`${fakeGwsUrl}/fake-gws/control`, fetchFn);
    this.agentPath = `/agents/${encodeURIComponent(agent)}`;
    this.description = `Fake GWS at ${fakeGwsUrl}: the customer and ${agent}'s phone.`;
  }

  async calls(): Promise<PanelCall[]> {
    const calls = await this.api.get<WorkspaceCall[]>(`${this.agentPath}/calls`);
    // The Workspace API's Call says nothing of DTMF: what the other party heard is in the fake's view of every call.
    const parties = await this.api.get<Array<{ connId: string; digitsHeard: string }>>('/calls');
    const heard = new Map(parties.map((call) => [call.connId, call.digitsHeard]));
    return calls.flatMap((call) => {
      const state = PANEL_STATES[call.state];
      if (!state) return [];
      const digits = heard.get(call.id);
      // The Workspace API's phoneNumber is the agent's own DN; the other party is the ANI, else the participant.
      const number = call.ani ?? call.participants[0]?.number ?? '';
      return [{ id: call.id, direction: call.callType === 'Inbound' ? 'inbound' : 'outbound', state, number, ...(digits ? { digitsHeard: digits } : {}) }];
    });
  }

  callAgent(number: string): Promise<void> {
    return this.api.post('/calls', { agent: this.agent, ani: number });
  }

  hangUp(callId: string): Promise<void> {
    return this.api.post(`${this.callPath(callId)}/hang-up`);
  }

  calleeAnswers(callId: string): Promise<void> {
    return this.api.post(`${this.callPath(callId)}/answer`);
  }

  calleeBusy(callId: string): Promise<void> {
    return this.api.post(`${this.callPath(callId)}/busy`);
  }

  softphoneAnswer(callId: string): Promise<void> {
    return this.phone(callId, 'answer');
  }

  softphoneHangUp(callId: string): Promise<void> {
    return this.phone(callId, 'release');
  }

  softphoneHold(callId: string): Promise<void> {
    return this.phone(callId, 'hold');
  }

  softphoneResume(callId: string): Promise<void> {
    return this.phone(callId, 'retrieve');
  }

  private phone(callId: string, action: 'answer' | 'release' | 'hold' | 'retrieve'): Promise<void> {
    return this.api.post(`${this.callPath(callId)}/phone`, { agent: this.agent, action });
  }

  private callPath(callId: string): string {
    return `/calls/${encodeURIComponent(callId)}`;
  }
}
