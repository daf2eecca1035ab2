/**
 * The voice channel as the Workspace API exposes it: each agent's DN (logged in or not, ready or not) and the calls
 * at those DNs, changed by the agents' requests and by the other side of each call (customers, callees), with the
 * checks a switch makes. Every change is told to the agents concerned as the CometD message GWS would send; this
 * module knows nothing of HTTP or CometD (workspace.ts and control.ts drive it).
 *
 * Model: T-Server's calls (GenEM's basic call models,
 * https://all.docs.genesys.com/VM/Current/VMEventsandModels/BasicCallModels) seen through GWS's Call resource: one
 * ConnID per call, each party with its own state. A customer or callee is a party outside the switch; an internal
 * call has an agent at each end, each seeing its own party.
 *
 * Transfers and conferences follow what Genesys' Agent API Simulator does with the Workspace API's operations
 * (https://github.com/GenesysPureEngage/agent-api-simulator/blob/master/src/service/controllers/voice.js, handleCall):
 * single-step-transfer releases the agent's party and rings the destination on the same call; initiate-transfer holds
 * the call and places a call of type Consult whose parentConnId is the held call; complete-transfer (on the consult
 * call) releases both calls at the agent and moves the consulted party onto the held call; complete-conference
 * releases the consult call, moves the consulted party onto the held call as one more participant and retrieves it; a
 * party leaving a call of three leaves the others talking, each told the participants left. Beyond the simulator,
 * which answers them 501: initiate-conference (as initiate-transfer) and reconnect (the consult call released, the held
 * call retrieved), as the Workspace API describes them
 * (https://github.com/GenesysPureEngage/workspace-client-js/blob/master/src/internal/voice-api.js). The party that
 * moves onto the held call hears it with previousConnId, the consult call's id, as the Call model has it and Genesys'
 * clients re-key by it. Destinations are the agents' DNs: transfers to numbers outside the switch are not modeled, and
 * refused as the switch refuses a destination it cannot route (EventError 415, Invalid Destination DN).
 */
import type { FakeAgent } from './config';
import { newCallUuid, newConnId } from './ids';
import type { AgentState, CallState, CallType, GwsCall, GwsDn, Kvpair, PartyRole, VoiceMessage } from './payloads';
import { SWITCH_ERRORS } from './payloads';

type PartyState = Exclude<CallState, 'Completed'>;

interface Line {
  readonly agent: FakeAgent;
  /** activate-channels was done (and the session that did it has not logged out). */
  activated: boolean;
  /** The agent is logged in at the DN (voice/logout and voice/login change this without ending the session). */
  loggedIn: boolean;
  agentId: string;
  state: Exclude<AgentState, 'LoggedOut'>;
  workMode: string;
  reasons: readonly Kvpair[];
  /** The work mode Ready puts the agent in (activate-channels' agentWorkMode: AutoIn or ManualIn). */
  readyWorkMode: string;
  /** activate-channels' autoCompleteCall: a released call is completed at once (the default) or waits for complete. */
  autoComplete: boolean;
}

interface Party {
  /** The agent's line, or undefined for a party outside the switch (a customer, a callee). */
  readonly line?: Line;
  readonly number: string;
  role: PartyRole;
  state: PartyState;
  /** Released and completed: the agent no longer sees the call. */
  completed: boolean;
  /** Left a call that went on without it (a transfer, a conference): no longer one of its participants. */
  left: boolean;
}

interface Call {
  readonly connId: string;
  readonly callUuid: string;
  readonly callType: CallType;
  readonly dnis: string;
  readonly ani?: string;
  readonly userData: readonly Kvpair[];
  /** In the order they joined: the origination, the destination, then any party a transfer or conference brought. */
  readonly parties: Party[];
  /** A consult call: the call it was placed for. */
  readonly parentConnId?: string;
  /** The DTMF digits the party outside the switch has heard (send-dtmf), in order. */
  digitsHeard: string;
}

/** A request refused before it reaches the switch: the HTTP status and message GWS answers at once. */
export interface Refusal {
  readonly httpStatus: number;
  readonly message: string;
}

export type Notify = (agent: FakeAgent, message: VoiceMessage) => void;

export interface ActivateRequest {
  readonly agentId?: string;
  readonly dn?: string;
  readonly placeName?: string;
  readonly agentWorkMode?: string;
  readonly autoCompleteCall?: boolean;
}

/**
 * What each party state offers (model Call.capabilities), after Genesys' simulator's data/voice/capabilities.yaml
 * (https://github.com/GenesysPureEngage/agent-api-simulator/blob/master/data/voice/capabilities.yaml), keeping only
 * the operations this fake implements: it lists clear, redirect, transfers, conferences, recording and user data
 * too, which the fake answers 501 (as the simulator does for several of them).
 */
const CAPABILITIES: Readonly<Record<PartyState | 'ReleasedPending', readonly string[]>> = {
  Ringing: ['answer'],
  Dialing: ['release', 'send-dtmf'],
  Established: ['release', 'hold', 'send-dtmf', 'initiate-conference', 'initiate-transfer', 'single-step-transfer'],
  Held: ['release', 'retrieve', 'send-dtmf'],
  Released: [],
  ReleasedPending: ['complete'],
};
/** The simulator's ConsultOrigin capabilities: what the agent who placed a consult call may do with it. */
const CONSULT_CAPABILITIES: Readonly<Partial<Record<PartyState, readonly string[]>>> = {
  Dialing: ['release', 'send-dtmf', 'complete-transfer', 'complete-conference'],
  Established: ['release', 'hold', 'send-dtmf', 'reconnect', 'complete-conference', 'complete-transfer'],
};

/** What the agent's phone can do, and the party states it can do it in. */
export const PHONE_ACTIONS = ['answer', 'release', 'hold', 'retrieve'] as const;
export type PhoneAction = (typeof PHONE_ACTIONS)[number];
const PHONE_ACTION_FROM: Readonly<Record<PhoneAction, (state: PartyState) => boolean>> = {
  answer: (state) => state === 'Ringing',
  release: (state) => state !== 'Released',
  hold: (state) => state === 'Established',
  retrieve: (state) => state === 'Held',
};

/** Numbers a switch can dial: digits and the keypad's * # and a leading +. */
const DIALABLE = /^\+?[0-9*#]{1,32}$/;

export class Voice {
  private readonly lines = new Map<string, Line>();
  private readonly calls = new Map<string, Call>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  constructor(
    agents: readonly FakeAgent[],
    private readonly notify: Notify,
    private readonly outboundAutoAnswerMs: number | null,
  ) {
    for (const agent of agents) {
      this.lines.set(agent.userName, {
        agent,
        activated: false,
        loggedIn: false,
        agentId: agent.agentLogin,
        state: 'NotReady',
        workMode: 'Unknown',
        reasons: [],
        readyWorkMode: 'ManualIn',
        autoComplete: true,
      });
    }
  }

  // ----- The agent's DN -----

  /**
   * activate-channels: logs the agent in at its DN (GWS sends T-Server RequestAgentLogin) and reports the DN's state,
   * then every call already at the DN (CallRecovered). A DN or place that is not the agent's own is refused.
   */
  activate(agent: FakeAgent, request: ActivateRequest): Refusal | undefined {
    const line = this.lineOf(agent);
    if (request.agentId === undefined) return { httpStatus: 400, message: 'data.agentId is required' };
    if (request.agentId !== agent.agentLogin && request.agentId !== agent.employeeId) {
      return { httpStatus: 403, message: `agentId ${request.agentId} is not this user's agent login` };
    }
    if ((request.dn === undefined) === (request.placeName === undefined)) {
      return { httpStatus: 400, message: 'give one of data.dn and data.placeName' };
    }
    if (request.dn !== undefined && request.dn !== agent.dn) {
      return { httpStatus: 403, message: `DN ${request.dn} is not assigned to this user` };
    }
    if (request.placeName !== undefined && request.placeName !== agent.place) {
      return { httpStatus: 403, message: `place ${request.placeName} is not assigned to this user` };
    }
    line.activated = true;
    line.agentId = request.agentId;
    line.readyWorkMode = request.agentWorkMode ?? 'ManualIn';
    line.autoComplete = request.autoCompleteCall ?? true;
    if (!line.loggedIn) {
      // SIP Server logs an agent in NotReady (EventAgentLogin, then EventAgentNotReady).
      line.loggedIn = true;
      line.state = 'NotReady';
      line.workMode = 'Unknown';
      line.reasons = [];
    }
    this.notify(agent, this.dnMessage(line));
    for (const call of this.calls.values()) {
      const party = partyAt(call, line);
      if (party && !party.completed) this.notify(agent, this.callMessage(call, party, 'CallRecovered'));
    }
    return undefined;
  }

  /** The session that activated the channel is over (logout, or its token ended): the agent is logged out. */
  deactivate(agent: FakeAgent): void {
    const line = this.lineOf(agent);
    line.activated = false;
    if (line.loggedIn) {
      line.loggedIn = false;
      this.notify(agent, this.dnMessage(line));
    }
  }

  isActivated(agent: FakeAgent): boolean {
    return this.lineOf(agent).activated;
  }

  /** What current-session reports of an activated channel. */
  autoCompleteOf(agent: FakeAgent): boolean {
    return this.lineOf(agent).autoComplete;
  }

  ready(agent: FakeAgent, operationId?: string): Refusal | undefined {
    return this.changeAgentState(agent, operationId, (line) => {
      line.state = 'Ready';
      line.workMode = line.readyWorkMode;
      line.reasons = [];
    });
  }

  notReady(agent: FakeAgent, request: { reasonCode?: string; agentWorkMode?: string; reasons?: readonly Kvpair[] }, operationId?: string): Refusal | undefined {
    return this.changeAgentState(agent, operationId, (line) => {
      line.state = 'NotReady';
      // T-Server's EventAgentNotReady carries the request's work mode, AgentWorkModeUnknown when it names none.
      line.workMode = request.agentWorkMode ?? 'Unknown';
      line.reasons = [...(request.reasons ?? []), ...(request.reasonCode !== undefined ? [{ key: 'ReasonCode', type: 'str', value: request.reasonCode }] : [])];
    });
  }

  /** voice/logout: the agent leaves the DN but keeps the Workspace session. */
  logoutVoice(agent: FakeAgent, operationId?: string): Refusal | undefined {
    const line = this.lineOf(agent);
    if (!line.activated) return notActivated();
    if (!line.loggedIn) return this.refuse(agent, SWITCH_ERRORS.agentAlreadyLoggedOut, operationId);
    line.loggedIn = false;
    this.notify(agent, this.dnMessage(line, operationId));
    return undefined;
  }

  /** voice/login: logs the agent in again with what activate-channels gave. */
  loginVoice(agent: FakeAgent, operationId?: string): Refusal | undefined {
    const line = this.lineOf(agent);
    if (!line.activated) return notActivated();
    line.loggedIn = true;
    line.state = 'NotReady';
    line.workMode = 'Unknown';
    line.reasons = [];
    this.notify(agent, this.dnMessage(line, operationId));
    return undefined;
  }

  dnOf(agent: FakeAgent): GwsDn {
    return this.dnView(this.lineOf(agent));
  }

  // ----- The agent's requests on calls -----

  answer(agent: FakeAgent, connId: string, operationId?: string): Refusal | undefined {
    return this.onCall(agent, connId, operationId, (call, mine) => {
      if (mine.state !== 'Ringing') return SWITCH_ERRORS.invalidCallState;
      this.connect(call, mine, operationId);
      return undefined;
    });
  }

  /** Hangs up a talking, held or dialing call, or declines a ringing one (T-Server's release of an alerting call). */
  release(agent: FakeAgent, connId: string, operationId?: string): Refusal | undefined {
    return this.onCall(agent, connId, operationId, (call, mine) => {
      if (mine.state === 'Released') return SWITCH_ERRORS.invalidCallState;
      this.endCall(call, mine, operationId);
      return undefined;
    });
  }

  hold(agent: FakeAgent, connId: string, operationId?: string): Refusal | undefined {
    return this.onCall(agent, connId, operationId, (call, mine) => {
      if (mine.state !== 'Established') return SWITCH_ERRORS.invalidCallState;
      mine.state = 'Held';
      this.tell(call, mine, operationId);
      return undefined;
    });
  }

  retrieve(agent: FakeAgent, connId: string, operationId?: string): Refusal | undefined {
    return this.onCall(agent, connId, operationId, (call, mine) => {
      if (mine.state !== 'Held') return SWITCH_ERRORS.invalidCallState;
      mine.state = 'Established';
      this.tell(call, mine, operationId);
      return undefined;
    });
  }

  /**
   * T-Server answers RequestSendDTMF with EventDTMFSent, which has no Workspace API message: nothing is sent on
   * success. (Genesys' simulator sends the call's CallStateChanged again.) The other party hears the digits
   * (digitsHeard, shown by snapshot()); the body is {data: {dtmfDigits}}, as Genesys' client sends it (sendDTMF,
   * https://github.com/GenesysPureEngage/workspace-client-js/blob/master/src/internal/voice-api.js).
   */
  sendDtmf(agent: FakeAgent, connId: string, digits: string, operationId?: string): Refusal | undefined {
    return this.onCall(agent, connId, operationId, (call, mine) => {
      if (mine.state !== 'Established' && mine.state !== 'Dialing') return SWITCH_ERRORS.invalidCallState;
      call.digitsHeard += digits;
      return undefined;
    });
  }

  /** complete: ends a released call the agent kept (autoCompleteCall false). */
  complete(agent: FakeAgent, connId: string, operationId?: string): Refusal | undefined {
    return this.onCall(agent, connId, operationId, (call, mine) => {
      if (mine.state !== 'Released') return SWITCH_ERRORS.invalidCallState;
      mine.completed = true;
      this.notify(agent, { ...this.callMessage(call, mine, 'StateChange', operationId), call: { ...this.view(call, mine), state: 'Completed', capabilities: [] } });
      this.forgetIfOver(call);
      return undefined;
    });
  }

  /**
   * make-call: a call to another agent's DN is Internal and rings there; any other dialable number is Outbound and
   * rings at the callee, who answers, is busy or does not answer (control.ts, or outboundAutoAnswerMs). Calling one's
   * own DN or something undialable is refused by the switch as Genesys' simulator refuses it: EventError 415.
   */
  makeCall(agent: FakeAgent, destination: string, userData: readonly Kvpair[], operationId?: string): Refusal | undefined {
    const line = this.lineOf(agent);
    if (!line.activated) return notActivated();
    const callee = [...this.lines.values()].find((other) => other.agent.dn === destination);
    if (destination === agent.dn || (!callee && !DIALABLE.test(destination))) {
      return this.refuse(agent, SWITCH_ERRORS.invalidDestination, operationId);
    }
    const origination = party(line, agent.dn, 'RoleOrigination', 'Dialing');
    const destinationParty = party(callee, destination, 'RoleDestination', 'Ringing');
    const call: Call = {
      connId: newConnId(),
      callUuid: newCallUuid(),
      callType: callee ? 'Internal' : 'Outbound',
      dnis: destination,
      userData,
      parties: [origination, destinationParty],
      digitsHeard: '',
    };
    this.calls.set(call.connId, call);
    this.tell(call, origination, operationId);
    if (callee) this.tell(call, destinationParty);
    else if (this.outboundAutoAnswerMs !== null) {
      const timer = setTimeout(() => this.calleeAnswers(call.connId), this.outboundAutoAnswerMs);
      timer.unref();
      this.timers.set(call.connId, timer);
    }
    return undefined;
  }

  /** single-step-transfer: the agent's party is released, and the destination rings on the same call. */
  singleStepTransfer(agent: FakeAgent, connId: string, destination: string, operationId?: string): Refusal | undefined {
    return this.onCall(agent, connId, operationId, (call, mine) => {
      if (mine.state !== 'Established' || call.parentConnId !== undefined || activeParties(call).length > 2) return SWITCH_ERRORS.invalidCallState;
      const target = this.lineAt(destination);
      if (!target || target === mine.line) return SWITCH_ERRORS.invalidDestination;
      this.transferInOneStep(call, mine, target, operationId);
      return undefined;
    });
  }

  /**
   * initiate-transfer and initiate-conference: the call is held and a Consult call placed to the destination (its
   * parentConnId the held call), ringing there.
   */
  initiateConsult(agent: FakeAgent, connId: string, destination: string, operationId?: string): Refusal | undefined {
    return this.onCall(agent, connId, operationId, (call, mine) => {
      if (mine.state !== 'Established' || call.parentConnId !== undefined || activeParties(call).length > 2) return SWITCH_ERRORS.invalidCallState;
      if ([...this.calls.values()].some((other) => other.parentConnId === connId)) return SWITCH_ERRORS.invalidCallState;
      const target = this.lineAt(destination);
      const line = mine.line as Line;
      if (!target || target === line) return SWITCH_ERRORS.invalidDestination;
      mine.state = 'Held';
      this.tell(call, mine, operationId);
      const consult: Call = {
        connId: newConnId(),
        callUuid: newCallUuid(),
        callType: 'Consult',
        dnis: destination,
        userData: [],
        parties: [party(line, line.agent.dn, 'RoleOrigination', 'Dialing'), party(target, destination, 'RoleDestination', 'Ringing')],
        parentConnId: connId,
        digitsHeard: '',
      };
      this.calls.set(consult.connId, consult);
      for (const each of consult.parties) this.tell(consult, each);
      return undefined;
    });
  }

  /**
   * complete-transfer and complete-conference, on the consult call: the consulted party moves onto the held call
   * (hearing it with previousConnId). A transfer releases the agent from both calls; a conference releases the consult
   * call and retrieves the held one, now with one more participant (the consulted party must have answered).
   */
  completeConsult(agent: FakeAgent, consultConnId: string, as: 'transfer' | 'conference', parentConnId: string | undefined, operationId?: string): Refusal | undefined {
    return this.onCall(agent, consultConnId, operationId, (consult, mine) => {
      const found = this.heldParentOf(consult, mine, parentConnId);
      if (!found) return SWITCH_ERRORS.invalidCallState;
      const consulted = activeParties(consult).find((candidate) => candidate !== mine);
      if (!consulted || (as === 'conference' && consulted.state !== 'Established')) return SWITCH_ERRORS.invalidCallState;
      const { parent, held } = found;
      this.releaseParty(consult, mine, operationId);
      consult.parties.splice(consult.parties.indexOf(consulted), 1);
      if (as === 'transfer') {
        held.left = true;
        this.releaseParty(parent, held);
      } else {
        consulted.role = 'RoleNewParty';
      }
      parent.parties.push(consulted);
      this.tell(parent, consulted, undefined, consult.connId);
      this.forgetIfOver(consult);
      if (as === 'conference') {
        held.state = 'Established';
        this.tell(parent, held, operationId);
      }
      return undefined;
    });
  }

  /** reconnect, on the consult call: it is released (for both ends), and the held call retrieved. */
  reconnect(agent: FakeAgent, consultConnId: string, heldConnId: string, operationId?: string): Refusal | undefined {
    return this.onCall(agent, consultConnId, operationId, (consult, mine) => {
      const found = this.heldParentOf(consult, mine, heldConnId);
      if (!found) return SWITCH_ERRORS.invalidCallState;
      this.endCall(consult, mine, operationId);
      found.held.state = 'Established';
      this.tell(found.parent, found.held, operationId);
      return undefined;
    });
  }

  callsOf(agent: FakeAgent): GwsCall[] {
    const line = this.lineOf(agent);
    const result: GwsCall[] = [];
    for (const call of this.calls.values()) {
      const party = partyAt(call, line);
      if (party && !party.completed) result.push(this.view(call, party));
    }
    return result;
  }

  // ----- The other side of the line (control.ts) -----

  /** A customer calls the agent's DN: an Inbound call rings there, whoever is signed in. */
  inbound(agent: FakeAgent, request: { ani: string; dnis?: string; userData?: readonly Kvpair[] }): string {
    const line = this.lineOf(agent);
    const call: Call = {
      connId: newConnId(),
      callUuid: newCallUuid(),
      callType: 'Inbound',
      dnis: request.dnis ?? agent.dn,
      ani: request.ani,
      userData: request.userData ?? [],
      parties: [party(undefined, request.ani, 'RoleOrigination', 'Established'), party(line, agent.dn, 'RoleDestination', 'Ringing')],
      digitsHeard: '',
    };
    this.calls.set(call.connId, call);
    this.tell(call, call.parties[1]);
    return call.connId;
  }

  /**
   * Another agent (at `from`) transfers a customer's call to `agent`: the customer calls `from`, whose phone answers and
   * transfers the call in one step, as single-step-transfer does (what `from`'s sessions hear too, if any).
   */
  transferIn(agent: FakeAgent, from: FakeAgent, ani: string): string {
    if (agent === from) throw new Error('an agent cannot transfer a call to itself');
    const connId = this.inbound(from, { ani });
    const call = this.calls.get(connId) as Call;
    const fromParty = call.parties[1];
    this.connect(call, fromParty);
    this.transferInOneStep(call, fromParty, this.lineOf(agent));
    return connId;
  }

  /**
   * The customer (or callee) hangs up, whether the agent's phone rings or they talk: the agent's party is Released.
   * The Workspace API has no Abandoned state and no releasing party; a client has to infer a hang-up while ringing.
   */
  remoteHangsUp(connId: string): Refusal | undefined {
    const call = this.calls.get(connId);
    const remote = call && externalParty(call);
    if (!call || !remote) return { httpStatus: 404, message: `no call ${connId} with a party outside the switch` };
    if (remote.state === 'Released') return { httpStatus: 409, message: `the other party of call ${connId} has already hung up` };
    this.endCall(call, remote);
    return undefined;
  }

  /** The callee of an outbound call answers. */
  calleeAnswers(connId: string): Refusal | undefined {
    const found = this.ringingCallee(connId);
    if ('httpStatus' in found) return found;
    this.connect(found.call, found.callee);
    return undefined;
  }

  /**
   * The callee is busy, or does not answer: the call is released at the agent's DN. The Workspace API's Call has no
   * release cause (T-Server's EventReleased CallState Busy or NoAnswer is not in it), so both end alike.
   */
  calleeFails(connId: string): Refusal | undefined {
    const found = this.ringingCallee(connId);
    if ('httpStatus' in found) return found;
    this.endCall(found.call, found.callee);
    return undefined;
  }

  /**
   * The agent acts on the phone itself (a softphone's or desk phone's button): no request, no operationId. Hold and
   * retrieve are told as the hold and retrieve requests are (CallStateChanged, state Held or Established).
   */
  phone(agent: FakeAgent, connId: string, action: PhoneAction): Refusal | undefined {
    const call = this.calls.get(connId);
    const mine = call && partyAt(call, this.lineOf(agent));
    if (!call || !mine || mine.completed) return { httpStatus: 404, message: `no call ${connId} at ${agent.userName}'s DN` };
    if (!PHONE_ACTION_FROM[action](mine.state)) {
      return { httpStatus: 409, message: `call ${connId} is ${mine.state} at ${agent.userName}'s DN` };
    }
    if (action === 'answer') this.connect(call, mine);
    else if (action === 'release') this.endCall(call, mine);
    else {
      mine.state = action === 'hold' ? 'Held' : 'Established';
      this.tell(call, mine);
    }
    return undefined;
  }

  /** Every call's parties (those still on it, and those who left it, in the order they joined), for the control API. */
  snapshot() {
    return [...this.calls.values()].map((call) => ({
      connId: call.connId,
      callType: call.callType,
      digitsHeard: call.digitsHeard,
      ...(call.parentConnId === undefined ? {} : { parentConnId: call.parentConnId }),
      parties: call.parties.map((party) => ({
        number: party.number,
        agent: party.line?.agent.userName ?? null,
        state: party.completed ? 'Completed' : party.state,
        ...(party.left ? { left: true } : {}),
      })),
    }));
  }

  close(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  // ----- Internals -----

  private lineOf(agent: FakeAgent): Line {
    const line = this.lines.get(agent.userName);
    if (!line) throw new Error(`unknown agent ${agent.userName}`);
    return line;
  }

  private changeAgentState(agent: FakeAgent, operationId: string | undefined, change: (line: Line) => void): Refusal | undefined {
    const line = this.lineOf(agent);
    if (!line.activated) return notActivated();
    // T-Server refuses RequestAgentReady / NotReady at a DN where no agent is logged in.
    if (!line.loggedIn) return this.refuse(agent, SWITCH_ERRORS.agentNotLoggedIn, operationId);
    change(line);
    this.notify(agent, this.dnMessage(line, operationId));
    return undefined;
  }

  /**
   * Runs a request on the agent's party of a call. A call the agent's DN does not have is refused at once (404):
   * GWS holds each session's calls. A request the party's state does not allow goes to T-Server, which refuses it:
   * HTTP says accepted, and an EventError follows on CometD.
   */
  private onCall(
    agent: FakeAgent,
    connId: string,
    operationId: string | undefined,
    act: (call: Call, mine: Party) => (typeof SWITCH_ERRORS)[keyof typeof SWITCH_ERRORS] | undefined,
  ): Refusal | undefined {
    const line = this.lineOf(agent);
    if (!line.activated) return notActivated();
    const call = this.calls.get(connId);
    const mine = call && partyAt(call, line);
    if (!call || !mine || mine.completed) return { httpStatus: 404, message: `call ${connId} does not exist for ${agent.userName}` };
    const error = act(call, mine);
    if (error) this.refuse(agent, error, operationId);
    return undefined;
  }

  private refuse(agent: FakeAgent, error: { errorCode: number; errorMessage: string }, operationId?: string): undefined {
    this.notify(agent, { messageType: 'EventError', error: { ...error }, ...(operationId !== undefined ? { operationId } : {}) });
    return undefined;
  }

  /** The parties talk: the answering party and a dialing one become Established. */
  private connect(call: Call, answering: Party, operationId?: string): void {
    answering.state = 'Established';
    this.tell(call, answering, operationId);
    for (const other of activeParties(call)) {
      if (other.state !== 'Dialing') continue;
      other.state = 'Established';
      this.tell(call, other);
    }
    this.clearTimer(call.connId);
  }

  /**
   * A party leaves. A call of two ends for both; a call of three or more goes on without it, the others told the
   * participants left (as Genesys' simulator re-sends each agent's call with one participant fewer).
   */
  private endCall(call: Call, leaving: Party, operationId?: string): void {
    const staying = activeParties(call).filter((party) => party !== leaving);
    if (staying.length >= 2) {
      leaving.left = true;
      this.releaseParty(call, leaving, operationId);
      for (const party of staying) this.tell(call, party);
      return;
    }
    this.clearTimer(call.connId);
    for (const party of [leaving, ...staying]) {
      if (party.state === 'Released') continue;
      // "Unless specifically configured, calls are automatically completed upon release" (model Call.state): the
      // session no longer lists the call and sends nothing more for it. Genesys' own clients drop a call at Released.
      this.releaseParty(call, party, party === leaving ? operationId : undefined);
    }
    this.forgetIfOver(call);
  }

  private ringingCallee(connId: string): { call: Call; callee: Party } | Refusal {
    const call = this.calls.get(connId);
    const callee = call?.parties[1];
    if (!call || !callee || call.callType !== 'Outbound') return { httpStatus: 404, message: `no outbound call ${connId}` };
    if (callee.state !== 'Ringing') return { httpStatus: 409, message: `the callee of ${connId} is no longer ringing` };
    return { call, callee };
  }

  private forgetIfOver(call: Call): void {
    if (call.parties.every((party) => party.state === 'Released' && (party.completed || !party.line))) this.calls.delete(call.connId);
  }

  /** The agent's line at a DN (where a transfer or consult goes). */
  private lineAt(dn: string): Line | undefined {
    return [...this.lines.values()].find((line) => line.agent.dn === dn);
  }

  /** The held call a consult call was placed for, and the agent's party there; undefined when it is not so. */
  private heldParentOf(consult: Call, mine: Party, parentConnId: string | undefined): { parent: Call; held: Party } | undefined {
    if (consult.parentConnId === undefined || (parentConnId !== undefined && parentConnId !== consult.parentConnId)) return undefined;
    const parent = this.calls.get(consult.parentConnId);
    const held = parent && mine.line ? partyAt(parent, mine.line) : undefined;
    if (!parent || !held || held.state !== 'Held' || mine.state === 'Released') return undefined;
    return { parent, held };
  }

  /** The call leaves `leaving` and rings at `target` (single-step-transfer, and the transfer of transferIn). */
  private transferInOneStep(call: Call, leaving: Party, target: Line, operationId?: string): void {
    leaving.left = true;
    this.releaseParty(call, leaving, operationId);
    const ringing = party(target, target.agent.dn, 'RoleDestination', 'Ringing');
    call.parties.push(ringing);
    this.tell(call, ringing);
  }

  /** One party is released (told so) while the call goes on without it; completed unless its agent keeps released calls. */
  private releaseParty(call: Call, leaving: Party, operationId?: string): void {
    leaving.state = 'Released';
    this.tell(call, leaving, operationId);
    if (leaving.line?.autoComplete ?? true) leaving.completed = true;
  }

  private clearTimer(connId: string): void {
    clearTimeout(this.timers.get(connId));
    this.timers.delete(connId);
  }

  /** Tells the party's agent (if the party is an agent) of its new state (previousConnId: the call it moved from). */
  private tell(call: Call, party: Party, operationId?: string, previousConnId?: string): void {
    if (party.line) this.notify(party.line.agent, this.callMessage(call, party, 'StateChange', operationId, previousConnId));
  }

  private callMessage(
    call: Call,
    party: Party,
    notificationType: 'StateChange' | 'CallRecovered',
    operationId?: string,
    previousConnId?: string,
  ): VoiceMessage & { messageType: 'CallStateChanged' } {
    const view = this.view(call, party);
    return {
      messageType: 'CallStateChanged',
      notificationType,
      call: previousConnId === undefined ? view : { ...view, previousConnId },
      ...(operationId !== undefined ? { operationId } : {}),
    };
  }

  /** The call as the party's agent sees it (model Call). */
  private view(call: Call, party: Party): GwsCall {
    const consultOrigin = call.callType === 'Consult' && party === call.parties[0] ? CONSULT_CAPABILITIES[party.state] : undefined;
    const capabilities = party.state === 'Released' && !party.completed ? CAPABILITIES.ReleasedPending : (consultOrigin ?? CAPABILITIES[party.state]);
    return {
      id: call.connId,
      connId: call.connId,
      callUuid: call.callUuid,
      callType: call.callType,
      state: party.state,
      phoneNumber: party.number,
      participants: call.parties.filter((other) => other !== party && !other.left).map((other) => ({ number: other.number, role: other.role })),
      dnis: call.dnis,
      ...(call.ani !== undefined ? { ani: call.ani } : {}),
      ...(call.parentConnId !== undefined ? { parentConnId: call.parentConnId } : {}),
      userData: call.userData,
      capabilities,
    };
  }

  private dnMessage(line: Line, operationId?: string): VoiceMessage {
    return { messageType: 'DnStateChanged', dn: this.dnView(line), ...(operationId !== undefined ? { operationId } : {}) };
  }

  private dnView(line: Line): GwsDn {
    return {
      number: line.agent.dn,
      agentId: line.agentId,
      agentState: line.loggedIn ? line.state : 'LoggedOut',
      agentWorkMode: line.loggedIn ? line.workMode : 'Unknown',
      ...(line.loggedIn && line.reasons.length > 0 ? { reasons: line.reasons } : {}),
    };
  }
}

function party(line: Line | undefined, number: string, role: PartyRole, state: PartyState): Party {
  return { ...(line ? { line } : {}), number, role, state, completed: false, left: false };
}

/** The agent's party on a call (the latest, should the agent have left and come back). */
function partyAt(call: Call, line: Line): Party | undefined {
  return [...call.parties].reverse().find((candidate) => candidate.line === line);
}

/** The parties still on the call. */
function activeParties(call: Call): Party[] {
  return call.parties.filter((candidate) => candidate.state !== 'Released');
}

function externalParty(call: Call): Party | undefined {
  return call.parties.find((candidate) => !candidate.line);
}

function notActivated(): Refusal {
  return { httpStatus: 409, message: 'the voice channel is not activated (POST /workspace/v3/activate-channels first)' };
}
