/**
 * The customer's side of the Genesys bridge's T-Server simulator, through its control API (/simulator/*, mounted
 * only when the simulator is the bridge's backend). It acts on the DN of the bridge's development agent, the one
 * the toolbar signs in as under `npm start`, and plays the transfer target's phone (simulator.transferTarget): the
 * colleague a transfer or a consult reaches, and who transfers callers to the agent.
 */
import { ControlApi } from './controlApi';
import type { CustomerSide, PanelCall, PanelCallState, PanelThirdParty } from './customerSide';

export const DEFAULT_BRIDGE_URL = 'http://127.0.0.1:8087';

interface StateCall {
  readonly connId: string;
  readonly callType: string;
  readonly state: string;
  readonly ani?: string;
  readonly otherDN: string;
  /** A consult call: the call it was placed for. */
  readonly transferConnId?: string;
  /** The DTMF digits the customer heard. */
  readonly digitsHeard?: string;
}

/** A call of the switch as a whole (GET /simulator/state's `calls`). */
interface SwitchCall {
  readonly connId: string;
  readonly callType: string;
  readonly outside?: { readonly number: string; readonly digitsHeard: string };
  readonly parties: ReadonlyArray<{ readonly dn: string; readonly state: string }>;
  readonly consultFor?: string;
  readonly formerDNs: readonly string[];
}

interface SimulatorState {
  readonly devAgentDn: string | null;
  readonly transferTarget: string | null;
  readonly dns: ReadonlyArray<{ readonly dn: string; readonly calls: readonly StateCall[] }>;
  readonly calls: readonly SwitchCall[];
}

/** Genesys' call states (T-Server's, and the Workspace API's) as the panel shows them; any other is not shown. */
export const PANEL_STATES: Record<string, PanelCallState | undefined> = { Ringing: 'ringing', Dialing: 'dialing', Established: 'talking', Held: 'held' };

/** A phone's party at the far end of a transfer or consult, as the panel shows the third party. */
function thirdPartyOf(party: { readonly dn: string; readonly state: string }, conferenced = false): PanelThirdParty {
  return { destination: party.dn, state: conferenced ? 'conferenced' : party.state === 'Ringing' ? 'ringing' : 'talking' };
}

export class GenesysCustomerSide implements CustomerSide {
  readonly description: string;
  /** The development agent's DN, as the last state read said (the panel reads the state before any softphone click). */
  private devAgentDn: string | null = null;
  /** The transfer target's DN, as the last state read said. */
  private target: string | null = null;
  private readonly api: ControlApi;

  constructor(bridgeUrl: string, fetchFn?: typeof fetch) {
    this.api = new ControlApi(bridgeUrl, fetchFn);
    this.description = `Genesys T-Server simulator at ${bridgeUrl}: the customer, the agent's softphone and the transfer target's phone.`;
  }

  /** The transfer target's DN, once the state has been read (the panel reads it every second). */
  get targetDestinations(): readonly string[] {
    return this.target === null ? [] : [this.target];
  }

  async calls(): Promise<PanelCall[]> {
    const state = await this.state();
    const agentDn = state.devAgentDn;
    const dn = state.dns.find((entry) => entry.dn === agentDn);
    const agentCalls = dn?.calls ?? [];
    // The agent's consult calls are shown as their call's third party, not as calls.
    const ownConnIds = new Set(agentCalls.map((call) => call.connId));
    const customersCalls = agentCalls.filter((call) => !(call.callType === 'Consult' && call.transferConnId !== undefined && ownConnIds.has(call.transferConnId)));
    const shown = customersCalls.flatMap((call) => {
      const panelState = PANEL_STATES[call.state];
      if (!panelState) return [];
      const heard = call.digitsHeard ? { digitsHeard: call.digitsHeard } : {};
      const thirdParty = this.thirdPartyOf(state, call.connId);
      const panelCall: PanelCall = {
        id: call.connId,
        direction: call.callType === 'Inbound' ? 'inbound' : 'outbound',
        state: panelState,
        number: call.ani ?? call.otherDN,
        ...heard,
        ...(thirdParty ? { thirdParty } : {}),
      };
      return [panelCall];
    });
    return [...shown, ...this.transferredAway(state)];
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

  /** The target answers the call of `callId` ringing at its phone: the consult placed for it, or the call itself. */
  async targetAnswers(callId: string): Promise<void> {
    const leg = await this.targetLeg(callId);
    await this.api.post(`/simulator/phones/${encodeURIComponent(leg.dn)}/answer`, { connectionId: leg.connId });
  }

  /** The target declines the call ringing at its phone (a release while it rings). */
  async targetRefuses(callId: string): Promise<void> {
    const leg = await this.targetLeg(callId);
    if (leg.state !== 'Ringing') throw new Error(`The call at ${leg.dn} is not ringing: it cannot be refused.`);
    await this.api.post(`/simulator/phones/${encodeURIComponent(leg.dn)}/release`, { connectionId: leg.connId });
  }

  async targetHangsUp(callId: string): Promise<void> {
    const leg = await this.targetLeg(callId);
    await this.api.post(`/simulator/phones/${encodeURIComponent(leg.dn)}/release`, { connectionId: leg.connId });
  }

  async setTargetBusy(busy: boolean): Promise<void> {
    const target = this.target ?? (await this.state()).transferTarget;
    if (target === null) throw new Error('The bridge has no transfer target (simulator.transferTarget).');
    await this.api.post(`/simulator/phones/${encodeURIComponent(target)}/busy`, { busy });
  }

  /** The colleague at the transfer target transfers a caller from `number` to the development agent. */
  transferToAgent(number: string): Promise<void> {
    return this.api.post('/simulator/transfers', { ani: number });
  }

  private softphone(action: 'answer' | 'release' | 'hold' | 'retrieve', callId: string): Promise<void> {
    return this.api.post(`/simulator/phones/${encodeURIComponent(this.phoneDn())}/${action}`, { connectionId: callId });
  }

  private phoneDn(): string {
    if (this.devAgentDn === null) throw new Error('The bridge names no development agent (is it in secure mode?): no softphone to use.');
    return this.devAgentDn;
  }

  private async state(): Promise<SimulatorState> {
    const state = await this.api.get<SimulatorState>('/simulator/state');
    this.devAgentDn = state.devAgentDn;
    this.target = state.transferTarget;
    return state;
  }

  /** The third party of one of the agent's calls: its consult call's other phone, or a phone in a conference with it. */
  private thirdPartyOf(state: SimulatorState, connId: string): PanelThirdParty | undefined {
    const others = (call: SwitchCall) => call.parties.filter((party) => party.dn !== state.devAgentDn);
    const consult = state.calls.find((call) => call.consultFor === connId);
    const consulted = consult ? others(consult)[0] : undefined;
    if (consulted) return thirdPartyOf(consulted);
    const call = state.calls.find((candidate) => candidate.connId === connId);
    const member = call && call.outside ? others(call)[0] : undefined;
    return member ? thirdPartyOf(member, true) : undefined;
  }

  /** Customers' calls that left the agent for another phone (a transfer, or a conference the agent left). */
  private transferredAway(state: SimulatorState): PanelCall[] {
    const agentDn = state.devAgentDn;
    if (agentDn === null) return [];
    return state.calls.flatMap((call) => {
      const party = call.parties.find((candidate) => candidate.dn !== agentDn);
      if (!call.outside || !party || !call.formerDNs.includes(agentDn) || call.parties.some((candidate) => candidate.dn === agentDn)) return [];
      const heard = call.outside.digitsHeard ? { digitsHeard: call.outside.digitsHeard } : {};
      const panelCall: PanelCall = {
        id: call.connId,
        direction: call.callType === 'Inbound' ? 'inbound' : 'outbound',
        state: 'transferred',
        number: call.outside.number,
        ...heard,
        thirdParty: thirdPartyOf(party),
      };
      return [panelCall];
    });
  }

  /** The target's party a panel action on `callId` acts on: the consult call's, else the call's own at another phone. */
  private async targetLeg(callId: string): Promise<{ dn: string; connId: string; state: string }> {
    const state = await this.state();
    const elsewhere = (call: SwitchCall) => call.parties.find((party) => party.dn !== state.devAgentDn);
    for (const call of [...state.calls.filter((candidate) => candidate.consultFor === callId), ...state.calls.filter((candidate) => candidate.connId === callId)]) {
      const party = elsewhere(call);
      if (party) return { dn: party.dn, connId: call.connId, state: party.state };
    }
    throw new Error(`No transfer target is on call ${callId}.`);
  }
}
