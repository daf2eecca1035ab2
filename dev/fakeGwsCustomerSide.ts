/**
 * The customer's side of the fake GWS (dev/fakeGws), for the bridge's Workspace backend: through the fake's control
 * API (/fake-gws/control/*; README "Fake GWS") it plays the customer who calls one agent, the callee of that agent's
 * outbound calls, the agent's own phone, and the phones of the fake's other agents, the colleagues a transfer or
 * consult reaches (and who transfer callers to the agent). It acts on the agent the page names (`fakeGws.agent`), the
 * one whose token the toolbar presents.
 */
import { ControlApi } from './controlApi';
import type { CustomerSide, PanelCall, PanelThirdParty } from './customerSide';
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

/** A call as GET /fake-gws/control/calls lists it: every party, those who left it too. */
interface FakeCall {
  readonly connId: string;
  readonly callType: string;
  readonly digitsHeard: string;
  readonly parentConnId?: string;
  readonly parties: ReadonlyArray<{ readonly number: string; readonly agent: string | null; readonly state: string; readonly left?: boolean }>;
}

type FakeParty = FakeCall['parties'][number];

/** On the call now: not released, completed or gone. */
function present(party: FakeParty): boolean {
  return !party.left && party.state !== 'Released' && party.state !== 'Completed';
}

function thirdPartyOf(party: FakeParty, conferenced = false): PanelThirdParty {
  return { destination: party.number, state: conferenced ? 'conferenced' : party.state === 'Ringing' ? 'ringing' : 'talking' };
}

export class FakeGwsCustomerSide implements CustomerSide {
  readonly description: string;
  private readonly api: ControlApi;
  private readonly agentPath: string;
  /** The other agents (user name and DN), as the last read of the fake's agents said. */
  private colleagues: ReadonlyArray<{ readonly userName: string; readonly dn: string }> = [];

  constructor(
    fakeGwsUrl: string,
    private readonly agent: string,
    fetchFn?: typeof fetch,
  ) {
    this.api = new ControlApi(`${fakeGwsUrl}/fake-gws/control`, fetchFn);
    this.agentPath = `/agents/${encodeURIComponent(agent)}`;
    this.description = `Fake GWS at ${fakeGwsUrl}: the customer, ${agent}'s phone and the other agents' phones.`;
  }

  /** The other agents' DNs, where a transfer or consult goes (known once the calls have been read). */
  get targetDestinations(): readonly string[] {
    return this.colleagues.map((colleague) => colleague.dn);
  }

  async calls(): Promise<PanelCall[]> {
    const calls = await this.api.get<WorkspaceCall[]>(`${this.agentPath}/calls`);
    // The Workspace API's Call says nothing of DTMF nor of the consulted party's phone: the fake's view of every call does.
    const everything = await this.api.get<FakeCall[]>('/calls');
    const agents = await this.api.get<Array<{ userName: string; dn: string }>>('/agents');
    this.colleagues = agents.filter((entry) => entry.userName !== this.agent).map(({ userName, dn }) => ({ userName, dn }));
    const byId = new Map(everything.map((call) => [call.connId, call]));
    const shown = calls.flatMap((call) => {
      const state = PANEL_STATES[call.state];
      // A consult call is shown as its call's third party.
      if (!state || byId.get(call.id)?.parentConnId !== undefined) return [];
      const digits = byId.get(call.id)?.digitsHeard;
      const thirdParty = this.thirdPartyOf(everything, call.id);
      // The Workspace API's phoneNumber is the agent's own DN; the other party is the ANI, else the participant.
      const number = call.ani ?? call.participants[0]?.number ?? '';
      const panelCall: PanelCall = {
        id: call.id,
        direction: call.callType === 'Inbound' ? 'inbound' : 'outbound',
        state,
        number,
        ...(digits ? { digitsHeard: digits } : {}),
        ...(thirdParty ? { thirdParty } : {}),
      };
      return [panelCall];
    });
    return [...shown, ...this.transferredAway(everything)];
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

  /** The colleague answers the call of `callId` ringing at their phone: the consult placed for it, or the call itself. */
  async targetAnswers(callId: string): Promise<void> {
    const leg = await this.colleagueLeg(callId);
    await this.api.post(`${this.callPath(leg.connId)}/phone`, { agent: leg.agent, action: 'answer' });
  }

  async targetRefuses(callId: string): Promise<void> {
    const leg = await this.colleagueLeg(callId);
    if (leg.state !== 'Ringing') throw new Error(`The call at ${leg.number} is not ringing: it cannot be refused.`);
    await this.api.post(`${this.callPath(leg.connId)}/phone`, { agent: leg.agent, action: 'release' });
  }

  async targetHangsUp(callId: string): Promise<void> {
    const leg = await this.colleagueLeg(callId);
    await this.api.post(`${this.callPath(leg.connId)}/phone`, { agent: leg.agent, action: 'release' });
  }

  /** The first other agent transfers a caller from `number` to this agent. */
  async transferToAgent(number: string): Promise<void> {
    if (this.colleagues.length === 0) await this.calls();
    const from = this.colleagues[0];
    if (!from) throw new Error('The fake GWS has no other agent to transfer a call from.');
    await this.api.post('/transfers', { agent: this.agent, from: from.userName, ani: number });
  }

  private phone(callId: string, action: 'answer' | 'release' | 'hold' | 'retrieve'): Promise<void> {
    return this.api.post(`${this.callPath(callId)}/phone`, { agent: this.agent, action });
  }

  private callPath(callId: string): string {
    return `/calls/${encodeURIComponent(callId)}`;
  }

  /** Another agent's party on a call (a colleague's phone). */
  private colleagueOn(call: FakeCall): FakeParty | undefined {
    return call.parties.find((party) => party.agent !== null && party.agent !== this.agent && present(party));
  }

  /** The third party of one of the agent's calls: its consult call's colleague, or a colleague in a conference with it. */
  private thirdPartyOf(everything: readonly FakeCall[], connId: string): PanelThirdParty | undefined {
    const consult = everything.find((call) => call.parentConnId === connId);
    const consulted = consult ? this.colleagueOn(consult) : undefined;
    if (consulted) return thirdPartyOf(consulted);
    const call = everything.find((candidate) => candidate.connId === connId);
    const member = call && call.parties.some((party) => party.agent === null && present(party)) ? this.colleagueOn(call) : undefined;
    return member ? thirdPartyOf(member, true) : undefined;
  }

  /** Customers' calls that left this agent for a colleague (a transfer, or a conference the agent left). */
  private transferredAway(everything: readonly FakeCall[]): PanelCall[] {
    return everything.flatMap((call) => {
      const customer = call.parties.find((party) => party.agent === null && present(party));
      const colleague = this.colleagueOn(call);
      const left = call.parties.some((party) => party.agent === this.agent && party.left === true);
      const here = call.parties.some((party) => party.agent === this.agent && present(party));
      if (!customer || !colleague || !left || here) return [];
      const panelCall: PanelCall = {
        id: call.connId,
        direction: call.callType === 'Inbound' ? 'inbound' : 'outbound',
        state: 'transferred',
        number: customer.number,
        ...(call.digitsHeard ? { digitsHeard: call.digitsHeard } : {}),
        thirdParty: thirdPartyOf(colleague),
      };
      return [panelCall];
    });
  }

  /** The colleague's party a panel action on `callId` acts on: on the consult call, else on the call itself. */
  private async colleagueLeg(callId: string): Promise<{ connId: string; agent: string; number: string; state: string }> {
    const everything = await this.api.get<FakeCall[]>('/calls');
    for (const call of [...everything.filter((candidate) => candidate.parentConnId === callId), ...everything.filter((candidate) => candidate.connId === callId)]) {
      const party = this.colleagueOn(call);
      if (party?.agent) return { connId: call.connId, agent: party.agent, number: party.number, state: party.state };
    }
    throw new Error(`No colleague is on call ${callId}.`);
  }
}
